using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Activities;

/// <summary>Asks before deleting a timeline entry (its author, a manager or an admin may).</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class DeleteModel(GetActivity get, DeleteActivity delete) : PageModel
{
    public ActivityDto Activity { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Activity = await get.HandleAsync(id, ct);
        return ActivityRules.MayEdit(Activity, ViewerSource.FromPrincipal(User))
            ? Page()
            : throw new ForbiddenException(CommonText.ActivityAuthorOnly);
    }

    public async Task<IActionResult> OnPostAsync(long id, long version, CancellationToken ct)
    {
        try
        {
            await delete.HandleAsync(id, version, ct);
            TempData["Flash"] = ActivitiesText.Deleted;
            return Redirect("/activities");
        }
        catch (PreconditionFailedException)
        {
            Activity = await get.HandleAsync(id, ct);
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
            return Page();
        }
    }
}
