using Bridgehead.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.ProductRequests;

/// <summary>Asks before deleting a request raised by mistake; the rules (new, one account) are the core's.</summary>
public sealed class DeleteModel(GetProductRequest get, DeleteProductRequest delete) : PageModel
{
    public ProductRequestDto Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long version, CancellationToken ct)
    {
        try
        {
            await delete.HandleAsync(id, version, ct);
            TempData["Flash"] = RequestPagesText.Deleted;
            return Redirect("/product-requests");
        }
        catch (PreconditionFailedException)
        {
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
        }
        catch (ConflictException e)
        {
            foreach (var rule in e.Rules)
            {
                ModelState.AddModelError("", rule);
            }
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Item = await get.HandleAsync(id, ct);
        if (!Item.CanDelete && ModelState.IsValid)
        {
            throw new ForbiddenException(ProductRequestsText.DeleteOnlyRaiser);
        }
    }
}
