using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.BuyingCenter;

/// <summary>The members of one pursuit's buying center with their last touch, read in one query.</summary>
internal static class Members
{
    public static async Task<List<MemberDto>> ReadAsync(BridgeheadDb db, long opportunityId, long? memberId, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var query = db.BuyingCenterMembers.AsNoTracking().Where(m => m.OpportunityId == opportunityId);
        if (memberId is { } id)
        {
            query = query.Where(m => m.Id == id);
        }
        // The last touch is a correlated subquery, so every member's comes back with the member.
        var rows = await query.Select(m => new
        {
            m.Id,
            m.ContactId,
            m.Contact!.Name,
            m.Contact.Title,
            m.Department,
            m.Role,
            m.Influence,
            m.Stance,
            m.Pains,
            m.OurFit,
            LastTouch = db.Activities.Where(a => a.ContactId == m.ContactId && a.OccurredAt <= now).Max(a => (DateTime?)a.OccurredAt),
            m.Version,
        }).ToListAsync(ct);
        return [.. rows
            .Select(r => new MemberDto(r.Id, r.ContactId, r.Name, r.Title, r.Department, r.Role, r.Influence, r.Stance, r.Pains, r.OurFit,
                r.LastTouch, r.LastTouch is { } at ? (int)Math.Floor((now - at).TotalDays) : null, r.Version))
            .OrderBy(m => m.Department is { } d ? (int)d : int.MaxValue)
            .ThenBy(m => Text.SearchKey(m.ContactName), StringComparer.Ordinal)
            .ThenBy(m => m.Id)];
    }

    /// <summary>The pursuit, when the caller sees it: its account and whether it is still open.</summary>
    public static Task<(long AccountId, bool Open)> PursuitAsync(BridgeheadDb db, long opportunityId, CancellationToken ct) =>
        PursuitRecords.FindAsync(db, opportunityId, ct);

    /// <summary>A sales writer on an open pursuit the caller sees; a closed pursuit's buying center stays as it was decided.</summary>
    public static Task<long> WritableAsync(BridgeheadDb db, long opportunityId, CancellationToken ct) =>
        PursuitRecords.WritableAsync(db, opportunityId, BuyingCenterText.ClosedReadOnly, ct);
}

/// <summary>A pursuit's buying center with its coverage and warnings (untouched after <c>staleDays</c>, 30 by default).</summary>
public sealed class GetBuyingCenter(BridgeheadDb db)
{
    public async Task<BuyingCenterDto> HandleAsync(long opportunityId, int? staleDays, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var days = staleDays ?? BuyingCenterRules.DefaultStaleDays;
        if (days is < BuyingCenterRules.MinStaleDays or > BuyingCenterRules.MaxStaleDays)
        {
            throw ValidationException.For("staleDays", Validator.Format(CommonText.OutOfRange, BuyingCenterRules.MinStaleDays, BuyingCenterRules.MaxStaleDays));
        }
        var (_, open) = await Members.PursuitAsync(db, opportunityId, ct);
        var members = await Members.ReadAsync(db, opportunityId, null, ct);
        var coverage = BuyingCenterRules.Coverage(members, days);
        return new BuyingCenterDto(opportunityId, !open, members, coverage, BuyingCenterRules.Warnings(members, coverage));
    }
}

/// <summary>One member of a pursuit's buying center.</summary>
public sealed class GetMember(BridgeheadDb db)
{
    public async Task<MemberDto> HandleAsync(long opportunityId, long memberId, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        // The pursuit first: a member is readable exactly when its pursuit is.
        await Members.PursuitAsync(db, opportunityId, ct);
        return (await Members.ReadAsync(db, opportunityId, memberId, ct)).FirstOrDefault()
            ?? throw new NotFoundException("buyingCenterMember");
    }
}

/// <summary>The people at the pursuit's account who are not yet members, by name: the choices of the add form.</summary>
public sealed class ListMemberCandidates(BridgeheadDb db)
{
    public async Task<IReadOnlyList<MemberCandidateDto>> HandleAsync(long opportunityId, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var (accountId, _) = await Members.PursuitAsync(db, opportunityId, ct);
        return await db.Contacts.AsNoTracking()
            .Where(c => c.AccountId == accountId && !db.BuyingCenterMembers.Any(m => m.OpportunityId == opportunityId && m.ContactId == c.Id))
            .OrderBy(c => c.SearchName).ThenBy(c => c.Id)
            .Select(c => new MemberCandidateDto(c.Id, c.Name, c.Title, c.Department, c.BuyingRole))
            .ToListAsync(ct);
    }
}

/// <summary>
/// Adds a person at the pursuit's account to its buying center. Values not given start as the
/// contact's (department, buying role, influence, stance, pains); a person is a member once.
/// </summary>
public sealed class AddMember(BridgeheadDb db, GetMember get)
{
    public async Task<MemberDto> HandleAsync(long opportunityId, MemberInput input, CancellationToken ct)
    {
        var accountId = await Members.WritableAsync(db, opportunityId, ct);
        var v = new Validator();
        Contact? contact = null;
        if (input.ContactId is not { } contactId)
        {
            v.Add("contactId", CommonText.Required);
        }
        else
        {
            // A person at another account, or one the caller may not see, is not a choice.
            contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId && c.AccountId == accountId, ct);
            if (contact is null)
            {
                v.Add("contactId", BuyingCenterText.ContactNotAtAccount);
            }
        }
        var values = contact is null ? input : input.WithDefaultsFrom(contact);
        values.Check(v);
        v.ThrowIfInvalid();
        if (await IsMemberAsync(opportunityId, contact!.Id, ct))
        {
            throw Duplicate(contact.Name);
        }
        var member = new BuyingCenterMember { AccountId = accountId, OpportunityId = opportunityId, ContactId = contact.Id };
        values.ApplyTo(member);
        db.BuyingCenterMembers.Add(member);
        try
        {
            await db.SaveAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone added the same person between the check and the save (the pair is unique).
            db.ChangeTracker.Clear();
            if (await IsMemberAsync(opportunityId, contact.Id, ct))
            {
                throw Duplicate(contact.Name);
            }
            throw;
        }
        return await get.HandleAsync(opportunityId, member.Id, ct);
    }

    private Task<bool> IsMemberAsync(long opportunityId, long contactId, CancellationToken ct) =>
        db.BuyingCenterMembers.AnyAsync(m => m.OpportunityId == opportunityId && m.ContactId == contactId, ct);

    private static ConflictException Duplicate(string name) => new([Validator.Format(BuyingCenterText.AlreadyMember, name)]);
}

/// <summary>Changes a member's part in this pursuit; <c>change</c> receives the current values and returns the wanted ones. The person stays the same.</summary>
public sealed class UpdateMember(BridgeheadDb db, GetMember get)
{
    public async Task<MemberDto> HandleAsync(long opportunityId, long memberId, long? expectedVersion, Func<MemberInput, MemberInput> change, CancellationToken ct)
    {
        await Members.WritableAsync(db, opportunityId, ct);
        var member = await db.BuyingCenterMembers.FirstOrDefaultAsync(m => m.Id == memberId && m.OpportunityId == opportunityId, ct)
            ?? throw new NotFoundException("buyingCenterMember");
        Concurrency.Expect(db, member, expectedVersion);
        var values = change(MemberInput.From(member));
        var v = new Validator();
        if (values.ContactId != member.ContactId)
        {
            v.Add("contactId", BuyingCenterText.ContactFixed);
        }
        values.Check(v);
        v.ThrowIfInvalid();
        values.ApplyTo(member);
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunityId, memberId, ct);
    }
}

/// <summary>Takes a person out of the pursuit's buying center; the contact and the timeline stay.</summary>
public sealed class RemoveMember(BridgeheadDb db)
{
    public async Task HandleAsync(long opportunityId, long memberId, long? expectedVersion, CancellationToken ct)
    {
        await Members.WritableAsync(db, opportunityId, ct);
        var member = await db.BuyingCenterMembers.FirstOrDefaultAsync(m => m.Id == memberId && m.OpportunityId == opportunityId, ct)
            ?? throw new NotFoundException("buyingCenterMember");
        Concurrency.Expect(db, member, expectedVersion);
        db.BuyingCenterMembers.Remove(member);
        await db.SaveAsync(ct);
    }
}
