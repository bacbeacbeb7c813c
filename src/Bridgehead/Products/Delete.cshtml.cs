using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Products;

/// <summary>Asks before deleting a product; says up front what keeps it.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class DeleteModel(GetProduct get, DeleteProduct delete, BridgeheadDb db) : PageModel
{
    public ProductDto Product { get; private set; } = null!;

    /// <summary>What keeps the product (with counts).</summary>
    public IReadOnlyList<string> Blockers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!ProductPages.KeepsCatalogue(User))
        {
            return Forbid();
        }
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long version, CancellationToken ct)
    {
        if (!ProductPages.KeepsCatalogue(User))
        {
            return Forbid();
        }
        try
        {
            await delete.HandleAsync(id, version, ct);
            TempData["Flash"] = ProductPagesText.Deleted;
            return Redirect("/products");
        }
        catch (ConflictException e)
        {
            await LoadAsync(id, ct);
            Blockers = e.Rules;
            return Page();
        }
        catch (PreconditionFailedException)
        {
            await LoadAsync(id, ct);
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
            return Page();
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Product = await get.HandleAsync(id, ct);
        Blockers = await DeleteProduct.UsesAsync(db, id, ct);
    }
}
