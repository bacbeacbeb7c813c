using Bridgehead.Auditing;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Activities;

/// <summary>One timeline entry: what happened, with whom, and its history.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class DetailModel(GetActivity get) : PageModel
{
    public ActivityDto Activity { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Activity = await get.HandleAsync(id, ct);
        CanEdit = ActivityRules.MayEdit(Activity, User);
        return Page();
    }

    /// <summary>The history fragment, loaded when the reader opens it.</summary>
    public async Task<IActionResult> OnGetHistoryAsync(long id, string? cursor, CancellationToken ct)
    {
        await get.HandleAsync(id, ct);
        return await HistoryFragment.RenderAsync(this, HttpContext.RequestServices, "activity", id, cursor,
            ActivitiesText.ResourceManager, EnumFields, $"/activities/{id}?handler=history", ct);
    }

    private static readonly Dictionary<string, Type> EnumFields = new()
    {
        ["kind"] = typeof(ActivityKind),
    };
}
