using System.Linq.Expressions;
using Bridgehead.Pursuits;

namespace Bridgehead.Feedback;

/// <summary>
/// A piece of customer feedback as the API returns it. <c>Overdue</c>: still open, on an open
/// pursuit, and its due date is before today (UTC, by the server's clock).
/// </summary>
public sealed record FeedbackDto(
    long Id,
    long OpportunityId,
    long AccountId,
    FeedbackCategory Category,
    long? ContactId,
    string? ContactName,
    string Text,
    DateOnly ReceivedOn,
    string? Response,
    DateTime? RespondedAt,
    long OwnerId,
    string OwnerName,
    DateOnly? DueOn,
    FeedbackStatus Status,
    bool Overdue,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    internal static Expression<Func<FeedbackItem, FeedbackDto>> Projection(DateOnly today) => f => new FeedbackDto(
        f.Id,
        f.OpportunityId,
        f.AccountId,
        f.Category,
        f.ContactId,
        f.Contact == null ? null : f.Contact.Name,
        f.Text,
        f.ReceivedOn,
        f.Response,
        f.RespondedAt,
        f.OwnerId,
        f.Owner!.DisplayName,
        f.DueOn,
        f.Status,
        f.Status == FeedbackStatus.Open && f.DueOn != null && f.DueOn < today && f.Opportunity!.Status == OpportunityStatus.Open,
        f.Version,
        f.CreatedAt,
        f.UpdatedAt);

    /// <summary>Today's date in UTC by the database's clock: what "overdue" is measured against.</summary>
    internal static DateOnly Today(Data.BridgeheadDb db) => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
}

/// <summary>
/// The fields of customer feedback that people edit: the body of POST and, merged, of PATCH.
/// On POST, <c>receivedOn</c> defaults to today, <c>ownerId</c> to the pursuit's owner and
/// <c>status</c> to open (answered when a response is given).
/// </summary>
public sealed record FeedbackInput
{
    public FeedbackCategory? Category { get; init; }
    public long? ContactId { get; init; }
    public string? Text { get; init; }
    public DateOnly? ReceivedOn { get; init; }
    public string? Response { get; init; }
    public long? OwnerId { get; init; }
    public DateOnly? DueOn { get; init; }
    public FeedbackStatus? Status { get; init; }

    public static FeedbackInput From(FeedbackItem f) => new()
    {
        Category = f.Category,
        ContactId = f.ContactId,
        Text = f.Text,
        ReceivedOn = f.ReceivedOn,
        Response = f.Response,
        OwnerId = f.OwnerId,
        DueOn = f.DueOn,
        Status = f.Status,
    };
}

/// <summary>Filters of a pursuit's feedback list; they combine with AND.</summary>
public sealed record FeedbackFilter(FeedbackStatus? Status = null, FeedbackCategory? Category = null, bool? Overdue = null);

/// <summary>A line of the owner's overdue list on the home page.</summary>
public sealed record OverdueFeedbackDto(long Id, long OpportunityId, string OpportunityTitle, string AccountName, FeedbackCategory Category, string Text, DateOnly DueOn, int DaysOverdue);
