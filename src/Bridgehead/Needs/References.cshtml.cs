using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Needs;

/// <summary>
/// The attach and detach buttons of the opportunity page (reference matches, attached references)
/// post here with the needs' version. Done, back to the page; refused or stale, this page says why
/// (412 when someone changed the needs in between).
/// </summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class ReferencesModel(GetOpportunity getOpportunity, AttachReference attach, DetachReference detach) : PageModel
{
    public OpportunityDto Opportunity { get; private set; } = null!;

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public IActionResult OnGet(long id) => Redirect($"/opportunities/{id}#needs");

    public Task<IActionResult> OnPostAttachAsync(long id, long referenceId, long version, CancellationToken ct) =>
        RunAsync(id, () => attach.HandleAsync(id, referenceId, version, ct), NeedsPagesText.Attached, ct);

    public Task<IActionResult> OnPostDetachAsync(long id, long referenceId, long version, CancellationToken ct) =>
        RunAsync(id, () => detach.HandleAsync(id, referenceId, version, ct), NeedsPagesText.Detached, ct);

    private async Task<IActionResult> RunAsync(long id, Func<Task<NeedsDto>> change, string flash, CancellationToken ct)
    {
        Opportunity = await getOpportunity.HandleAsync(id, ct);
        try
        {
            await change();
            TempData["Flash"] = flash;
            return Redirect($"/opportunities/{id}#needs");
        }
        catch (PreconditionFailedException)
        {
            Problems = [Shared.UiText.StaleEdit];
            Response.StatusCode = StatusCodes.Status412PreconditionFailed;
        }
        catch (ValidationException e)
        {
            Problems = [.. e.Errors.SelectMany(x => x.Value)];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        catch (ConflictException e)
        {
            Problems = e.Rules;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        return Page();
    }
}
