using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Notifications;

namespace Bridgehead.Webhooks;

/// <summary>
/// /api/v1/webhooks: outside systems subscribed to events, signed with HMAC-SHA256, kept by admins
/// only (every other role gets 403). The secret is in the answer that makes it and nowhere else.
/// </summary>
public static class WebhooksApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Admin);

        g.MapGet("/", async (int? limit, string? cursor, ListWebhooks list, CancellationToken ct) =>
                await list.HandleAsync(PageRequest.Of(limit, cursor), ct))
            .WithSummary("The webhooks (admins), oldest first. Never their secrets.");

        g.MapGet("/{id:long}", async (long id, GetWebhook get, HttpResponse response, CancellationToken ct) =>
            {
                var webhook = await get.HandleAsync(id, ct);
                ETags.Set(response, webhook.Version);
                return webhook;
            })
            .WithSummary("One webhook (admins); its ETag is the version to send in If-Match. Never its secret.");

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetWebhook get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("webhook", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed the webhook, newest first (admins). The secret is never written to the history.");

        g.MapPost("/", async (WebhookInput body, CreateWebhook create, HttpResponse response, CancellationToken ct) =>
            {
                var webhook = await create.HandleAsync(body, ct);
                ETags.Set(response, webhook.Version);
                return Results.Created($"/api/v1/webhooks/{webhook.Id}", webhook);
            })
            .WithMetadata(new SecretResponse())
            .WithSummary("Subscribe a URL (absolute http or https) to `events` (camelCase names), with an optional `description` and `secret` (at least 16 characters; "
                + "when absent, 32 random bytes in base64url). The answer carries `secret` once: keep it, it is never shown again. "
                + "An Idempotency-Key retry is recognised (no second webhook) but answered 409, since the secret is not stored to replay.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateWebhook update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var webhook = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, webhook.Version);
                return webhook;
            })
            .Accepts<WebhookPatch>("application/merge-patch+json", "application/json")
            .WithSummary("Change `url`, `events`, `description` or `isActive` (JSON merge patch, If-Match). `rotateSecret: true` makes a new secret, returned once in this answer; the old one stops signing at once.");

        g.MapDelete("/{id:long}", async (long id, DeleteWebhook delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Delete a webhook and its delivery log (If-Match).");

        g.MapGet("/{id:long}/deliveries", async (long id, string? status, int? limit, string? cursor, ListWebhookDeliveries list, CancellationToken ct) =>
                await list.HandleAsync(id, new WebhookDeliveryFilter { Status = QueryValues.Enum<DeliveryStatus>(status, "status") }, PageRequest.Of(limit, cursor), ct))
            .WithSummary("The delivery log, newest first: event, status (pending, delivered, failed), attempts, lastStatusCode, lastError, createdAt, lastAttemptAt, deliveredAt, nextAttemptAt and the exact payload sent.");

        g.MapPost("/{id:long}/deliveries/{deliveryId:long}/retry", async (long id, long deliveryId, RetryWebhookDelivery retry, CancellationToken ct) =>
                await retry.HandleAsync(id, deliveryId, ct))
            .WithSummary("Send a failed delivery again: it becomes pending and due now (the background work tries it on its next tick). Any other status is 409.");
    }
}
