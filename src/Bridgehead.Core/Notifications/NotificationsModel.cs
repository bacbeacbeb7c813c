using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Notifications;

internal static class NotificationsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<OutboxEvent>(e =>
        {
            e.Property(x => x.Event).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.EntityType).HasMaxLength(OutboxEvent.MaxEntityType);
            e.Property(x => x.Data).HasMaxLength(OutboxEvent.MaxData);
            e.Property(x => x.DedupKey).HasMaxLength(OutboxEvent.MaxDedupKey);
            e.HasIndex(x => new { x.Event, x.DedupKey }).IsUnique();
            e.HasIndex(x => new { x.DispatchedAt, x.Id });
        });
        b.Entity<Notification>(e =>
        {
            e.Property(x => x.Event).HasConversion<string>().HasMaxLength(30);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.OutboxEvent).WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.UserId, x.EventId }).IsUnique();
            e.HasIndex(x => new { x.UserId, x.ReadAt, x.Id });
        });
        b.Entity<NotificationPreference>(e =>
        {
            e.HasKey(x => new { x.UserId, x.Event });
            e.Property(x => x.Event).HasConversion<string>().HasMaxLength(30);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<EmailMessage>(e =>
        {
            e.Property(x => x.To).HasMaxLength(EmailMessage.MaxAddress);
            e.Property(x => x.Subject).HasMaxLength(EmailMessage.MaxSubject);
            e.Property(x => x.Body).HasMaxLength(EmailMessage.MaxBody);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.LastError).HasMaxLength(EmailMessage.MaxError);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
        });
        b.Entity<Webhook>(e =>
        {
            e.Property(x => x.Url).HasMaxLength(Webhook.MaxUrl);
            e.Property(x => x.Description).HasMaxLength(Webhook.MaxDescription);
            e.Property(x => x.Events).HasMaxLength(500);
            e.Property(x => x.Secret).HasMaxLength(Webhook.MaxSecret);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<WebhookDelivery>(e =>
        {
            e.Property(x => x.Event).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.Payload).HasMaxLength(WebhookDelivery.MaxPayload);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.LastError).HasMaxLength(WebhookDelivery.MaxError);
            e.HasOne<Webhook>().WithMany().HasForeignKey(x => x.WebhookId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<OutboxEvent>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.WebhookId, x.EventId }).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
        });
    }
}
