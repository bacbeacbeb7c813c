using System.Globalization;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Data;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Pursuits;

/// <summary>Why the last move on the page was refused: a heading and the reasons (for a gate, its unmet criteria).</summary>
public sealed record MoveRefusal(string Heading, IReadOnlyList<string> Reasons);

/// <summary>
/// One pursuit: where it stands in its pipeline, the gate to leave the stage with the stage's
/// playbook beside it, the moves (advance, override, back, close, reopen) as plain forms, the
/// stage history, its timeline and tasks (loaded by htmx) and its audit history.
/// </summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class DetailModel(GetOpportunity get, ListPipelines listPipelines) : PageModel
{
    public OpportunityDto Opportunity { get; private set; } = null!;

    public IReadOnlyList<PipelineDto> Pipelines { get; private set; } = [];

    public PipelineDto? Pipeline { get; private set; }

    /// <summary>The gate of the current stage; null once the pursuit is closed.</summary>
    public GateDto? Gate { get; private set; }

    /// <summary>Stage steps, newest first.</summary>
    public IReadOnlyList<StageStepDto> History { get; private set; } = [];

    public IReadOnlyList<PlaybookSection> Playbook { get; private set; } = [];

    public IReadOnlyList<CompetitorDto> Competitors { get; private set; } = [];

    /// <summary>Reps, managers and admins move pursuits; viewers only read.</summary>
    public bool CanEdit { get; private set; }

    /// <summary>Managers and admins override gates and reopen closed pursuits.</summary>
    public bool CanOverride { get; private set; }

    public MoveRefusal? Refusal { get; private set; }

    [BindProperty] public OverrideForm Override { get; set; } = new();

    [BindProperty] public BackForm Back { get; set; } = new();

    [BindProperty] public CloseForm Close { get; set; } = new();

    [BindProperty] public ReopenForm Reopen { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    /// <summary>To the next stage (won after the last); refused with the unmet criteria while the gate is closed.</summary>
    public Task<IActionResult> OnPostAdvanceAsync(long id, long version, [FromServices] AdvanceOpportunity advance, CancellationToken ct) =>
        MoveAsync(id, "", null,
            () => advance.HandleAsync(id, version, new AdvanceInput(null, null, null), ct),
            moved => Moved(moved, OpportunitiesText.FlashAdvanced), ct);

    /// <summary>A manager moves on past unmet criteria, with a reason the history keeps.</summary>
    public Task<IActionResult> OnPostOverrideAsync(long id, long version, [FromServices] AdvanceOpportunity advance, CancellationToken ct) =>
        MoveAsync(id, nameof(Override), OverrideForm.ErrorFields,
            () => advance.HandleAsync(id, version, new AdvanceInput(null, new OverrideInput(Override.Reason ?? ""), null), ct),
            moved => Moved(moved, OpportunitiesText.FlashOverridden), ct);

    /// <summary>Back to an earlier stage of the pipeline, with a reason.</summary>
    public async Task<IActionResult> OnPostBackAsync(long id, long version, [FromServices] AdvanceOpportunity advance, CancellationToken ct)
    {
        var current = await get.HandleAsync(id, ct);
        Pipelines = await listPipelines.HandleAsync(ct);
        var pipeline = OpportunityView.PipelineOf(Pipelines, current.PipelineId);
        // Without a stage the core would move forward; a later stage is not "back". Both are refused here.
        if (Text.Clean(Back.ToStage) is not { } toStage || !EarlierStages(pipeline, current.Stage).Any(s => s.Key == toStage))
        {
            ModelState.AddModelError($"{nameof(Back)}.{nameof(BackForm.ToStage)}", OpportunitiesText.ChooseEarlierStage);
        }
        return await MoveAsync(id, nameof(Back), null,
            () => advance.HandleAsync(id, version, new AdvanceInput(Back.ToStage, null, Back.Reason ?? ""), ct),
            moved => Validator.Format(OpportunitiesText.FlashMovedBack, OpportunityView.StageName(pipeline, moved.Stage)), ct);
    }

    /// <summary>
    /// Closes as lost or dropped. A competitor typed by name is added first, in the same
    /// transaction as the close, so a refused close leaves no new competitor behind.
    /// </summary>
    public async Task<IActionResult> OnPostCloseAsync(long id, long version,
        [FromServices] CloseOpportunity close, [FromServices] CreateCompetitor createCompetitor, [FromServices] BridgeheadDb db, CancellationToken ct)
    {
        var newName = Text.Clean(Close.NewCompetitor);
        if (newName is not null && Close.CompetitorId is not null)
        {
            ModelState.AddModelError($"{nameof(Close)}.{nameof(CloseForm.NewCompetitor)}", OpportunitiesText.CompetitorTwice);
        }
        return await MoveAsync(id, nameof(Close), CloseForm.ErrorFields, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var competitorId = Close.CompetitorId;
            if (newName is not null)
            {
                competitorId = (await createCompetitor.HandleAsync(new CompetitorInput(newName), ct)).Competitor.Id;
            }
            var closed = await close.HandleAsync(id, version, new CloseInput(Close.Outcome, Close.Reason, competitorId, Close.Note), ct);
            await transaction.CommitAsync(ct);
            return closed;
        }, moved => Validator.Format(OpportunitiesText.FlashClosed, Labels.Of(moved.Status)), ct);
    }

    /// <summary>A manager opens a closed pursuit again in the stage where it closed.</summary>
    public Task<IActionResult> OnPostReopenAsync(long id, long version, [FromServices] ReopenOpportunity reopen, CancellationToken ct) =>
        MoveAsync(id, nameof(Reopen), null,
            () => reopen.HandleAsync(id, version, new ReopenInput(Reopen.Reason ?? ""), ct),
            moved => Moved(moved, OpportunitiesText.FlashReopened), ct);

    /// <summary>The history fragment, loaded when the reader opens it.</summary>
    public async Task<IActionResult> OnGetHistoryAsync(long id, string? cursor, CancellationToken ct)
    {
        var current = await get.HandleAsync(id, ct);
        var pipelines = await listPipelines.HandleAsync(ct);
        var competitors = await HttpContext.RequestServices.GetRequiredService<ListCompetitors>().HandleAsync(ct);
        var formatters = Formatters(current, pipelines, competitors);
        var partners = (await HttpContext.RequestServices.GetRequiredService<ListPartnerChoices>().HandleAsync(null, ct)).ToDictionary(p => p.Id, p => p.Name);
        formatters["partners"] = value => RoutePartnerText(value, partners);
        formatters["routeDecidedAt"] = formatters["closedAt"];
        return await HistoryFragment.RenderAsync(this, HttpContext.RequestServices, "opportunity", id, cursor,
            OpportunitiesText.ResourceManager, EnumFields, $"/opportunities/{id}?handler=history", ct, formatters);
    }

    /// <summary>A route partner as the history stores it ("40:Distributor:12.00") read as "Hanbit (Distributor, 12%)".</summary>
    private static string RoutePartnerText(string value, IReadOnlyDictionary<long, string> names)
    {
        var parts = value.Split(':');
        if (parts.Length != 3 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var accountId) || !Enum.TryParse<PartnerRole>(parts[1], out var role))
        {
            return value;
        }
        var name = names.GetValueOrDefault(accountId) ?? parts[0];
        return decimal.TryParse(parts[2], NumberStyles.Number, CultureInfo.InvariantCulture, out var share)
            ? $"{name} ({Labels.Of(role)}, {Display.Percent(share)})"
            : $"{name} ({Labels.Of(role)})";
    }

    /// <summary>The stages a pursuit may move back to: active pursuit stages before the current one.</summary>
    public static IReadOnlyList<PipelineStageDto> EarlierStages(PipelineDto? pipeline, string stage)
    {
        var number = pipeline?.Stages.FirstOrDefault(s => s.Key == stage)?.Number ?? 0;
        return [.. (pipeline?.Stages ?? []).Where(s => s is { IsPursuit: true, Skipped: false } && s.Number < number)];
    }

    public IReadOnlyList<SelectListItem> BackChoices() =>
        [.. EarlierStages(Pipeline, Opportunity.Stage).Select(s => new SelectListItem($"{s.Number}. {s.Name}", s.Key))];

    public IReadOnlyList<SelectListItem> CompetitorChoices() =>
        [.. Competitors.Select(c => new SelectListItem(c.Name, c.Id.ToString(CultureInfo.InvariantCulture)))];

    public string StageName(string key) => OpportunityView.StageName(Pipeline, key);

    public string StageName(long pipelineId, string key) => OpportunityView.StageName(OpportunityView.PipelineOf(Pipelines, pipelineId), key);

    /// <summary>Names of gate criteria by key, for the criteria an override passed.</summary>
    public string CriterionName(string key) =>
        Pipelines.SelectMany(p => p.Stages).SelectMany(s => s.Criteria).FirstOrDefault(c => c.Key == key)?.Name ?? key;

    /// <summary>The competitor who won a lost pursuit, by name.</summary>
    public string? WinningCompetitor =>
        Opportunity.WinningCompetitorId is { } id ? Competitors.FirstOrDefault(c => c.Id == id)?.Name : null;

    /// <summary>The note written when the pursuit was closed (the latest close step).</summary>
    public string? CloseNote =>
        History.FirstOrDefault(s => s.Move is StageMove.Lost or StageMove.Dropped)?.Reason;

    /// <summary>Whether a form of the page has errors, so its section opens to show them.</summary>
    public bool HasErrors(string prefix) =>
        ModelState.Any(e => e.Key.StartsWith(prefix + ".", StringComparison.Ordinal) && e.Value?.Errors.Count > 0);

    private string Moved(OpportunityDto moved, string template) => moved.Status == OpportunityStatus.Won
        ? OpportunitiesText.FlashWon
        : Validator.Format(template, OpportunityView.StageName(OpportunityView.PipelineOf(Pipelines, moved.PipelineId), moved.Stage));

    /// <summary>
    /// Runs a move: on success back to the page with a message; refused, the page again with the
    /// reasons (field errors inline, unmet criteria or a role's refusal in a list); stale, the
    /// latest version with the "someone else changed it" message.
    /// </summary>
    private async Task<IActionResult> MoveAsync(long id, string prefix, IReadOnlyDictionary<string, string>? fields,
        Func<Task<OpportunityDto>> move, Func<OpportunityDto, string> flash, CancellationToken ct)
    {
        if (Pipelines.Count == 0)
        {
            Pipelines = await listPipelines.HandleAsync(ct);
        }
        OpportunityDto? moved = null;
        SaveResult result;
        try
        {
            result = await FormSave.TryAsync(ModelState, async () => moved = await move(), fields, prefix);
        }
        catch (ConflictException e)
        {
            var gateClosed = e.Extensions.ContainsKey("unmet");
            Refusal = new MoveRefusal(gateClosed ? OpportunitiesText.AdvanceRefused : OpportunitiesText.MoveRefused, e.Rules);
            result = SaveResult.Refused;
        }
        catch (ForbiddenException e)
        {
            Refusal = new MoveRefusal(OpportunitiesText.MoveForbidden, [e.Message]);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            result = SaveResult.Refused;
        }
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = flash(moved!);
            return Redirect($"/opportunities/{id}");
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        var services = HttpContext.RequestServices;
        Opportunity = await get.HandleAsync(id, ct);
        if (Pipelines.Count == 0)
        {
            Pipelines = await listPipelines.HandleAsync(ct);
        }
        Pipeline = OpportunityView.PipelineOf(Pipelines, Opportunity.PipelineId);
        var viewer = ViewerSource.FromPrincipal(User);
        CanEdit = viewer?.CanEditSales == true;
        CanOverride = CanEdit && viewer!.CanOverrideGates;
        var open = Opportunity.Status == OpportunityStatus.Open;
        if (open)
        {
            Gate = await services.GetRequiredService<GetGate>().HandleAsync(id, ct);
            Playbook = Pursuits.Playbook.For(Opportunity.Stage);
        }
        History = [.. (await services.GetRequiredService<GetStageHistory>().HandleAsync(id, ct)).Reverse()];
        if ((CanEdit && open) || Opportunity.WinningCompetitorId is not null)
        {
            Competitors = await services.GetRequiredService<ListCompetitors>().HandleAsync(ct);
        }
    }

    private static readonly Dictionary<string, Type> EnumFields = new()
    {
        ["route"] = typeof(Route),
        ["status"] = typeof(OpportunityStatus),
        ["forecastCategory"] = typeof(ForecastCategory),
        ["closeReason"] = typeof(CloseReason),
    };

    /// <summary>
    /// Stage keys read as their names, the pipeline and the winning competitor by their names, amounts,
    /// times and dates as the UI writes them, and the current account by its name (an account it moved
    /// from stays a number).
    /// </summary>
    private static Dictionary<string, Func<string, string>> Formatters(
        OpportunityDto current, IReadOnlyList<PipelineDto> pipelines, IReadOnlyList<CompetitorDto> competitors) => new()
    {
        ["winningCompetitorId"] = value => long.TryParse(value, CultureInfo.InvariantCulture, out var c) && competitors.FirstOrDefault(x => x.Id == c) is { } rival
            ? rival.Name : value,
        ["accountId"] = value => value == current.AccountId.ToString(CultureInfo.InvariantCulture) ? current.AccountName : value,
        ["pipelineId"] = value => long.TryParse(value, CultureInfo.InvariantCulture, out var p) && OpportunityView.PipelineOf(pipelines, p) is { } pipeline
            ? pipeline.Name : value,
        ["stage"] = value => OpportunityView.StageName(OpportunityView.PipelineOf(pipelines, current.PipelineId), value),
        ["stageEnteredAt"] = value => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? Display.DateTime(at) : value,
        ["closedAt"] = value => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? Display.DateTime(at) : value,
        ["expectedCloseDate"] = value => DateOnly.TryParse(value, CultureInfo.InvariantCulture, out var date) ? Display.Date(date) : value,
        ["estimatedAnnualValue"] = value => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
            ? amount.ToString("#,0.##", CultureInfo.CurrentCulture) : value,
        ["probability"] = value => int.TryParse(value, CultureInfo.InvariantCulture, out var p) ? OpportunityView.Probability(p) : value,
    };
}
