using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Notifications;

/// <summary>An inbox entry as its owner reads it, in the reader's language.</summary>
public sealed record NotificationDto(long Id, NotificationEvent Event, string Title, string Sentence, string Link, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>The caller's own inbox, newest first; <c>unread</c> keeps only what is not read yet.</summary>
public sealed class ListNotifications(BridgeheadDb db)
{
    public async Task<Page<NotificationDto>> HandleAsync(bool unreadOnly, PageRequest page, CancellationToken ct)
    {
        var me = Inbox.Owner(db);
        var query = db.Notifications.AsNoTracking().Where(n => n.UserId == me);
        if (unreadOnly)
        {
            query = query.Where(n => n.ReadAt == null);
        }
        var rows = await query.ToPageAsync(n => n.Id, n => n.Id, descending: true, page,
            n => new Row(n.Id, n.Event, n.OutboxEvent!.EntityType, n.OutboxEvent.EntityId, n.OutboxEvent.Data, n.CreatedAt, n.ReadAt),
            r => (r.Id, r.Id), ct);
        var culture = CultureInfo.CurrentUICulture;
        return new Page<NotificationDto>([.. rows.Items.Select(r =>
        {
            var m = NotificationMessages.Render(r.Event, r.EntityType, r.EntityId, r.Data, culture);
            return new NotificationDto(r.Id, r.Event, m.Title, m.Sentence, m.Link, r.CreatedAt, r.ReadAt);
        })], rows.NextCursor);
    }

    private sealed record Row(long Id, NotificationEvent Event, string EntityType, long EntityId, string Data, DateTime CreatedAt, DateTime? ReadAt);
}

/// <summary>How many of the caller's inbox entries are unread: one indexed count, for the navigation badge.</summary>
public sealed class CountUnreadNotifications(BridgeheadDb db)
{
    public async Task<int> HandleAsync(CancellationToken ct)
    {
        if (db.Viewer is not { UserId: { } me })
        {
            return 0;
        }
        return await db.Notifications.CountAsync(n => n.UserId == me && n.ReadAt == null, ct);
    }
}

/// <summary>Marks one of the caller's own entries read (again: no change); another user's entry is 404.</summary>
public sealed class MarkNotificationRead(BridgeheadDb db)
{
    public async Task HandleAsync(long id, CancellationToken ct)
    {
        var me = Inbox.Owner(db);
        var n = await db.Notifications.FirstOrDefaultAsync(x => x.Id == id && x.UserId == me, ct)
            ?? throw new NotFoundException("notification");
        if (n.ReadAt is null)
        {
            n.ReadAt = db.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
        }
    }
}

/// <summary>Marks every unread entry of the caller read; returns how many.</summary>
public sealed class MarkAllNotificationsRead(BridgeheadDb db)
{
    public async Task<int> HandleAsync(CancellationToken ct)
    {
        var me = Inbox.Owner(db);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        return await db.Notifications.Where(n => n.UserId == me && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}

internal static class Inbox
{
    /// <summary>The signed-in user; the inbox is personal, so the system (no user) has none.</summary>
    public static long Owner(BridgeheadDb db) => Access.Require(db.Viewer).UserId ?? throw new NotFoundException("notification");
}
