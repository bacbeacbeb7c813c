using Bridgehead.Common;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.ProductRequests;

/// <summary>Changes a request's wording: sales writers who see it and the product role (403 for others).</summary>
public sealed class EditModel(GetProductRequest get, UpdateProductRequest update) : PageModel
{
    [BindProperty]
    public WordingForm Form { get; set; } = new();

    public ProductRequestDto Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Form = WordingForm.From(Item);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var result = await FormSave.TryAsync(ModelState, () => update.HandleAsync(id, Form.Version, _ => Form.ToEdit(), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = RequestPagesText.Updated;
            return Redirect($"/product-requests/{id}");
        }
        if (result == SaveResult.Stale)
        {
            Form = WordingForm.From(await get.HandleAsync(id, ct));
        }
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Item = await get.HandleAsync(id, ct);
        if (!Item.CanEdit)
        {
            throw new ForbiddenException(CommonText.ReadOnlyRole);
        }
    }
}
