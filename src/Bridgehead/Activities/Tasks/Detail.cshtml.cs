using Bridgehead.Auditing;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Activities.Tasks;

/// <summary>One task: what, by when, for whom, about what, and its history.</summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class DetailModel(GetTask get) : PageModel
{
    public TaskDto Task { get; private set; } = null!;

    public bool CanKeep { get; private set; }

    public bool SalesLinks { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Task = await get.HandleAsync(id, ct);
        var viewer = ViewerSource.FromPrincipal(User);
        CanKeep = viewer?.CanKeepTasks == true;
        SalesLinks = viewer?.CanReadSales == true;
        return Page();
    }

    /// <summary>The history fragment, loaded when the reader opens it.</summary>
    public async Task<IActionResult> OnGetHistoryAsync(long id, string? cursor, CancellationToken ct)
    {
        await get.HandleAsync(id, ct);
        return await HistoryFragment.RenderAsync(this, HttpContext.RequestServices, "task", id, cursor,
            TasksText.ResourceManager, new Dictionary<string, Type>(), $"/tasks/{id}?handler=history", ct);
    }
}
