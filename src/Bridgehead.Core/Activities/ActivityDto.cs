using System.Linq.Expressions;

namespace Bridgehead.Activities;

/// <summary>A timeline entry as the API returns it and the pages show it.</summary>
public sealed record ActivityDto(
    long Id,
    long AccountId,
    string AccountName,
    long? ContactId,
    string? ContactName,
    long? OpportunityId,
    string? OpportunityTitle,
    ActivityKind Kind,
    string Subject,
    string? Body,
    DateTime OccurredAt,
    long AuthorId,
    string AuthorName,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The SQL-side shape: one query, only the columns needed.</summary>
    internal static readonly Expression<Func<Activity, ActivityDto>> Projection = x => new ActivityDto(
        x.Id,
        x.AccountId,
        x.Account!.Name,
        x.ContactId,
        x.Contact != null ? x.Contact.Name : null,
        x.OpportunityId,
        x.Opportunity != null ? x.Opportunity.Title : null,
        x.Kind,
        x.Subject,
        x.Body,
        x.OccurredAt,
        x.AuthorId,
        x.Author!.DisplayName,
        x.Version,
        x.CreatedAt,
        x.UpdatedAt);
}
