using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Feedback;

/// <summary>The feedback form as posted by the browser (bound as "Form"); converted to the core's <see cref="FeedbackInput"/>.</summary>
public sealed class FeedbackForm
{
    [Display(Name = nameof(FeedbackPagesText.Category), ResourceType = typeof(FeedbackPagesText))]
    public FeedbackCategory? Category { get; set; }

    [Display(Name = nameof(FeedbackPagesText.Contact), ResourceType = typeof(FeedbackPagesText))]
    public long? ContactId { get; set; }

    [Display(Name = nameof(FeedbackPagesText.Text), ResourceType = typeof(FeedbackPagesText))]
    public string? Text { get; set; }

    [Display(Name = nameof(FeedbackPagesText.ReceivedOn), ResourceType = typeof(FeedbackPagesText))]
    public DateOnly? ReceivedOn { get; set; }

    [Display(Name = nameof(FeedbackPagesText.DueOn), ResourceType = typeof(FeedbackPagesText))]
    public DateOnly? DueOn { get; set; }

    [Display(Name = nameof(FeedbackPagesText.Response), ResourceType = typeof(FeedbackPagesText))]
    public string? Response { get; set; }

    [Display(Name = nameof(FeedbackPagesText.Status), ResourceType = typeof(FeedbackPagesText))]
    public FeedbackStatus? Status { get; set; }

    public long Version { get; set; }

    public FeedbackInput ToInput(long? ownerId = null) => new()
    {
        Category = Category,
        ContactId = ContactId,
        Text = Text,
        ReceivedOn = ReceivedOn,
        DueOn = DueOn,
        Response = Response,
        Status = Status,
        OwnerId = ownerId,
    };

    public static FeedbackForm From(FeedbackDto f) => new()
    {
        Category = f.Category,
        ContactId = f.ContactId,
        Text = f.Text,
        ReceivedOn = f.ReceivedOn,
        DueOn = f.DueOn,
        Response = f.Response,
        Status = f.Status,
        Version = f.Version,
    };

    public static IReadOnlyList<SelectListItem> Contacts(IEnumerable<FeedbackContactChoice> people) =>
        [.. people.Select(c => new SelectListItem(c.Title is null ? c.Name : $"{c.Name} · {c.Title}", c.Id.ToString(CultureInfo.InvariantCulture)))];

    public static string StatusClass(FeedbackDto f) => f.Overdue ? "overdue" : f.Status switch
    {
        FeedbackStatus.Open => "stalled",
        FeedbackStatus.Answered => "supporter",
        FeedbackStatus.Closed => "neutral",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };
}
