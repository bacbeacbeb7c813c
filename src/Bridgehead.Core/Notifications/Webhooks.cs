using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Notifications;

/// <summary>
/// A webhook as the API returns it. <see cref="Secret"/> is there only in the answer that made it
/// (creation, or a PATCH with <c>rotateSecret</c>); every other answer leaves the member out.
/// </summary>
public sealed record WebhookDto(
    long Id,
    string Url,
    string? Description,
    IReadOnlyList<NotificationEvent> Events,
    bool IsActive,
    long CreatedById,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }
}

/// <summary>The body of POST /webhooks.</summary>
public sealed record WebhookInput
{
    public string? Url { get; init; }

    /// <summary>Event names in camelCase (stageChanged, incidentOpened, ...).</summary>
    public IReadOnlyList<string>? Events { get; init; }

    public string? Description { get; init; }

    /// <summary>The shared secret to sign with; when absent, 32 random bytes (base64url) are made.</summary>
    public string? Secret { get; init; }
}

/// <summary>The body of PATCH /webhooks/{id}, merged onto the current values (JSON merge patch).</summary>
public sealed record WebhookPatch
{
    public string? Url { get; init; }

    public IReadOnlyList<string>? Events { get; init; }

    public string? Description { get; init; }

    public bool IsActive { get; init; }

    /// <summary>True makes a new secret, returned once in this answer; the old one stops working at once.</summary>
    public bool RotateSecret { get; init; }
}

/// <summary>One delivery of one event to one webhook, as the delivery log shows it.</summary>
public sealed record WebhookDeliveryDto(
    long Id,
    long WebhookId,
    long EventId,
    NotificationEvent Event,
    DeliveryStatus Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTime CreatedAt,
    DateTime? LastAttemptAt,
    DateTime? DeliveredAt,
    DateTime NextAttemptAt,
    string Payload);

/// <summary>Filters of the delivery log.</summary>
public sealed record WebhookDeliveryFilter
{
    public DeliveryStatus? Status { get; init; }
}

/// <summary>Rules and shared reads of webhooks. Admins (and the background work) only: the tables have no visibility filter.</summary>
public static class WebhookRules
{
    /// <summary>The shortest secret an admin may choose: HMAC-SHA256 is only as strong as its key.</summary>
    public const int MinSecret = 16;

    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>An event's name as the API and the stored list write it: camelCase.</summary>
    public static string Name(NotificationEvent e) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.ToString());

    public static IReadOnlyList<NotificationEvent> ParseStored(string events) =>
        [.. events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => Enum.TryParse<NotificationEvent>(n, ignoreCase: true, out var e) ? (NotificationEvent?)e : null)
            .OfType<NotificationEvent>()];

    public static string Store(IEnumerable<NotificationEvent> events) => string.Join(",", events.Distinct().Order().Select(Name));

    internal static WebhookDto Dto(Webhook w, string? secret = null) =>
        new(w.Id, w.Url, w.Description, ParseStored(w.Events), w.IsActive, w.CreatedById, w.CreatedAt, w.UpdatedAt, w.Version) { Secret = secret };

    /// <summary>
    /// Checks the fields of a webhook. The URL must be absolute http or https: admins choose where
    /// the events go (the server will POST to whatever host they name, inside the network too), so
    /// only admins keep webhooks, and other schemes (file:, ftp:, ...) are refused outright.
    /// </summary>
    internal static (string Url, string? Description, List<NotificationEvent> Events) Validate(
        Validator v, string? url, IReadOnlyList<string>? events, string? description)
    {
        var cleanUrl = Text.Clean(url);
        if (cleanUrl is null)
        {
            v.Add("url", CommonText.Required);
        }
        else if (cleanUrl.Length > Webhook.MaxUrl)
        {
            v.MaxLength("url", cleanUrl, Webhook.MaxUrl);
        }
        else if (!Uri.TryCreate(cleanUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            v.Add("url", WebhooksText.UrlMustBeHttp);
        }
        var parsed = new List<NotificationEvent>();
        if (events is null || events.Count == 0)
        {
            v.Add("events", WebhooksText.EventsRequired);
        }
        else
        {
            var unknown = new List<string>();
            foreach (var name in events)
            {
                // Names only (no numbers): "stageChanged", also accepted as "StageChanged".
                if (!string.IsNullOrWhiteSpace(name) && !name.Trim().All(char.IsAsciiDigit) && name.Trim().All(char.IsAsciiLetter)
                    && Enum.TryParse<NotificationEvent>(name.Trim(), ignoreCase: true, out var e) && Enum.IsDefined(e))
                {
                    parsed.Add(e);
                }
                else
                {
                    unknown.Add(name ?? "null");
                }
            }
            if (unknown.Count > 0)
            {
                v.Add("events", Validator.Format(WebhooksText.UnknownEvents, string.Join(", ", unknown),
                    string.Join(", ", Enum.GetValues<NotificationEvent>().Select(Name))));
            }
        }
        var cleanDescription = Text.Clean(description);
        v.MaxLength("description", cleanDescription, Webhook.MaxDescription);
        return (cleanUrl ?? "", cleanDescription, [.. parsed.Distinct().Order()]);
    }

    internal static void ValidateSecret(Validator v, string? secret)
    {
        if (secret is null)
        {
            return;
        }
        if (secret.Length < MinSecret || string.IsNullOrWhiteSpace(secret) || secret.Trim() != secret)
        {
            v.Add("secret", Validator.Format(WebhooksText.SecretTooShort, MinSecret));
        }
        v.MaxLength("secret", secret, Webhook.MaxSecret);
    }
}

/// <summary>The webhooks, for admins.</summary>
public sealed class ListWebhooks(BridgeheadDb db)
{
    public async Task<Page<WebhookDto>> HandleAsync(PageRequest page, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, WebhooksText.AdminsOnly);
        var rows = await db.Webhooks.AsNoTracking().ToPageAsync(w => w.Id, w => w.Id, descending: false, page, w => w, w => (w.Id, w.Id), ct);
        return new Page<WebhookDto>([.. rows.Items.Select(w => WebhookRules.Dto(w))], rows.NextCursor);
    }
}

/// <summary>One webhook, for admins; never its secret.</summary>
public sealed class GetWebhook(BridgeheadDb db)
{
    public async Task<WebhookDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, WebhooksText.AdminsOnly);
        var w = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("webhook");
        return WebhookRules.Dto(w);
    }
}

/// <summary>
/// An admin subscribes an outside system to events. The answer carries the signing secret, the
/// only time it is shown; the history records the webhook without it.
/// </summary>
public sealed class CreateWebhook(BridgeheadDb db)
{
    public async Task<WebhookDto> HandleAsync(WebhookInput input, CancellationToken ct)
    {
        var viewer = Access.RequireAdmin(db.Viewer, WebhooksText.AdminsOnly);
        var v = new Validator();
        var (url, description, events) = WebhookRules.Validate(v, input.Url, input.Events, input.Description);
        WebhookRules.ValidateSecret(v, input.Secret);
        if (viewer.UserId is null)
        {
            v.Add("createdById", CommonText.SystemNeedsOwner);
        }
        v.ThrowIfInvalid();
        var secret = input.Secret ?? WebhookRules.NewSecret();
        var webhook = db.Webhooks.Add(new Webhook
        {
            Url = url,
            Description = description,
            Events = WebhookRules.Store(events),
            Secret = secret,
            IsActive = true,
            CreatedById = viewer.UserId!.Value,
        }).Entity;
        await db.SaveAsync(ct);
        return WebhookRules.Dto(webhook, secret);
    }
}

/// <summary>An admin changes a webhook: address, events, description, on/off, or a new secret (returned once).</summary>
public sealed class UpdateWebhook(BridgeheadDb db)
{
    public async Task<WebhookDto> HandleAsync(long id, long? expectedVersion, Func<WebhookPatch, WebhookPatch> change, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, WebhooksText.AdminsOnly);
        var webhook = await db.Webhooks.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("webhook");
        Concurrency.Expect(db, webhook, expectedVersion);
        var current = new WebhookPatch
        {
            Url = webhook.Url,
            Events = [.. WebhookRules.ParseStored(webhook.Events).Select(WebhookRules.Name)],
            Description = webhook.Description,
            IsActive = webhook.IsActive,
            RotateSecret = false,
        };
        var next = change(current);
        var v = new Validator();
        var (url, description, events) = WebhookRules.Validate(v, next.Url, next.Events, next.Description);
        v.ThrowIfInvalid();
        webhook.Url = url;
        webhook.Description = description;
        webhook.Events = WebhookRules.Store(events);
        webhook.IsActive = next.IsActive;
        string? secret = null;
        if (next.RotateSecret)
        {
            secret = WebhookRules.NewSecret();
            webhook.Secret = secret;
        }
        await db.SaveAsync(ct);
        return WebhookRules.Dto(webhook, secret);
    }
}

/// <summary>An admin deletes a webhook; its delivery log goes with it.</summary>
public sealed class DeleteWebhook(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, WebhooksText.AdminsOnly);
        var webhook = await db.Webhooks.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("webhook");
        Concurrency.Expect(db, webhook, expectedVersion);
        db.Webhooks.Remove(webhook);
        await db.SaveAsync(ct);
    }
}

/// <summary>The delivery log of one webhook, newest first.</summary>
public sealed class ListWebhookDeliveries(BridgeheadDb db)
{
    public async Task<Page<WebhookDeliveryDto>> HandleAsync(long webhookId, WebhookDeliveryFilter filter, PageRequest page, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, WebhooksText.AdminsOnly);
        if (!await db.Webhooks.AnyAsync(w => w.Id == webhookId, ct))
        {
            throw new NotFoundException("webhook");
        }
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhookId);
        if (filter.Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }
        return await query.ToPageAsync(d => d.Id, d => d.Id, descending: true, page,
            d => new WebhookDeliveryDto(d.Id, d.WebhookId, d.EventId, d.Event, d.Status, d.Attempts, d.LastStatusCode, d.LastError,
                d.CreatedAt, d.LastAttemptAt, d.DeliveredAt, d.NextAttemptAt, d.Payload),
            d => (d.Id, d.Id), ct);
    }
}

/// <summary>
/// An admin sends a failed delivery again: it is pending, due now, and the background work tries it
/// on its next tick. It keeps its attempt count, so a retry that fails again is failed again at
/// once (one more attempt, not a new series of eight).
/// </summary>
public sealed class RetryWebhookDelivery(BridgeheadDb db)
{
    public async Task<WebhookDeliveryDto> HandleAsync(long webhookId, long deliveryId, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, WebhooksText.AdminsOnly);
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId && d.WebhookId == webhookId, ct)
            ?? throw new NotFoundException("webhookDelivery");
        if (delivery.Status != DeliveryStatus.Failed)
        {
            throw new ConflictException([WebhooksText.RetryOnlyFailed]);
        }
        delivery.Status = DeliveryStatus.Pending;
        delivery.NextAttemptAt = db.Clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return new WebhookDeliveryDto(delivery.Id, delivery.WebhookId, delivery.EventId, delivery.Event, delivery.Status, delivery.Attempts,
            delivery.LastStatusCode, delivery.LastError, delivery.CreatedAt, delivery.LastAttemptAt, delivery.DeliveredAt, delivery.NextAttemptAt, delivery.Payload);
    }
}
