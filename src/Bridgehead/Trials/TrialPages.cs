using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Trials;

/// <summary>Where the trial pages return to.</summary>
internal static class TrialPages
{
    public static string Back(long opportunityId) => $"/opportunities/{opportunityId}#trials";

    /// <summary>After a change: sales go back to the opportunity page, quality (who cannot read it) to the phase page.</summary>
    public static string After(PageModel page, TrialPlanDto plan, long phaseId) =>
        ViewerSource.FromPrincipal(page.User)?.CanReadSales == true ? Back(plan.OpportunityId) : TrialView.PhaseUrl(phaseId);
}

/// <summary>Plans a phase of a pursuit: pick the kind, then its scope, dates and notes. Sales writers.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(GetTrialPlan getPlan, ListTrialProductChoices choices, PlanTrialPhase plan) : PageModel
{
    [BindProperty]
    public PlanForm Form { get; set; } = new();

    public TrialPlanDto Plan { get; private set; } = null!;

    public IReadOnlyList<TrialProductDto> Products { get; private set; } = [];

    public async Task OnGetAsync(long id, string? kind, CancellationToken ct)
    {
        Plan = await getPlan.HandleAsync(id, ct);
        if (Api.QueryValues.Enum<TrialKind>(kind, "kind") is { } k && Offered(k))
        {
            Form = PlanForm.For(k, Plan);
        }
        await LoadChoicesAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var result = await FormSave.TryOrRefuseAsync(this, async () =>
        {
            var phase = await plan.HandleAsync(id, Form.ToNew(), ct);
            TempData["Flash"] = Validator.Format(TrialPagesText.FlashPlanned, phase.Name);
        }, PlanForm.Fields);
        if (result == SaveResult.Saved)
        {
            return Redirect(TrialPages.Back(id));
        }
        Plan = await getPlan.HandleAsync(id, ct);
        await LoadChoicesAsync(ct);
        return Page();
    }

    /// <summary>Kinds that may still be planned: pilot rounds always, the run and the audit once.</summary>
    public bool Offered(TrialKind kind) => kind switch
    {
        TrialKind.Pilot => true,
        TrialKind.MassProduction => !Plan.HasRun,
        TrialKind.Audit => !Plan.HasAudit,
        _ => false,
    };

    private async Task LoadChoicesAsync(CancellationToken ct) => Products = await choices.HandleAsync(Form.ProductIds, ct);
}

/// <summary>Changes a phase's plan (scope, dates, notes); refuses to overwrite a newer version saved by someone else. Sales writers.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetTrialPhase getPhase, ListTrialProductChoices choices, UpdateTrialPhase update) : PageModel
{
    [BindProperty]
    public PlanForm Form { get; set; } = new();

    public TrialPlanDto Plan { get; private set; } = null!;

    public TrialPhaseDto Phase { get; private set; } = null!;

    public IReadOnlyList<TrialProductDto> Products { get; private set; } = [];

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Form = PlanForm.From(Phase);
        Products = await choices.HandleAsync(Form.ProductIds, ct);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var kind = Phase.Kind;
        var result = await FormSave.TryOrRefuseAsync(this, () => update.HandleAsync(id, Form.Version, current => Form.ApplyTo(current, kind), ct), PlanForm.Fields);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = Validator.Format(TrialPagesText.FlashSaved, Phase.Name);
            return Redirect(TrialPages.Back(Plan.OpportunityId));
        }
        if (result == SaveResult.Stale)
        {
            await LoadAsync(id, ct);
            Form = PlanForm.From(Phase);
            Response.StatusCode = StatusCodes.Status412PreconditionFailed;
        }
        Products = await choices.HandleAsync(Form.ProductIds, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Plan = await getPhase.PlanOfAsync(id, ct);
        Phase = Plan.Phases.First(p => p.Id == id);
    }
}

/// <summary>Records how a phase came out: quality and admin only (403 for everyone else, also on opening the page).</summary>
public sealed class ResultModel(GetTrialPhase getPhase, UpdateTrialPhase update) : PageModel
{
    [BindProperty]
    public ResultForm Form { get; set; } = new();

    public TrialPlanDto Plan { get; private set; } = null!;

    public TrialPhaseDto Phase { get; private set; } = null!;

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Form = ResultForm.From(Phase);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var kind = Phase.Kind;
        var result = await FormSave.TryOrRefuseAsync(this, () => update.HandleAsync(id, Form.Version, current => Form.ApplyTo(current, kind), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = Validator.Format(TrialPagesText.FlashRecorded, Phase.Name);
            return Redirect(TrialView.PhaseUrl(id));
        }
        if (result == SaveResult.Stale)
        {
            await LoadAsync(id, ct);
            Form = ResultForm.From(Phase);
            Response.StatusCode = StatusCodes.Status412PreconditionFailed;
        }
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        if (ViewerSource.FromPrincipal(User) is not { RecordsTrialResults: true })
        {
            throw new ForbiddenException(TrialsText.ResultOnlyQuality);
        }
        Plan = await getPhase.PlanOfAsync(id, ct);
        Phase = Plan.Phases.First(p => p.Id == id);
    }
}

/// <summary>
/// One phase with everything recorded on it, and its findings: recorded here (quality, admin and
/// sales writers), closed or reopened (quality and admin), deleted while open.
/// </summary>
public sealed class PhaseModel(GetTrialPhase getPhase, AddTrialFinding addFinding, UpdateTrialFinding updateFinding, DeleteTrialFinding deleteFinding) : PageModel
{
    [BindProperty]
    public FindingForm Finding { get; set; } = new();

    [BindProperty]
    public CloseForm Close { get; set; } = new();

    public TrialPlanDto Plan { get; private set; } = null!;

    public TrialPhaseDto Phase { get; private set; } = null!;

    public Viewer Viewer { get; private set; } = null!;

    /// <summary>Why a change was refused as a whole (a closed pursuit, a closed finding).</summary>
    public IReadOnlyList<string> Refusals { get; private set; } = [];

    public async Task OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public Task<IActionResult> OnPostFindingAsync(long id, CancellationToken ct) =>
        SaveAsync(id, nameof(Finding), async () =>
        {
            await addFinding.HandleAsync(id, Finding.ToInput(), ct);
            return TrialPagesText.FlashFindingAdded;
        }, ct);

    public Task<IActionResult> OnPostCloseAsync(long id, CancellationToken ct) =>
        SaveAsync(id, nameof(Close), async () =>
        {
            var close = Close.Close;
            var resolution = Close.Resolution;
            await updateFinding.HandleAsync(Close.FindingId, Close.Version, current => current with
            {
                Status = close ? FindingStatus.Closed : FindingStatus.Open,
                Resolution = close ? resolution : current.Resolution,
            }, ct);
            return close ? TrialPagesText.FlashFindingClosed : TrialPagesText.FlashFindingReopened;
        }, ct);

    public Task<IActionResult> OnPostDeleteFindingAsync(long id, CancellationToken ct) =>
        SaveAsync(id, nameof(Close), async () =>
        {
            await deleteFinding.HandleAsync(Close.FindingId, Close.Version, ct);
            return TrialPagesText.FlashFindingDeleted;
        }, ct);

    private async Task<IActionResult> SaveAsync(long id, string prefix, Func<Task<string>> save, CancellationToken ct)
    {
        // Only the posted form's own fields count: the other forms on the page were not sent.
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
        await LoadAsync(id, ct);
        string? flash = null;
        try
        {
            var result = await FormSave.TryAsync(ModelState, async () => flash = await save(), null, prefix);
            if (result == SaveResult.Saved)
            {
                TempData["Flash"] = flash;
                return Redirect(TrialView.PhaseUrl(id) + "#findings");
            }
            if (result == SaveResult.Stale)
            {
                Response.StatusCode = StatusCodes.Status412PreconditionFailed;
            }
        }
        catch (ConflictException e)
        {
            Refusals = e.Rules;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Viewer = ViewerSource.FromPrincipal(User) ?? throw new ForbiddenException(CommonText.ReadOnlyRole);
        Plan = await getPhase.PlanOfAsync(id, ct);
        Phase = Plan.Phases.First(p => p.Id == id);
    }
}

/// <summary>Asks before deleting a phase planned by mistake, and says why when it may not be (a result, a later round).</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class DeleteModel(GetTrialPhase getPhase, DeleteTrialPhase delete) : PageModel
{
    public TrialPlanDto Plan { get; private set; } = null!;

    public TrialPhaseDto Phase { get; private set; } = null!;

    public IReadOnlyList<string> Blockers { get; private set; } = [];

    public async Task OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAsync(long id, long version, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        try
        {
            await delete.HandleAsync(id, version, ct);
            TempData["Flash"] = Validator.Format(TrialPagesText.FlashDeleted, Phase.Name);
            return Redirect(TrialPages.Back(Plan.OpportunityId));
        }
        catch (ConflictException e)
        {
            Blockers = e.Rules;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        catch (PreconditionFailedException)
        {
            await LoadAsync(id, ct);
            ModelState.AddModelError("", UiText.StaleEdit);
            Response.StatusCode = StatusCodes.Status412PreconditionFailed;
        }
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Plan = await getPhase.PlanOfAsync(id, ct);
        Phase = Plan.Phases.First(p => p.Id == id);
    }
}

/// <summary>
/// Phases across pursuits: by default those waiting for a result, soonest planned end first;
/// quality's worklist (and admins' and managers'). Filter by result and kind.
/// </summary>
public sealed class IndexModel(ListTrialPhases list) : PageModel
{
    /// <summary>The result filter; "all" shows every result; absent means pending.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Result { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public Page<TrialListItemDto> Items { get; private set; } = new([], null);

    public Viewer Viewer { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Viewer = ViewerSource.FromPrincipal(User) ?? throw new ForbiddenException(CommonText.ReadOnlyRole);
        Result ??= "pending";
        var filter = new TrialFilter
        {
            Result = Result == "all" ? null : Api.QueryValues.Enum<TrialResult>(Result, "result"),
            Kind = Api.QueryValues.Enum<TrialKind>(Kind, "kind"),
        };
        Items = await list.HandleAsync(filter, PageRequest.Of(PageRequest.DefaultLimit, Cursor), ct);
    }

    /// <summary>The list's address with the same filters and another cursor.</summary>
    public string Next(string cursor) =>
        $"/trials?result={Uri.EscapeDataString(Result ?? "")}&kind={Uri.EscapeDataString(Kind ?? "")}&cursor={Uri.EscapeDataString(cursor)}";

    public static IReadOnlyList<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem> Results() =>
    [
        .. Enum.GetValues<TrialResult>().Select(r => new Microsoft.AspNetCore.Mvc.Rendering.SelectListItem(Labels.Of(r), System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(r.ToString()))),
        new(TrialPagesText.AllResults, "all"),
    ];

    public static IReadOnlyList<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem> Kinds() =>
    [
        new(TrialPagesText.AllKinds, ""),
        .. Enum.GetValues<TrialKind>().Select(k => new Microsoft.AspNetCore.Mvc.Rendering.SelectListItem(Labels.Of(k), System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(k.ToString()))),
    ];
}
