using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Products;

/// <summary>Adds a product to the catalogue (managers and admins; the core refuses others with 403).</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(CreateProduct create) : PageModel
{
    [BindProperty]
    public ProductForm Form { get; set; } = new();

    public ProductFormView View => new(Form, "/products");

    public IActionResult OnGet() => ProductPages.KeepsCatalogue(User) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ProductPages.KeepsCatalogue(User))
        {
            return Forbid();
        }
        ProductDto? product = null;
        var result = await FormSave.TryAsync(ModelState, async () => product = await create.HandleAsync(Form.ToInput(), ct), ProductForm.ErrorFields);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = ProductPagesText.Created;
            return Redirect($"/products/{product!.Id}");
        }
        return Page();
    }
}

/// <summary>Changes a product; refuses another product's SKU and a stale version.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetProduct get, UpdateProduct update) : PageModel
{
    [BindProperty]
    public ProductForm Form { get; set; } = new();

    public ProductDto Product { get; private set; } = null!;

    public ProductFormView View => new(Form, $"/products/{Product.Id}");

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!ProductPages.KeepsCatalogue(User))
        {
            return Forbid();
        }
        Product = await get.HandleAsync(id, ct);
        Form = ProductForm.From(Product);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!ProductPages.KeepsCatalogue(User))
        {
            return Forbid();
        }
        Product = await get.HandleAsync(id, ct);
        var result = await FormSave.TryAsync(ModelState, () => update.HandleAsync(id, Form.Version, _ => Form.ToInput(), ct), ProductForm.ErrorFields);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = ProductPagesText.Updated;
            return Redirect($"/products/{id}");
        }
        if (result == SaveResult.Stale)
        {
            Product = await get.HandleAsync(id, ct);
            Form = ProductForm.From(Product);
        }
        return Page();
    }
}

/// <summary>What the product pages ask of the signed-in user.</summary>
public static class ProductPages
{
    public static bool KeepsCatalogue(System.Security.Claims.ClaimsPrincipal user) =>
        Hosting.ViewerSource.FromPrincipal(user) is { } viewer && ProductAccess.KeepsCatalogue(viewer);
}
