using Bridgehead.Common;
using Bridgehead.Pursuits;

namespace Bridgehead.Trials;

/// <summary>What a phase of the customer's testing is.</summary>
public enum TrialKind
{
    /// <summary>A pilot round: round 1 one item on one line, round 2 several of each, round 3 and later all items.</summary>
    Pilot,

    /// <summary>Continuous running at volume with the emergency-response drill.</summary>
    MassProduction,

    /// <summary>The customer's final audit of our plant and processes.</summary>
    Audit,
}

/// <summary>How a phase came out. Conditional counts as passed once all its findings are closed.</summary>
public enum TrialResult
{
    Pending,
    Passed,
    Conditional,
    Failed,
}

public enum FindingSeverity
{
    Minor,
    Major,
    Critical,
}

public enum FindingStatus
{
    Open,
    Closed,
}

/// <summary>
/// Stage 8: one phase of the customer's testing of our product: a pilot round, the
/// mass-production run, or the audit. The seller plans it; the quality role records how it went.
/// Phases of one kind-specific shape share one table: the run and audit columns stay empty on a pilot.
/// </summary>
public sealed class TrialPhase : Entity, IAudited, IUnderAccount
{
    public const int MaxText = 4000;
    public const int MaxLine = 100;
    public const int MaxAuditors = 500;

    /// <summary>The pursuit's account, kept here so visibility needs no join.</summary>
    public long AccountId { get; set; }

    public long OpportunityId { get; set; }

    public Opportunity? Opportunity { get; set; }

    public TrialKind Kind { get; set; }

    /// <summary>1, 2, 3... for pilot rounds (unique per pursuit); 0 for the run and the audit (one each per pursuit).</summary>
    public int Round { get; set; }

    /// <summary>Pilot scope: our products under test (catalogue ids). A round's scope may not shrink from the round before.</summary>
    public List<long> ProductIds { get; set; } = [];

    /// <summary>Pilot scope: the customer's production lines the items run on ("Line 2", "Press shop B").</summary>
    public List<string> Lines { get; set; } = [];

    public DateOnly? PlannedStart { get; set; }

    public DateOnly? PlannedEnd { get; set; }

    public DateOnly? ActualStart { get; set; }

    public DateOnly? ActualEnd { get; set; }

    public TrialResult Result { get; set; }

    public DateTime? ResultRecordedAt { get; set; }

    public long? ResultRecordedById { get; set; }

    /// <summary>What went wrong or was observed.</summary>
    public string? Issues { get; set; }

    /// <summary>What we did or will do about it.</summary>
    public string? CorrectiveActions { get; set; }

    // Mass-production run.
    public decimal? PlannedOutput { get; set; }

    public decimal? ActualOutput { get; set; }

    /// <summary>Good parts over parts made, in percent (0-100).</summary>
    public decimal? YieldPercent { get; set; }

    /// <summary>Hours of continuous running achieved.</summary>
    public decimal? ContinuousHours { get; set; }

    /// <summary>The day the emergency-response drill was held.</summary>
    public DateOnly? DrillOn { get; set; }

    /// <summary>How the emergency-response drill went.</summary>
    public TrialResult DrillResult { get; set; }

    public string? DrillNotes { get; set; }

    // Audit.
    /// <summary>Who audited us, as the customer named them.</summary>
    public string? Auditors { get; set; }

    public string? Notes { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>Something a phase found (mostly the audit) with its severity; a conditional pass waits for every finding to close.</summary>
public sealed class TrialFinding : Entity, IAudited, IUnderAccount
{
    public const int MaxText = 2000;

    public long AccountId { get; set; }

    public long PhaseId { get; set; }

    public TrialPhase? Phase { get; set; }

    public required string Text { get; set; }

    public FindingSeverity Severity { get; set; }

    public FindingStatus Status { get; set; }

    /// <summary>The corrective action that closed it; required to close.</summary>
    public string? Resolution { get; set; }

    public DateOnly? DueOn { get; set; }

    public DateTime? ClosedAt { get; set; }

    public long? ClosedById { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}
