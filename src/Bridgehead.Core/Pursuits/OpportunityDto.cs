using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Bridgehead.Common;
using Bridgehead.Industries;

namespace Bridgehead.Pursuits;

/// <summary>An opportunity as the API returns it and the pages show it.</summary>
/// <param name="Probability">The chance that counts: the owner's override, else the stage's.</param>
/// <param name="ProbabilityReason">Why the owner overrode the stage's probability; null when not overridden.</param>
/// <param name="StalledAfterDays">The pipeline's stall threshold for the current stage.</param>
public sealed record OpportunityDto(
    long Id,
    long AccountId,
    string AccountName,
    string Title,
    long PipelineId,
    string Stage,
    DateTime StageEnteredAt,
    string? ProductCategory,
    [property: JsonIgnore] ApplicationTag? ApplicationTag,
    string? EntryAngle,
    Route? Route,
    string? RouteRationale,
    DateTime? RouteDecidedAt,
    Money? EstimatedAnnualValue,
    DateOnly? ExpectedCloseDate,
    int Probability,
    int StageProbability,
    string? ProbabilityReason,
    ForecastCategory ForecastCategory,
    OpportunityStatus Status,
    DateTime? ClosedAt,
    CloseReason? CloseReason,
    long? WinningCompetitorId,
    long OwnerId,
    string OwnerName,
    string? Notes,
    int? StalledAfterDays,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public long? ApplicationId => ApplicationTag?.Id;

    /// <summary>The application's name in the caller's language.</summary>
    public string? Application => ApplicationTag?.Name;

    /// <summary>Whole days in the current stage (until closing, for a closed pursuit).</summary>
    public int DaysInStage => DaysBetween(StageEnteredAt, ClosedAt ?? DateTime.UtcNow);

    /// <summary>Open, and longer in the stage than the pipeline allows.</summary>
    public bool Stalled => Status == OpportunityStatus.Open && StalledAfterDays is { } days && DaysInStage > days;

    internal static int DaysBetween(DateTime from, DateTime to) => Math.Max(0, (int)(to - from).TotalDays);

    /// <summary>The SQL-side shape: one query, only the columns needed.</summary>
    internal static readonly Expression<Func<Opportunity, OpportunityDto>> Projection = o => new OpportunityDto(
        o.Id,
        o.AccountId,
        o.Account!.Name,
        o.Title,
        o.PipelineId,
        o.Stage,
        o.StageEnteredAt,
        o.ProductCategory,
        o.Application == null ? null : new ApplicationTag(o.Application.Id, o.Application.NameEn, o.Application.NameKo),
        o.EntryAngle,
        o.Route,
        o.RouteRationale,
        o.RouteDecidedAt,
        Money.From(o.EstimatedAnnualValue, o.Currency),
        o.ExpectedCloseDate,
        o.Probability ?? o.Pipeline!.Stages.Where(s => s.Key == o.Stage).Select(s => s.Probability).FirstOrDefault(),
        o.Pipeline!.Stages.Where(s => s.Key == o.Stage).Select(s => s.Probability).FirstOrDefault(),
        o.ProbabilityReason,
        o.ForecastCategory,
        o.Status,
        o.ClosedAt,
        o.CloseReason,
        o.WinningCompetitorId,
        o.OwnerId,
        o.Owner!.DisplayName,
        o.Notes,
        o.Pipeline!.Stages.Where(s => s.Key == o.Stage).Select(s => s.StalledAfterDays).FirstOrDefault(),
        o.Version,
        o.CreatedAt,
        o.UpdatedAt);
}
