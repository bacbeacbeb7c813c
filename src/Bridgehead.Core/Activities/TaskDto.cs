using System.Linq.Expressions;

namespace Bridgehead.Activities;

/// <summary>
/// A task as the API returns it and the pages show it. The names of linked records the caller
/// cannot see (an assignee who is not on the task's account) are left out.
/// </summary>
public sealed record TaskDto(
    long Id,
    string Title,
    string? Notes,
    DateOnly DueOn,
    bool Done,
    DateTime? CompletedAt,
    bool Overdue,
    long AssigneeId,
    string AssigneeName,
    long? AccountId,
    string? AccountName,
    long? ContactId,
    string? ContactName,
    long? OpportunityId,
    string? OpportunityTitle,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The SQL-side shape; a task not done and due before <paramref name="today"/> is overdue.</summary>
    internal static Expression<Func<TaskItem, TaskDto>> Projection(DateOnly today) => t => new TaskDto(
        t.Id,
        t.Title,
        t.Notes,
        t.DueOn,
        t.CompletedAt != null,
        t.CompletedAt,
        t.CompletedAt == null && t.DueOn < today,
        t.AssigneeId,
        t.Assignee!.DisplayName,
        t.AccountId,
        t.Account != null ? t.Account.Name : null,
        t.ContactId,
        t.Contact != null ? t.Contact.Name : null,
        t.OpportunityId,
        t.Opportunity != null ? t.Opportunity.Title : null,
        t.Version,
        t.CreatedAt,
        t.UpdatedAt);

    /// <summary>Today's date in UTC, which decides what is overdue.</summary>
    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
