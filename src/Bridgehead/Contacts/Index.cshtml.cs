using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Contacts;

/// <summary>
/// The contact list: filters, search and "show more" paging, updated in place by htmx; also the
/// compact list of one account's people that the account page embeds (<c>fragment=embedded</c>).
/// </summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class IndexModel(ListContacts list, ListAccounts accounts, GetAccount getAccount) : PageModel
{
    /// <summary>Rows in the embedded list; beyond that it links to the full, filtered list.</summary>
    public const int EmbeddedLimit = 20;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public long? AccountId { get; set; }
    [BindProperty(SupportsGet = true)] public Department? Department { get; set; }
    [BindProperty(SupportsGet = true)] public BuyingRole? BuyingRole { get; set; }
    [BindProperty(SupportsGet = true)] public Stance? Stance { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public Page<ContactDto> Results { get; private set; } = new([], null);

    public IReadOnlyList<SelectListItem> Accounts { get; private set; } = [];

    /// <summary>The account of the embedded list.</summary>
    public AccountDto? Account { get; private set; }

    public bool CanCreate { get; private set; }

    public bool Filtered => Q is not null || AccountId is not null || Department is not null || BuyingRole is not null || Stance is not null;

    public async Task<IActionResult> OnGetAsync(string? fragment, CancellationToken ct)
    {
        CanCreate = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        // Numbers and combinations bind to enums too; only named values filter.
        Department = Defined(Department);
        BuyingRole = Defined(BuyingRole);
        Stance = Defined(Stance);
        if (fragment == "embedded")
        {
            if (AccountId is not { } accountId)
            {
                return BadRequest();
            }
            // An account the caller may not see answers 404, like the account itself.
            Account = await getAccount.HandleAsync(accountId, ct);
            Results = await list.HandleAsync(new ContactFilter { AccountId = accountId }, new PageRequest(EmbeddedLimit), ct);
            return Partial("_ContactsEmbedded", this);
        }
        var filter = new ContactFilter { Q = Q, AccountId = AccountId, Department = Department, BuyingRole = BuyingRole, Stance = Stance };
        try
        {
            Results = await list.HandleAsync(filter, new PageRequest(PageRequest.DefaultLimit, Cursor), ct);
        }
        catch (BadRequestException)
        {
            Results = await list.HandleAsync(filter, new PageRequest(), ct);
        }
        if (fragment == "rows")
        {
            return Partial("_ContactRows", this);
        }
        if (Request.Headers.ContainsKey("HX-Request") && Request.Headers["HX-Target"] == "results")
        {
            return Partial("_ContactResults", this);
        }
        Accounts = await AccountOptions.LoadAsync(accounts, getAccount, AccountId, ct);
        return Page();
    }

    /// <summary>The address of the next page's rows, keeping the filters.</summary>
    public string NextUrl() => QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q,
        ["accountId"] = AccountId?.ToString(CultureInfo.InvariantCulture),
        ["department"] = Department?.ToString(),
        ["buyingRole"] = BuyingRole?.ToString(),
        ["stance"] = Stance?.ToString(),
        ["cursor"] = Results.NextCursor,
        ["fragment"] = "rows",
    }.Where(p => p.Value is not null)).ToUriComponent();

    private static TEnum? Defined<TEnum>(TEnum? value) where TEnum : struct, Enum =>
        value is { } v && Enum.IsDefined(v) ? v : null;
}
