using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridgehead.Background;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Notifications;

/// <summary>
/// How a webhook request is signed, for the sender and for receivers (see docs/api.md): the
/// signature is HMAC-SHA256, keyed with the UTF-8 bytes of the webhook's secret, over
/// "{timestamp}.{body}", written as <c>sha256=</c> and lower-case hex.
/// </summary>
public static class WebhookSignature
{
    public const string EventHeader = "X-Bridgehead-Event";
    public const string DeliveryHeader = "X-Bridgehead-Delivery";
    public const string TimestampHeader = "X-Bridgehead-Timestamp";
    public const string SignatureHeader = "X-Bridgehead-Signature";

    public static string Sign(string secret, long timestamp, string body)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var message = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }

    /// <summary>True when <paramref name="signature"/> is the body's (compared in constant time) and the timestamp is within <paramref name="tolerance"/> of now.</summary>
    public static bool Verify(string secret, string timestamp, string body, string signature, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}

/// <summary>
/// Fans events out to webhooks: for every active webhook, one <see cref="WebhookDelivery"/> per
/// outbox event of its events that happened after it was made (and in the last 7 days) and has none
/// yet. The unique (webhook, event) pair makes it idempotent, also against a racing run. It reads
/// the outbox on its own and leaves <see cref="OutboxEvent.DispatchedAt"/> to the inbox and email
/// fan-out, so neither waits for the other.
/// </summary>
public sealed class WebhookFanOutJob(ILogger<WebhookFanOutJob> log) : IBackgroundJob
{
    /// <summary>Events older than this are not sent to a webhook that missed them (it was off, or new).</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(7);

    private const int Batch = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "webhook-fan-out";

    public TimeSpan Every => TimeSpan.Zero;

    public async Task RunAsync(BridgeheadDb db, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var hooks = await db.Webhooks.AsNoTracking().Where(w => w.IsActive)
            .Select(w => new { w.Id, w.Events, w.CreatedAt }).ToListAsync(ct);
        foreach (var hook in hooks)
        {
            var events = WebhookRules.ParseStored(hook.Events).ToList();
            if (events.Count == 0)
            {
                continue;
            }
            var from = hook.CreatedAt > now - LookBack ? hook.CreatedAt : now - LookBack;
            var hookId = hook.Id;
            var missing = await db.OutboxEvents.AsNoTracking()
                .Where(e => e.OccurredAt >= from && events.Contains(e.Event)
                    && !db.WebhookDeliveries.Any(d => d.WebhookId == hookId && d.EventId == e.Id))
                .OrderBy(e => e.Id)
                .Take(Batch)
                .ToListAsync(ct);
            if (missing.Count == 0)
            {
                continue;
            }
            db.WebhookDeliveries.AddRange(missing.Select(e => new WebhookDelivery
            {
                WebhookId = hookId,
                EventId = e.Id,
                Event = e.Event,
                Payload = Payload(e),
                Status = DeliveryStatus.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            }));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e)
            {
                // Another run made some of them a moment ago; the next run adds what is still missing.
                db.ChangeTracker.Clear();
                if (log.IsEnabled(LogLevel.Information))
                {
                    log.LogInformation(e, "Webhook {Webhook}: deliveries made elsewhere meanwhile; trying again next run", hookId);
                }
            }
        }
    }

    /// <summary>The JSON body sent for an event: <c>{ id, event, occurredAt, entityType, entityId, accountId, data }</c>.</summary>
    public static string Payload(OutboxEvent e)
    {
        JsonNode? data;
        try
        {
            data = JsonNode.Parse(e.Data);
        }
        catch (JsonException)
        {
            data = JsonValue.Create(e.Data);
        }
        var body = new JsonObject
        {
            ["id"] = e.Id,
            ["event"] = WebhookRules.Name(e.Event),
            ["occurredAt"] = DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc),
            ["entityType"] = e.EntityType,
            ["entityId"] = e.EntityId,
            ["accountId"] = e.AccountId,
            ["data"] = data,
        };
        return body.ToJsonString(Json);
    }
}

/// <summary>
/// Sends due webhook deliveries: one signed POST each per run. A 2xx answer delivers it; anything
/// else (another status, a refused connection, the 10 s timeout) counts an attempt and schedules the
/// next one after a backoff of 30 s x 2^(attempts-1) plus up to 10% jitter, capped at one hour; the
/// eighth failed attempt fails it for good (an admin may retry it).
/// </summary>
/// <remarks>
/// The persisted schedule IS the retry policy. Microsoft.Extensions.Http.Resilience (Polly) is in
/// the package list, but its retries live in memory inside one call: they would hold the background
/// tick (and the lease) for up to an hour of backoff, be lost when the instance stops, and leave the
/// delivery log blind to the attempts in between. A row per delivery with Attempts and NextAttemptAt
/// survives restarts and fail-over to another instance, and shows every attempt to the admin.
/// </remarks>
public sealed class WebhookDeliveryJob(IHttpClientFactory clients, ILogger<WebhookDeliveryJob> log) : IBackgroundJob
{
    /// <summary>The named HttpClient (see <see cref="AddHttpClient"/>).</summary>
    public const string ClientName = "webhooks";

    public const int MaxAttempts = 8;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>A claimed delivery is not due again for this long, so a second runner never sends it twice meanwhile.</summary>
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    /// <summary>At most this many per run (the rest wait for the next tick), sent this many at a time: a run lasts at most about 50 s even when every receiver times out.</summary>
    private const int Batch = 40;

    private const int Parallelism = 8;

    public string Name => "webhook-delivery";

    public TimeSpan Every => TimeSpan.Zero;

    /// <summary>The named client: 10 s timeout, no redirects (a webhook answers where it was told to be), no cookies.</summary>
    public static void AddHttpClient(IServiceCollection services) =>
        services.AddHttpClient(ClientName, c =>
            {
                c.Timeout = Timeout;
                c.DefaultRequestHeaders.UserAgent.ParseAdd("Bridgehead-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <summary>When the attempt after <paramref name="attempts"/> failed ones is due: 30 s, 1 min, 2 min, ... capped at 1 h, plus jitter.</summary>
    public static TimeSpan Backoff(int attempts, double jitter)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 20);
        var delay = FirstBackoff * Math.Pow(2, exponent);
        if (delay > MaxBackoff)
        {
            delay = MaxBackoff;
        }
        delay += delay * (0.1 * Math.Clamp(jitter, 0, 1));
        return delay > MaxBackoff ? MaxBackoff : delay;
    }

    public async Task RunAsync(BridgeheadDb db, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
            .Join(db.Webhooks.Where(w => w.IsActive), d => d.WebhookId, w => w.Id,
                (d, w) => new { d.Id, d.Event, d.Payload, d.Attempts, d.NextAttemptAt, w.Url, w.Secret })
            .OrderBy(x => x.NextAttemptAt).ThenBy(x => x.Id)
            .Take(Batch)
            .ToListAsync(ct);
        // Claim them first: only the runner whose conditional update matched sends one, so two
        // runners (a lease that ran out during a slow run) never send the same delivery twice.
        var claimedUntil = db.Clock.GetUtcNow().UtcDateTime + ClaimFor;
        var mine = new List<(long Id, NotificationEvent Event, string Payload, int Attempts, string Url, string Secret)>();
        foreach (var d in due)
        {
            var claimed = await db.WebhookDeliveries
                .Where(x => x.Id == d.Id && x.Status == DeliveryStatus.Pending && x.Attempts == d.Attempts && x.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextAttemptAt, claimedUntil), ct);
            if (claimed == 1)
            {
                mine.Add((d.Id, d.Event, d.Payload, d.Attempts, d.Url, d.Secret));
            }
        }
        if (mine.Count == 0)
        {
            return;
        }
        // Send in parallel (a slow receiver costs its 10 s once, not once per delivery), then record.
        var results = new (int? Status, string? Error)[mine.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, mine.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (i, token) => results[i] = await SendAsync(mine[i].Id, mine[i].Event, mine[i].Url, mine[i].Secret, mine[i].Payload, db.Clock, token));
        for (var i = 0; i < mine.Count; i++)
        {
            var d = mine[i];
            var (status, error) = results[i];
            var at = db.Clock.GetUtcNow().UtcDateTime;
            var attempts = d.Attempts + 1;
            if (status is >= 200 and < 300)
            {
                await db.WebhookDeliveries.Where(x => x.Id == d.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Status, DeliveryStatus.Delivered)
                    .SetProperty(x => x.Attempts, attempts)
                    .SetProperty(x => x.LastAttemptAt, at)
                    .SetProperty(x => x.LastStatusCode, status)
                    .SetProperty(x => x.LastError, (string?)null)
                    .SetProperty(x => x.DeliveredAt, at), ct);
                continue;
            }
            var failed = attempts >= MaxAttempts;
            var next = failed ? at : at + Backoff(attempts, Random.Shared.NextDouble());
            var message = Common.Text.Excerpt(error, WebhookDelivery.MaxError);
            await db.WebhookDeliveries.Where(x => x.Id == d.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, failed ? DeliveryStatus.Failed : DeliveryStatus.Pending)
                .SetProperty(x => x.Attempts, attempts)
                .SetProperty(x => x.LastAttemptAt, at)
                .SetProperty(x => x.LastStatusCode, status)
                .SetProperty(x => x.LastError, message)
                .SetProperty(x => x.NextAttemptAt, next), ct);
            if (log.IsEnabled(LogLevel.Information))
            {
                log.LogInformation("Webhook delivery {Delivery} attempt {Attempts} failed ({Status}: {Error}); {Outcome}",
                    d.Id, attempts, status, error, failed ? "giving up" : "next at " + next.ToString("O", CultureInfo.InvariantCulture));
            }
        }
    }

    private async Task<(int? Status, string? Error)> SendAsync(long id, NotificationEvent what, string url, string secret, string body, TimeProvider clock, CancellationToken ct)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.EventHeader, WebhookRules.Name(what));
        request.Headers.Add(WebhookSignature.DeliveryHeader, id.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        try
        {
            using var client = clients.CreateClient(ClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            if (code is >= 200 and < 300)
            {
                return (code, null);
            }
            var text = await ReadStartAsync(response, ct);
            return (code, $"HTTP {code} {response.ReasonPhrase}".Trim() + (text is null ? "" : ": " + text));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, string.Format(CultureInfo.InvariantCulture, "No answer within {0} s", Timeout.TotalSeconds));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Refused connection, bad TLS, an address the handler cannot use: an attempt that failed.
            return (null, e.Message);
        }
    }

    /// <summary>The first few hundred characters of an error answer, for the log.</summary>
    private static async Task<string?> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            return Common.Text.Excerpt(text.ReplaceLineEndings(" "), 300);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
