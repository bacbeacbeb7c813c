using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Pursuits;

/// <summary>Asks before deleting a pipeline, and says why when the core refuses (the default, or one in use).</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class DeletePipelineModel(GetPipeline get, DeletePipeline delete) : PageModel
{
    public PipelineDto Pipeline { get; private set; } = null!;

    public IReadOnlyList<string> Blockers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Pipeline = await get.HandleAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long version, CancellationToken ct)
    {
        Pipeline = await get.HandleAsync(id, ct);
        try
        {
            await delete.HandleAsync(id, version, ct);
            TempData["Flash"] = PipelinesText.Deleted;
            return Redirect("/admin/pipelines");
        }
        catch (ConflictException e)
        {
            Blockers = e.Rules;
        }
        catch (PreconditionFailedException)
        {
            Pipeline = await get.HandleAsync(id, ct);
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
        }
        return Page();
    }
}
