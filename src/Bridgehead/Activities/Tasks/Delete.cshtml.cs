using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Activities.Tasks;

/// <summary>Asks before deleting a task.</summary>
[Authorize(Policy = Policies.KeepTasks)]
public sealed class DeleteModel(GetTask get, DeleteTask delete) : PageModel
{
    public TaskDto Task { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Task = await get.HandleAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long version, CancellationToken ct)
    {
        try
        {
            await delete.HandleAsync(id, version, ct);
            TempData["Flash"] = TasksText.Deleted;
            return Redirect("/tasks");
        }
        catch (PreconditionFailedException)
        {
            Task = await get.HandleAsync(id, ct);
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
            return Page();
        }
    }
}
