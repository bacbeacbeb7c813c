using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Pursuits;

namespace Bridgehead.Activities;

/// <summary>What kind of record a timeline or task fragment belongs to.</summary>
public enum ScopeKind
{
    Account,
    Contact,
    Opportunity,
}

/// <summary>
/// The record an embedded fragment (timeline or tasks) is about: an account, a contact or an
/// opportunity, with the account it is at and its name. Resolving it checks that the caller may
/// see the record (a <see cref="NotFoundException"/> otherwise, which the pages answer with 404).
/// </summary>
public sealed record RecordScope(ScopeKind Kind, long Id, long AccountId, string Name)
{
    /// <summary>The query parameter that selects this record, e.g. "accountId=5".</summary>
    public string Query => Parameter + "=" + Id.ToString(CultureInfo.InvariantCulture);

    public string Parameter => Kind switch
    {
        ScopeKind.Account => "accountId",
        ScopeKind.Contact => "contactId",
        ScopeKind.Opportunity => "opportunityId",
        _ => throw new InvalidOperationException(),
    };

    /// <summary>A prefix for element ids that is unique per record on a page, e.g. "account-5".</summary>
    public string DomId => Kind switch
    {
        ScopeKind.Account => "account-",
        ScopeKind.Contact => "contact-",
        ScopeKind.Opportunity => "opportunity-",
        _ => throw new InvalidOperationException(),
    } + Id.ToString(CultureInfo.InvariantCulture);

    public long? ContactId => Kind == ScopeKind.Contact ? Id : null;

    public long? OpportunityId => Kind == ScopeKind.Opportunity ? Id : null;

    /// <summary>The record named by exactly one of the ids, or null when none or several are given.</summary>
    public static async Task<RecordScope?> ResolveAsync(IServiceProvider services, long? accountId, long? contactId, long? opportunityId, CancellationToken ct)
    {
        switch ((accountId, contactId, opportunityId))
        {
            case ({ } a, null, null):
                var account = await services.GetRequiredService<GetAccount>().HandleAsync(a, ct);
                return new RecordScope(ScopeKind.Account, a, a, account.Name);
            case (null, { } c, null):
                var contact = await services.GetRequiredService<GetContact>().HandleAsync(c, ct);
                return new RecordScope(ScopeKind.Contact, c, contact.AccountId, contact.Name);
            case (null, null, { } o):
                var opportunity = await services.GetRequiredService<GetOpportunity>().HandleAsync(o, ct);
                return new RecordScope(ScopeKind.Opportunity, o, opportunity.AccountId, opportunity.Title);
            default:
                return null;
        }
    }

    /// <summary>
    /// Checks each preselected record (404 when one is not visible) and returns the account they
    /// are at: the given one, else the contact's, else the opportunity's.
    /// </summary>
    public static async Task<long?> AccountOfAsync(IServiceProvider services, long? accountId, long? contactId, long? opportunityId, CancellationToken ct)
    {
        var account = accountId;
        if (accountId is { } a)
        {
            await services.GetRequiredService<GetAccount>().HandleAsync(a, ct);
        }
        if (contactId is { } c)
        {
            var contact = await services.GetRequiredService<GetContact>().HandleAsync(c, ct);
            account ??= contact.AccountId;
        }
        if (opportunityId is { } o)
        {
            var opportunity = await services.GetRequiredService<GetOpportunity>().HandleAsync(o, ct);
            account ??= opportunity.AccountId;
        }
        return account;
    }
}
