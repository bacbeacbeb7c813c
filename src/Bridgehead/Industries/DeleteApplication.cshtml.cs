using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Industries;

/// <summary>Asks before deleting an application, and says why when the core refuses (still in use).</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class DeleteApplicationModel(GetApplication get, DeleteApplication delete) : PageModel
{
    public ApplicationDto Application { get; private set; } = null!;

    public IReadOnlyList<string> Blockers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Application = await get.HandleAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long version, CancellationToken ct)
    {
        Application = await get.HandleAsync(id, ct);
        try
        {
            await delete.HandleAsync(id, version, ct);
            TempData["Flash"] = TaxonomyText.Deleted;
            return Redirect("/admin/industries?q=" + Uri.EscapeDataString(Application.IndustryCode));
        }
        catch (ConflictException e)
        {
            Blockers = e.Rules;
        }
        catch (PreconditionFailedException)
        {
            Application = await get.HandleAsync(id, ct);
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
        }
        return Page();
    }
}
