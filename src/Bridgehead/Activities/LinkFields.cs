using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Pursuits;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Activities;

/// <summary>The account, contact and opportunity a form links its record to (posted as Form.AccountId etc.).</summary>
public sealed class LinkFields
{
    [Display(Name = nameof(ActivitiesText.Account), ResourceType = typeof(ActivitiesText))]
    public long? AccountId { get; set; }

    [Display(Name = nameof(ActivitiesText.Contact), ResourceType = typeof(ActivitiesText))]
    public long? ContactId { get; set; }

    [Display(Name = nameof(ActivitiesText.Opportunity), ResourceType = typeof(ActivitiesText))]
    public long? OpportunityId { get; set; }
}

/// <summary>The names of a record's current links, for links the caller can no longer pick from the lists.</summary>
public sealed record LinkNames(string? Account, string? Contact, string? Opportunity);

/// <summary>
/// The link fields of a form and their choices: the accounts the caller sees, and only the contacts
/// and opportunities of the chosen account. Changing the account reloads the other two (htmx).
/// </summary>
public sealed record LinkFieldsView(
    LinkFields Form,
    IReadOnlyList<SelectListItem> Accounts,
    IReadOnlyList<SelectListItem> Contacts,
    IReadOnlyList<SelectListItem>? Opportunities,
    string ReloadUrl,
    bool AccountRequired)
{
    /// <summary>Lists are capped; an account with more contacts than this is an edge case for search.</summary>
    public const int MaxChoices = 500;

    public static async Task<LinkFieldsView> LoadAsync(
        IServiceProvider services, LinkFields form, LinkNames? current, bool withOpportunities, string reloadUrl, bool accountRequired, CancellationToken ct)
    {
        var page = new PageRequest(MaxChoices);
        var accounts = (await services.GetRequiredService<ListAccounts>().HandleAsync(new AccountFilter(), page, ct)).Items
            .Select(a => Option(a.Id, a.Name)).ToList();
        KeepCurrent(accounts, form.AccountId, current?.Account);

        var contacts = new List<SelectListItem>();
        List<SelectListItem>? opportunities = withOpportunities ? [] : null;
        if (form.AccountId is { } accountId)
        {
            contacts.AddRange((await services.GetRequiredService<ListContacts>().HandleAsync(new ContactFilter { AccountId = accountId }, page, ct)).Items
                .Select(c => Option(c.Id, c.Title is null ? c.Name : $"{c.Name} · {c.Title}")));
            if (opportunities is not null)
            {
                opportunities.AddRange((await services.GetRequiredService<ListOpportunities>().HandleAsync(new OpportunityFilter { AccountId = accountId }, page, ct)).Items
                    .Select(o => Option(o.Id, o.Title)));
            }
        }
        KeepCurrent(contacts, form.ContactId, current?.Contact);
        if (opportunities is not null)
        {
            KeepCurrent(opportunities, form.OpportunityId, current?.Opportunity);
        }
        return new LinkFieldsView(form, accounts, contacts, opportunities, reloadUrl, accountRequired);
    }

    /// <summary>The record's current link stays selectable even when the lists no longer offer it.</summary>
    private static void KeepCurrent(List<SelectListItem> options, long? id, string? name)
    {
        if (id is { } value && options.All(o => o.Value != Key(value)))
        {
            options.Insert(0, Option(value, name ?? ActivitiesText.NotVisible));
        }
    }

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static SelectListItem Option(long id, string name) => new(name, Key(id));
}
