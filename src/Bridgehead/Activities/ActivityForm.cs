using System.ComponentModel.DataAnnotations;
using Bridgehead.Hosting;
using Bridgehead.Identity;

namespace Bridgehead.Activities;

/// <summary>The activity form as posted by the browser; converted to the core's <see cref="ActivityInput"/>.</summary>
public sealed class ActivityForm
{
    [Display(Name = nameof(ActivitiesText.Account), ResourceType = typeof(ActivitiesText))]
    public long? AccountId { get; set; }

    [Display(Name = nameof(ActivitiesText.Contact), ResourceType = typeof(ActivitiesText))]
    public long? ContactId { get; set; }

    [Display(Name = nameof(ActivitiesText.Opportunity), ResourceType = typeof(ActivitiesText))]
    public long? OpportunityId { get; set; }

    [Display(Name = nameof(ActivitiesText.Kind), ResourceType = typeof(ActivitiesText))]
    public ActivityKind? Kind { get; set; }

    [Display(Name = nameof(ActivitiesText.Subject), ResourceType = typeof(ActivitiesText))]
    public string? Subject { get; set; }

    [Display(Name = nameof(ActivitiesText.Body), ResourceType = typeof(ActivitiesText))]
    public string? Body { get; set; }

    /// <summary>When it happened, as a wall-clock time in the company's zone.</summary>
    [Display(Name = nameof(ActivitiesText.OccurredAt), ResourceType = typeof(ActivitiesText))]
    public DateTime? OccurredAt { get; set; }

    /// <summary>The version the form was opened on; a newer one in the database means someone else saved first.</summary>
    public long Version { get; set; }

    public LinkFields Links => new() { AccountId = AccountId, ContactId = ContactId, OpportunityId = OpportunityId };

    public ActivityInput ToInput() => new()
    {
        AccountId = AccountId,
        ContactId = ContactId,
        OpportunityId = OpportunityId,
        Kind = Kind,
        Subject = Subject,
        Body = Body,
        OccurredAt = OccurredAt is { } local ? LocalTimes.ToUtc(local) : null,
    };

    public static ActivityForm From(ActivityDto a) => new()
    {
        AccountId = a.AccountId,
        ContactId = a.ContactId,
        OpportunityId = a.OpportunityId,
        Kind = a.Kind,
        Subject = a.Subject,
        Body = a.Body,
        OccurredAt = Shared.Display.Local(a.OccurredAt),
        Version = a.Version,
    };

    /// <summary>A blank form for a new entry about the given record, happening now.</summary>
    public static ActivityForm New(TimeProvider clock, long? accountId, long? contactId, long? opportunityId) => new()
    {
        AccountId = accountId,
        ContactId = contactId,
        OpportunityId = opportunityId,
        Kind = ActivityKind.Meeting,
        OccurredAt = LocalTimes.Now(clock),
    };
}

/// <summary>Who may change an activity (the core decides; the pages use this to show or hide the buttons).</summary>
public static class ActivityRules
{
    /// <summary>Its author, or a manager or admin who sees it.</summary>
    public static bool MayEdit(ActivityDto activity, Viewer? viewer) => viewer is { CanEditSales: true } v && (activity.AuthorId == v.UserId || MayEditOthers(v.Role));

    public static bool MayEdit(ActivityDto activity, System.Security.Claims.ClaimsPrincipal user) => MayEdit(activity, ViewerSource.FromPrincipal(user));

    private static bool MayEditOthers(Role role) => role switch
    {
        Role.Admin or Role.Manager => true,
        Role.Rep or Role.Quality or Role.Product or Role.Viewer => false,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
