using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Competitors;

/// <summary>Asks before deleting a competitor; says up front what keeps it (and that only managers and admins delete).</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class DeleteModel(GetCompetitor get, DeleteCompetitor delete, BridgeheadDb db) : PageModel
{
    public CompetitorDto Competitor { get; private set; } = null!;

    /// <summary>What keeps the competitor: pursuits, shares, slips (with counts).</summary>
    public IReadOnlyList<string> Blockers { get; private set; } = [];

    /// <summary>Why the caller may not delete at all.</summary>
    public string? Refusal { get; private set; }

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
            TempData["Flash"] = CompetitorPagesText.Deleted;
            return Redirect("/competitors");
        }
        catch (ConflictException e)
        {
            await LoadAsync(id, ct);
            Blockers = e.Rules;
            return Page();
        }
        catch (ForbiddenException e)
        {
            await LoadAsync(id, ct);
            Refusal = e.Message;
            Response.StatusCode = StatusCodes.Status403Forbidden;
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
        Competitor = await get.HandleAsync(id, ct);
        if (ViewerSource.FromPrincipal(User)?.CanOverrideGates != true)
        {
            Refusal = CompetitorsText.DeleteManagersOnly;
            return;
        }
        Blockers = (await CompetitorUses.CountAsync(db, id, ct)).Describe();
    }
}
