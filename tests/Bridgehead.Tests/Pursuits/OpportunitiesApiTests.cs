using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Activities;
using Bridgehead.Auditing;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Pursuits;

public sealed class OpportunitiesApiTests_Sqlite() : OpportunitiesApiTests(Provider.Sqlite);

public sealed class OpportunitiesApiTests_Postgres() : OpportunitiesApiTests(Provider.Postgres);

public abstract class OpportunitiesApiTests(Provider provider) : AppTests(provider)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    private async Task<JsonNode> NewAccountAsync(TestUser owner) =>
        await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = Unique("Account") });

    [Fact]
    public async Task Create_ReturnsCreatedWithLocationAndETag_AndDefaultsStageStatusAndOwner()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);

        var response = await client.PostJsonAsync("/api/v1/opportunities", new
        {
            accountId = account.Id(),
            title = "  Boiler valves for Line 3 ",
            productCategory = "valves",
            applicationId = await client.BoilersAsync(),
            entryAngle = "Their incumbent missed two deliveries.",
            route = "distributor",
            estimatedAnnualValue = new { amount = 123456789.5m, currency = "krw" },
            expectedCloseDate = "2027-03-31",
            probability = 20,
            probabilityReason = "Their buyer asked us in.",
            notes = "Incumbent slipped twice on delivery.",
        });

        await response.ExpectAsync(HttpStatusCode.Created);
        var opportunity = await response.JsonAsync();
        Assert.Equal($"/api/v1/opportunities/{opportunity.Id()}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("Boiler valves for Line 3", opportunity["title"]!.GetValue<string>());
        Assert.Equal("prospecting", opportunity["stage"]!.GetValue<string>());
        Assert.Equal("open", opportunity["status"]!.GetValue<string>());
        Assert.Equal(rep.Id, opportunity["ownerId"]!.GetValue<long>());
        Assert.StartsWith("Test Rep", opportunity["ownerName"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(account["name"]!.GetValue<string>(), opportunity["accountName"]!.GetValue<string>());
        Assert.Equal(123456789.5m, opportunity["estimatedAnnualValue"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("KRW", opportunity["estimatedAnnualValue"]!["currency"]!.GetValue<string>());
        Assert.Equal("2027-03-31", opportunity["expectedCloseDate"]!.GetValue<string>());
        Assert.Equal("distributor", opportunity["route"]!.GetValue<string>());
        Assert.True(opportunity["stageEnteredAt"]!.GetValue<DateTime>() > DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal(20, opportunity["probability"]!.GetValue<int>());
        Assert.Equal(5, opportunity["stageProbability"]!.GetValue<int>());
        Assert.Equal("Their buyer asked us in.", opportunity["probabilityReason"]!.GetValue<string>());
        var standard = (await client.GetJsonAsync("/api/v1/pipelines"))["items"]![0]!;
        Assert.True(standard["isDefault"]!.GetValue<bool>());
        Assert.Equal(standard.Id(), opportunity["pipelineId"]!.GetValue<long>());

        var again = await client.GetAsync($"/api/v1/opportunities/{opportunity.Id()}");
        await again.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", again.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Rep_GetsNotFound_ForAnOpportunityUnderAnotherRepsAccount_InDetailListHistoryAndWrites()
    {
        var repA = await App.CreateUserAsync(Role.Rep);
        var repB = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(repB);
        var title = Unique("Hidden Deal");
        var opportunity = await App.Client(repB).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title });
        using var client = App.Client(repA);
        var path = $"/api/v1/opportunities/{opportunity.Id()}";

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path + "/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchJsonAsync(path, new { title = "Mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(path, ifMatch: null)).StatusCode);
        Assert.Empty((await client.GetJsonAsync($"/api/v1/opportunities?accountId={account.Id()}"))["items"]!.AsArray());
        Assert.Empty((await client.GetJsonAsync($"/api/v1/opportunities?q={Uri.EscapeDataString(title)}"))["items"]!.AsArray());

        var refused = await client.PostJsonAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Planted" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["accountId"], (await refused.ErrorsAsync()).Select(e => e.Key));
        await AssertOpportunityCountAsync(account.Id(), 1);
    }

    [Fact]
    public async Task Money_UpToWhatTheColumnHolds_IsSaved_AndOneUnitMoreIs422()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var client = App.Client(rep);

        var refused = await client.PostJsonAsync("/api/v1/opportunities",
            new { accountId = account.Id(), title = "Too big", estimatedAnnualValue = new { amount = 1_000_000_000_000_000m, currency = "KRW" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["estimatedAnnualValue.amount"], (await refused.ErrorsAsync()).Select(e => e.Key));
        await AssertOpportunityCountAsync(account.Id(), 0);

        var largest = await client.CreateAsync("/api/v1/opportunities",
            new { accountId = account.Id(), title = "Largest", estimatedAnnualValue = new { amount = 999_999_999_999_999.9999m, currency = "KRW" } });
        Assert.Equal(999_999_999_999_999.9999m, largest["estimatedAnnualValue"]!["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Manager_SeesTheTeamsOpportunities_AndAssignsThemWithinTheTeamOnly()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var otherManager = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var teammate = await App.CreateUserAsync(Role.Rep, team);
        var outsider = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var opportunity = await App.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Team deal" });
        var path = $"/api/v1/opportunities/{opportunity.Id()}";
        using var client = App.Client(manager);

        await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        Assert.Single((await client.GetJsonAsync($"/api/v1/opportunities?accountId={account.Id()}"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client(otherManager).GetAsync(path)).StatusCode);

        var refused = await client.PatchJsonAsync(path, new { ownerId = outsider.Id });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["ownerId"], (await refused.ErrorsAsync()).Select(e => e.Key));
        var moved = await client.PatchJsonAsync(path, new { ownerId = teammate.Id });
        await moved.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(teammate.Id, (await moved.JsonAsync())["ownerId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Rep_MayNameOnlyThemselvesAsOwner()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var colleague = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);

        var refused = await App.Client(rep).PostJsonAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Handed off", ownerId = colleague.Id });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["ownerId"], (await refused.ErrorsAsync()).Select(e => e.Key));
        await AssertOpportunityCountAsync(account.Id(), 0);
    }

    [Theory]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task QualityAndProduct_GetForbidden_OnEveryOpportunitiesEndpoint(Role role)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var opportunity = await App.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Sales only" });
        using var client = App.Client(await App.CreateUserAsync(role));
        var path = $"/api/v1/opportunities/{opportunity.Id()}";

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/opportunities")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path + "/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "New" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync(path, new { title = "Changed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(path, ifMatch: null)).StatusCode);
        Assert.Equal(1, (await App.Client(rep).GetJsonAsync(path))["version"]!.GetValue<long>());
        await AssertOpportunityCountAsync(account.Id(), 1);
    }

    [Fact]
    public async Task Viewer_ReadsOpportunities_ButGetsForbidden_OnEveryWrite()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var opportunity = await App.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Watched" });
        using var client = App.Client(await App.CreateUserAsync(Role.Viewer));
        var path = $"/api/v1/opportunities/{opportunity.Id()}";

        await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        await (await client.GetAsync(path + "/history")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single((await client.GetJsonAsync($"/api/v1/opportunities?accountId={account.Id()}"))["items"]!.AsArray());

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "New" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync(path, new { title = "Changed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(path, ifMatch: null)).StatusCode);
        Assert.Equal(1, (await App.Client(rep).GetJsonAsync(path))["version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("{\"accountId\": ACCOUNT, \"title\": \"A\",", "body")]
    [InlineData("{\"accountId\": ACCOUNT, \"title\": 42}", "title")]
    [InlineData("{\"accountId\": ACCOUNT, \"title\": \"A\", \"route\": \"bicycle\"}", "route")]
    [InlineData("{\"accountId\": ACCOUNT, \"title\": \"A\", \"status\": \"pending\"}", "status")]
    [InlineData("{\"accountId\": ACCOUNT, \"title\": \"A\", \"probability\": \"likely\"}", "probability")]
    [InlineData("{\"accountId\": ACCOUNT, \"title\": \"A\", \"expectedCloseDate\": \"next month\"}", "expectedCloseDate")]
    [InlineData("{\"accountId\": ACCOUNT, \"title\": \"A\", \"estimatedAnnualValue\": 1000}", "estimatedAnnualValue")]
    [InlineData("{\"accountId\": ACCOUNT, \"title\": \"A\", \"estimatedAnnualValue\": {\"amount\": \"lots\", \"currency\": \"KRW\"}}", "estimatedAnnualValue.amount")]
    [InlineData("{\"accountId\": ACCOUNT, \"title\": \"A\", \"estimatedAnnualValue\": {\"amount\": 1, \"currency\": \"KRW\", \"rate\": 1}}", "estimatedAnnualValue.rate")]
    [InlineData("{\"accountId\": ACCOUNT, \"title\": \"A\", \"stageEnteredAt\": \"2020-01-01T00:00:00Z\"}", "stageEnteredAt")]
    [InlineData("{\"accountId\": ACCOUNT, \"title\": \"A\", \"pipeline\": \"default\"}", "pipeline")]
    public async Task MalformedBody_Is400_NamingTheField_AndSavesNothing(string body, string field)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);

        var response = await App.Client(rep).PostRawAsync("/api/v1/opportunities", body.Replace("ACCOUNT", account.Id().ToString(), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ErrorsAsync()).Select(e => e.Key));
        await AssertOpportunityCountAsync(account.Id(), 0);
    }

    [Fact]
    public async Task InvalidValues_Are422_WithEveryFieldNamed_AndSaveNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);

        var response = await client.PostJsonAsync("/api/v1/opportunities", new
        {
            accountId = account.Id(),
            title = new string('x', 201),
            stage = "orders",
            productCategory = new string('c', 101),
            applicationId = 987654321L,
            entryAngle = new string('e', 2001),
            estimatedAnnualValue = new { amount = -1m, currency = "WONS" },
            probability = 101,
            probabilityReason = new string('r', 1001),
            notes = new string('n', 4001),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(
            ["applicationId", "entryAngle", "estimatedAnnualValue.amount", "estimatedAnnualValue.currency", "notes", "probability", "probabilityReason", "productCategory", "stage", "title"],
            (await response.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));
        await AssertOpportunityCountAsync(account.Id(), 0);

        var missing = await client.PostJsonAsync("/api/v1/opportunities", new { stage = "Prospecting", probability = -1 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Equal(["accountId", "probability", "probabilityReason", "stage", "title"], (await missing.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));

        // A new pursuit is open: it cannot be created won (or lost).
        var won = await client.PostJsonAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "A", status = "won" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, won.StatusCode);
        Assert.Equal(["status"], (await won.ErrorsAsync()).Select(e => e.Key));

        var noCurrency = await client.PostJsonAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "A", estimatedAnnualValue = new { amount = 5m } });
        Assert.Equal(["estimatedAnnualValue.currency"], (await noCurrency.ErrorsAsync()).Select(e => e.Key));
        await AssertOpportunityCountAsync(account.Id(), 0);
    }

    [Fact]
    public async Task StageAndStatus_AreReadOnlyInPatch_AdvanceMovesStageEnteredAt_AndOtherEditsDoNot()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);
        var opportunity = await client.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Moving deal" });
        var path = $"/api/v1/opportunities/{opportunity.Id()}";
        var entered = opportunity["stageEnteredAt"]!.GetValue<DateTime>();

        // Sending the current stage and status back is fine (a client echoing what it read); nothing moves.
        var edited = await client.PatchJsonAsync(path, new { probability = 30, probabilityReason = "Sole source for now", stage = "prospecting", status = "open" });
        await edited.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(entered, (await edited.JsonAsync())["stageEnteredAt"]!.GetValue<DateTime>());

        foreach (var (body, field) in new (object, string)[] { (new { stage = "needs" }, "stage"), (new { status = "won" }, "status"), (new { stage = "contact", title = "Renamed" }, "stage") })
        {
            var refused = await client.PatchJsonAsync(path, body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
        }
        var unchanged = await client.GetJsonAsync(path);
        Assert.Equal("prospecting", unchanged["stage"]!.GetValue<string>());
        Assert.Equal("open", unchanged["status"]!.GetValue<string>());
        Assert.Equal("Moving deal", unchanged["title"]!.GetValue<string>());
        Assert.Equal(2, unchanged["version"]!.GetValue<long>());

        // Meet the prospecting gate, then advance: the stage moves, and stageEnteredAt with it.
        await App.MeetProspectingGateAsync(client, account.Id(), opportunity.Id());
        Assert.Equal(entered, (await client.GetJsonAsync(path))["stageEnteredAt"]!.GetValue<DateTime>());
        var advanced = await client.PostJsonAsync(path + "/advance", new { });
        await advanced.ExpectAsync(HttpStatusCode.OK);
        var moved = await advanced.JsonAsync();
        Assert.Equal("contact", moved["stage"]!.GetValue<string>());
        Assert.True(moved["stageEnteredAt"]!.GetValue<DateTime>() > entered);

        var history = (await client.GetJsonAsync(path + "/history"))["items"]!.AsArray();
        Assert.Contains(history[0]!["changes"]!.AsArray(), c => c!["field"]!.GetValue<string>() == "stage" && c["new"]!.GetValue<string>() == "contact");
    }

    [Fact]
    public async Task StaleIfMatch_Is412_AndTheOpportunityKeepsTheNewerEdit()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);
        var opportunity = await client.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Contested" });
        var path = $"/api/v1/opportunities/{opportunity.Id()}";

        var first = await client.PatchJsonAsync(path, new { probability = 40, probabilityReason = "Buyer said so" }, ifMatch: "\"1\"");
        await first.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PatchJsonAsync(path, new { probability = 90, probabilityReason = "Stale guess" }, ifMatch: "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.DeleteAsync(path, ifMatch: "\"1\"")).StatusCode);

        var current = await client.GetJsonAsync(path);
        Assert.Equal(40, current["probability"]!.GetValue<int>());
        Assert.Equal(2, current["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_ChangesOnlyTheFieldsSent_MergesIntoTheMoney_AndNullClears()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);
        var opportunity = await client.CreateAsync("/api/v1/opportunities", new
        {
            accountId = account.Id(), title = "Patchable", productCategory = "pumps", route = "direct",
            estimatedAnnualValue = new { amount = 1000m, currency = "USD" }, expectedCloseDate = "2027-06-30", probability = 10, probabilityReason = "Long shot",
        });
        var path = $"/api/v1/opportunities/{opportunity.Id()}";

        await (await client.PatchJsonAsync(path, new { route = (string?)null, estimatedAnnualValue = new { amount = 2500.25m } })).ExpectAsync(HttpStatusCode.OK);

        var current = await client.GetJsonAsync(path);
        Assert.Null(current["route"]);
        Assert.Equal("open", current["status"]!.GetValue<string>());
        Assert.Equal(2500.25m, current["estimatedAnnualValue"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("USD", current["estimatedAnnualValue"]!["currency"]!.GetValue<string>());
        Assert.Equal("pumps", current["productCategory"]!.GetValue<string>());
        Assert.Equal("2027-06-30", current["expectedCloseDate"]!.GetValue<string>());
        Assert.Equal(10, current["probability"]!.GetValue<int>());
        Assert.Equal("Long shot", current["probabilityReason"]!.GetValue<string>());
        Assert.Equal("prospecting", current["stage"]!.GetValue<string>());

        await (await client.PatchJsonAsync(path, new { estimatedAnnualValue = (object?)null })).ExpectAsync(HttpStatusCode.OK);
        Assert.Null((await client.GetJsonAsync(path))["estimatedAnnualValue"]);
    }

    [Fact]
    public async Task List_FiltersByStageStatusOwnerAndCategory_AndPagesWithoutGapsOrRepeats()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(manager);
        var prefix = "Paged " + Guid.NewGuid().ToString("N")[..6];
        foreach (var (n, stage, status, owner, category) in new[]
        {
            ("e", "quote", OpportunityStatus.Open, rep.Id, "valves"),
            ("a", "prospecting", OpportunityStatus.Open, manager.Id, "pumps"),
            ("c", "quote", OpportunityStatus.Won, rep.Id, "pumps"),
            ("b", "testing", OpportunityStatus.Lost, manager.Id, "valves"),
            ("d", "prospecting", OpportunityStatus.Open, rep.Id, "valves"),
        })
        {
            var created = await client.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = $"{prefix} {n}", ownerId = owner, productCategory = category });
            await App.PutInStageAsync(created.Id(), stage, status);
        }

        var titles = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetJsonAsync($"/api/v1/opportunities?q={Uri.EscapeDataString(prefix)}&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            titles.AddRange(page["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["a", "b", "c", "d", "e"], titles.Select(t => t[^1..]));
        var filtered = $"/api/v1/opportunities?accountId={account.Id()}";
        Assert.Equal(["c", "e"], Letters(await client.GetJsonAsync(filtered + "&stage=quote")));
        Assert.Equal(["a", "d", "e"], Letters(await client.GetJsonAsync(filtered + "&status=open")));
        Assert.Equal(["c", "d", "e"], Letters(await client.GetJsonAsync(filtered + $"&ownerId={rep.Id}")));
        Assert.Equal(["a", "c"], Letters(await client.GetJsonAsync(filtered + "&productCategory=pumps")));
        Assert.Equal(["d"], Letters(await client.GetJsonAsync(filtered + $"&stage=prospecting&status=open&ownerId={rep.Id}&productCategory=valves")));
        foreach (var (query, field) in new[] { ("stage=orders", "stage"), ("status=closed", "status") })
        {
            var bad = await client.GetAsync(filtered + "&" + query);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(field, (await bad.ErrorsAsync()).Select(e => e.Key));
        }
    }

    [Fact]
    public async Task Delete_KeepsActivitiesAndTasks_ButDetachesThem_InTheAuditTrail()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);
        var opportunity = await client.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Dropped quickly" });
        long activityId, taskId;
        await using (var db = App.OpenDb())
        {
            var activity = new Activity
            {
                AccountId = account.Id(), OpportunityId = opportunity.Id(), Kind = ActivityKind.Call, Subject = "Price check",
                OccurredAt = DateTime.UtcNow, AuthorId = rep.Id,
            };
            var task = new TaskItem
            {
                Title = "Send quote", DueOn = DateOnly.FromDateTime(DateTime.UtcNow), AssigneeId = rep.Id, CreatedById = rep.Id,
                AccountId = account.Id(), OpportunityId = opportunity.Id(),
            };
            db.Activities.Add(activity);
            db.Tasks.Add(task);
            await db.SaveChangesAsync();
            (activityId, taskId) = (activity.Id, task.Id);
        }

        await (await client.DeleteAsync($"/api/v1/opportunities/{opportunity.Id()}", "\"1\"")).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/opportunities/{opportunity.Id()}")).StatusCode);
        await using var check = App.OpenDb();
        Assert.Null((await check.Activities.SingleAsync(a => a.Id == activityId)).OpportunityId);
        Assert.Null((await check.Tasks.SingleAsync(t => t.Id == taskId)).OpportunityId);
        var trail = await check.AuditEntries
            .Where(e => (e.EntityType == "activity" && e.EntityId == activityId) || (e.EntityType == "task" && e.EntityId == taskId) || (e.EntityType == "opportunity" && e.EntityId == opportunity.Id()))
            .Where(e => e.UserId == rep.Id)
            .Select(e => new { e.EntityType, e.Action, e.Changes })
            .ToListAsync();
        Assert.Contains(trail, e => e.EntityType == "opportunity" && e.Action == AuditAction.Deleted);
        Assert.Contains(trail, e => e.EntityType == "activity" && e.Action == AuditAction.Updated && e.Changes.Contains("opportunityId", StringComparison.Ordinal));
        Assert.Contains(trail, e => e.EntityType == "task" && e.Action == AuditAction.Updated && e.Changes.Contains("opportunityId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccountDelete_IsRefusedWith409_WhileOpportunitiesExist()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);
        var opportunity = await client.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Blocking" });

        var blocked = await client.DeleteAsync($"/api/v1/accounts/{account.Id()}", ifMatch: null);
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Single((await blocked.JsonAsync())["rules"]!.AsArray());
        await AssertOpportunityCountAsync(account.Id(), 1);

        await (await client.DeleteAsync($"/api/v1/opportunities/{opportunity.Id()}", ifMatch: null)).ExpectAsync(HttpStatusCode.NoContent);
        await (await client.DeleteAsync($"/api/v1/accounts/{account.Id()}", ifMatch: null)).ExpectAsync(HttpStatusCode.NoContent);
    }

    private static List<string> Letters(JsonNode page) => [.. page["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()[^1..])];

    private async Task AssertOpportunityCountAsync(long accountId, int expected)
    {
        await using var db = App.OpenDb();
        Assert.Equal(expected, await db.Opportunities.CountAsync(o => o.AccountId == accountId));
    }
}
