using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Products;

/// <summary>The catalogue: search by name or SKU, filter by category, products on offer unless retired ones are asked for.</summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class IndexModel(ListProducts list, ListProductCategories categories) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public bool Retired { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public Page<ProductDto> Results { get; private set; } = new([], null);

    public IReadOnlyList<string> Categories { get; private set; } = [];

    public bool CanCreate { get; private set; }

    /// <summary>Managers and admins see the cost column.</summary>
    public bool SeesCosts { get; private set; }

    /// <summary>Sales roles and the viewer see the list price column.</summary>
    public bool SeesPrices { get; private set; }

    public bool Filtered => Text.Clean(Q) is not null || Text.Clean(Category) is not null || Retired;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = ViewerSource.FromPrincipal(User);
        CanCreate = viewer is not null && ProductAccess.KeepsCatalogue(viewer);
        SeesCosts = viewer?.SeesCosts == true;
        SeesPrices = viewer is not null && ProductAccess.SeesListPrice(viewer);
        Categories = await categories.HandleAsync(ct);
        var filter = new ProductFilter { Q = Q, Category = Text.Clean(Category), Active = Retired ? null : true };
        try
        {
            Results = await list.HandleAsync(filter, new PageRequest(PageRequest.DefaultLimit, Cursor), ct);
        }
        catch (BadRequestException)
        {
            Results = await list.HandleAsync(filter, new PageRequest(), ct);
        }
    }

    /// <summary>The address of the next page, keeping the filters.</summary>
    public string NextUrl() => QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Text.Clean(Q),
        ["category"] = Text.Clean(Category),
        ["retired"] = Retired ? "true" : null,
        ["cursor"] = Results.NextCursor,
    }.Where(p => p.Value is not null)).ToUriComponent();
}
