using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Notifications;

/// <summary>A queued, sent or failed email as the admins see it (never the SMTP settings).</summary>
public sealed record EmailDto(long Id, string To, string Subject, DeliveryStatus Status, int Attempts, string? LastError, DateTime NextAttemptAt, DateTime? SentAt, DateTime CreatedAt);

/// <summary>The emails still to send and those that failed (or all, with <c>includeSent</c>), newest first: admins only.</summary>
public sealed class ListEmails(BridgeheadDb db)
{
    public async Task<Page<EmailDto>> HandleAsync(bool includeSent, PageRequest page, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, NotificationText.AdminOnly);
        var query = db.EmailMessages.AsNoTracking();
        if (!includeSent)
        {
            query = query.Where(m => m.Status != DeliveryStatus.Delivered);
        }
        return await query.ToPageAsync(m => m.Id, m => m.Id, descending: true, page,
            m => new EmailDto(m.Id, m.To, m.Subject, m.Status, m.Attempts, m.LastError, m.NextAttemptAt, m.SentAt, m.CreatedAt),
            r => (r.Id, r.Id), ct);
    }
}
