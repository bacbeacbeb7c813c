using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;

namespace Bridgehead.Notifications;

/// <summary>/api/v1/notifications and /api/v1/notification-preferences: each signed-in user's own inbox and choices.</summary>
public static class NotificationsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/notifications").WithTags("Notifications").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/", async (ListNotifications list, bool? unread, int? limit, string? cursor, CancellationToken ct) =>
                await list.HandleAsync(unread ?? false, PageRequest.Of(limit, cursor), ct))
            .WithSummary("The caller's own inbox, newest first: event, title, sentence and link in the caller's language, createdAt, readAt. `unread=true` keeps the unread ones.");

        g.MapPost("/{id:long}/read", async (long id, MarkNotificationRead mark, CancellationToken ct) =>
            {
                await mark.HandleAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Marks one of the caller's notifications read (again: no change). Another user's id is 404.");

        g.MapPost("/read-all", async (MarkAllNotificationsRead mark, CancellationToken ct) =>
                new ReadAllResult(await mark.HandleAsync(ct)))
            .WithSummary("Marks every unread notification of the caller read; returns how many were marked.");

        var p = api.MapGroup("/notification-preferences").WithTags("Notifications").RequireAuthorization(Policies.ReadAccounts);

        p.MapGet("/", async (GetNotificationPreferences get, CancellationToken ct) => await get.HandleAsync(ct))
            .WithSummary("For every event: inApp and email as they apply to the caller, whether that is the role's default (isDefault), and the default itself.");

        p.MapPut("/", async (List<NotificationPreferenceInput> body, SaveNotificationPreferences save, CancellationToken ct) =>
                await save.HandleAsync(body, ct))
            .WithSummary("Replaces the caller's choices with the full list of { event, inApp, email }; events left out go back to the role default. An unknown or repeated event is 422, naming it.");
    }

    /// <summary>The answer of read-all.</summary>
    public sealed record ReadAllResult(int Marked);

    /// <summary>The settings notifications read, from configuration (see docs/operations.md).</summary>
    public static NotificationSettings SettingsFrom(IConfiguration config, Settings settings)
    {
        var pickup = config["Bridgehead:Smtp:PickupFolder"];
        return new NotificationSettings
        {
            PublicUrl = string.IsNullOrWhiteSpace(config["Bridgehead:PublicUrl"]) ? null : config["Bridgehead:PublicUrl"],
            DefaultLanguage = config["Bridgehead:DefaultLanguage"] is { Length: > 0 } language ? language : "en",
            SmtpHost = string.IsNullOrWhiteSpace(config["Bridgehead:Smtp:Host"]) ? null : config["Bridgehead:Smtp:Host"],
            SmtpPort = config.GetValue("Bridgehead:Smtp:Port", 25),
            SmtpUser = string.IsNullOrWhiteSpace(config["Bridgehead:Smtp:User"]) ? null : config["Bridgehead:Smtp:User"],
            SmtpPassword = config["Bridgehead:Smtp:Password"],
            From = config["Bridgehead:Smtp:From"] is { Length: > 0 } from ? from : "Bridgehead <bridgehead@localhost>",
            Security = (config["Bridgehead:Smtp:Security"] ?? "starttls").Trim().ToLowerInvariant() switch
            {
                "none" => SmtpSecurity.None,
                "ssl" or "tls" => SmtpSecurity.Ssl,
                "starttls" => SmtpSecurity.StartTls,
                var other => throw new InvalidOperationException($"Bridgehead:Smtp:Security must be none, starttls or ssl, not '{other}'."),
            },
            PickupFolder = string.IsNullOrWhiteSpace(pickup) ? Path.Combine(settings.DataFolder, "mail-pickup") : Path.GetFullPath(pickup),
            PickupForced = !string.IsNullOrWhiteSpace(pickup),
        };
    }
}
