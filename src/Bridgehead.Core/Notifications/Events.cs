using System.Text.Json;
using Bridgehead.Data;

namespace Bridgehead.Notifications;

/// <summary>Raises events for the notifications: call it before the save that makes the change, so both commit together.</summary>
public static class Events
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Queues <paramref name="what"/> about one record. <paramref name="data"/> is an anonymous
    /// object of facts for the message (names, stages, dates): never prices, costs or margins.
    /// </summary>
    public static OutboxEvent Raise(
        BridgeheadDb db, NotificationEvent what, string entityType, long entityId, long? accountId, object data, string? dedupKey = null)
    {
        var e = new OutboxEvent
        {
            Event = what,
            EntityType = entityType,
            EntityId = entityId,
            AccountId = accountId,
            ActorId = db.Viewer?.UserId,
            Data = JsonSerializer.Serialize(data, Json),
            DedupKey = dedupKey,
            OccurredAt = db.Clock.GetUtcNow().UtcDateTime,
        };
        db.OutboxEvents.Add(e);
        return e;
    }
}
