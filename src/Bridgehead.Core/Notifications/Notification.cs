using Bridgehead.Common;

namespace Bridgehead.Notifications;

/// <summary>Something that happened that people may want to hear about.</summary>
public enum NotificationEvent
{
    StageChanged,
    GateOverridden,
    QuoteApprovalNeeded,
    OrderAtRisk,
    IncidentOpened,
    IncidentEscalated,
    HealthBandDropped,
}

/// <summary>
/// An event waiting to be told: written in the same transaction as the change that caused it (a
/// transactional outbox), then fanned out by the background work, once, into inbox entries, emails
/// and webhook deliveries. Raise one with <see cref="Events.Raise"/>.
/// </summary>
public sealed class OutboxEvent
{
    public const int MaxEntityType = 40;
    public const int MaxData = 4000;
    public const int MaxDedupKey = 200;

    public long Id { get; set; }

    public NotificationEvent Event { get; set; }

    /// <summary>The record it is about, e.g. "opportunity", "incident", "orderLine", "account".</summary>
    public required string EntityType { get; set; }

    public long EntityId { get; set; }

    /// <summary>The account the record is under: who may be told follows who may see it.</summary>
    public long? AccountId { get; set; }

    /// <summary>Who caused it; null for the background work.</summary>
    public long? ActorId { get; set; }

    /// <summary>Facts for the message as a JSON object (e.g. fromStage, toStage, title); never prices or costs.</summary>
    public required string Data { get; set; }

    /// <summary>
    /// Set for events the background work detects again on every run (an order at risk, a band
    /// drop): unique with <see cref="Event"/>, so each is told once.
    /// </summary>
    public string? DedupKey { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>When it was fanned out; null while waiting.</summary>
    public DateTime? DispatchedAt { get; set; }
}

/// <summary>An entry in one user's in-app inbox. Users read only their own.</summary>
public sealed class Notification
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public long EventId { get; set; }

    public OutboxEvent? OutboxEvent { get; set; }

    public NotificationEvent Event { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ReadAt { get; set; }
}

/// <summary>One user's choice for one event; no row means the default for the user's role.</summary>
public sealed class NotificationPreference
{
    public long UserId { get; set; }

    public NotificationEvent Event { get; set; }

    public bool InApp { get; set; }

    public bool Email { get; set; }
}

/// <summary>Where a queued email or webhook delivery is.</summary>
public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>An email waiting to be sent over SMTP (or written to the pickup folder), retried with backoff.</summary>
public sealed class EmailMessage
{
    public const int MaxAddress = 320;
    public const int MaxSubject = 300;
    public const int MaxBody = 8000;
    public const int MaxError = 1000;

    public long Id { get; set; }

    public long? UserId { get; set; }

    public long? EventId { get; set; }

    public required string To { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? SentAt { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A subscription of an outside system to events: each event is POSTed as JSON to <see cref="Url"/>,
/// signed with HMAC-SHA256 over the body with <see cref="Secret"/>. The secret is shown once, at
/// creation, and never returned or written to the history. Admins keep webhooks.
/// </summary>
public sealed class Webhook : Entity, IAudited
{
    public const int MaxUrl = 2000;
    public const int MaxDescription = 500;
    public const int MaxSecret = 200;

    public required string Url { get; set; }

    public string? Description { get; set; }

    /// <summary>The events it receives, as a comma-separated list of camelCase names.</summary>
    public required string Events { get; set; }

    public required string Secret { get; set; }

    public bool IsActive { get; set; } = true;

    public long CreatedById { get; set; }

    long? IAudited.AuditAccountId => null;
}

/// <summary>One event sent (or being sent) to one webhook: the delivery log, with retries and backoff.</summary>
public sealed class WebhookDelivery
{
    public const int MaxPayload = 8000;
    public const int MaxError = 1000;

    public long Id { get; set; }

    public long WebhookId { get; set; }

    public long EventId { get; set; }

    public NotificationEvent Event { get; set; }

    /// <summary>The exact body sent (and signed).</summary>
    public required string Payload { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public DateTime CreatedAt { get; set; }
}
