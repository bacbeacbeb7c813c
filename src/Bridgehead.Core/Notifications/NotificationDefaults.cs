using Bridgehead.Identity;

namespace Bridgehead.Notifications;

/// <summary>
/// What each role is told when it has not chosen (in the inbox and by email alike). Whatever the
/// choice, a user is told only of records they may see: a rep of stage changes at the accounts
/// they own or are on the team of, a manager at their team's.
/// </summary>
public static class NotificationDefaults
{
    public static readonly IReadOnlyList<NotificationEvent> All = Enum.GetValues<NotificationEvent>();

    public static bool IsDefault(Role role, NotificationEvent what) => role switch
    {
        Role.Rep => what is NotificationEvent.StageChanged or NotificationEvent.OrderAtRisk
            or NotificationEvent.IncidentOpened or NotificationEvent.HealthBandDropped,
        Role.Manager => what is NotificationEvent.StageChanged or NotificationEvent.OrderAtRisk
            or NotificationEvent.IncidentOpened or NotificationEvent.HealthBandDropped
            or NotificationEvent.GateOverridden or NotificationEvent.QuoteApprovalNeeded,
        Role.Quality => what is NotificationEvent.IncidentOpened or NotificationEvent.IncidentEscalated or NotificationEvent.OrderAtRisk,
        Role.Admin or Role.Viewer or Role.Product => false,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>The user's choice for an event: their own row, else the role default (in the inbox and by email).</summary>
    public static (bool InApp, bool Email, bool IsDefault) Effective(Role role, NotificationPreference? own, NotificationEvent what) =>
        own is null ? (IsDefault(role, what), IsDefault(role, what), true) : (own.InApp, own.Email, false);
}
