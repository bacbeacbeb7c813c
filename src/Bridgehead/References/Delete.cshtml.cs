using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.References;

/// <summary>Asks before deleting a reference case; only those who may change it get the page (403 otherwise).</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class DeleteModel(GetReferenceCase get, DeleteReferenceCase delete) : PageModel
{
    public ReferenceCaseDto Reference { get; private set; } = null!;

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
            TempData["Flash"] = ReferencePagesText.Deleted;
            return Redirect("/references");
        }
        catch (ConflictException e)
        {
            await LoadAsync(id, ct);
            foreach (var rule in e.Rules)
            {
                ModelState.AddModelError("", rule);
            }
            Response.StatusCode = StatusCodes.Status409Conflict;
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
        Reference = await get.HandleAsync(id, ct);
        if (!Reference.CanEdit)
        {
            throw new ForbiddenException(ReferencesText.OnlyOwnCustomers);
        }
    }
}
