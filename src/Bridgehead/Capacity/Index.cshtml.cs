using Bridgehead.Orders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Capacity;

/// <summary>
/// /capacity: every product on offer with a weekly capacity, this week and the next eight as a
/// heat table, so a planner sees at a glance where the plant is full.
/// </summary>
public sealed class CapacityIndexModel(GetCapacityOverview get) : PageModel
{
    public CapacityOverviewDto Overview { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Overview = await get.HandleAsync(CapacityPages.Within(From), GetCapacityOverview.OverviewWeeks, Q, ct);
        return Page();
    }

    public string WeeksUrl(DateOnly from) =>
        $"/capacity?from={CapacityPages.Iso(from)}" + (string.IsNullOrWhiteSpace(Q) ? "" : "&q=" + Uri.EscapeDataString(Q));
}
