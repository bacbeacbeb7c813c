using Bridgehead.Common;

namespace Bridgehead.Trials;

/// <summary>What a phase tests: catalogue product ids and the customer's lines (compared without case).</summary>
public sealed record TrialScopeInput
{
    public IReadOnlyList<long>? ProductIds { get; init; }

    public IReadOnlyList<string>? Lines { get; init; }
}

/// <summary>
/// Planning a phase (the body of POST): kind; round for pilots (left out: the next); scope;
/// planned dates; planned output (the run only); notes.
/// </summary>
public sealed record NewTrialPhaseInput
{
    public TrialKind? Kind { get; init; }

    public int? Round { get; init; }

    public TrialScopeInput? Scope { get; init; }

    public DateOnly? PlannedStart { get; init; }

    public DateOnly? PlannedEnd { get; init; }

    public decimal? PlannedOutput { get; init; }

    public string? Notes { get; init; }

    /// <summary>The same values as a change of a phase's plan.</summary>
    internal TrialPhaseInput AsPlan() => new()
    {
        Scope = Scope,
        PlannedStart = PlannedStart,
        PlannedEnd = PlannedEnd,
        PlannedOutput = PlannedOutput,
        Notes = Notes,
        Result = TrialResult.Pending,
        DrillResult = Kind == TrialKind.MassProduction ? TrialResult.Pending : null,
    };
}

/// <summary>
/// A phase's editable fields; merged, the body of PATCH. The plan (scope, planned dates, planned
/// output, notes) is the sales side's; the result (actual dates, result, issues, corrective
/// actions, run figures, drill, auditors) quality's. Run fields belong to the mass-production run,
/// auditors to the audit.
/// </summary>
public sealed record TrialPhaseInput
{
    public TrialScopeInput? Scope { get; init; }

    public DateOnly? PlannedStart { get; init; }

    public DateOnly? PlannedEnd { get; init; }

    public decimal? PlannedOutput { get; init; }

    public string? Notes { get; init; }

    public DateOnly? ActualStart { get; init; }

    public DateOnly? ActualEnd { get; init; }

    public TrialResult? Result { get; init; }

    public string? Issues { get; init; }

    public string? CorrectiveActions { get; init; }

    public decimal? ActualOutput { get; init; }

    public decimal? YieldPercent { get; init; }

    public decimal? ContinuousHours { get; init; }

    public DateOnly? DrillOn { get; init; }

    public TrialResult? DrillResult { get; init; }

    public string? DrillNotes { get; init; }

    public string? Auditors { get; init; }

    public static TrialPhaseInput From(TrialPhase p)
    {
        var run = p.Kind == TrialKind.MassProduction;
        return new()
        {
            Scope = new TrialScopeInput { ProductIds = [.. p.ProductIds], Lines = [.. p.Lines] },
            PlannedStart = p.PlannedStart,
            PlannedEnd = p.PlannedEnd,
            PlannedOutput = run ? p.PlannedOutput : null,
            Notes = p.Notes,
            ActualStart = p.ActualStart,
            ActualEnd = p.ActualEnd,
            Result = p.Result,
            Issues = p.Issues,
            CorrectiveActions = p.CorrectiveActions,
            ActualOutput = run ? p.ActualOutput : null,
            YieldPercent = run ? p.YieldPercent : null,
            ContinuousHours = run ? p.ContinuousHours : null,
            DrillOn = run ? p.DrillOn : null,
            DrillResult = run ? p.DrillResult : null,
            DrillNotes = run ? p.DrillNotes : null,
            Auditors = p.Kind == TrialKind.Audit ? p.Auditors : null,
        };
    }

    internal List<long> CleanProductIds => TrialRules.CleanProducts(Scope?.ProductIds);

    internal List<string> CleanLines => TrialRules.CleanLines(Scope?.Lines);

    /// <summary>Whether the plan differs from <paramref name="other"/>'s (lines compared without case, text trimmed).</summary>
    internal bool SamePlan(TrialPhaseInput other) =>
        CleanProductIds.SequenceEqual(other.CleanProductIds)
        && CleanLines.SequenceEqual(other.CleanLines, StringComparer.Ordinal)
        && PlannedStart == other.PlannedStart
        && PlannedEnd == other.PlannedEnd
        && PlannedOutput == other.PlannedOutput
        && Text.Clean(Notes) == Text.Clean(other.Notes);

    /// <summary>Whether the result differs from <paramref name="other"/>'s.</summary>
    internal bool SameResult(TrialPhaseInput other) =>
        ActualStart == other.ActualStart
        && ActualEnd == other.ActualEnd
        && Result == other.Result
        && Text.Clean(Issues) == Text.Clean(other.Issues)
        && Text.Clean(CorrectiveActions) == Text.Clean(other.CorrectiveActions)
        && ActualOutput == other.ActualOutput
        && YieldPercent == other.YieldPercent
        && ContinuousHours == other.ContinuousHours
        && DrillOn == other.DrillOn
        && DrillResult == other.DrillResult
        && Text.Clean(DrillNotes) == Text.Clean(other.DrillNotes)
        && Text.Clean(Auditors) == Text.Clean(other.Auditors);

    /// <summary>
    /// The checks that need no database: lengths, ranges, dates in order, fields that belong to
    /// another kind, and what a recorded result needs. <paramref name="today"/> stands in for a
    /// missing actual end once a result is recorded.
    /// </summary>
    internal void Check(Validator v, TrialKind kind, DateOnly today)
    {
        var lines = CleanLines;
        if (lines.Count > TrialRules.MaxLines)
        {
            v.Add("scope.lines", Validator.Format(TrialsText.TooManyLines, TrialRules.MaxLines));
        }
        foreach (var line in lines.Where(l => l.Length > TrialPhase.MaxLine))
        {
            v.Add("scope.lines", Validator.Format(TrialsText.LineTooLong, Text.Excerpt(line, 40), TrialPhase.MaxLine));
        }
        if (CleanProductIds.Count > TrialRules.MaxProducts)
        {
            v.Add("scope.productIds", Validator.Format(TrialsText.TooManyProducts, TrialRules.MaxProducts));
        }
        if (kind == TrialKind.Pilot)
        {
            if (CleanProductIds.Count == 0)
            {
                v.Add("scope.productIds", TrialsText.PilotNeedsProduct);
            }
            if (lines.Count == 0)
            {
                v.Add("scope.lines", TrialsText.PilotNeedsLine);
            }
        }
        v.MaxLength("notes", Text.Clean(Notes), TrialPhase.MaxText);
        v.MaxLength("issues", Text.Clean(Issues), TrialPhase.MaxText);
        v.MaxLength("correctiveActions", Text.Clean(CorrectiveActions), TrialPhase.MaxText);
        TrialRules.CheckDates(v, "plannedEnd", PlannedStart, PlannedEnd);
        TrialRules.CheckDates(v, "actualEnd", ActualStart, EffectiveActualEnd(today));
        v.Defined("result", Result);
        v.Defined("drillResult", DrillResult);
        if (Result is null)
        {
            v.Add("result", CommonText.Required);
        }
        else if (Result is TrialResult.Failed or TrialResult.Conditional && Text.Clean(Issues) is null)
        {
            v.Add("issues", TrialsText.IssuesRequired);
        }

        var run = kind == TrialKind.MassProduction;
        OnlyFor(v, run, "plannedOutput", PlannedOutput is not null, TrialsText.OnlyForRun);
        OnlyFor(v, run, "actualOutput", ActualOutput is not null, TrialsText.OnlyForRun);
        OnlyFor(v, run, "yieldPercent", YieldPercent is not null, TrialsText.OnlyForRun);
        OnlyFor(v, run, "continuousHours", ContinuousHours is not null, TrialsText.OnlyForRun);
        OnlyFor(v, run, "drillOn", DrillOn is not null, TrialsText.OnlyForRun);
        OnlyFor(v, run, "drillResult", DrillResult is not null, TrialsText.OnlyForRun);
        OnlyFor(v, run, "drillNotes", Text.Clean(DrillNotes) is not null, TrialsText.OnlyForRun);
        OnlyFor(v, kind == TrialKind.Audit, "auditors", Text.Clean(Auditors) is not null, TrialsText.OnlyForAudit);
        if (run)
        {
            TrialRules.CheckQuantity(v, "plannedOutput", PlannedOutput);
            TrialRules.CheckQuantity(v, "actualOutput", ActualOutput);
            TrialRules.CheckQuantity(v, "continuousHours", ContinuousHours);
            TrialRules.CheckQuantity(v, "yieldPercent", YieldPercent, 100m);
            v.MaxLength("drillNotes", Text.Clean(DrillNotes), TrialPhase.MaxText);
        }
        v.MaxLength("auditors", Text.Clean(Auditors), TrialPhase.MaxAuditors);
    }

    private static void OnlyFor(Validator v, bool allowed, string field, bool given, string message)
    {
        if (!allowed && given)
        {
            v.Add(field, message);
        }
    }

    /// <summary>The actual end as saved: a recorded result without one ends today.</summary>
    internal DateOnly? EffectiveActualEnd(DateOnly today) =>
        ActualEnd ?? (Result is { } r && r != TrialResult.Pending ? today : null);

    /// <summary>Copies the plan onto the phase.</summary>
    internal void ApplyPlan(TrialPhase p)
    {
        p.ProductIds = CleanProductIds;
        p.Lines = CleanLines;
        p.PlannedStart = PlannedStart;
        p.PlannedEnd = PlannedEnd;
        p.PlannedOutput = p.Kind == TrialKind.MassProduction ? PlannedOutput : null;
        p.Notes = Text.Clean(Notes);
    }

    /// <summary>Copies the result onto the phase; a changed result says who recorded it and when (pending clears both).</summary>
    internal void ApplyResult(TrialPhase p, long? userId, DateTime now)
    {
        var result = Result ?? TrialResult.Pending;
        if (result != p.Result)
        {
            p.ResultRecordedAt = result == TrialResult.Pending ? null : now;
            p.ResultRecordedById = result == TrialResult.Pending ? null : userId;
        }
        p.Result = result;
        p.ActualStart = ActualStart;
        p.ActualEnd = EffectiveActualEnd(DateOnly.FromDateTime(now));
        p.Issues = Text.Clean(Issues);
        p.CorrectiveActions = Text.Clean(CorrectiveActions);
        if (p.Kind == TrialKind.MassProduction)
        {
            p.ActualOutput = ActualOutput;
            p.YieldPercent = YieldPercent;
            p.ContinuousHours = ContinuousHours;
            p.DrillOn = DrillOn;
            p.DrillResult = DrillResult ?? TrialResult.Pending;
            p.DrillNotes = Text.Clean(DrillNotes);
        }
        if (p.Kind == TrialKind.Audit)
        {
            p.Auditors = Text.Clean(Auditors);
        }
    }
}

/// <summary>Recording a finding (the body of POST): text, severity, the day it is due to be closed.</summary>
public sealed record NewFindingInput
{
    public string? Text { get; init; }

    public FindingSeverity? Severity { get; init; }

    public DateOnly? DueOn { get; init; }
}

/// <summary>A finding's editable fields; merged, the body of PATCH. Closing needs a resolution; reopening keeps it.</summary>
public sealed record FindingInput
{
    public string? Text { get; init; }

    public FindingSeverity? Severity { get; init; }

    public DateOnly? DueOn { get; init; }

    public FindingStatus? Status { get; init; }

    public string? Resolution { get; init; }

    public static FindingInput From(TrialFinding f) => new()
    {
        Text = f.Text,
        Severity = f.Severity,
        DueOn = f.DueOn,
        Status = f.Status,
        Resolution = f.Resolution,
    };

    internal void Check(Validator v)
    {
        v.Required("text", Common.Text.Clean(Text), TrialFinding.MaxText);
        if (Severity is null)
        {
            v.Add("severity", CommonText.Required);
        }
        v.Defined("severity", Severity);
        if (Status is null)
        {
            v.Add("status", CommonText.Required);
        }
        v.Defined("status", Status);
        v.MaxLength("resolution", Common.Text.Clean(Resolution), TrialFinding.MaxText);
        if (Status == FindingStatus.Closed && Common.Text.Clean(Resolution) is null)
        {
            v.Add("resolution", TrialsText.ResolutionRequired);
        }
    }
}
