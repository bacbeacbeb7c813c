using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Contacts;

/// <summary>Filters of the contact list; each is optional and they combine with AND.</summary>
public sealed record ContactFilter
{
    /// <summary>Part of the name, in any case.</summary>
    public string? Q { get; init; }
    public long? AccountId { get; init; }
    public Department? Department { get; init; }
    public BuyingRole? BuyingRole { get; init; }
    public Stance? Stance { get; init; }
}

/// <summary>The people at the accounts the caller may see, by name, a page at a time.</summary>
public sealed class ListContacts(BridgeheadDb db)
{
    public Task<Page<ContactDto>> HandleAsync(ContactFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = Matching(db, filter);
        return query.ToPageAsync(c => c.SearchName, c => c.Id, descending: false, page, ContactDto.Projection,
            dto => (Text.SearchKey(dto.Name), dto.Id), ct);
    }

    /// <summary>The contacts the caller sees that pass the filter; exports read the same.</summary>
    public static IQueryable<Contact> Matching(BridgeheadDb db, ContactFilter filter)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var query = filter.AccountId is null ? db.NearViewer(db.Contacts.AsNoTracking(), c => c.AccountId) : db.Contacts.AsNoTracking();
        if (Text.Clean(filter.Q) is { } q)
        {
            var pattern = Text.ContainsPattern(q);
            query = query.Where(c => EF.Functions.Like(c.SearchName, pattern, Text.LikeEscape));
        }
        if (filter.AccountId is { } accountId)
        {
            query = query.Where(c => c.AccountId == accountId);
        }
        if (filter.Department is { } department)
        {
            query = query.Where(c => c.Department == department);
        }
        if (filter.BuyingRole is { } buyingRole)
        {
            query = query.Where(c => c.BuyingRole == buyingRole);
        }
        if (filter.Stance is { } stance)
        {
            query = query.Where(c => c.Stance == stance);
        }
        return query;
    }
}

/// <summary>One contact, if the caller may see its account.</summary>
public sealed class GetContact(BridgeheadDb db)
{
    public async Task<ContactDto> HandleAsync(long id, CancellationToken ct) =>
        await db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(ContactDto.Projection).FirstOrDefaultAsync(ct)
        ?? throw new NotFoundException("contact");
}
