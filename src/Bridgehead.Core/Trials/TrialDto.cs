using System.Text.Json.Serialization;

namespace Bridgehead.Trials;

/// <summary>A catalogue product as a trial shows it: no price, no cost (quality reads trials).</summary>
public sealed record TrialProductDto(long Id, string Sku, string Name);

/// <summary>What a phase tests: our products (ids and, for reading, sku and name) on the customer's lines.</summary>
public sealed record TrialScopeDto(IReadOnlyList<long> ProductIds, IReadOnlyList<TrialProductDto> Products, IReadOnlyList<string> Lines);

/// <summary>Something a phase found, with its severity; closed with the resolution that closed it.</summary>
public sealed record TrialFindingDto(
    long Id,
    long PhaseId,
    string Text,
    FindingSeverity Severity,
    FindingStatus Status,
    string? Resolution,
    DateOnly? DueOn,
    bool Overdue,
    DateTime? ClosedAt,
    long? ClosedById,
    string? ClosedByName,
    long Version);

/// <summary>
/// How a phase counts: <c>Passed</c> is true for passed, and for conditional once every finding is
/// closed (what the gate judges); with the number of findings, those open, and those open of
/// severity major or critical.
/// </summary>
public sealed record TrialCountsDto(bool Passed, int Findings, int OpenFindings, int OpenSevere);

/// <summary>
/// One phase of a pursuit's testing. Pilot rounds are numbered from 1; the run and the audit have
/// round 0. <c>MissingItems</c> (pilot rounds 3 and later only) lists the products on the pursuit's
/// sent quotes that the round's scope leaves out: a hint, not a refusal. The mass-production run
/// adds its run fields (<see cref="TrialRunDto"/>), the audit its auditors (<see cref="TrialAuditDto"/>);
/// the others leave them out.
/// </summary>
[JsonDerivedType(typeof(TrialRunDto))]
[JsonDerivedType(typeof(TrialAuditDto))]
public record TrialPhaseDto
{
    public required long Id { get; init; }

    public required long OpportunityId { get; init; }

    public required long AccountId { get; init; }

    public required TrialKind Kind { get; init; }

    public required int Round { get; init; }

    /// <summary>"Pilot round 2", "Mass-production run", "Customer audit" in the caller's language.</summary>
    public required string Name { get; init; }

    public required TrialScopeDto Scope { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TrialProductDto>? MissingItems { get; init; }

    public DateOnly? PlannedStart { get; init; }

    public DateOnly? PlannedEnd { get; init; }

    public DateOnly? ActualStart { get; init; }

    public DateOnly? ActualEnd { get; init; }

    public required TrialResult Result { get; init; }

    public DateTime? ResultRecordedAt { get; init; }

    public long? ResultRecordedById { get; init; }

    public string? ResultRecordedByName { get; init; }

    public string? Issues { get; init; }

    public string? CorrectiveActions { get; init; }

    public string? Notes { get; init; }

    /// <summary>Pending while its planned end has passed.</summary>
    public required bool Overdue { get; init; }

    public required IReadOnlyList<TrialFindingDto> Findings { get; init; }

    public required TrialCountsDto Counts { get; init; }

    public required long Version { get; init; }
}

/// <summary>The mass-production run: output, yield, hours of continuous running and the emergency-response drill.</summary>
public sealed record TrialRunDto : TrialPhaseDto
{
    public decimal? PlannedOutput { get; init; }

    public decimal? ActualOutput { get; init; }

    public decimal? YieldPercent { get; init; }

    public decimal? ContinuousHours { get; init; }

    public DateOnly? DrillOn { get; init; }

    public required TrialResult DrillResult { get; init; }

    public string? DrillNotes { get; init; }
}

/// <summary>The customer's audit: who audited us (the findings are on every phase).</summary>
public sealed record TrialAuditDto : TrialPhaseDto
{
    public string? Auditors { get; init; }
}

/// <summary>What the gate judges: <c>Passed</c>, and what is still missing, in the caller's language.</summary>
public sealed record TrialSummaryDto(bool Passed, IReadOnlyList<string> Missing);

/// <summary>
/// A pursuit's trial plan: its phases in order (pilot rounds by round, then the run, then the
/// audit) and the gate's summary. <c>QuotedItems</c> are the products of the pursuit's sent quotes:
/// what "all items" means for round 3 and later. <c>ReadOnly</c> once the pursuit is closed.
/// </summary>
public sealed record TrialPlanDto(
    long OpportunityId,
    string OpportunityTitle,
    long AccountId,
    string AccountName,
    bool ReadOnly,
    int NextRound,
    bool HasRun,
    bool HasAudit,
    IReadOnlyList<TrialProductDto> QuotedItems,
    IReadOnlyList<TrialPhaseDto> Phases,
    TrialSummaryDto Summary);

/// <summary>A phase in the list of phases (quality's worklist), with its account and pursuit.</summary>
public sealed record TrialListItemDto(
    long Id,
    long OpportunityId,
    string OpportunityTitle,
    long AccountId,
    string AccountName,
    TrialKind Kind,
    int Round,
    string Name,
    DateOnly? PlannedStart,
    DateOnly? PlannedEnd,
    DateOnly? ActualEnd,
    TrialResult Result,
    int OpenFindings,
    bool Overdue,
    long Version);

/// <summary>Filters of the list of phases; each optional, combined with AND.</summary>
public sealed record TrialFilter
{
    public TrialResult? Result { get; init; }

    public TrialKind? Kind { get; init; }

    public long? AccountId { get; init; }

    public long? OpportunityId { get; init; }

    /// <summary>Planned to end on or before this day.</summary>
    public DateOnly? PlannedEndBefore { get; init; }
}
