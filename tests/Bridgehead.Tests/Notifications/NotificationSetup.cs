using System.Text.Json.Nodes;
using Bridgehead.Notifications;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Tests.Notifications;

/// <summary>Helpers for notification tests: run the background work, read the outbox and the inboxes.</summary>
public static class NotificationSetup
{
    /// <summary>Runs every background job once on the app (raising, dispatching, sending).</summary>
    public static async Task RunBackgroundAsync(this TestApp app) =>
        Assert.True(await app.Web.Services.GetRequiredService<Bridgehead.Hosting.BackgroundWorker>().RunOnceAsync());

    /// <summary>The events raised about one record, oldest first.</summary>
    public static async Task<List<OutboxEvent>> EventsAboutAsync(this TestApp app, string entityType, long entityId, NotificationEvent? what = null)
    {
        await using var db = app.OpenDb();
        return await db.OutboxEvents.AsNoTracking()
            .Where(e => e.EntityType == entityType && e.EntityId == entityId && (what == null || e.Event == what))
            .OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>The users with an inbox entry for the event.</summary>
    public static async Task<List<long>> ToldAsync(this TestApp app, long eventId)
    {
        await using var db = app.OpenDb();
        return await db.Notifications.AsNoTracking().Where(n => n.EventId == eventId).Select(n => n.UserId).OrderBy(u => u).ToListAsync();
    }

    /// <summary>The emails queued for the event.</summary>
    public static async Task<List<EmailMessage>> EmailsAsync(this TestApp app, long eventId)
    {
        await using var db = app.OpenDb();
        return await db.EmailMessages.AsNoTracking().Where(m => m.EventId == eventId).OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>Gives the user an email address and/or a language.</summary>
    public static async Task SetContactAsync(this TestApp app, long userId, string? email, string? language = null)
    {
        await using var db = app.OpenDb();
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        user.Email = email;
        user.Language = language;
        await db.SaveChangesAsync();
    }

    /// <summary>The data of an event as JSON.</summary>
    public static JsonNode DataOf(OutboxEvent e) => JsonNode.Parse(e.Data)!;

    /// <summary>
    /// Puts a stage change of the opportunity in the users' inboxes, as the dispatch would (the
    /// event is marked dispatched so the background work tells nobody else). Returns the entry ids.
    /// </summary>
    public static async Task<long[]> NotifyAsync(this TestApp app, long opportunityId, long accountId, string title, params long[] userIds)
    {
        await using var db = app.OpenDb();
        var e = Events.Raise(db, NotificationEvent.StageChanged, "opportunity", opportunityId, accountId,
            new { title, fromStage = "prospecting", toStage = "contact" });
        e.DispatchedAt = DateTime.UtcNow;
        var entries = userIds.Select(u => new Notification { UserId = u, OutboxEvent = e, Event = e.Event, CreatedAt = DateTime.UtcNow }).ToList();
        db.Notifications.AddRange(entries);
        await db.SaveChangesAsync();
        return [.. entries.Select(n => n.Id)];
    }
}
