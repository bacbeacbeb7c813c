using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Identity;
using Bridgehead.Pursuits;

namespace Bridgehead.Activities;

/// <summary>What kind of touch with the customer.</summary>
public enum ActivityKind
{
    Meeting,
    Call,
    Email,
    Visit,
    Note,

    /// <summary>A business review with the customer (stage 10 care plans set its rhythm).</summary>
    BusinessReview,
}

/// <summary>One entry of the timeline: something that happened with the customer.</summary>
public sealed class Activity : Entity, IAudited, IUnderAccount
{
    public const int MaxSubject = 200;
    public const int MaxBody = 8000;

    public long AccountId { get; set; }

    public Account? Account { get; set; }

    public long? ContactId { get; set; }

    public Contact? Contact { get; set; }

    public long? OpportunityId { get; set; }

    public Opportunity? Opportunity { get; set; }

    public ActivityKind Kind { get; set; }

    public required string Subject { get; set; }

    public string? Body { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>Who recorded it.</summary>
    public long AuthorId { get; set; }

    public User? Author { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>A to-do with a due date, for one person, optionally about an account, contact or opportunity.</summary>
public sealed class TaskItem : Entity, IAudited
{
    public const int MaxTitle = 200;
    public const int MaxNotes = 4000;

    public required string Title { get; set; }

    public string? Notes { get; set; }

    public DateOnly DueOn { get; set; }

    public long AssigneeId { get; set; }

    public User? Assignee { get; set; }

    public long CreatedById { get; set; }

    public long? AccountId { get; set; }

    public Account? Account { get; set; }

    public long? ContactId { get; set; }

    public Contact? Contact { get; set; }

    public long? OpportunityId { get; set; }

    public Opportunity? Opportunity { get; set; }

    public DateTime? CompletedAt { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}
