using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Accounts;

/// <summary>The account list: filters, search and "show more" paging, updated in place by htmx.</summary>
public sealed class IndexModel(ListAccounts list, ListUsers users) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public AccountStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public AccountTier? Tier { get; set; }
    [BindProperty(SupportsGet = true)] public AccountType? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true)] public long? OwnerId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public Page<AccountDto> Results { get; private set; } = new([], null);

    public IReadOnlyList<SelectListItem> Owners { get; private set; } = [];

    public bool CanCreate { get; private set; }

    public bool Filtered => Q is not null || Status is not null || Tier is not null || Type is not null || Industry is not null || Country is not null || OwnerId is not null;

    public async Task<IActionResult> OnGetAsync(string? fragment, CancellationToken ct)
    {
        CanCreate = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        var filter = new AccountFilter { Q = Q, Status = Status, Tier = Tier, Type = Type, Industry = Industry, Country = Country, OwnerId = OwnerId };
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
            return Partial("_AccountRows", this);
        }
        if (Request.Headers.ContainsKey("HX-Request") && Request.Headers["HX-Target"] == "results")
        {
            return Partial("_AccountResults", this);
        }
        Owners = Choices.Users(await users.OwnersAsync(ct));
        return Page();
    }

    /// <summary>The address of the next page's rows, keeping the filters.</summary>
    public string NextUrl() => QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q,
        ["status"] = Status?.ToString(),
        ["tier"] = Tier?.ToString(),
        ["type"] = Type?.ToString(),
        ["industry"] = Industry,
        ["country"] = Country,
        ["ownerId"] = OwnerId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["cursor"] = Results.NextCursor,
        ["fragment"] = "rows",
    }.Where(p => p.Value is not null)).ToUriComponent();
}
