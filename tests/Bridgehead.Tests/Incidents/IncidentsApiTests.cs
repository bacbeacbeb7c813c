using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Notifications;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Incidents.IncidentSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Incidents;

public sealed class IncidentsApiTests_Sqlite() : IncidentsApiTests(Provider.Sqlite);

public sealed class IncidentsApiTests_Postgres() : IncidentsApiTests(Provider.Postgres);

/// <summary>/incidents: opening with the 8D steps and the event, validation, concurrency, the actions and their rules, and who may do what.</summary>
public abstract class IncidentsApiTests(Provider provider) : AppTests(provider)
{
    private static readonly string[] Steps = ["d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"];

    private static void AssertNoPrices(string json)
    {
        foreach (var member in new[] { "\"unitPrice\"", "\"lineTotal\"", "\"total\"", "\"listPrice\"", "\"unitCost\"", "\"margin\"" })
        {
            Assert.DoesNotContain(member, json, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("1234.5", json, StringComparison.Ordinal);
        Assert.DoesNotContain("1,234.5", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_CreatesNineSteps_ContainmentDueIn24Hours_AndRaisesTheEventInTheSameSave()
    {
        var scene = await App.SceneAsync();
        var quality = await App.CreateUserAsync(Role.Quality);
        using var client = App.Client(quality);

        var response = await client.OpenAsync(new
        {
            accountId = scene.AccountId, orderId = scene.OrderId, productId = scene.ProductId, title = "  Cracked housings ", severity = "critical",
            description = "Customer line stopped.", lot = "LOT-42", defectQuantity = 37.5m,
        });
        await response.ExpectAsync(HttpStatusCode.Created);
        var incident = await response.JsonAsync();

        Assert.Equal($"{Base}/{incident.Id()}", response.Headers.Location!.OriginalString);
        Assert.Equal(ETagOf(incident), response.Headers.ETag!.Tag);
        Assert.Equal("Cracked housings", incident.Str("title"));
        Assert.Equal("open", incident.Str("status"));
        Assert.Equal("critical", incident.Str("severity"));
        Assert.Equal(37.5m, incident["defectQuantity"]!.GetValue<decimal>());
        Assert.Equal("KRW", incident.Str("currency"));
        Assert.Equal(quality.Id, incident["ownerId"]!.GetValue<long>());
        Assert.Equal(quality.Id, incident["openedBy"]!["id"]!.GetValue<long>());
        Assert.Equal(scene.AccountId, incident["account"]!["id"]!.GetValue<long>());
        Assert.Equal(scene.OrderId, incident["order"]!["id"]!.GetValue<long>());
        Assert.Equal(scene.ProductId, incident["product"]!["id"]!.GetValue<long>());
        Assert.False(incident["containmentOverdue"]!.GetValue<bool>());
        Assert.Equal(0, incident["escalationLevel"]!.GetValue<int>());
        Assert.Equal("none", incident.Str("claimStatus"));
        Assert.Null(incident["cost"]);

        var opened = incident["openedAt"]!.GetValue<DateTime>();
        var due = incident["containmentDueAt"]!.GetValue<DateTime>();
        Assert.Equal(TimeSpan.FromHours(24), due - opened);
        Assert.InRange(opened, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(5));
        var steps = incident["steps"]!.AsArray();
        Assert.Equal(Steps, steps.Select(s => s.Str("step").ToLowerInvariant()));
        Assert.Equal(due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), steps[3].Str("dueOn"));
        Assert.All(steps.Where((_, i) => i != 3), s => Assert.Null(s!["dueOn"]));
        Assert.All(steps, s => Assert.Null(s!["doneOn"]));

        await using var db = App.OpenDb();
        var events = await db.OutboxEvents.AsNoTracking().Where(e => e.EntityType == "incident" && e.EntityId == incident.Id()).ToListAsync();
        var opening = Assert.Single(events);
        Assert.Equal(NotificationEvent.IncidentOpened, opening.Event);
        Assert.Equal(scene.AccountId, opening.AccountId);
        Assert.Equal(quality.Id, opening.ActorId);
        var data = JsonNode.Parse(opening.Data)!;
        Assert.Equal("Cracked housings", data.Str("title"));
        Assert.Equal("critical", data.Str("severity"));
        Assert.Equal(9, await db.IncidentSteps.CountAsync(s => s.IncidentId == incident.Id()));
    }

    [Fact]
    public async Task Open_WithAnIdempotencyKey_AnsweredTwice_OpensOnce()
    {
        var scene = await App.SceneAsync();
        using var client = App.Client(scene.Rep);
        var body = new { accountId = scene.AccountId, title = "Rust on delivery", severity = "minor" };
        var key = Guid.NewGuid().ToString("N");
        var first = await client.PostJsonAsync(Base, body, key);
        await first.ExpectAsync(HttpStatusCode.Created);
        var second = await client.PostJsonAsync(Base, body, key);
        await second.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((await first.JsonAsync()).Id(), (await second.JsonAsync()).Id());

        await using var db = App.OpenDb();
        Assert.Equal(1, await db.Incidents.CountAsync(i => i.AccountId == scene.AccountId));
        Assert.Equal(1, await db.OutboxEvents.CountAsync(e => e.AccountId == scene.AccountId && e.Event == NotificationEvent.IncidentOpened));
    }

    [Fact]
    public async Task Open_ValidatesEachField_AndSavesNothing()
    {
        var scene = await App.SceneAsync();
        var other = await App.SceneAsync();
        var quality = await App.CreateUserAsync(Role.Quality);
        var someRep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(quality);

        async Task<JsonObject> Refused(object body)
        {
            var response = await client.OpenAsync(body);
            await response.ExpectAsync(HttpStatusCode.UnprocessableEntity);
            return await response.ErrorsAsync();
        }

        var errors = await Refused(new { title = " ", defectQuantity = -1m, ownerId = someRep.Id, currency = "K1" });
        Assert.Contains("accountId", errors.Select(e => e.Key));
        Assert.Contains("title", errors.Select(e => e.Key));
        Assert.Contains("severity", errors.Select(e => e.Key));
        Assert.Contains("defectQuantity", errors.Select(e => e.Key));
        Assert.Contains("ownerId", errors.Select(e => e.Key));
        Assert.Contains("currency", errors.Select(e => e.Key));

        Assert.Contains("orderId", (await Refused(new { accountId = scene.AccountId, orderId = other.OrderId, title = "x", severity = "minor" })).Select(e => e.Key));
        Assert.Contains("productId", (await Refused(new { accountId = scene.AccountId, orderId = scene.OrderId, productId = other.ProductId, title = "x", severity = "minor" })).Select(e => e.Key));
        Assert.Contains("productId", (await Refused(new { accountId = scene.AccountId, productId = 987654321L, title = "x", severity = "minor" })).Select(e => e.Key));
        Assert.Contains("title", (await Refused(new { accountId = scene.AccountId, title = new string('t', 201), severity = "minor" })).Select(e => e.Key));
        Assert.Contains("lot", (await Refused(new { accountId = scene.AccountId, title = "x", severity = "minor", lot = new string('l', 101) })).Select(e => e.Key));
        Assert.Contains("defectQuantity", (await Refused(new { accountId = scene.AccountId, title = "x", severity = "minor", defectQuantity = 1.00001m })).Select(e => e.Key));

        // A rep names an account they do not see: the account is the field in error, nothing says it exists.
        using var rep = App.Client(scene.Rep);
        var hidden = await rep.OpenAsync(new { accountId = other.AccountId, title = "x", severity = "minor" });
        await hidden.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("accountId", (await hidden.ErrorsAsync()).Select(e => e.Key));

        var malformed = await client.OpenAsync(new { accountId = scene.AccountId, title = "x", severity = "catastrophic" });
        await malformed.ExpectAsync(HttpStatusCode.BadRequest);

        await using var db = App.OpenDb();
        Assert.False(await db.Incidents.AnyAsync(i => i.AccountId == scene.AccountId || i.AccountId == other.AccountId));
        Assert.False(await db.OutboxEvents.AnyAsync(e => e.AccountId == scene.AccountId));
    }

    [Fact]
    public async Task Patch_ChangesTheInvestigation_AndAStaleIfMatchIs412()
    {
        var scene = await App.SceneAsync();
        var quality = await App.CreateUserAsync(Role.Quality);
        var otherQuality = await App.CreateUserAsync(Role.Quality);
        using var client = App.Client(quality);
        var incident = await client.OpenedAsync(scene.AccountId);

        var patched = await client.PatchJsonAsync(IncidentPath(incident.Id()), new
        {
            rootCause = "Worn die", correctiveAction = "Replace die; add wear check", preventiveAction = "Die life in the control plan",
            cost = 250000m, currency = "usd", claimStatus = "claimed", claimAmount = 1800m, severity = "critical", ownerId = otherQuality.Id, defectQuantity = 14m,
        }, ETagOf(incident));
        await patched.ExpectAsync(HttpStatusCode.OK);
        var body = await patched.JsonAsync();
        Assert.Equal("Worn die", body.Str("rootCause"));
        Assert.Equal("USD", body.Str("currency"));
        Assert.Equal(250000m, body["cost"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("USD", body["cost"]!.Str("currency"));
        Assert.Equal(1800m, body["claimAmount"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("claimed", body.Str("claimStatus"));
        Assert.Equal(otherQuality.Id, body["ownerId"]!.GetValue<long>());
        Assert.Equal(ETagOf(body), patched.Headers.ETag!.Tag);

        var stale = await client.PatchJsonAsync(IncidentPath(incident.Id()), new { rootCause = "Something else" }, ETagOf(incident));
        await stale.ExpectAsync(HttpStatusCode.PreconditionFailed);
        var staleAction = await client.ActAsync(incident.Id(), "contain", new { containment = "Sorted" }, ETagOf(incident));
        await staleAction.ExpectAsync(HttpStatusCode.PreconditionFailed);

        var invalid = await client.PatchJsonAsync(IncidentPath(incident.Id()), new { cost = -5m, claimAmount = 1.123456m, title = "", ownerId = scene.Rep.Id, defectQuantity = -2m }, ETagOf(body));
        await invalid.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var errors = (await invalid.ErrorsAsync()).Select(e => e.Key).ToList();
        Assert.Equal(["claimAmount", "cost", "defectQuantity", "ownerId", "title"], errors.Order(StringComparer.Ordinal));

        var unknown = await client.PatchJsonAsync(IncidentPath(incident.Id()), new { status = "closed" }, ETagOf(body));
        await unknown.ExpectAsync(HttpStatusCode.BadRequest);

        var read = await client.GetJsonAsync(IncidentPath(incident.Id()));
        Assert.Equal("Worn die", read.Str("rootCause"));
        Assert.Equal(body["version"]!.GetValue<long>(), read["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Actions_FollowTheRules_ContainVerifyCloseReopen_With409ListingWhatIsMissing()
    {
        var scene = await App.SceneAsync();
        var quality = await App.CreateUserAsync(Role.Quality);
        using var client = App.Client(quality);
        var incident = await client.OpenedAsync(scene.AccountId);
        var id = incident.Id();

        var early = await client.ActAsync(id, "close");
        await early.ExpectAsync(HttpStatusCode.Conflict);
        var earlyText = await early.Content.ReadAsStringAsync();
        Assert.Contains("not contained", earlyText, StringComparison.Ordinal);
        Assert.Contains("not verified", earlyText, StringComparison.Ordinal);

        var noRoot = await client.ActAsync(id, "verify", new { verification = "Run of 500 checked" });
        await noRoot.ExpectAsync(HttpStatusCode.Conflict);
        var noRootText = await noRoot.Content.ReadAsStringAsync();
        Assert.Contains("root cause", noRootText, StringComparison.Ordinal);
        Assert.Contains("corrective action", noRootText, StringComparison.Ordinal);

        var noText = await client.ActAsync(id, "contain", new { containment = " " });
        await noText.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("containment", (await noText.ErrorsAsync()).Select(e => e.Key));

        var contain = await client.ActAsync(id, "contain", new { containment = "100% sort at the customer and in stock" }, ETagOf(incident));
        await contain.ExpectAsync(HttpStatusCode.OK);
        var contained = await contain.JsonAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal("contained", contained.Str("status"));
        Assert.NotNull(contained["containedAt"]);
        Assert.Equal(today, contained["steps"]![3]!.Str("doneOn"));
        await (await client.ActAsync(id, "contain", new { containment = "again" })).ExpectAsync(HttpStatusCode.Conflict);

        var stillUnverified = await client.ActAsync(id, "close");
        await stillUnverified.ExpectAsync(HttpStatusCode.Conflict);
        Assert.DoesNotContain("not contained", await stillUnverified.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await (await client.PatchJsonAsync(IncidentPath(id), new { rootCause = "Worn die", correctiveAction = "New die" })).ExpectAsync(HttpStatusCode.OK);
        await (await client.ActAsync(id, "verify", new { verification = " " })).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var verify = await client.ActAsync(id, "verify", new { verification = "Three lots without a burr" });
        await verify.ExpectAsync(HttpStatusCode.OK);
        var verified = await verify.JsonAsync();
        Assert.Equal(quality.Id, verified["verifiedBy"]!["id"]!.GetValue<long>());
        Assert.Equal(today, verified["steps"]![6]!.Str("doneOn"));

        var close = await client.ActAsync(id, "close", null, ETagOf(verified));
        await close.ExpectAsync(HttpStatusCode.OK);
        var closed = await close.JsonAsync();
        Assert.Equal("closed", closed.Str("status"));
        Assert.NotNull(closed["closedAt"]);
        Assert.Equal(today, closed["steps"]![8]!.Str("doneOn"));
        await (await client.ActAsync(id, "close")).ExpectAsync(HttpStatusCode.Conflict);
        await (await client.ActAsync(id, "escalate", new { reason = "late" })).ExpectAsync(HttpStatusCode.Conflict);

        var reopen = await client.ActAsync(id, "reopen");
        await reopen.ExpectAsync(HttpStatusCode.OK);
        var reopened = await reopen.JsonAsync();
        Assert.Equal("contained", reopened.Str("status"));
        Assert.Null(reopened["closedAt"]);
        Assert.Null(reopened["steps"]![8]!["doneOn"]);
        await (await client.ActAsync(id, "reopen")).ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Escalate_RaisesTheLevel_AndOneEventPerLevel()
    {
        var scene = await App.SceneAsync();
        var admin = await App.CreateUserAsync(Role.Admin);
        using var client = App.Client(admin);
        var incident = await client.OpenedAsync(scene.AccountId);

        await (await client.ActAsync(incident.Id(), "escalate", new { reason = "" })).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var first = await client.ActAsync(incident.Id(), "escalate", new { reason = "Customer plant manager called" });
        await first.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, (await first.JsonAsync())["escalationLevel"]!.GetValue<int>());
        var second = await client.ActAsync(incident.Id(), "escalate", new { reason = "Line still stopped" });
        Assert.Equal(2, (await second.JsonAsync())["escalationLevel"]!.GetValue<int>());

        await using var db = App.OpenDb();
        var events = await db.OutboxEvents.AsNoTracking()
            .Where(e => e.EntityId == incident.Id() && e.EntityType == "incident" && e.Event == NotificationEvent.IncidentEscalated)
            .OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([$"incident:{incident.Id()}:1", $"incident:{incident.Id()}:2"], events.Select(e => e.DedupKey));
        var data = JsonNode.Parse(events[1].Data)!;
        Assert.Equal(2, data["level"]!.GetValue<int>());
        Assert.Equal("major", data.Str("severity"));
    }

    [Fact]
    public async Task Steps_QualityEditsOwnerDatesAndNote_WithTheStepsIfMatch()
    {
        var scene = await App.SceneAsync();
        var quality = await App.CreateUserAsync(Role.Quality);
        using var client = App.Client(quality);
        var incident = await client.OpenedAsync(scene.AccountId);
        var d4 = incident["steps"]![4]!;
        var path = $"{IncidentPath(incident.Id())}/steps/D4";

        var saved = await client.PatchJsonAsync(path, new { ownerId = scene.Rep.Id, dueOn = "2030-01-15", note = "5 why with the die shop" }, ETagOf(d4));
        await saved.ExpectAsync(HttpStatusCode.OK);
        var step = await saved.JsonAsync();
        Assert.Equal(scene.Rep.Id, step["owner"]!["id"]!.GetValue<long>());
        Assert.Equal("2030-01-15", step.Str("dueOn"));
        Assert.Equal("5 why with the die shop", step.Str("note"));
        Assert.Equal(ETagOf(step), saved.Headers.ETag!.Tag);

        await (await client.PatchJsonAsync(path, new { note = "stale" }, ETagOf(d4))).ExpectAsync(HttpStatusCode.PreconditionFailed);
        var future = await client.PatchJsonAsync(path, new { doneOn = "2099-01-01" }, ETagOf(step));
        await future.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("doneOn", (await future.ErrorsAsync()).Select(e => e.Key));
        await (await client.PatchJsonAsync($"{IncidentPath(incident.Id())}/steps/D9", new { note = "x" })).ExpectAsync(HttpStatusCode.NotFound);

        using var rep = App.Client(scene.Rep);
        await (await rep.PatchJsonAsync(path, new { note = "mine" })).ExpectAsync(HttpStatusCode.Forbidden);

        var read = await client.GetJsonAsync(IncidentPath(incident.Id()));
        Assert.Equal("5 why with the die shop", read["steps"]![4]!.Str("note"));
    }

    [Fact]
    public async Task Roles_QualityRuns_RepOpensAndEditsTheClaimOnly_OthersReadOrAreRefused()
    {
        var scene = await App.SceneAsync();
        var other = await App.SceneAsync();
        var viewer = await App.CreateUserAsync(Role.Viewer);
        var product = await App.CreateUserAsync(Role.Product);
        var quality = await App.CreateUserAsync(Role.Quality);

        // The rep hears of it first and opens it at their own account: no owner until quality takes it.
        using var rep = App.Client(scene.Rep);
        var incident = await rep.OpenedAsync(scene.AccountId, scene.OrderId, scene.ProductId);
        Assert.Null(incident["ownerId"]);
        var id = incident.Id();

        var claim = await rep.PatchJsonAsync(IncidentPath(id), new { claimStatus = "claimed", claimAmount = 5000m, description = "They want sorting paid" }, ETagOf(incident));
        await claim.ExpectAsync(HttpStatusCode.OK);
        var claimed = await claim.JsonAsync();
        Assert.Equal("claimed", claimed.Str("claimStatus"));
        var forbidden = await rep.PatchJsonAsync(IncidentPath(id), new { rootCause = "I think the die" }, ETagOf(claimed));
        await forbidden.ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Contains("rootCause", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await (await rep.PatchJsonAsync(IncidentPath(id), new { cost = 1m })).ExpectAsync(HttpStatusCode.Forbidden);
        foreach (var (action, body) in new (string, object)[]
            { ("contain", new { containment = "x" }), ("verify", new { verification = "x" }), ("close", new { }), ("reopen", new { }), ("escalate", new { reason = "x" }) })
        {
            await (await rep.ActAsync(id, action, body)).ExpectAsync(HttpStatusCode.Forbidden);
        }

        // Another rep: as if it did not exist.
        using var otherRep = App.Client(other.Rep);
        await (await otherRep.GetAsync(IncidentPath(id))).ExpectAsync(HttpStatusCode.NotFound);
        await (await otherRep.PatchJsonAsync(IncidentPath(id), new { claimAmount = 1m })).ExpectAsync(HttpStatusCode.NotFound);
        await (await otherRep.GetAsync($"{IncidentPath(id)}/history")).ExpectAsync(HttpStatusCode.NotFound);
        var otherList = await otherRep.GetJsonAsync($"{Base}?accountId={scene.AccountId}");
        Assert.Empty(otherList["items"]!.AsArray());

        // The viewer reads everything and changes nothing.
        using var view = App.Client(viewer);
        Assert.Equal(id, (await view.GetJsonAsync(IncidentPath(id))).Id());
        Assert.Contains((await view.GetJsonAsync($"{Base}?accountId={scene.AccountId}"))["items"]!.AsArray(), i => i!.Id() == id);
        await (await view.OpenAsync(new { accountId = scene.AccountId, title = "x", severity = "minor" })).ExpectAsync(HttpStatusCode.Forbidden);
        await (await view.PatchJsonAsync(IncidentPath(id), new { claimAmount = 1m })).ExpectAsync(HttpStatusCode.Forbidden);
        await (await view.ActAsync(id, "contain", new { containment = "x" })).ExpectAsync(HttpStatusCode.Forbidden);

        // The product role reads no incidents at all.
        using var prod = App.Client(product);
        await (await prod.GetAsync(IncidentPath(id))).ExpectAsync(HttpStatusCode.Forbidden);
        await (await prod.GetAsync(Base)).ExpectAsync(HttpStatusCode.Forbidden);
        await (await prod.GetAsync($"{Base}/ppm")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await prod.OpenAsync(new { accountId = scene.AccountId, title = "x", severity = "minor" })).ExpectAsync(HttpStatusCode.Forbidden);

        // Quality reads every account's incidents and runs them, never seeing an order price.
        using var q = App.Client(quality);
        var response = await q.GetAsync(IncidentPath(id));
        await response.ExpectAsync(HttpStatusCode.OK);
        var json = await response.Content.ReadAsStringAsync();
        AssertNoPrices(json);
        Assert.Contains("\"cost\"", json, StringComparison.Ordinal);
        var list = await q.GetAsync($"{Base}?accountId={scene.AccountId}");
        AssertNoPrices(await list.Content.ReadAsStringAsync());
        await (await q.ActAsync(id, "contain", new { containment = "Stock on hold" })).ExpectAsync(HttpStatusCode.OK);

        // A manager of the rep's team reads it; one of another team does not.
        var manager = await App.CreateUserAsync(Role.Manager, team: scene.Team);
        using var mgr = App.Client(manager);
        await (await mgr.GetAsync(IncidentPath(id))).ExpectAsync(HttpStatusCode.OK);
        var stranger = await App.CreateUserAsync(Role.Manager, team: TestApp.NewTeam());
        using var str = App.Client(stranger);
        await (await str.GetAsync(IncidentPath(id))).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_FiltersByStatusSeverityProductAndOverdue()
    {
        var scene = await App.SceneAsync();
        var quality = await App.CreateUserAsync(Role.Quality);
        using var client = App.Client(quality);
        var late = await client.OpenedAsync(scene.AccountId, productId: scene.ProductId);
        var fresh = await client.OpenedAsync(scene.AccountId);
        await App.BackdateAsync(late.Id(), TimeSpan.FromHours(30));

        var overdue = await client.GetJsonAsync($"{Base}?accountId={scene.AccountId}&overdue=true");
        var item = Assert.Single(overdue["items"]!.AsArray());
        Assert.Equal(late.Id(), item!.Id());
        Assert.True(item!["containmentOverdue"]!.GetValue<bool>());
        Assert.Equal([fresh.Id()], (await client.GetJsonAsync($"{Base}?accountId={scene.AccountId}&overdue=false"))["items"]!.AsArray().Select(i => i!.Id()));
        Assert.Equal([late.Id()], (await client.GetJsonAsync($"{Base}?productId={scene.ProductId}"))["items"]!.AsArray().Select(i => i!.Id()));
        Assert.Equal([fresh.Id(), late.Id()], (await client.GetJsonAsync($"{Base}?accountId={scene.AccountId}&status=open&severity=major"))["items"]!.AsArray().Select(i => i!.Id()));
        Assert.Empty((await client.GetJsonAsync($"{Base}?accountId={scene.AccountId}&severity=minor"))["items"]!.AsArray());
        var paged = await client.GetJsonAsync($"{Base}?accountId={scene.AccountId}&limit=1");
        Assert.NotNull(paged["nextCursor"]);
        await (await client.GetAsync($"{Base}?status=bogus")).ExpectAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task History_IsReadByQuality_AndShowsTheIncidentAndItsSteps()
    {
        var scene = await App.SceneAsync();
        var quality = await App.CreateUserAsync(Role.Quality);
        using var client = App.Client(quality);
        var incident = await client.OpenedAsync(scene.AccountId);
        await (await client.ActAsync(incident.Id(), "contain", new { containment = "Sorted" })).ExpectAsync(HttpStatusCode.OK);

        var history = await client.GetJsonAsync($"{IncidentPath(incident.Id())}/history");
        var entries = history["items"]!.AsArray();
        Assert.Contains(entries, e => e.Str("entityType") == "incident" && e!["changes"]!.AsArray().Any(c => c.Str("field") == "containment"));
        Assert.Contains(entries, e => e.Str("entityType") == "incidentStep");
        Assert.All(entries, e => Assert.Equal(quality.Id, e!["userId"]!.GetValue<long>()));

        using var rep = App.Client(scene.Rep);
        Assert.NotEmpty((await rep.GetJsonAsync($"{IncidentPath(incident.Id())}/history"))["items"]!.AsArray());
    }
}
