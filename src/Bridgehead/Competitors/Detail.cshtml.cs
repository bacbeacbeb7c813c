using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Competitors;

/// <summary>
/// One rival: its profile, the shares it holds, its recent slips and the pursuits it won from us,
/// each only at the accounts the reader may see.
/// </summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class DetailModel(GetCompetitor get, GetCompetitorFootprint footprint) : PageModel
{
    public CompetitorDto Competitor { get; private set; } = null!;

    public CompetitorFootprint Footprint { get; private set; } = new([], [], []);

    public bool CanEdit { get; private set; }

    /// <summary>Managers and admins delete competitors.</summary>
    public bool CanDelete { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Competitor = await get.HandleAsync(id, ct);
        Footprint = await footprint.HandleAsync(id, ct);
        var viewer = ViewerSource.FromPrincipal(User);
        CanEdit = viewer?.CanEditSales == true;
        CanDelete = CanEdit && viewer!.CanOverrideGates;
        return Page();
    }
}
