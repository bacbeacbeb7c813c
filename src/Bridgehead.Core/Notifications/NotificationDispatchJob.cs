using Bridgehead.Background;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Notifications;

/// <summary>
/// Fans the outbox out: for each event not yet dispatched (in id order, 200 at a time), the users
/// who chose it (or whose role does by default), but not the one who caused it, and only those who
/// may see the record, get an inbox entry and/or an email in their language. Each batch is one
/// save with the events' DispatchedAt, so a crash before it re-runs the batch cleanly and one after
/// it finds nothing to do (inbox entries are also unique per user and event).
/// </summary>
public sealed class NotificationDispatchJob(NotificationSettings settings) : IBackgroundJob
{
    public const int BatchSize = 200;

    public string Name => "notifications";

    public TimeSpan Every => TimeSpan.FromSeconds(10);

    public async Task RunAsync(BridgeheadDb db, CancellationToken ct)
    {
        while (await RunBatchAsync(db, ct) == BatchSize)
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<int> RunBatchAsync(BridgeheadDb db, CancellationToken ct)
    {
        var system = db.Viewer ?? Viewer.System;
        var events = await db.OutboxEvents.Where(e => e.DispatchedAt == null).OrderBy(e => e.Id).Take(BatchSize).ToListAsync(ct);
        if (events.Count == 0)
        {
            return 0;
        }
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive)
            .Select(u => new Recipient(u.Id, u.Role, u.TeamId, u.DisplayName, u.Email, u.Language))
            .ToListAsync(ct);
        var preferences = (await db.NotificationPreferences.AsNoTracking().ToListAsync(ct))
            .ToDictionary(p => (p.UserId, p.Event));
        var eventIds = events.Select(e => e.Id).ToList();
        var told = (await db.Notifications.AsNoTracking().Where(n => eventIds.Contains(n.EventId)).Select(n => new { n.UserId, n.EventId }).ToListAsync(ct))
            .Select(n => (n.UserId, n.EventId)).ToHashSet();
        var mailed = (await db.EmailMessages.AsNoTracking().Where(m => m.EventId != null && eventIds.Contains(m.EventId.Value) && m.UserId != null)
                .Select(m => new { UserId = m.UserId!.Value, EventId = m.EventId!.Value }).ToListAsync(ct))
            .Select(m => (m.UserId, m.EventId)).ToHashSet();
        var now = db.Clock.GetUtcNow().UtcDateTime;

        // Who wants each event, then which of the batch's records each of them would find: one
        // query per user and record type for the whole batch, not one per event and user.
        var wanted = new List<(OutboxEvent Event, Recipient User, bool InApp, bool Email)>();
        foreach (var e in events)
        {
            foreach (var user in users.Where(u => u.Id != e.ActorId))
            {
                preferences.TryGetValue((user.Id, e.Event), out var own);
                var (inApp, email, _) = NotificationDefaults.Effective(user.Role, own, e.Event);
                email = email && !string.IsNullOrWhiteSpace(user.Email);
                if (inApp || email)
                {
                    wanted.Add((e, user, inApp, email));
                }
            }
        }
        var found = new HashSet<(long UserId, string Type, long Id)>();
        try
        {
            foreach (var byUser in wanted.GroupBy(w => w.User.Id))
            {
                foreach (var byType in byUser.GroupBy(w => w.Event.EntityType))
                {
                    var ids = byType.Select(w => w.Event.EntityId).Distinct().ToList();
                    foreach (var id in await VisibleAsync(db, byUser.First().User, byType.Key, ids, ct))
                    {
                        found.Add((byUser.Key, byType.Key, id));
                    }
                }
            }
        }
        finally
        {
            db.Viewer = system;
        }
        foreach (var (e, user, inApp, email) in wanted.Where(w => found.Contains((w.User.Id, w.Event.EntityType, w.Event.EntityId))))
        {
            if (inApp && !told.Contains((user.Id, e.Id)))
            {
                db.Notifications.Add(new Notification { UserId = user.Id, EventId = e.Id, Event = e.Event, CreatedAt = now });
            }
            if (email && !mailed.Contains((user.Id, e.Id)))
            {
                db.EmailMessages.Add(Compose(e, user, now));
            }
        }
        foreach (var e in events)
        {
            e.DispatchedAt = now;
        }
        await db.SaveChangesAsync(ct);
        return events.Count;
    }

    private EmailMessage Compose(OutboxEvent e, Recipient user, DateTime now)
    {
        var culture = NotificationMessages.CultureOf(user.Language, settings.DefaultLanguage);
        var m = NotificationMessages.Render(e.Event, e.EntityType, e.EntityId, e.Data, culture);
        var body = string.Join("\n\n",
            m.Sentence,
            string.Format(culture, NotificationText.ResourceManager.GetString(nameof(NotificationText.EmailOpen), culture)!, settings.Link(m.Link)),
            "-- \n" + string.Format(culture, NotificationText.ResourceManager.GetString(nameof(NotificationText.EmailFooter), culture)!,
                settings.Link("/settings/notifications")));
        return new EmailMessage
        {
            UserId = user.Id,
            EventId = e.Id,
            To = user.Email!.Trim(),
            Subject = Cut(m.Title, EmailMessage.MaxSubject),
            Body = Cut(body, EmailMessage.MaxBody),
            Status = DeliveryStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }

    /// <summary>Which of <paramref name="ids"/> the user would find: the same filters as their own requests, on this context with their viewer.</summary>
    private static async Task<List<long>> VisibleAsync(BridgeheadDb db, Recipient user, string type, List<long> ids, CancellationToken ct)
    {
        var viewer = new Viewer(user.Id, user.Role, user.TeamId, user.Name);
        db.Viewer = viewer;
        return type switch
        {
            "opportunity" => await db.Opportunities.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct),
            "quote" => await db.Quotes.AsNoTracking().Where(q => ids.Contains(q.Id)).Select(q => q.Id).ToListAsync(ct),
            "order" => await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct),
            "incident" => await db.Incidents.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct),
            // Account health is sales intelligence: what the health filter allows.
            "account" => viewer.CanReadSales ? await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct) : [],
            _ => [],
        };
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];

    private sealed record Recipient(long Id, Role Role, long? TeamId, string Name, string? Email, string? Language);
}
