using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Identity;
using Bridgehead.Pursuits;

namespace Bridgehead.Feedback;

/// <summary>What the customer's feedback is about.</summary>
public enum FeedbackCategory
{
    Price,
    Service,
    Capacity,
    Roadmap,
    Quality,
    Other,
}

/// <summary>Where a piece of feedback stands: waiting for our answer, answered, or settled.</summary>
public enum FeedbackStatus
{
    Open,
    Answered,
    Closed,
}

/// <summary>
/// Stage 6: something the customer said about our offer (price, service, capacity, roadmap...),
/// who said it, and our answer. Open feedback past its due date is overdue and flagged.
/// </summary>
public sealed class FeedbackItem : Entity, IAudited, IUnderAccount
{
    public const int MaxText = 4000;

    /// <summary>The pursuit's account, kept here so visibility needs no join.</summary>
    public long AccountId { get; set; }

    public long OpportunityId { get; set; }

    public Opportunity? Opportunity { get; set; }

    public FeedbackCategory Category { get; set; }

    /// <summary>The person at the customer who gave it.</summary>
    public long? ContactId { get; set; }

    public Contact? Contact { get; set; }

    /// <summary>What the customer said.</summary>
    public required string Text { get; set; }

    public DateOnly ReceivedOn { get; set; }

    /// <summary>Our answer.</summary>
    public string? Response { get; set; }

    public DateTime? RespondedAt { get; set; }

    /// <summary>Who answers it.</summary>
    public long OwnerId { get; set; }

    public User? Owner { get; set; }

    /// <summary>By when the customer should have our answer.</summary>
    public DateOnly? DueOn { get; set; }

    public FeedbackStatus Status { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}
