using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Accounts;

/// <summary>The account list: filters, search and "show more" paging, updated in place by htmx.</summary>
public sealed class IndexModel(ListAccounts list, ListUsers users, Data.BridgeheadDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public AccountStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public AccountTier? Tier { get; set; }
    [BindProperty(SupportsGet = true)] public AccountType? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }
    [BindProperty(SupportsGet = true)] public long? ApplicationId { get; set; }

    /// <summary>"fit" ranks the best fit first; anything else (or nothing) is by name.</summary>
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true)] public long? OwnerId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }
    [BindProperty(SupportsGet = true)] public Health.HealthBand? HealthBand { get; set; }

    /// <summary>The stored health band of the listed accounts (sales readers only; see Health/).</summary>
    public IReadOnlyDictionary<long, Health.HealthBand> Bands { get; private set; } = new Dictionary<long, Health.HealthBand>();

    public bool ShowHealth { get; private set; }

    public Page<AccountDto> Results { get; private set; } = new([], null);

    public IReadOnlyList<SelectListItem> Owners { get; private set; } = [];

    public bool CanCreate { get; private set; }

    public bool Filtered => Q is not null || Status is not null || Tier is not null || Type is not null || Industry is not null || ApplicationId is not null || Country is not null || OwnerId is not null || HealthBand is not null;

    public async Task<IActionResult> OnGetAsync(string? fragment, CancellationToken ct)
    {
        CanCreate = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        ShowHealth = ViewerSource.FromPrincipal(User)?.CanReadSales == true;
        Sort = Text.Clean(Sort) == "fit" ? "fit" : null;
        var filter = new AccountFilter
        {
            Q = Q, Status = Status, Tier = Tier, Type = Type, Industry = Industry, ApplicationId = ApplicationId, Country = Country, OwnerId = OwnerId, Sort = Sort,
            HealthBand = HealthBand,
        };
        try
        {
            Results = await list.HandleAsync(filter, new PageRequest(PageRequest.DefaultLimit, Cursor), ct);
        }
        catch (BadRequestException)
        {
            Results = await list.HandleAsync(filter, new PageRequest(), ct);
        }
        if (ShowHealth)
        {
            Bands = await Health.HealthBands.OfAsync(db, [.. Results.Items.Select(a => a.Id)], ct);
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
    public string NextUrl() => Link(Sort, ("cursor", Results.NextCursor), ("fragment", "rows"));

    /// <summary>The list with the same filters in another order (the column headers' links).</summary>
    public string SortUrl(string? sort) => "/accounts" + Link(sort);

    private string Link(string? sort, params (string Name, string? Value)[] extra) => QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q,
        ["status"] = Status?.ToString(),
        ["tier"] = Tier?.ToString(),
        ["type"] = Type?.ToString(),
        ["industry"] = Industry,
        ["applicationId"] = ApplicationId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["country"] = Country,
        ["ownerId"] = OwnerId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["healthBand"] = HealthBand?.ToString(),
        ["sort"] = sort,
    }.Concat(extra.Select(e => new KeyValuePair<string, string?>(e.Name, e.Value))).Where(p => p.Value is not null)).ToUriComponent();
}
