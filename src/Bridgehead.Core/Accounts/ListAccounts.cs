using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Accounts;

/// <summary>Filters of the account list; each is optional and they combine with AND.</summary>
public sealed record AccountFilter
{
    /// <summary>Part of the name, in any case.</summary>
    public string? Q { get; init; }
    public AccountStatus? Status { get; init; }
    public AccountTier? Tier { get; init; }
    public string? Industry { get; init; }
    public string? Application { get; init; }
    public string? Country { get; init; }
    public long? OwnerId { get; init; }
    public long? ParentId { get; init; }
}

/// <summary>The accounts the caller may see, by name, a page at a time.</summary>
public sealed class ListAccounts(BridgeheadDb db)
{
    public Task<Page<AccountDto>> HandleAsync(AccountFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.Accounts.AsNoTracking();
        if (Text.Clean(filter.Q) is { } q)
        {
            var pattern = Text.ContainsPattern(q);
            query = query.Where(a => EF.Functions.Like(a.SearchName, pattern, Text.LikeEscape));
        }
        if (filter.Status is { } status)
        {
            query = query.Where(a => a.Status == status);
        }
        if (filter.Tier is { } tier)
        {
            query = query.Where(a => a.Tier == tier);
        }
        if (Text.Clean(filter.Industry) is { } industry)
        {
            query = query.Where(a => a.Industry == industry);
        }
        if (Text.Clean(filter.Application) is { } application)
        {
            query = query.Where(a => a.Applications.Contains(application));
        }
        if (Text.Clean(filter.Country) is { } country)
        {
            var code = country.ToUpperInvariant();
            query = query.Where(a => a.Country == code);
        }
        if (filter.OwnerId is { } ownerId)
        {
            query = query.Where(a => a.OwnerId == ownerId);
        }
        if (filter.ParentId is { } parentId)
        {
            query = query.Where(a => a.ParentId == parentId);
        }
        return query.ToPageAsync(a => a.SearchName, a => a.Id, descending: false, page, AccountDto.Projection,
            dto => (Text.SearchKey(dto.Name), dto.Id), ct);
    }
}

/// <summary>One account, if the caller may see it.</summary>
public sealed class GetAccount(BridgeheadDb db)
{
    public async Task<AccountDto> HandleAsync(long id, CancellationToken ct) =>
        await db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(AccountDto.Projection).FirstOrDefaultAsync(ct)
        ?? throw new NotFoundException("account");
}
