using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;
using static Bridgehead.Tests.Trials.Trial;

namespace Bridgehead.Tests.Trials;

public sealed class TrialsApiTests_Sqlite() : TrialsApiTests(Provider.Sqlite);

public sealed class TrialsApiTests_Postgres() : TrialsApiTests(Provider.Postgres);

/// <summary>/opportunities/{id}/trials, /trials and /trial-findings: planning, recording, scope rules, findings and the plan's summary.</summary>
public abstract class TrialsApiTests(Provider provider) : AppTests(provider)
{
    private static string ETag(HttpResponseMessage r) => r.Headers.ETag!.Tag;

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");

    private static JsonArray Phases(JsonNode plan) => plan["phases"]!.AsArray();

    private static List<string> Missing(JsonNode plan) => [.. plan["summary"]!["missing"]!.AsArray().Select(m => m!.GetValue<string>())];

    private static async Task<List<string>> ErrorKeysAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return [.. (await response.ErrorsAsync()).Select(e => e.Key)];
    }

    [Fact]
    public async Task PlanningAPilotRound_AndRecordingItsResult_ShowsScopeResultAndWhoRecorded()
    {
        var t = await Trial.NewAsync(App);
        var product = await App.NewTrialProductAsync("Spiral-wound gasket");

        var created = await t.Api.PostJsonAsync(t.Path, new { kind = "pilot", scope = new { productIds = new[] { product }, lines = new[] { " Press line 2 ", "press LINE 2", "" } }, plannedStart = "2027-01-10", plannedEnd = "2027-01-20", notes = "First samples" });
        await created.ExpectAsync(HttpStatusCode.Created);
        var phase = await created.JsonAsync();
        Assert.Equal($"/api/v1/trials/{phase.Id()}", created.Headers.Location?.ToString());
        Assert.Equal("pilot", phase.Str("kind"));
        Assert.Equal(1, phase["round"]!.GetValue<int>());
        Assert.Equal("Pilot round 1", phase.Str("name"));
        Assert.Equal("pending", phase.Str("result"));
        Assert.Equal([product], phase["scope"]!["productIds"]!.AsArray().Select(p => p!.GetValue<long>()));
        Assert.Equal("Spiral-wound gasket", phase["scope"]!["products"]![0].Str("name"));
        Assert.StartsWith("T-", phase["scope"]!["products"]![0].Str("sku"));
        Assert.Equal(["Press line 2"], phase["scope"]!["lines"]!.AsArray().Select(l => l!.GetValue<string>()));
        // Run fields are the run's, auditors the audit's, and a trial never carries a price or a cost.
        Assert.Null(phase.AsObject()["yieldPercent"]);
        Assert.False(phase.AsObject().ContainsKey("yieldPercent"));
        Assert.False(phase.AsObject().ContainsKey("auditors"));
        Assert.False(phase.AsObject().ContainsKey("missingItems"));
        Assert.DoesNotContain("price", phase.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cost", phase.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        var recorded = await t.Quality.PatchJsonAsync(PhasePath(phase.Id()), new { result = "passed", correctiveActions = "None needed" }, ETag(created));
        await recorded.ExpectAsync(HttpStatusCode.OK);
        var passed = await recorded.JsonAsync();
        Assert.Equal("passed", passed.Str("result"));
        Assert.Equal(Today, passed.Str("actualEnd"));
        Assert.Equal(t.QualityUser.Id, passed["resultRecordedById"]!.GetValue<long>());
        Assert.StartsWith("Test Quality", passed.Str("resultRecordedByName"));
        Assert.NotNull(passed["resultRecordedAt"]);
        Assert.True(passed["counts"]!["passed"]!.GetValue<bool>());
        Assert.NotEqual(ETag(created), ETag(recorded));

        var plan = await t.GetAsync();
        Assert.Equal([phase.Id()], Phases(plan).Select(p => p!.Id()));
        Assert.Equal(2, plan["nextRound"]!.GetValue<int>());
        Assert.False(plan["summary"]!["passed"]!.GetValue<bool>());
        Assert.Equal(["no mass-production run planned", "no audit planned"], Missing(plan));
        Assert.Equal(t.OpportunityId, plan["opportunityId"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(plan.Str("accountName")));
    }

    [Fact]
    public async Task ThePlan_ListsPilotRoundsByRound_ThenTheRun_ThenTheAudit_WithTheirOwnFields()
    {
        var t = await Trial.NewAsync(App);
        var product = await App.NewTrialProductAsync();
        var audit = await t.AuditAsync();
        var run = await t.RunAsync(12000m);
        var one = await t.PilotAsync([product], ["Line 1"]);
        var two = await t.PilotAsync([product], ["Line 1", "Line 2"]);

        var plan = await t.GetAsync();

        Assert.Equal([one.Id(), two.Id(), run.Id(), audit.Id()], Phases(plan).Select(p => p!.Id()));
        Assert.Equal([1, 2, 0, 0], Phases(plan).Select(p => p!["round"]!.GetValue<int>()));
        Assert.Equal(["Pilot round 1", "Pilot round 2", "Mass-production run", "Customer audit"], Phases(plan).Select(p => p.Str("name")));
        var runNode = Phases(plan)[2]!.AsObject();
        Assert.Equal(12000m, runNode["plannedOutput"]!.GetValue<decimal>());
        Assert.True(runNode.ContainsKey("actualOutput"));
        Assert.True(runNode.ContainsKey("yieldPercent"));
        Assert.Equal("pending", runNode.Str("drillResult"));
        Assert.False(runNode.ContainsKey("auditors"));
        var auditNode = Phases(plan)[3]!.AsObject();
        Assert.True(auditNode.ContainsKey("auditors"));
        Assert.False(auditNode.ContainsKey("yieldPercent"));
        Assert.True(plan["hasRun"]!.GetValue<bool>());
        Assert.True(plan["hasAudit"]!.GetValue<bool>());
        Assert.Equal(["round 1 pending", "round 2 pending", "run pending", "audit pending"], Missing(plan));
    }

    [Fact]
    public async Task Rounds_AreNumberedInOrder_AndOneRunAndOneAuditPerPursuit()
    {
        var t = await Trial.NewAsync(App);
        var product = await App.NewTrialProductAsync();
        var scope = new { productIds = new[] { product }, lines = new[] { "Line 1" } };
        Assert.Equal(1, (await t.PilotAsync([product], ["Line 1"]))["round"]!.GetValue<int>());
        Assert.Equal(2, (await t.Api.CreateAsync(t.Path, new { kind = "pilot", round = 2, scope }))["round"]!.GetValue<int>());

        var taken = await t.Api.PostJsonAsync(t.Path, new { kind = "pilot", round = 2, scope });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("Round 2 is already planned.", (await taken.JsonAsync())["rules"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["round"], await ErrorKeysAsync(await t.Api.PostJsonAsync(t.Path, new { kind = "pilot", round = 5, scope })));
        Assert.Equal(["round"], await ErrorKeysAsync(await t.Api.PostJsonAsync(t.Path, new { kind = "audit", round = 3 })));
        Assert.Equal(["kind"], await ErrorKeysAsync(await t.Api.PostJsonAsync(t.Path, new { round = 3 })));
        Assert.Equal(HttpStatusCode.BadRequest, (await t.Api.PostRawAsync(t.Path, "{\"kind\":\"demo\"}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await t.Api.PostRawAsync(t.Path, "{\"kind\":\"audit\",\"result\":\"passed\"}")).StatusCode);
        Assert.Equal(3, (await t.PilotAsync([product], ["Line 1"]))["round"]!.GetValue<int>());

        await t.RunAsync();
        await t.AuditAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await t.Api.PostJsonAsync(t.Path, new { kind = "massProduction" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await t.Api.PostJsonAsync(t.Path, new { kind = "audit" })).StatusCode);
        Assert.Equal(5, Phases(await t.GetAsync()).Count);
    }

    [Fact]
    public async Task APilotRound_NeedsAProductAndALine_FromTheCatalogue()
    {
        var t = await Trial.NewAsync(App);
        var product = await App.NewTrialProductAsync();

        Assert.Equal(["scope.lines", "scope.productIds"], (await ErrorKeysAsync(await t.Api.PostJsonAsync(t.Path, new { kind = "pilot" }))).Order(StringComparer.Ordinal));
        Assert.Equal(["scope.lines"], await ErrorKeysAsync(await t.Api.PostJsonAsync(t.Path, new { kind = "pilot", scope = new { productIds = new[] { product }, lines = new[] { "  " } } })));
        var unknown = await t.Api.PostJsonAsync(t.Path, new { kind = "pilot", scope = new { productIds = new[] { product, 987654321L }, lines = new[] { "Line 1" } } });
        Assert.Equal(["scope.productIds"], await ErrorKeysAsync(unknown));
        Assert.Contains("987654321", (await unknown.ErrorsAsync())["scope.productIds"]![0]!.GetValue<string>());
        Assert.Equal(["scope.lines"], await ErrorKeysAsync(await t.Api.PostJsonAsync(t.Path, new { kind = "pilot", scope = new { productIds = new[] { product }, lines = new[] { new string('x', 101) } } })));
        // The run and the audit need no scope.
        await t.RunAsync(null);
        Assert.DoesNotContain(Phases(await t.GetAsync()), p => p.Str("kind") == "pilot");
    }

    [Fact]
    public async Task APilotsScope_MayNotShrink_FromOneRoundToTheNext_NamingTheField()
    {
        var t = await Trial.NewAsync(App);
        var a = await App.NewTrialProductAsync();
        var b = await App.NewTrialProductAsync();
        var c = await App.NewTrialProductAsync();
        var one = await t.PilotAsync([a], ["Line 1"]);

        // Dropping round 1's product or line is refused; the same line in another case is the same line.
        var dropsProduct = await t.Api.PostJsonAsync(t.Path, new { kind = "pilot", scope = new { productIds = new[] { b }, lines = new[] { "Line 1", "Line 2" } } });
        Assert.Equal(["scope.productIds"], await ErrorKeysAsync(dropsProduct));
        Assert.Contains("Round 1", (await dropsProduct.ErrorsAsync())["scope.productIds"]![0]!.GetValue<string>());
        Assert.Equal(["scope.lines"], await ErrorKeysAsync(await t.Api.PostJsonAsync(t.Path, new { kind = "pilot", scope = new { productIds = new[] { a, b }, lines = new[] { "Line 2" } } })));
        var two = await t.PilotAsync([a, b], ["LINE 1", "Line 2"]);
        Assert.Equal(2, Phases(await t.GetAsync()).Count);

        // Edited, a round stays within the round before and the round after.
        Assert.Equal(["scope.productIds"], await ErrorKeysAsync(await t.Api.PatchJsonAsync(PhasePath(two.Id()), new { scope = new { productIds = new[] { b } } })));
        Assert.Equal(["scope.lines"], await ErrorKeysAsync(await t.Api.PatchJsonAsync(PhasePath(two.Id()), new { scope = new { lines = new[] { "Line 2" } } })));
        Assert.Equal(["scope.productIds"], await ErrorKeysAsync(await t.Api.PatchJsonAsync(PhasePath(one.Id()), new { scope = new { productIds = new[] { a, c } } })));
        Assert.Equal(["scope.lines"], await ErrorKeysAsync(await t.Api.PatchJsonAsync(PhasePath(one.Id()), new { scope = new { lines = new[] { "Line 1", "Line 9" } } })));
        // Within both is fine: round 1 may grow up to round 2's scope.
        var grown = await (await t.Api.PatchJsonAsync(PhasePath(one.Id()), new { scope = new { productIds = new[] { a, b } } })).JsonAsync();
        Assert.Equal([a, b], grown["scope"]!["productIds"]!.AsArray().Select(p => p!.GetValue<long>()));
        Assert.Equal(["Line 1"], grown["scope"]!["lines"]!.AsArray().Select(l => l!.GetValue<string>()));
        var unchanged = await t.Api.GetJsonAsync(PhasePath(two.Id()));
        Assert.Equal([a, b], unchanged["scope"]!["productIds"]!.AsArray().Select(p => p!.GetValue<long>()));
        Assert.Equal(["LINE 1", "Line 2"], unchanged["scope"]!["lines"]!.AsArray().Select(l => l!.GetValue<string>()));
    }

    [Fact]
    public async Task RoundThreeAndLater_HintAtTheItemsOfTheSentQuotes_TheyLeaveOut()
    {
        var t = await Trial.NewAsync(App);
        var a = await App.NewTrialProductAsync();
        var quoted = await Bridgehead.Tests.Quotes.QuoteSetup.NewQuoteProductAsync(App, 700m, 1300m);
        var draftOnly = await Bridgehead.Tests.Quotes.QuoteSetup.NewQuoteProductAsync(App, 700m, 1300m);
        var quote = await Bridgehead.Tests.Quotes.QuoteSetup.NewQuoteAsync(t.Api, t.OpportunityId, [Bridgehead.Tests.Quotes.QuoteSetup.Line(a, 10), Bridgehead.Tests.Quotes.QuoteSetup.Line(quoted, 5)]);
        // Sent as the quote pages would (the shared server's quote policy may ask for an approval first).
        await using (var db = App.OpenDb())
        {
            var q = await db.Quotes.FindAsync(quote.Id());
            q!.Status = Bridgehead.Quotes.QuoteStatus.Sent;
            q.SentAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        }
        await Bridgehead.Tests.Quotes.QuoteSetup.NewQuoteAsync(t.Api, t.OpportunityId, [Bridgehead.Tests.Quotes.QuoteSetup.Line(draftOnly, 1)]);
        await t.PilotAsync([a], ["Line 1"]);
        await t.PilotAsync([a], ["Line 1"]);
        var three = await t.PilotAsync([a], ["Line 1", "Line 2"]);

        var plan = await t.GetAsync();

        Assert.Equal([quoted], three["missingItems"]!.AsArray().Select(p => p!.Id()));
        Assert.Equal(new[] { a, quoted }.Order(), plan["quotedItems"]!.AsArray().Select(p => p!.Id()).Order());
        Assert.False(Phases(plan)[1]!.AsObject().ContainsKey("missingItems"));
        var all = await (await t.Api.PatchJsonAsync(PhasePath(three.Id()), new { scope = new { productIds = new[] { a, quoted } } })).JsonAsync();
        Assert.Empty(all["missingItems"]!.AsArray());
        Assert.DoesNotContain("price", (await t.GetAsync(t.Quality)).ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("massProduction", "{\"yieldPercent\":100.5}", "yieldPercent")]
    [InlineData("massProduction", "{\"yieldPercent\":-1}", "yieldPercent")]
    [InlineData("massProduction", "{\"actualOutput\":-5}", "actualOutput")]
    [InlineData("massProduction", "{\"continuousHours\":-1}", "continuousHours")]
    [InlineData("massProduction", "{\"actualStart\":\"2027-02-10\",\"actualEnd\":\"2027-02-09\"}", "actualEnd")]
    [InlineData("audit", "{\"result\":\"failed\"}", "issues")]
    [InlineData("audit", "{\"result\":\"conditional\",\"issues\":\"  \"}", "issues")]
    [InlineData("audit", "{\"result\":null}", "result")]
    [InlineData("audit", "{\"yieldPercent\":90}", "yieldPercent")]
    [InlineData("audit", "{\"drillResult\":\"passed\"}", "drillResult")]
    [InlineData("massProduction", "{\"auditors\":\"Mr. Kang\"}", "auditors")]
    public async Task InvalidResults_Are422NamingTheField_AndNothingIsSaved(string kind, string body, string field)
    {
        var t = await Trial.NewAsync(App);
        var phase = await t.Api.CreateAsync(t.Path, new { kind });

        var refused = await t.Quality.SendAsync(new HttpRequestMessage(HttpMethod.Patch, PhasePath(phase.Id())) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });

        Assert.Equal([field], await ErrorKeysAsync(refused));
        var after = await t.Api.GetJsonAsync(PhasePath(phase.Id()));
        Assert.Equal("pending", after.Str("result"));
        Assert.Equal(phase["version"]!.GetValue<long>(), after["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task InvalidPlans_Are422NamingTheField()
    {
        var t = await Trial.NewAsync(App);
        Assert.Equal(["plannedEnd"], await ErrorKeysAsync(await t.Api.PostJsonAsync(t.Path, new { kind = "audit", plannedStart = "2027-05-02", plannedEnd = "2027-05-01" })));
        Assert.Equal(["plannedOutput"], await ErrorKeysAsync(await t.Api.PostJsonAsync(t.Path, new { kind = "audit", plannedOutput = 10m })));
        Assert.Equal(["plannedOutput"], await ErrorKeysAsync(await t.Api.PostJsonAsync(t.Path, new { kind = "massProduction", plannedOutput = -10m })));
        Assert.Equal(["notes"], await ErrorKeysAsync(await t.Api.PostJsonAsync(t.Path, new { kind = "audit", notes = new string('n', 4001) })));
        Assert.Empty(Phases(await t.GetAsync()));
    }

    [Fact]
    public async Task TheRun_RecordsOutputYieldHoursAndTheDrill()
    {
        var t = await Trial.NewAsync(App);
        var run = await t.RunAsync();

        var recorded = await t.RecordAsync(run.Id(), "passed", new
        {
            result = "passed", actualStart = "2027-03-01", actualEnd = "2027-03-04", actualOutput = 9800m, yieldPercent = 99.2m, continuousHours = 72m,
            drillOn = "2027-03-03", drillResult = "passed", drillNotes = "Line stop and restart within 20 minutes.",
        });

        Assert.Equal(9800m, recorded["actualOutput"]!.GetValue<decimal>());
        Assert.Equal(99.2m, recorded["yieldPercent"]!.GetValue<decimal>());
        Assert.Equal(72m, recorded["continuousHours"]!.GetValue<decimal>());
        Assert.Equal("2027-03-03", recorded.Str("drillOn"));
        Assert.Equal("passed", recorded.Str("drillResult"));
        Assert.Equal("2027-03-04", recorded.Str("actualEnd"));
    }

    [Fact]
    public async Task Passed_IsRefusedWhileMajorFindingsAreOpen_AndConditionalCountsOnlyOnceTheyAreClosed()
    {
        var t = await Trial.NewAsync(App);
        var audit = await t.AuditAsync();
        var minor = await t.Quality.CreateAsync(PhasePath(audit.Id()) + "/findings", new { text = "Labels faded", severity = "minor" });
        var major = await t.Quality.CreateAsync(PhasePath(audit.Id()) + "/findings", new { text = "No calibration record for gauge G-12", severity = "major", dueOn = "2027-05-01" });
        Assert.Equal("open", major.Str("status"));

        var refused = await t.Quality.PatchJsonAsync(PhasePath(audit.Id()), new { result = "passed" });
        Assert.Equal(["result"], await ErrorKeysAsync(refused));
        var conditional = await t.RecordAsync(audit.Id(), "conditional", new { result = "conditional", issues = "Calibration records incomplete.", auditors = "Park (SQE), Lee (QA)" });
        Assert.False(conditional["counts"]!["passed"]!.GetValue<bool>());
        Assert.Equal(2, conditional["counts"]!["openFindings"]!.GetValue<int>());
        Assert.Equal(1, conditional["counts"]!["openSevere"]!.GetValue<int>());
        Assert.Equal("Park (SQE), Lee (QA)", conditional.Str("auditors"));
        Assert.Contains("audit conditional: 2 findings open", Missing(await t.GetAsync()));

        // Closing needs a resolution.
        Assert.Equal(["resolution"], await ErrorKeysAsync(await t.Quality.PatchJsonAsync(FindingPath(major.Id()), new { status = "closed" })));
        var closed = await (await t.Quality.PatchJsonAsync(FindingPath(major.Id()), new { status = "closed", resolution = "Gauge calibrated, record filed." })).JsonAsync();
        Assert.Equal("closed", closed.Str("status"));
        Assert.NotNull(closed["closedAt"]);
        Assert.Equal(t.QualityUser.Id, closed["closedById"]!.GetValue<long>());
        Assert.Contains("audit conditional: 1 finding open", Missing(await t.GetAsync()));
        await (await t.Quality.PatchJsonAsync(FindingPath(minor.Id()), new { status = "closed", resolution = "Relabelled." })).ExpectAsync(HttpStatusCode.OK);
        var plan = await t.GetAsync();
        Assert.True(Phases(plan)[0]!["counts"]!["passed"]!.GetValue<bool>());
        Assert.DoesNotContain(Missing(plan), m => m.StartsWith("audit", StringComparison.Ordinal));

        // Reopened, it counts against the pass again and keeps its resolution.
        var reopened = await (await t.Quality.PatchJsonAsync(FindingPath(major.Id()), new { status = "open" })).JsonAsync();
        Assert.Null(reopened["closedAt"]);
        Assert.Equal("Gauge calibrated, record filed.", reopened.Str("resolution"));
        Assert.False(Phases(await t.GetAsync())[0]!["counts"]!["passed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AMajorFinding_OnAPassedPhase_IsRefused_UntilThePhaseIsConditional()
    {
        var t = await Trial.NewAsync(App);
        var audit = await t.AuditAsync();
        await t.RecordAsync(audit.Id(), "passed");
        var minor = await t.Quality.CreateAsync(PhasePath(audit.Id()) + "/findings", new { text = "Small label issue", severity = "minor" });

        Assert.Equal(HttpStatusCode.Conflict, (await t.Quality.PostJsonAsync(PhasePath(audit.Id()) + "/findings", new { text = "Missing record", severity = "critical" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await t.Quality.PatchJsonAsync(FindingPath(minor.Id()), new { severity = "major" })).StatusCode);
        await t.RecordAsync(audit.Id(), "conditional");
        await t.Quality.CreateAsync(PhasePath(audit.Id()) + "/findings", new { text = "Missing record", severity = "critical" });
    }

    [Fact]
    public async Task Findings_AreRecordedBySalesAndQuality_ButClosedOnlyByQuality_AndDeletedOnlyWhileOpen()
    {
        var t = await Trial.NewAsync(App);
        var audit = await t.AuditAsync();
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        using var product = App.Client(await App.CreateUserAsync(Role.Product));

        var told = await t.Api.CreateAsync(PhasePath(audit.Id()) + "/findings", new { text = "Their auditor asked for the 8D template", severity = "minor" });
        Assert.Equal(["severity", "text"], (await ErrorKeysAsync(await t.Api.PostJsonAsync(PhasePath(audit.Id()) + "/findings", new { }))).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(PhasePath(audit.Id()) + "/findings", new { text = "x", severity = "minor" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await product.PostJsonAsync(PhasePath(audit.Id()) + "/findings", new { text = "x", severity = "minor" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await t.Api.PatchJsonAsync(FindingPath(told.Id()), new { status = "closed", resolution = "Sent" })).StatusCode);

        var get = await t.Quality.GetAsync(FindingPath(told.Id()));
        await get.ExpectAsync(HttpStatusCode.OK);
        var stale = await t.Quality.PatchJsonAsync(FindingPath(told.Id()), new { text = "Changed" }, "\"999\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var closed = await t.Quality.PatchJsonAsync(FindingPath(told.Id()), new { status = "closed", resolution = "Template sent" }, ETag(get));
        await closed.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, (await t.Api.DeleteAsync(FindingPath(told.Id()), null)).StatusCode);

        var mistake = await t.Quality.CreateAsync(PhasePath(audit.Id()) + "/findings", new { text = "Typo", severity = "minor" });
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync(FindingPath(mistake.Id()), null)).StatusCode);
        await (await t.Api.DeleteAsync(FindingPath(mistake.Id()), null)).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await t.Quality.GetAsync(FindingPath(mistake.Id()))).StatusCode);
        Assert.Equal([told.Id()], Phases(await t.GetAsync())[0]!["findings"]!.AsArray().Select(f => f!.Id()));
    }

    [Fact]
    public async Task Delete_OnlyAPendingPhase_AndOnlyTheLastPilotRound()
    {
        var t = await Trial.NewAsync(App);
        var product = await App.NewTrialProductAsync();
        var one = await t.PilotAsync([product], ["Line 1"]);
        var two = await t.PilotAsync([product], ["Line 1"]);
        var audit = await t.AuditAsync();
        await t.Api.CreateAsync(PhasePath(audit.Id()) + "/findings", new { text = "Open point", severity = "minor" });

        var notLast = await t.Api.DeleteAsync(PhasePath(one.Id()), null);
        Assert.Equal(HttpStatusCode.Conflict, notLast.StatusCode);
        Assert.Contains("round 2", (await notLast.JsonAsync()).Str("detail"));
        Assert.Equal(HttpStatusCode.Forbidden, (await t.Quality.DeleteAsync(PhasePath(two.Id()), null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await t.Api.DeleteAsync(PhasePath(two.Id()), "\"999\"")).StatusCode);
        await (await t.Api.DeleteAsync(PhasePath(two.Id()), $"\"{two["version"]}\"")).ExpectAsync(HttpStatusCode.NoContent);
        await t.RecordAsync(one.Id(), "failed");
        var recorded = await t.Api.DeleteAsync(PhasePath(one.Id()), null);
        Assert.Equal(HttpStatusCode.Conflict, recorded.StatusCode);
        Assert.Contains("Failed", (await recorded.JsonAsync()).Str("detail"));
        await (await t.Api.DeleteAsync(PhasePath(audit.Id()), null)).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal([one.Id()], Phases(await t.GetAsync()).Select(p => p!.Id()));
        // The next round takes the freed number.
        Assert.Equal(2, (await t.PilotAsync([product], ["Line 1"]))["round"]!.GetValue<int>());
    }

    [Fact]
    public async Task EditsNeedTheCurrentVersion_AndAnOpenPursuit()
    {
        var t = await Trial.NewAsync(App);
        var audit = await t.AuditAsync();
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await t.Api.PatchJsonAsync(PhasePath(audit.Id()), new { notes = "x" }, "\"999\"")).StatusCode);

        await (await t.Api.CloseAsync(t.OpportunityId, new { outcome = "dropped", reason = "projectCancelled" })).ExpectAsync(HttpStatusCode.OK);

        Assert.True((await t.GetAsync())["readOnly"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Conflict, (await t.Api.PostJsonAsync(t.Path, new { kind = "massProduction" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await t.Api.PatchJsonAsync(PhasePath(audit.Id()), new { notes = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await t.Quality.PatchJsonAsync(PhasePath(audit.Id()), new { result = "passed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await t.Quality.PostJsonAsync(PhasePath(audit.Id()) + "/findings", new { text = "x", severity = "minor" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await t.Api.DeleteAsync(PhasePath(audit.Id()), null)).StatusCode);
        // A change to nothing is no change.
        await (await t.Api.PatchJsonAsync(PhasePath(audit.Id()), new { })).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WhoMayDoWhat_SalesPlan_QualityRecords_OthersRead_OrSeeNothing()
    {
        var team = TestApp.NewTeam();
        var t = await Trial.NewAsync(App, await App.CreateUserAsync(Role.Rep, team));
        var product = await App.NewTrialProductAsync();
        var pilot = await t.PilotAsync([product], ["Line 1"]);
        var finding = await t.Api.CreateAsync(PhasePath(pilot.Id()) + "/findings", new { text = "Noise at start-up", severity = "minor" });
        using var otherRep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        using var otherManager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        using var product_ = App.Client(await App.CreateUserAsync(Role.Product));
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));

        // Another rep (and another team's manager) see nothing: 404 everywhere.
        foreach (var outsider in new[] { otherRep, otherManager })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(t.Path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(PhasePath(pilot.Id()))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(FindingPath(finding.Id()))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostJsonAsync(t.Path, new { kind = "audit" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PatchJsonAsync(PhasePath(pilot.Id()), new { notes = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.DeleteAsync(PhasePath(pilot.Id()), null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostJsonAsync(PhasePath(pilot.Id()) + "/findings", new { text = "x", severity = "minor" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(PhasePath(pilot.Id()) + "/history")).StatusCode);
            Assert.DoesNotContain((await outsider.GetJsonAsync("/api/v1/trials?limit=500"))["items"]!.AsArray(), i => i!.Id() == pilot.Id());
        }

        // The team's manager reads and plans.
        Assert.Single(Phases(await manager.GetJsonAsync(t.Path)));
        await manager.CreateAsync(t.Path, new { kind = "audit" });

        // The viewer reads everything and changes nothing.
        Assert.Equal(2, Phases(await viewer.GetJsonAsync(t.Path)).Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(t.Path, new { kind = "massProduction" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchJsonAsync(PhasePath(pilot.Id()), new { notes = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchJsonAsync(PhasePath(pilot.Id()), new { result = "passed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync(PhasePath(pilot.Id()), null)).StatusCode);

        // Quality reads the trials of a pursuit it may not read itself, records results, but plans nothing.
        Assert.Contains((await t.Quality.GetAsync(PathOf(t.OpportunityId))).StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        var seen = await t.Quality.GetJsonAsync(t.Path);
        Assert.Equal(2, Phases(seen).Count);
        Assert.Equal(t.OpportunityId, seen["opportunityId"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(seen.Str("opportunityTitle")));
        Assert.Equal(HttpStatusCode.Forbidden, (await t.Quality.PostJsonAsync(t.Path, new { kind = "massProduction" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await t.Quality.PatchJsonAsync(PhasePath(pilot.Id()), new { scope = new { lines = new[] { "Line 1", "Line 2" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await t.Quality.PatchJsonAsync(PhasePath(pilot.Id()), new { plannedEnd = "2027-01-01" })).StatusCode);
        // A rep may not record a result, even with a plan change in the same patch.
        Assert.Equal(HttpStatusCode.Forbidden, (await t.Api.PatchJsonAsync(PhasePath(pilot.Id()), new { result = "passed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await t.Api.PatchJsonAsync(PhasePath(pilot.Id()), new { notes = "x", issues = "y" })).StatusCode);
        Assert.Equal("pending", (await t.Api.GetJsonAsync(PhasePath(pilot.Id()))).Str("result"));
        await t.RecordAsync(pilot.Id(), "passed");

        // Admin does both.
        await (await admin.PatchJsonAsync(PhasePath(pilot.Id()), new { notes = "Admin note", correctiveActions = "None" })).ExpectAsync(HttpStatusCode.OK);

        // The product role reads no trials at all.
        Assert.Equal(HttpStatusCode.Forbidden, (await product_.GetAsync(t.Path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await product_.GetAsync(PhasePath(pilot.Id()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await product_.GetAsync("/api/v1/trials")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await product_.PatchJsonAsync(PhasePath(pilot.Id()), new { result = "failed" })).StatusCode);
    }

    [Fact]
    public async Task History_ShowsWhoPlannedAndWhoRecorded_AlsoToQuality()
    {
        var t = await Trial.NewAsync(App);
        var audit = await t.AuditAsync();
        await t.RecordAsync(audit.Id(), "conditional");
        var finding = await t.Quality.CreateAsync(PhasePath(audit.Id()) + "/findings", new { text = "Traceability gap", severity = "major" });

        var items = (await t.Quality.GetJsonAsync(PhasePath(audit.Id()) + "/history"))["items"]!.AsArray();

        Assert.Equal(2, items.Count);
        Assert.Equal(t.QualityUser.Id, items[0]!["userId"]!.GetValue<long>());
        Assert.Contains(items[0]!["changes"]!.AsArray(), c => c.Str("field") == "result" && c.Str("new") == "conditional");
        Assert.Equal(t.Owner.Id, items[1]!["userId"]!.GetValue<long>());
        Assert.Single((await t.Quality.GetJsonAsync(FindingPath(finding.Id()) + "/history"))["items"]!.AsArray());
        Assert.Equal(2, (await t.Api.GetJsonAsync(PhasePath(audit.Id()) + "/history"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task TheList_ShowsQualityEveryPendingPhase_WithAccountAndPursuit_AndFilters()
    {
        var t = await Trial.NewAsync(App);
        var product = await App.NewTrialProductAsync();
        var pilot = await t.PilotAsync([product], ["Line 1"]);
        var audit = await t.Api.CreateAsync(t.Path, new { kind = "audit", plannedEnd = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd") });
        var run = await t.RunAsync();
        await t.RecordAsync(run.Id(), "passed");

        var pending = await t.Quality.GetJsonAsync($"/api/v1/trials?result=pending&accountId={t.AccountId}");
        var items = pending["items"]!.AsArray();
        // Soonest planned end first; a phase without one last.
        Assert.Equal([audit.Id(), pilot.Id()], items.Select(i => i!.Id()));
        Assert.True(items[0]!["overdue"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(items[0].Str("accountName")));
        Assert.False(string.IsNullOrEmpty(items[0].Str("opportunityTitle")));
        Assert.Equal("Customer audit", items[0].Str("name"));
        Assert.Null(pending["nextCursor"]);
        Assert.Equal([run.Id()], (await t.Quality.GetJsonAsync($"/api/v1/trials?result=passed&accountId={t.AccountId}"))["items"]!.AsArray().Select(i => i!.Id()));
        Assert.Equal([pilot.Id()], (await t.Quality.GetJsonAsync($"/api/v1/trials?kind=pilot&accountId={t.AccountId}"))["items"]!.AsArray().Select(i => i!.Id()));
        Assert.Equal([audit.Id()], (await t.Quality.GetJsonAsync($"/api/v1/trials?plannedEndBefore={Today}&accountId={t.AccountId}"))["items"]!.AsArray().Select(i => i!.Id()));
        var first = await t.Quality.GetJsonAsync($"/api/v1/trials?accountId={t.AccountId}&limit=2");
        var second = await t.Quality.GetJsonAsync($"/api/v1/trials?accountId={t.AccountId}&limit=2&cursor={first.Str("nextCursor")}");
        Assert.Equal(3, first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => i!.Id()).Distinct().Count());
        Assert.Equal(HttpStatusCode.BadRequest, (await t.Quality.GetAsync("/api/v1/trials?result=maybe")).StatusCode);
        Assert.Equal(3, (await t.Api.GetJsonAsync($"/api/v1/trials?opportunityId={t.OpportunityId}"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task TheGate_JudgesEveryRoundTheRunAndTheAudit_ConditionalOnlyWithItsFindingsClosed()
    {
        var t = await Trial.NewAsync(App);
        await App.PutInStageAsync(t.OpportunityId, "testing");
        JsonNode Criterion(JsonNode gate) => gate["criteria"]!.AsArray().Single(c => c.Str("key") == "trialsPassed")!;

        var empty = Criterion(await t.Api.GateAsync(t.OpportunityId));
        Assert.False(empty["met"]!.GetValue<bool>());
        Assert.Equal("Still missing: no pilot round planned; no mass-production run planned; no audit planned.", empty.Str("why"));
        Assert.Contains("trialsPassed", await UnmetKeysAsync(await t.Api.AdvanceAsync(t.OpportunityId)));

        var product = await App.NewTrialProductAsync();
        var one = await t.PilotAsync([product], ["Line 1"]);
        var two = await t.PilotAsync([product], ["Line 1", "Line 2"]);
        var run = await t.RunAsync();
        var audit = await t.AuditAsync();
        await t.RecordAsync(one.Id(), "passed");
        await t.RecordAsync(run.Id(), "failed");
        await t.RecordAsync(audit.Id(), "conditional");
        var major = await t.Quality.CreateAsync(PhasePath(audit.Id()) + "/findings", new { text = "Gauge not calibrated", severity = "major" });
        await t.Quality.CreateAsync(PhasePath(audit.Id()) + "/findings", new { text = "Label faded", severity = "minor" });
        Assert.Equal("Still missing: round 2 pending; run failed; audit conditional: 2 findings open.", Criterion(await t.Api.GateAsync(t.OpportunityId)).Str("why"));
        using var korean = App.Client(t.Owner, "ko");
        Assert.Equal("남은 항목: 2차 파일럿 결과 대기; 양산 테스트 불합격; 고객 감사 조건부 합격: 미해결 지적 사항 2건.", Criterion(await korean.GateAsync(t.OpportunityId)).Str("why"));

        await t.RecordAsync(two.Id(), "passed");
        await t.RecordAsync(run.Id(), "passed");
        await (await t.Quality.PatchJsonAsync(FindingPath(major.Id()), new { status = "closed", resolution = "Calibrated." })).ExpectAsync(HttpStatusCode.OK);
        var oneLeft = Criterion(await t.Api.GateAsync(t.OpportunityId));
        Assert.False(oneLeft["met"]!.GetValue<bool>());
        Assert.Equal("Still missing: audit conditional: 1 finding open.", oneLeft.Str("why"));

        await t.RecordAsync(audit.Id(), "passed");
        var met = Criterion(await t.Api.GateAsync(t.OpportunityId));
        Assert.True(met["met"]!.GetValue<bool>());
        Assert.Equal("2 pilot rounds, the mass-production run and the audit passed.", met.Str("why"));
        var plan = await t.GetAsync();
        Assert.True(plan["summary"]!["passed"]!.GetValue<bool>());
        Assert.Empty(Missing(plan));
    }

    [Fact]
    public async Task Quality_ReadsNoPlanOfAPursuitWithoutTrials_SoNoTitleOrAccountOfAnyPursuitLeaks()
    {
        var t = await Trial.NewAsync(App);
        // No phase yet: quality has no trial to see, so the pursuit is simply not there for it.
        var empty = await t.Quality.GetAsync(t.Path);
        Assert.Equal(HttpStatusCode.NotFound, empty.StatusCode);
        Assert.DoesNotContain("accountName", await empty.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        await t.AuditAsync();
        var plan = await t.GetAsync(t.Quality);
        Assert.Equal(t.OpportunityId, plan["opportunityId"]!.GetValue<long>());
    }

    [Fact]
    public async Task APost_WithAnIdempotencyKey_PlansOnce()
    {
        var t = await Trial.NewAsync(App);
        var key = Guid.NewGuid().ToString("N");
        var first = await t.Api.PostJsonAsync(t.Path, new { kind = "audit" }, key);
        var again = await t.Api.PostJsonAsync(t.Path, new { kind = "audit" }, key);
        await first.ExpectAsync(HttpStatusCode.Created);
        await again.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((await first.JsonAsync()).Id(), (await again.JsonAsync()).Id());
        Assert.Single(Phases(await t.GetAsync()));
    }
}
