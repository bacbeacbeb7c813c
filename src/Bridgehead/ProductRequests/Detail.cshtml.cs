using System.Globalization;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Products;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.ProductRequests;

/// <summary>
/// One request: its wording, who waits on it, revenue at stake and history; the product role
/// moves its status and merges duplicates into it. A merged duplicate points to its survivor.
/// </summary>
public sealed class DetailModel(GetProductRequest get, ListProductRequests list, ListProducts products) : PageModel
{
    public ProductRequestDto Item { get; private set; } = null!;

    [BindProperty]
    public StatusForm StatusChange { get; set; } = new();

    [BindProperty]
    public MergeForm Merge { get; set; } = new();

    public IReadOnlyList<SelectListItem> StatusChoices { get; private set; } = [];

    public IReadOnlyList<SelectListItem> ProductChoices { get; private set; } = [];

    public IReadOnlyList<SelectListItem> MergeChoices { get; private set; } = [];

    public bool CanLink { get; private set; }

    /// <summary>The product role (or an admin) on a request that was not merged away: status and merge forms.</summary>
    public bool CanRun { get; private set; }

    /// <summary>Whether the named form was posted and refused (its section opens with the errors).</summary>
    public bool HasErrors(string form) => FailedForm == form && !ModelState.IsValid;

    private string? FailedForm { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostStatusAsync(long id, [FromServices] ChangeProductRequestStatus change, CancellationToken ct)
    {
        var input = new ProductRequestStatusInput(StatusChange.Status, StatusChange.StatusNote, StatusChange.ProductId);
        if (await TrySaveAsync(nameof(StatusChange), () => change.HandleAsync(id, StatusChange.Version, input, ct)))
        {
            TempData["Flash"] = RequestPagesText.StatusSaved;
            return Redirect($"/product-requests/{id}");
        }
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostMergeAsync(long id, [FromServices] MergeProductRequests merge, CancellationToken ct)
    {
        if (await TrySaveAsync(nameof(Merge), () => merge.HandleAsync(id, Merge.Version, new ProductRequestMergeInput(Merge.DuplicateIds), ct)))
        {
            TempData["Flash"] = RequestPagesText.Merged;
            return Redirect($"/product-requests/{id}");
        }
        await LoadAsync(id, ct);
        return Page();
    }

    /// <summary>Removes a pursuit's or an account's link, then returns to where it was asked (this page or the pursuit's).</summary>
    public async Task<IActionResult> OnPostUnlinkAsync(long id, long? opportunityId, long? accountId, [FromServices] UnlinkProductRequest unlink, CancellationToken ct)
    {
        try
        {
            await unlink.HandleAsync(id, null, opportunityId, accountId, ct);
            TempData["Flash"] = RequestPagesText.Unlinked;
        }
        catch (ConflictException e)
        {
            TempData["Flash"] = string.Join(" ", e.Rules);
        }
        return Redirect(ReturnTo is { } back && Url.IsLocalUrl(back) ? back : $"/product-requests/{id}");
    }

    [BindProperty(SupportsGet = false)]
    public string? ReturnTo { get; set; }

    /// <summary>The history fragment, loaded when the reader opens it.</summary>
    public async Task<IActionResult> OnGetHistoryAsync(long id, string? cursor, CancellationToken ct)
    {
        // The request's own history use case (not the generic one): it checks visibility and
        // leaves the pursuit links out for those who read no pursuits, as the API does.
        var services = HttpContext.RequestServices;
        var entries = await services.GetRequiredService<GetProductRequestHistory>().HandleAsync(id, new PageRequest(20, cursor), ct);
        var names = (await services.GetRequiredService<Identity.ListUsers>().HandleAsync(activeOnly: false, ct)).ToDictionary(u => u.Id, u => u.DisplayName);
        return Partial("/Auditing/_History.cshtml",
            new HistoryView(entries, RequestPagesText.ResourceManager, EnumFields, names, $"/product-requests/{id}?handler=history", Formatters));
    }

    private static readonly Dictionary<string, Type> EnumFields = new() { ["status"] = typeof(ProductRequestStatus) };

    /// <summary>Pursuit links are ids in the history; only sales readers get them (<see cref="GetProductRequestHistory"/> leaves them out for others).</summary>
    private static readonly Dictionary<string, Func<string, string>> Formatters = new()
    {
        ["mergedIntoId"] = v => "#" + v,
    };

    private async Task<bool> TrySaveAsync(string form, Func<Task> save)
    {
        FailedForm = form;
        var other = form == nameof(StatusChange) ? nameof(Merge) : nameof(StatusChange);
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith(other + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
        try
        {
            var result = await FormSave.TryAsync(ModelState, save, prefix: form);
            return result == SaveResult.Saved;
        }
        catch (ConflictException e)
        {
            foreach (var rule in e.Rules)
            {
                ModelState.AddModelError("", rule);
            }
            return false;
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Item = await get.HandleAsync(id, ct);
        var viewer = ViewerSource.FromPrincipal(User);
        CanLink = viewer?.CanEditSales == true && Item.MergedIntoId is null;
        CanRun = viewer?.RunsProductRequests == true && Item.MergedIntoId is null;
        if (!CanRun)
        {
            return;
        }
        if (ModelState.IsValid || StatusChange.Version == 0)
        {
            StatusChange.Version = Item.Version;
            Merge.Version = Item.Version;
        }
        StatusChoices = [.. Item.NextStatuses.Select(s => new SelectListItem(RequestDisplay.Status(s), s.ToString()))];
        var catalogue = await products.HandleAsync(new ProductFilter { Active = true }, new PageRequest(PageRequest.MaxLimit), ct);
        ProductChoices = [.. catalogue.Items.Select(p => new SelectListItem($"{p.Sku} · {p.Name}", p.Id.ToString(CultureInfo.InvariantCulture)))];
        var others = await list.HandleAsync(new ProductRequestFilter(), new PageRequest(PageRequest.MaxLimit), ct);
        MergeChoices = [.. others.Items.Where(r => r.Id != id)
            .Select(r => new SelectListItem($"#{r.Id} {r.Title} ({RequestDisplay.Status(r.Status)})", r.Id.ToString(CultureInfo.InvariantCulture)))];
    }
}
