using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Activities;

/// <summary>The account, contact and opportunity a timeline entry or a task is about.</summary>
internal sealed record LinkIds(long? AccountId, long? ContactId, long? OpportunityId);

/// <summary>
/// Checks what an activity or task links to: each link must be visible to the caller, and the
/// contact and opportunity must be at the same account. A link the record already has is kept
/// without asking again whether the caller sees it (an assignee may close a task about an account
/// they cannot see); a changed link must be visible.
/// </summary>
internal static class Links
{
    /// <summary>Adds an error per bad link and returns the account the links resolve to: the one given, else the contact's or opportunity's.</summary>
    public static async Task<long?> ValidateAsync(BridgeheadDb db, Validator v, LinkIds wanted, LinkIds? current, CancellationToken ct)
    {
        var accountId = wanted.AccountId;
        if (accountId is { } a && a != current?.AccountId && !await db.Accounts.AnyAsync(x => x.Id == a, ct))
        {
            v.Add("accountId", CommonText.MustBeVisibleAccount);
        }
        // A contact or opportunity may have moved to another account since it was linked; an
        // edit that keeps both the link and the account does not trip over that old history.
        var accountKept = current is not null && accountId == current.AccountId;
        if (wanted.ContactId is { } c)
        {
            var keep = c == current?.ContactId;
            accountId = Check(v, "contactId", await AccountOfAsync(db.Contacts, c, keep, ct), accountId, keep && accountKept,
                CommonText.MustBeVisibleContact, CommonText.ContactOfOtherAccount);
        }
        if (wanted.OpportunityId is { } o)
        {
            var keep = o == current?.OpportunityId;
            accountId = Check(v, "opportunityId", await AccountOfAsync(db.Opportunities, o, keep, ct), accountId, keep && accountKept,
                CommonText.MustBeVisibleOpportunity, CommonText.OpportunityOfOtherAccount);
        }
        return accountId;
    }

    private static long? Check(Validator v, string field, long? linkAccountId, long? accountId, bool unchanged, string notVisible, string otherAccount)
    {
        if (linkAccountId is null)
        {
            v.Add(field, notVisible);
        }
        else if (accountId is not null && linkAccountId != accountId && !unchanged)
        {
            v.Add(field, otherAccount);
        }
        return accountId ?? linkAccountId;
    }

    private static Task<long?> AccountOfAsync<T>(IQueryable<T> records, long id, bool keep, CancellationToken ct)
        where T : Entity, IUnderAccount =>
        (keep ? records.IgnoreQueryFilters() : records).Where(x => x.Id == id).Select(x => (long?)x.AccountId).FirstOrDefaultAsync(ct);
}
