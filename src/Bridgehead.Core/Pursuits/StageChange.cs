namespace Bridgehead.Pursuits;

/// <summary>What happened to an opportunity's stage or status.</summary>
public enum StageMove
{
    /// <summary>The pursuit was opened in this stage.</summary>
    Opened,

    /// <summary>Moved forward with every criterion of the gate met.</summary>
    Advanced,

    /// <summary>Moved forward by a manager although criteria were unmet; the reason and the unmet criteria are kept.</summary>
    Overridden,

    /// <summary>Moved back to an earlier stage, with a reason.</summary>
    MovedBack,

    /// <summary>Won through the last pursuit stage's gate.</summary>
    Won,

    Lost,

    Dropped,

    /// <summary>A manager opened a closed pursuit again.</summary>
    Reopened,

    /// <summary>The opportunity was moved to another pipeline; the stage stays.</summary>
    PipelineChanged,
}

/// <summary>Why a pursuit was lost or dropped.</summary>
public enum CloseReason
{
    Price,
    Service,
    Capacity,
    Relationship,
    CompetitorChosen,
    ProjectCancelled,
    WeWithdrew,
    Other,
}

/// <summary>
/// One step in an opportunity's stage history: append-only, so the history stays true when a
/// pipeline is renamed or the opportunity changes pipeline. Time in a stage is the gap between
/// the step that entered it and the next step.
/// </summary>
public sealed class StageChange
{
    public const int MaxReason = 1000;

    public long Id { get; set; }

    public long OpportunityId { get; set; }

    public Opportunity? Opportunity { get; set; }

    public long PipelineId { get; set; }

    public StageMove Move { get; set; }

    public string? FromStage { get; set; }

    public required string ToStage { get; set; }

    public OpportunityStatus Status { get; set; }

    /// <summary>Why it moved back, was overridden, reopened or closed; free text.</summary>
    public string? Reason { get; set; }

    /// <summary>For an override: the criteria that were unmet when the manager moved it on.</summary>
    public List<string> UnmetCriteria { get; set; } = [];

    public CloseReason? CloseReason { get; set; }

    public long? CompetitorId { get; set; }

    public long? ChangedById { get; set; }

    public required string ChangedByName { get; set; }

    public DateTime At { get; set; }
}
