using System.Linq.Expressions;
using Bridgehead.Common;

namespace Bridgehead.Pursuits;

/// <summary>An opportunity as the API returns it and the pages show it.</summary>
public sealed record OpportunityDto(
    long Id,
    long AccountId,
    string AccountName,
    string Title,
    string Stage,
    DateTime StageEnteredAt,
    string? ProductCategory,
    string? Application,
    Route? Route,
    Money? EstimatedAnnualValue,
    DateOnly? ExpectedCloseDate,
    int? Probability,
    OpportunityStatus Status,
    long OwnerId,
    string OwnerName,
    string? Notes,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The SQL-side shape: one query, only the columns needed.</summary>
    internal static readonly Expression<Func<Opportunity, OpportunityDto>> Projection = o => new OpportunityDto(
        o.Id,
        o.AccountId,
        o.Account!.Name,
        o.Title,
        o.Stage,
        o.StageEnteredAt,
        o.ProductCategory,
        o.Application,
        o.Route,
        Money.From(o.EstimatedAnnualValue, o.Currency),
        o.ExpectedCloseDate,
        o.Probability,
        o.Status,
        o.OwnerId,
        o.Owner!.DisplayName,
        o.Notes,
        o.Version,
        o.CreatedAt,
        o.UpdatedAt);
}
