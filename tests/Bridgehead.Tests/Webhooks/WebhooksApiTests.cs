using System.Net;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Notifications;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Tests.Webhooks;

public sealed class WebhooksApiTests_Sqlite() : WebhooksApiTests(Provider.Sqlite);

public sealed class WebhooksApiTests_Postgres() : WebhooksApiTests(Provider.Postgres);

/// <summary>/webhooks: admins only, the secret shown once, validation by field, ETags, and signed deliveries with a log.</summary>
public abstract class WebhooksApiTests(Provider provider) : AppTests(provider)
{
    /// <summary>Nothing listens on the discard port: a delivery there fails at once, so other tests' background runs stay quick.</summary>
    private const string Nowhere = "http://127.0.0.1:9/hook";

    private async Task<HttpClient> AdminAsync() => App.Client(await App.CreateUserAsync(Role.Admin));

    private static async Task<System.Text.Json.Nodes.JsonNode> CreateAsync(HttpClient admin, string url = Nowhere, string[]? events = null, string? secret = null)
    {
        object body = secret is null
            ? new { url, events = events ?? ["stageChanged"], description = "ERP" }
            : new { url, events = events ?? ["stageChanged"], description = "ERP", secret };
        return await admin.CreateAsync("/api/v1/webhooks", body);
    }

    private async Task RunBackgroundAsync() =>
        await App.Web.Services.GetRequiredService<BackgroundWorker>().RunOnceAsync();

    private async Task<long> RaiseAsync(NotificationEvent what, string title)
    {
        await using var db = App.OpenDb();
        var e = Events.Raise(db, what, "opportunity", Random.Shared.NextInt64(1, 1_000_000), null, new { title, fromStage = "contact", toStage = "needs" });
        await db.SaveChangesAsync();
        return e.Id;
    }

    [Theory]
    [InlineData(Role.Rep)]
    [InlineData(Role.Manager)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    [InlineData(Role.Viewer)]
    public async Task OthersThanAdmins_Get403_OnEveryEndpoint(Role role)
    {
        var webhook = await CreateAsync(await AdminAsync());
        var id = webhook.Id();
        using var client = App.Client(await App.CreateUserAsync(role, role == Role.Manager ? TestApp.NewTeam() : null));

        var answers = new[]
        {
            await client.GetAsync("/api/v1/webhooks"),
            await client.GetAsync($"/api/v1/webhooks/{id}"),
            await client.GetAsync($"/api/v1/webhooks/{id}/history"),
            await client.GetAsync($"/api/v1/webhooks/{id}/deliveries"),
            await client.PostJsonAsync("/api/v1/webhooks", new { url = Nowhere, events = new[] { "stageChanged" } }),
            await client.PatchJsonAsync($"/api/v1/webhooks/{id}", new { description = "mine" }, "\"1\""),
            await client.PostJsonAsync($"/api/v1/webhooks/{id}/deliveries/1/retry", new { }),
            await client.DeleteAsync($"/api/v1/webhooks/{id}", "\"1\""),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Forbidden, a.StatusCode));
        await using var db = App.OpenDb();
        var stored = await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id);
        Assert.Equal("ERP", stored.Description);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task Create_ReturnsTheGeneratedSecretOnce_AndNeverAgain()
    {
        using var admin = await AdminAsync();

        var response = await admin.PostJsonAsync("/api/v1/webhooks", new { url = Nowhere, events = new[] { "stageChanged", "incidentOpened" } });
        await response.ExpectAsync(HttpStatusCode.Created);
        var created = await response.JsonAsync();
        var id = created.Id();
        var secret = created["secret"]!.GetValue<string>();

        // 32 random bytes in base64url: 43 characters of A-Z a-z 0-9 - _.
        Assert.Equal(43, secret.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", secret);
        Assert.Equal($"/api/v1/webhooks/{id}", response.Headers.Location!.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal(["incidentOpened", "stageChanged"], created["events"]!.AsArray().Select(e => e!.GetValue<string>()).Order());
        Assert.True(created["isActive"]!.GetValue<bool>());

        var one = await admin.GetJsonAsync($"/api/v1/webhooks/{id}");
        Assert.False(one.AsObject().ContainsKey("secret"));
        Assert.Equal(Nowhere, one["url"]!.GetValue<string>());
        var list = await admin.GetJsonAsync("/api/v1/webhooks?limit=500");
        var listed = list["items"]!.AsArray().Single(w => w!["id"]!.GetValue<long>() == id)!;
        Assert.False(listed.AsObject().ContainsKey("secret"));

        var patched = await admin.PatchJsonAsync($"/api/v1/webhooks/{id}", new { description = "Plant ERP", isActive = false }, "\"1\"");
        await patched.ExpectAsync(HttpStatusCode.OK);
        var after = await patched.JsonAsync();
        Assert.False(after.AsObject().ContainsKey("secret"));
        Assert.False(after["isActive"]!.GetValue<bool>());
        Assert.Equal("\"2\"", patched.Headers.ETag!.Tag);

        var historyResponse = await admin.GetAsync($"/api/v1/webhooks/{id}/history");
        await historyResponse.ExpectAsync(HttpStatusCode.OK);
        var history = await historyResponse.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, history, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", history, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"url\"", history, StringComparison.Ordinal);
        Assert.Contains("Plant ERP", history, StringComparison.Ordinal);
        Assert.Equal(2, (await historyResponse.JsonAsync())["items"]!.AsArray().Count);

        await using var db = App.OpenDb();
        Assert.Equal(secret, (await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id)).Secret);
        Assert.False(await db.AuditEntries.AsNoTracking().AnyAsync(e => e.EntityType == "webhook" && e.EntityId == id && e.Changes.Contains(secret)));
    }

    [Fact]
    public async Task AChosenSecret_IsKept_AndRotatingMakesANewOneShownOnce()
    {
        using var admin = await AdminAsync();
        var created = await CreateAsync(admin, secret: "a-long-shared-secret-42");
        var id = created.Id();
        Assert.Equal("a-long-shared-secret-42", created["secret"]!.GetValue<string>());

        var rotated = await admin.PatchJsonAsync($"/api/v1/webhooks/{id}", new { rotateSecret = true }, "\"1\"");
        await rotated.ExpectAsync(HttpStatusCode.OK);
        var newSecret = (await rotated.JsonAsync())["secret"]!.GetValue<string>();

        Assert.NotEqual("a-long-shared-secret-42", newSecret);
        Assert.Equal(43, newSecret.Length);
        Assert.False((await admin.GetJsonAsync($"/api/v1/webhooks/{id}")).AsObject().ContainsKey("secret"));
        var history = await (await admin.GetAsync($"/api/v1/webhooks/{id}/history")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(newSecret, history, StringComparison.Ordinal);
        Assert.DoesNotContain("a-long-shared-secret-42", history, StringComparison.Ordinal);
        await using var db = App.OpenDb();
        Assert.Equal(newSecret, (await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id)).Secret);
    }

    [Fact]
    public async Task BadValues_AreNamedByField_AndNothingIsSaved()
    {
        using var admin = await AdminAsync();
        await using var db = App.OpenDb();

        var response = await admin.PostJsonAsync("/api/v1/webhooks", new { url = "ftp://files.example.com/in", events = new[] { "stageChanged", "dealWon", "" }, secret = "short" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = await response.ErrorsAsync();
        Assert.Contains("http", errors["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("dealWon", errors["events"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("incidentOpened", errors["events"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(errors.ContainsKey("secret"));

        var relative = await admin.PostJsonAsync("/api/v1/webhooks", new { url = "/hooks/in", events = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, relative.StatusCode);
        var relativeErrors = await relative.ErrorsAsync();
        Assert.True(relativeErrors.ContainsKey("url"));
        Assert.True(relativeErrors.ContainsKey("events"));

        var missing = await admin.PostJsonAsync("/api/v1/webhooks", new { description = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        var missingErrors = await missing.ErrorsAsync();
        Assert.True(missingErrors.ContainsKey("url"));
        Assert.True(missingErrors.ContainsKey("events"));

        var created = await CreateAsync(admin);
        var badPatch = await admin.PatchJsonAsync($"/api/v1/webhooks/{created.Id()}", new { url = "javascript:alert(1)", events = new[] { "nope" } }, "\"1\"");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badPatch.StatusCode);
        var patchErrors = await badPatch.ErrorsAsync();
        Assert.True(patchErrors.ContainsKey("url"));
        Assert.True(patchErrors.ContainsKey("events"));
        var secretPatch = await admin.PatchJsonAsync($"/api/v1/webhooks/{created.Id()}", new { secret = "a-secret-chosen-by-me" }, "\"1\"");
        Assert.Equal(HttpStatusCode.BadRequest, secretPatch.StatusCode);

        // Other tests add webhooks meanwhile: none of the refused ones is there.
        Assert.False(await db.Webhooks.AnyAsync(w => w.Url == "ftp://files.example.com/in" || w.Url == "/hooks/in" || w.Url.StartsWith("javascript:")));
        var stored = await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == created.Id());
        Assert.Equal(Nowhere, stored.Url);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task StaleIfMatch_Is412_OnPatchAndDelete_AndDeleteRemovesIt()
    {
        using var admin = await AdminAsync();
        var id = (await CreateAsync(admin)).Id();
        await (await admin.PatchJsonAsync($"/api/v1/webhooks/{id}", new { description = "v2" }, "\"1\"")).ExpectAsync(HttpStatusCode.OK);

        var stalePatch = await admin.PatchJsonAsync($"/api/v1/webhooks/{id}", new { description = "lost" }, "\"1\"");
        var staleDelete = await admin.DeleteAsync($"/api/v1/webhooks/{id}", "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stalePatch.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        Assert.Equal("v2", (await admin.GetJsonAsync($"/api/v1/webhooks/{id}"))["description"]!.GetValue<string>());

        await (await admin.DeleteAsync($"/api/v1/webhooks/{id}", "\"2\"")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/webhooks/{id}/deliveries")).StatusCode);
    }

    [Fact]
    public async Task AnIdempotentRetry_MakesNoSecondWebhook_AndDoesNotReplayTheSecret()
    {
        using var admin = await AdminAsync();
        var key = Guid.NewGuid().ToString("N");
        var url = Nowhere + "?key=" + key;
        var body = new { url, events = new[] { "orderAtRisk" } };

        var first = await admin.PostJsonAsync("/api/v1/webhooks", body, key);
        var again = await admin.PostJsonAsync("/api/v1/webhooks", body, key);

        await first.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.DoesNotContain((await first.JsonAsync())["secret"]!.GetValue<string>(), await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = App.OpenDb();
        Assert.Equal(1, await db.Webhooks.CountAsync(w => w.Url == url));
    }

    [Fact]
    public async Task Deliveries_AreSignedWithTheSecret_AndRetriedWithBackoffUntilDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n <= 2 ? 500 : 200;
        using var admin = await AdminAsync();
        var created = await CreateAsync(admin, receiver.Url.ToString(), ["gateOverridden"]);
        var id = created.Id();
        var secret = created["secret"]!.GetValue<string>();
        var eventId = await RaiseAsync(NotificationEvent.GateOverridden, "Boiler tubes for Hanbit");

        await using var db = App.OpenDb();
        WebhookDelivery delivery = null!;
        for (var run = 0; run < 12; run++)
        {
            // Not waiting out the backoff: the test moves the next attempt into the past.
            await db.WebhookDeliveries.Where(d => d.WebhookId == id && d.Status == DeliveryStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, DateTime.UtcNow.AddMinutes(-1)));
            await RunBackgroundAsync();
            delivery = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.WebhookId == id);
            if (delivery.Attempts == 1)
            {
                // The first failure waits 30 s (plus up to 10% jitter) before the next attempt.
                var wait = delivery.NextAttemptAt - delivery.LastAttemptAt!.Value;
                Assert.InRange(wait.TotalSeconds, 29.9, 33.1);
                Assert.Equal(DeliveryStatus.Pending, delivery.Status);
                Assert.Equal(500, delivery.LastStatusCode);
                Assert.Contains("500", delivery.LastError, StringComparison.Ordinal);
            }
            if (delivery.Attempts == 2)
            {
                var wait = delivery.NextAttemptAt - delivery.LastAttemptAt!.Value;
                Assert.InRange(wait.TotalSeconds, 59.9, 66.1);
            }
            if (delivery.Status == DeliveryStatus.Delivered)
            {
                break;
            }
        }

        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(3, delivery.Attempts);
        Assert.Equal(200, delivery.LastStatusCode);
        Assert.Null(delivery.LastError);
        Assert.NotNull(delivery.DeliveredAt);
        var requests = receiver.Requests.Where(r => r.EventId == eventId).ToList();
        Assert.Equal([500, 500, 200], requests.Select(r => r.Answered));
        Assert.All(requests, r =>
        {
            Assert.True(WebhookReceiver.SignatureIsValid(r, secret), "The signature checks out with the secret given at creation.");
            Assert.False(WebhookReceiver.SignatureIsValid(r, secret + "x"));
            Assert.Equal("gateOverridden", r.Header("X-Bridgehead-Event"));
            Assert.Equal(delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Header("X-Bridgehead-Delivery"));
            Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal);
            Assert.InRange(long.Parse(r.Header("X-Bridgehead-Timestamp"), System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        });
        var payload = requests[^1].Json;
        Assert.Equal(eventId, payload["id"]!.GetValue<long>());
        Assert.Equal("gateOverridden", payload["event"]!.GetValue<string>());
        Assert.Equal("opportunity", payload["entityType"]!.GetValue<string>());
        Assert.Equal("Boiler tubes for Hanbit", payload["data"]!["title"]!.GetValue<string>());
        Assert.EndsWith("Z", payload["occurredAt"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(payload.AsObject().ContainsKey("accountId"));

        // The log shows it all; running again sends nothing more.
        var log = await admin.GetJsonAsync($"/api/v1/webhooks/{id}/deliveries");
        var row = Assert.Single(log["items"]!.AsArray())!;
        Assert.Equal("delivered", row["status"]!.GetValue<string>());
        Assert.Equal(3, row["attempts"]!.GetValue<int>());
        Assert.Equal(200, row["lastStatusCode"]!.GetValue<int>());
        Assert.Equal("gateOverridden", row["event"]!.GetValue<string>());
        Assert.Equal(requests[^1].Body, row["payload"]!.GetValue<string>());
        Assert.NotNull(row["deliveredAt"]);
        Assert.NotNull(row["lastAttemptAt"]);
        Assert.NotNull(row["createdAt"]);
        await RunBackgroundAsync();
        Assert.Equal(3, receiver.Requests.Count(r => r.EventId == eventId));
        Assert.Single(await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id).ToListAsync());
    }

    [Fact]
    public async Task OnlyItsEvents_AfterItWasMade_AreSent_AndAFailedDeliveryCanBeRetried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 503;
        var before = await RaiseAsync(NotificationEvent.IncidentOpened, "Before the webhook");
        using var admin = await AdminAsync();
        var created = await CreateAsync(admin, receiver.Url.ToString(), ["incidentOpened"]);
        var id = created.Id();
        var wanted = await RaiseAsync(NotificationEvent.IncidentOpened, "Cracked flange");
        var other = await RaiseAsync(NotificationEvent.StageChanged, "Not subscribed");

        await RunBackgroundAsync();
        await RunBackgroundAsync();

        await using var db = App.OpenDb();
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id).ToListAsync();
        var delivery = Assert.Single(deliveries);
        Assert.Equal(wanted, delivery.EventId);
        Assert.DoesNotContain(receiver.Requests, r => r.EventId == before || r.EventId == other);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(503, delivery.LastStatusCode);

        // Still pending: a retry is refused until it failed for good.
        var early = await admin.PostJsonAsync($"/api/v1/webhooks/{id}/deliveries/{delivery.Id}/retry", new { });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        // The eighth attempt fails it for good.
        for (var i = 0; i < 10 && (await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == delivery.Id)).Status == DeliveryStatus.Pending; i++)
        {
            await db.WebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, DateTime.UtcNow.AddMinutes(-1)));
            await RunBackgroundAsync();
        }
        var failed = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == delivery.Id);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal(8, failed.Attempts);
        Assert.Equal(8, receiver.Requests.Count(r => r.EventId == wanted));
        var failedList = await admin.GetJsonAsync($"/api/v1/webhooks/{id}/deliveries?status=failed");
        Assert.Equal(delivery.Id, Assert.Single(failedList["items"]!.AsArray())!.Id());
        Assert.Empty((await admin.GetJsonAsync($"/api/v1/webhooks/{id}/deliveries?status=pending"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/v1/webhooks/{id}/deliveries?status=lost")).StatusCode);

        receiver.Answer = _ => 202;
        var retry = await admin.PostJsonAsync($"/api/v1/webhooks/{id}/deliveries/{delivery.Id}/retry", new { });
        await retry.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("pending", (await retry.JsonAsync())["status"]!.GetValue<string>());
        await RunBackgroundAsync();

        var delivered = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == delivery.Id);
        Assert.Equal(DeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(9, delivered.Attempts);
        Assert.Equal(202, delivered.LastStatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostJsonAsync($"/api/v1/webhooks/{id}/deliveries/{delivery.Id + 1_000_000}/retry", new { })).StatusCode);
    }

    [Fact]
    public async Task AnInactiveWebhook_GetsNothing_UntilItIsOnAgain()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await AdminAsync();
        var created = await CreateAsync(admin, receiver.Url.ToString(), ["healthBandDropped"]);
        var id = created.Id();
        await (await admin.PatchJsonAsync($"/api/v1/webhooks/{id}", new { isActive = false }, "\"1\"")).ExpectAsync(HttpStatusCode.OK);
        var eventId = await RaiseAsync(NotificationEvent.HealthBandDropped, "Sudo Boilers");

        await RunBackgroundAsync();
        Assert.DoesNotContain(receiver.Requests, r => r.EventId == eventId);

        await (await admin.PatchJsonAsync($"/api/v1/webhooks/{id}", new { isActive = true }, "\"2\"")).ExpectAsync(HttpStatusCode.OK);
        await RunBackgroundAsync();
        await RunBackgroundAsync();
        Assert.Single(receiver.Requests, r => r.EventId == eventId);
    }
}
