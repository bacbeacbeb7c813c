using System.ComponentModel.DataAnnotations;

namespace Bridgehead.Trials;

/// <summary>The plan of a phase as posted by the browser (bound as "Form"): scope, planned dates, planned output, notes.</summary>
public sealed class PlanForm
{
    /// <summary>The core's field names for the scope, mapped onto this form's.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["scope.productIds"] = nameof(ProductIds),
        ["scope.lines"] = nameof(Lines),
    };

    public TrialKind? Kind { get; set; }

    [Display(Name = nameof(TrialPagesText.Products), ResourceType = typeof(TrialPagesText))]
    public List<long> ProductIds { get; set; } = [];

    [Display(Name = nameof(TrialPagesText.Lines), ResourceType = typeof(TrialPagesText))]
    public string? Lines { get; set; }

    [Display(Name = nameof(TrialPagesText.PlannedStart), ResourceType = typeof(TrialPagesText))]
    public DateOnly? PlannedStart { get; set; }

    [Display(Name = nameof(TrialPagesText.PlannedEnd), ResourceType = typeof(TrialPagesText))]
    public DateOnly? PlannedEnd { get; set; }

    [Display(Name = nameof(TrialPagesText.PlannedOutput), ResourceType = typeof(TrialPagesText))]
    public decimal? PlannedOutput { get; set; }

    [Display(Name = nameof(TrialPagesText.Notes), ResourceType = typeof(TrialPagesText))]
    public string? Notes { get; set; }

    public long Version { get; set; }

    private TrialScopeInput Scope => new()
    {
        ProductIds = ProductIds,
        Lines = (Lines ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
    };

    public NewTrialPhaseInput ToNew() => new()
    {
        Kind = Kind,
        Scope = Scope,
        PlannedStart = PlannedStart,
        PlannedEnd = PlannedEnd,
        PlannedOutput = Kind == TrialKind.MassProduction ? PlannedOutput : null,
        Notes = Notes,
    };

    /// <summary>The phase's current values with this plan (the result stays as it is).</summary>
    public TrialPhaseInput ApplyTo(TrialPhaseInput current, TrialKind kind) => current with
    {
        Scope = Scope,
        PlannedStart = PlannedStart,
        PlannedEnd = PlannedEnd,
        PlannedOutput = kind == TrialKind.MassProduction ? PlannedOutput : null,
        Notes = Notes,
    };

    public static PlanForm From(TrialPhaseDto p) => new()
    {
        Kind = p.Kind,
        ProductIds = [.. p.Scope.ProductIds],
        Lines = string.Join("\n", p.Scope.Lines),
        PlannedStart = p.PlannedStart,
        PlannedEnd = p.PlannedEnd,
        PlannedOutput = (p as TrialRunDto)?.PlannedOutput,
        Notes = p.Notes,
        Version = p.Version,
    };

    /// <summary>
    /// A new phase's form: a pilot round starts from the round before it (a round may not shrink),
    /// and round 3 and later from every item of the sent quotes too.
    /// </summary>
    public static PlanForm For(TrialKind kind, TrialPlanDto plan)
    {
        var form = new PlanForm { Kind = kind };
        if (kind != TrialKind.Pilot)
        {
            return form;
        }
        var last = plan.Phases.Where(p => p.Kind == TrialKind.Pilot).MaxBy(p => p.Round);
        if (last is not null)
        {
            form.ProductIds = [.. last.Scope.ProductIds];
            form.Lines = string.Join("\n", last.Scope.Lines);
        }
        if (plan.NextRound >= TrialRules.AllItemsFromRound)
        {
            form.ProductIds = [.. form.ProductIds.Concat(plan.QuotedItems.Select(q => q.Id)).Distinct()];
        }
        return form;
    }
}

/// <summary>The result of a phase as posted by quality (bound as "Form").</summary>
public sealed class ResultForm
{
    [Display(Name = nameof(TrialPagesText.Result), ResourceType = typeof(TrialPagesText))]
    public TrialResult? Result { get; set; }

    [Display(Name = nameof(TrialPagesText.ActualStart), ResourceType = typeof(TrialPagesText))]
    public DateOnly? ActualStart { get; set; }

    [Display(Name = nameof(TrialPagesText.ActualEnd), ResourceType = typeof(TrialPagesText))]
    public DateOnly? ActualEnd { get; set; }

    [Display(Name = nameof(TrialPagesText.Issues), ResourceType = typeof(TrialPagesText))]
    public string? Issues { get; set; }

    [Display(Name = nameof(TrialPagesText.CorrectiveActions), ResourceType = typeof(TrialPagesText))]
    public string? CorrectiveActions { get; set; }

    [Display(Name = nameof(TrialPagesText.ActualOutput), ResourceType = typeof(TrialPagesText))]
    public decimal? ActualOutput { get; set; }

    [Display(Name = nameof(TrialPagesText.YieldPercent), ResourceType = typeof(TrialPagesText))]
    public decimal? YieldPercent { get; set; }

    [Display(Name = nameof(TrialPagesText.ContinuousHours), ResourceType = typeof(TrialPagesText))]
    public decimal? ContinuousHours { get; set; }

    [Display(Name = nameof(TrialPagesText.DrillOn), ResourceType = typeof(TrialPagesText))]
    public DateOnly? DrillOn { get; set; }

    [Display(Name = nameof(TrialPagesText.DrillResult), ResourceType = typeof(TrialPagesText))]
    public TrialResult? DrillResult { get; set; }

    [Display(Name = nameof(TrialPagesText.DrillNotes), ResourceType = typeof(TrialPagesText))]
    public string? DrillNotes { get; set; }

    [Display(Name = nameof(TrialPagesText.Auditors), ResourceType = typeof(TrialPagesText))]
    public string? Auditors { get; set; }

    public long Version { get; set; }

    /// <summary>The phase's current values with this result (the plan stays as it is); fields of other kinds stay empty.</summary>
    public TrialPhaseInput ApplyTo(TrialPhaseInput current, TrialKind kind)
    {
        var run = kind == TrialKind.MassProduction;
        return current with
        {
            Result = Result,
            ActualStart = ActualStart,
            ActualEnd = ActualEnd,
            Issues = Issues,
            CorrectiveActions = CorrectiveActions,
            ActualOutput = run ? ActualOutput : null,
            YieldPercent = run ? YieldPercent : null,
            ContinuousHours = run ? ContinuousHours : null,
            DrillOn = run ? DrillOn : null,
            DrillResult = run ? DrillResult ?? TrialResult.Pending : null,
            DrillNotes = run ? DrillNotes : null,
            Auditors = kind == TrialKind.Audit ? Auditors : null,
        };
    }

    public static ResultForm From(TrialPhaseDto p)
    {
        var run = p as TrialRunDto;
        return new()
        {
            Result = p.Result,
            ActualStart = p.ActualStart,
            ActualEnd = p.ActualEnd,
            Issues = p.Issues,
            CorrectiveActions = p.CorrectiveActions,
            ActualOutput = run?.ActualOutput,
            YieldPercent = run?.YieldPercent,
            ContinuousHours = run?.ContinuousHours,
            DrillOn = run?.DrillOn,
            DrillResult = run?.DrillResult,
            DrillNotes = run?.DrillNotes,
            Auditors = (p as TrialAuditDto)?.Auditors,
            Version = p.Version,
        };
    }
}

/// <summary>A new finding as posted from the phase page (bound as "Finding").</summary>
public sealed class FindingForm
{
    [Display(Name = nameof(TrialPagesText.FindingText), ResourceType = typeof(TrialPagesText))]
    public string? Text { get; set; }

    [Display(Name = nameof(TrialPagesText.Severity), ResourceType = typeof(TrialPagesText))]
    public FindingSeverity? Severity { get; set; }

    [Display(Name = nameof(TrialPagesText.DueOn), ResourceType = typeof(TrialPagesText))]
    public DateOnly? DueOn { get; set; }

    public NewFindingInput ToInput() => new() { Text = Text, Severity = Severity, DueOn = DueOn };
}

/// <summary>Closing or reopening a finding from the phase page (bound as "Close").</summary>
public sealed class CloseForm
{
    public long FindingId { get; set; }

    public long Version { get; set; }

    /// <summary>True closes (with the resolution), false reopens.</summary>
    public bool Close { get; set; }

    [Display(Name = nameof(TrialPagesText.Resolution), ResourceType = typeof(TrialPagesText))]
    public string? Resolution { get; set; }
}

/// <summary>How phases, results and findings look on the pages.</summary>
public static class TrialView
{
    public static string ResultClass(TrialResult result, bool counts = false) => result switch
    {
        TrialResult.Passed => "trial-passed",
        TrialResult.Conditional => counts ? "trial-passed" : "trial-conditional",
        TrialResult.Failed => "trial-failed",
        TrialResult.Pending => "trial-pending",
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    public static string SeverityClass(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Critical => "severity-critical",
        FindingSeverity.Major => "severity-major",
        FindingSeverity.Minor => "neutral",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    /// <summary>A run figure as people read it (thousands separated, no trailing zeros), or "not set".</summary>
    public static string Number(decimal? value) => value is { } v ? TrialRules.Format(v) : Shared.UiText.NotSet;

    public static string Dates(DateOnly? start, DateOnly? end) => start is null && end is null
        ? Shared.UiText.NotSet
        : $"{Shared.Display.Date(start)} – {Shared.Display.Date(end)}";

    /// <summary>Where a phase opens: quality and admin go to the result form from their worklist, everyone else to the phase page.</summary>
    public static string OpenFindings(int count) =>
        count == 1 ? TrialPagesText.OpenFindingsOne : Common.Validator.Format(TrialPagesText.OpenFindingsCount, count);

    /// <summary>"1 finding, closed" or "3 findings, all closed".</summary>
    public static string FindingsAllClosed(int count) =>
        count == 1 ? TrialPagesText.FindingsAllClosedOne : Common.Validator.Format(TrialPagesText.FindingsAllClosed, count);

    public static string PhaseUrl(long phaseId) => $"/trials/{phaseId}";

    public static string ResultUrl(long phaseId) => $"/trials/{phaseId}/result";
}
