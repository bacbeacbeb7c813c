using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Products;

/// <summary>One product; the cost only for managers and admins, the list price for sales roles and the viewer.</summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class DetailModel(GetProduct get) : PageModel
{
    public ProductDto Product { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public bool SeesCosts { get; private set; }

    public bool SeesPrices { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Product = await get.HandleAsync(id, ct);
        var viewer = ViewerSource.FromPrincipal(User);
        CanEdit = viewer is not null && ProductAccess.KeepsCatalogue(viewer);
        SeesCosts = viewer?.SeesCosts == true;
        SeesPrices = viewer is not null && ProductAccess.SeesListPrice(viewer);
        return Page();
    }
}
