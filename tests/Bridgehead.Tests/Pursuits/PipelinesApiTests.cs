using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Pursuits;

public sealed class PipelinesApiTests_Sqlite() : PipelinesApiTests(Provider.Sqlite);

public sealed class PipelinesApiTests_Postgres() : PipelinesApiTests(Provider.Postgres);

/// <summary>/pipelines: everyone reads the sales processes, admins shape them.</summary>
public abstract class PipelinesApiTests(Provider provider) : AppTests(provider)
{
    private static readonly string[] StageKeys = ["prospecting", "contact", "needs", "development", "quote", "feedback", "negotiation", "testing", "orders", "care"];

    private static string PipelinePath(long id) => $"/api/v1/pipelines/{id}";

    private static string PipelinePath(JsonNode pipeline) => PipelinePath(pipeline.Id());

    [Theory]
    [InlineData(Role.Admin)]
    [InlineData(Role.Manager)]
    [InlineData(Role.Rep)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    [InlineData(Role.Viewer)]
    public async Task AnyRole_ReadsThePipelines_TheDefaultFirst_InTheirLanguage(Role role)
    {
        var user = await App.CreateUserAsync(role);

        var english = (await App.Client(user).GetJsonAsync("/api/v1/pipelines"))["items"]!.AsArray();
        var standard = english[0]!;
        Assert.True(standard["isDefault"]!.GetValue<bool>());
        Assert.Single(english, p => p!["isDefault"]!.GetValue<bool>());
        Assert.Equal(("Standard", "Standard", "표준"), (standard.Str("name"), standard.Str("nameEn"), standard.Str("nameKo")));
        var stages = standard["stages"]!.AsArray();
        Assert.Equal(StageKeys, stages.Select(s => s.Str("key")));
        Assert.Equal(Enumerable.Range(1, 10), stages.Select(s => s!["number"]!.GetValue<int>()));
        Assert.Equal([5, 10, 20, 30, 40, 50, 60, 80, 100, 100], stages.Select(s => s!["probability"]!.GetValue<int>()));
        Assert.Equal(["Prospecting", "Product testing"], new[] { stages[0].Str("name"), stages[7].Str("name") });
        Assert.All(stages, s => Assert.False(s!["skipped"]!.GetValue<bool>()));
        Assert.Equal([true, true, true, true, true, true, true, true, false, false], stages.Select(s => s!["isPursuit"]!.GetValue<bool>()));
        Assert.Equal(
            [("accountProfiled", true), ("categoryKnown", true), ("entryAngle", true), ("walletMapped", true)],
            stages[0]!["criteria"]!.AsArray().Select(c => (c.Str("key"), c!["enabled"]!.GetValue<bool>())));
        Assert.Empty(stages[8]!["criteria"]!.AsArray());

        var korean = (await App.Client(user, language: "ko").GetJsonAsync("/api/v1/pipelines"))["items"]![0]!;
        Assert.Equal("표준", korean.Str("name"));
        Assert.Equal(["시장 탐색", "제품 테스트"], new[] { korean["stages"]![0].Str("name"), korean["stages"]![7].Str("name") });

        var one = await App.Client(user).GetAsync(PipelinePath(standard));
        await one.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal($"\"{standard["version"]!.GetValue<long>()}\"", one.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client(user).GetAsync(PipelinePath(long.MaxValue))).StatusCode);
    }

    [Fact]
    public async Task Anonymous_GetsUnauthorized()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client().GetAsync("/api/v1/pipelines")).StatusCode);
    }

    [Theory]
    [InlineData(Role.Manager)]
    [InlineData(Role.Rep)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    [InlineData(Role.Viewer)]
    public async Task NonAdmin_CannotCreateChangeOrDeletePipelines(Role role)
    {
        var pipeline = await App.NewPipelineAsync();
        using var client = App.Client(await App.CreateUserAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/pipelines", new { nameEn = Unique("Mine") })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync(PipelinePath(pipeline), new { nameEn = "Taken over", stages = new[] { new { key = "quote", skipped = true } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(PipelinePath(pipeline), ifMatch: null)).StatusCode);

        var unchanged = await client.GetJsonAsync(PipelinePath(pipeline));
        Assert.Equal(pipeline.Str("nameEn"), unchanged.Str("nameEn"));
        Assert.Equal(pipeline["version"]!.GetValue<long>(), unchanged["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Admin_CreatesACopy_RenamesAStageInBothLanguages_AndSkipsDevelopment()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        using var client = App.Client(admin);
        var standard = await client.DefaultPipelineAsync();
        var name = Unique("Castings");

        var created = await client.PostJsonAsync("/api/v1/pipelines", new { nameEn = name, nameKo = "주물", copyFrom = standard.Id() });

        await created.ExpectAsync(HttpStatusCode.Created);
        var pipeline = await created.JsonAsync();
        Assert.Equal($"/api/v1/pipelines/{pipeline.Id()}", created.Headers.Location?.ToString());
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal((name, "주물"), (pipeline.Str("nameEn"), pipeline.Str("nameKo")));
        Assert.False(pipeline["isDefault"]!.GetValue<bool>());
        Assert.Equal(standard["stages"]!.ToJsonString(), pipeline["stages"]!.ToJsonString());

        var changed = await client.PatchJsonAsync(PipelinePath(pipeline), new
        {
            stages = new object[]
            {
                new { key = "quote", nameEn = "Offer", nameKo = "제안" },
                new { key = "development", skipped = true },
            },
        }, ifMatch: "\"1\"");

        await changed.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", changed.Headers.ETag?.Tag);
        var english = await client.GetJsonAsync(PipelinePath(pipeline));
        Assert.Equal(("Offer", "Offer", "제안"), (StageOf(english, "quote").Str("name"), StageOf(english, "quote").Str("nameEn"), StageOf(english, "quote").Str("nameKo")));
        Assert.True(StageOf(english, "development")["skipped"]!.GetValue<bool>());
        Assert.Equal(name, english.Str("nameEn"));
        var korean = await App.Client(admin, language: "ko").GetJsonAsync(PipelinePath(pipeline));
        Assert.Equal(("주물", "제안"), (korean.Str("name"), StageOf(korean, "quote").Str("name")));
        Assert.Equal("제품 개발", StageOf(korean, "development").Str("name"));

        // A pursuit in this pipeline sees the stage names and skips development.
        var rep = await App.CreateUserAsync(Role.Rep);
        using var reps = App.Client(rep);
        var account = await reps.NewAccountAsync();
        var opportunity = await reps.NewOpportunityAsync(account.Id(), pipeline.Id());
        Assert.Equal(pipeline.Id(), opportunity["pipelineId"]!.GetValue<long>());
        await App.PutInStageAsync(opportunity.Id(), "needs");
        Assert.Equal("quote", (await reps.GateAsync(opportunity.Id())).Str("nextStage"));
        await App.PutInStageAsync(opportunity.Id(), "quote");
        Assert.Equal("Offer", (await reps.GateAsync(opportunity.Id())).Str("stageName"));

        // An empty name returns to the standard one; a copy of this pipeline keeps its settings.
        await (await client.PatchJsonAsync(PipelinePath(pipeline), new { stages = new[] { new { key = "quote", nameEn = "", nameKo = "" } } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Quote and value", StageOf(await client.GetJsonAsync(PipelinePath(pipeline)), "quote").Str("name"));
        var copy = await client.CreateAsync("/api/v1/pipelines", new { nameEn = Unique("Castings copy"), copyFrom = pipeline.Id() });
        Assert.True(StageOf(copy, "development")["skipped"]!.GetValue<bool>());
        Assert.Equal(copy.Str("nameEn"), copy.Str("nameKo"));
    }

    [Fact]
    public async Task Create_WithoutACopy_StartsFromTheStandardStages_AndNeedsAName()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Admin));

        var fresh = await client.CreateAsync("/api/v1/pipelines", new { nameEn = Unique("Fresh") });
        Assert.Equal(StageKeys, fresh["stages"]!.AsArray().Select(s => s.Str("key")));
        Assert.Equal(30, StageOf(fresh, "prospecting")["stalledAfterDays"]!.GetValue<int>());

        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { nameKo = "이름만" }, "nameEn"),
                     (new { nameEn = "  " }, "nameEn"),
                     (new { nameEn = new string('p', 101) }, "nameEn"),
                     (new { nameEn = Unique("Copy"), copyFrom = long.MaxValue }, "copyFrom"),
                 })
        {
            var refused = await client.PostJsonAsync("/api/v1/pipelines", body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
        }
    }

    [Fact]
    public async Task SkippingEveryPursuitStage_Is422_AndChangesNothing()
    {
        var pipeline = await App.NewPipelineAsync();
        using var client = App.Client(await App.CreateUserAsync(Role.Admin));

        var refused = await client.PatchJsonAsync(PipelinePath(pipeline), new { stages = StageKeys.Take(8).Select(key => new { key, skipped = true }) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["stages"], (await refused.ErrorsAsync()).Select(e => e.Key));
        var current = await client.GetJsonAsync(PipelinePath(pipeline));
        Assert.All(current["stages"]!.AsArray(), s => Assert.False(s!["skipped"]!.GetValue<bool>()));
        Assert.Equal(1, current["version"]!.GetValue<long>());

        // Seven skipped is fine: one pursuit stage is enough.
        await (await client.PatchJsonAsync(PipelinePath(pipeline), new { stages = StageKeys.Skip(1).Take(7).Select(key => new { key, skipped = true }) })).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{\"stages\": [{\"key\": \"prospecting\", \"disabledCriteria\": [\"valueEstimated\"]}]}", "stages[0].disabledCriteria")]
    [InlineData("{\"stages\": [{\"key\": \"quote\"}, {\"key\": \"prospecting\", \"disabledCriteria\": [\"noSuchThing\"]}]}", "stages[1].disabledCriteria")]
    [InlineData("{\"stages\": [{\"key\": \"closing\"}]}", "stages[0].key")]
    [InlineData("{\"stages\": [{\"key\": \"quote\"}, {\"key\": \"quote\"}]}", "stages[1].key")]
    [InlineData("{\"stages\": [{\"key\": \"orders\", \"skipped\": true}]}", "stages[0].skipped")]
    [InlineData("{\"stages\": [{\"key\": \"quote\", \"probability\": 101}]}", "stages[0].probability")]
    [InlineData("{\"stages\": [{\"key\": \"quote\", \"stalledAfterDays\": -1}]}", "stages[0].stalledAfterDays")]
    [InlineData("{\"stages\": [{\"key\": \"quote\", \"nameKo\": \"NAME\"}]}", "stages[0].nameKo")]
    [InlineData("{\"copyFrom\": 1}", "copyFrom")]
    public async Task InvalidStageSettings_Are422NamingTheField_AndChangeNothing(string body, string field)
    {
        var pipeline = await App.NewPipelineAsync();
        using var client = App.Client(await App.CreateUserAsync(Role.Admin));
        var request = new HttpRequestMessage(HttpMethod.Patch, PipelinePath(pipeline))
        {
            Content = new StringContent(body.Replace("NAME", new string('n', 101), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
        };

        var refused = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(pipeline.ToJsonString(), (await client.GetJsonAsync(PipelinePath(pipeline))).ToJsonString());
    }

    [Fact]
    public async Task StaleIfMatch_Is412_AndKeepsTheNewerVersion()
    {
        var pipeline = await App.NewPipelineAsync();
        using var client = App.Client(await App.CreateUserAsync(Role.Admin));

        var first = await client.PatchJsonAsync(PipelinePath(pipeline), new { stages = new[] { new { key = "quote", probability = 45 } } }, ifMatch: "\"1\"");
        await first.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PatchJsonAsync(PipelinePath(pipeline), new { stages = new[] { new { key = "quote", probability = 35 } } }, ifMatch: "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.DeleteAsync(PipelinePath(pipeline), ifMatch: "\"1\"")).StatusCode);

        var current = await client.GetJsonAsync(PipelinePath(pipeline));
        Assert.Equal(45, StageOf(current, "quote")["probability"]!.GetValue<int>());
        Assert.Equal(2, current["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task MakingANewDefault_UnsetsTheOldOne_AndNewPursuitsFollowIt()
    {
        // Changing the default would disturb every other test on the shared server: this one has its own.
        await using var app = await TestApp.StartAsync(Provider);
        var admin = await app.CreateUserAsync(Role.Admin);
        using var client = app.Client(admin);
        var standard = (await client.GetJsonAsync("/api/v1/pipelines"))["items"]![0]!;

        var created = await client.CreateAsync("/api/v1/pipelines", new { nameEn = "Projects", isDefault = true, copyFrom = standard.Id() });

        Assert.True(created["isDefault"]!.GetValue<bool>());
        var items = (await client.GetJsonAsync("/api/v1/pipelines"))["items"]!.AsArray();
        Assert.Equal([(created.Id(), true), (standard.Id(), false)], items.Select(p => (p!.Id(), p!["isDefault"]!.GetValue<bool>())));
        var rep = await app.CreateUserAsync(Role.Rep);
        using var reps = app.Client(rep);
        var account = await reps.NewAccountAsync();
        Assert.Equal(created.Id(), (await reps.NewOpportunityAsync(account.Id()))["pipelineId"]!.GetValue<long>());

        // One pipeline is always the default: it cannot be unset or deleted, only replaced.
        var unset = await client.PatchJsonAsync(PipelinePath(created), new { isDefault = false });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unset.StatusCode);
        Assert.Equal(["isDefault"], (await unset.ErrorsAsync()).Select(e => e.Key));
        await (await client.PatchJsonAsync(PipelinePath(standard), new { isDefault = true })).ExpectAsync(HttpStatusCode.OK);
        items = (await client.GetJsonAsync("/api/v1/pipelines"))["items"]!.AsArray();
        Assert.Equal([(standard.Id(), true), (created.Id(), false)], items.Select(p => (p!.Id(), p!["isDefault"]!.GetValue<bool>())));
    }

    [Fact]
    public async Task Delete_RefusesTheDefault_AndPipelinesPursuitsFollowOrFollowed_AndRemovesAnUnusedOne()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Admin));
        var standard = await client.DefaultPipelineAsync();

        var refused = await client.DeleteAsync(PipelinePath(standard), ifMatch: null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Single((await refused.JsonAsync())["rules"]!.AsArray());

        var rep = await App.CreateUserAsync(Role.Rep);
        using var reps = App.Client(rep);
        var account = await reps.NewAccountAsync();
        var followed = await App.NewPipelineAsync();
        var formerly = await App.NewPipelineAsync();
        await reps.NewOpportunityAsync(account.Id(), followed.Id());
        var moved = await reps.NewOpportunityAsync(account.Id(), formerly.Id());
        await (await client.PatchJsonAsync(PathOf(moved), new { pipelineId = standard.Id() })).ExpectAsync(HttpStatusCode.OK);
        foreach (var used in new[] { followed, formerly })
        {
            var inUse = await client.DeleteAsync(PipelinePath(used), ifMatch: null);
            Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
            Assert.Single((await inUse.JsonAsync())["rules"]!.AsArray());
            await (await client.GetAsync(PipelinePath(used))).ExpectAsync(HttpStatusCode.OK);
        }

        var unused = await App.NewPipelineAsync();
        await (await client.DeleteAsync(PipelinePath(unused), ifMatch: "\"1\"")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(PipelinePath(unused))).StatusCode);
        Assert.DoesNotContain((await client.GetJsonAsync("/api/v1/pipelines"))["items"]!.AsArray(), p => p!.Id() == unused.Id());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(PipelinePath(unused), ifMatch: null)).StatusCode);
    }

    [Fact]
    public async Task ChangingAPursuitsPipeline_IsForTheManager_KeepsItsStage_AndAddsAPipelineChangedStep()
    {
        var target = await App.NewPipelineAsync(stages: new[] { new { key = "quote", nameEn = "Offer", nameKo = "제안" } });
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        var standardId = opportunity["pipelineId"]!.GetValue<long>();
        await App.PutInStageAsync(opportunity.Id(), "quote");
        var before = await client.GetJsonAsync(PathOf(opportunity));

        var unknown = await client.PatchJsonAsync(PathOf(opportunity), new { pipelineId = long.MaxValue });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(["pipelineId"], (await unknown.ErrorsAsync()).Select(e => e.Key));

        // Another pipeline brings other gates: a rep could switch to one without a criterion, advance and switch back.
        var byRep = await client.PatchJsonAsync(PathOf(opportunity), new { pipelineId = target.Id() });
        Assert.Equal(HttpStatusCode.Forbidden, byRep.StatusCode);
        Assert.Equal(standardId, (await client.GetJsonAsync(PathOf(opportunity)))["pipelineId"]!.GetValue<long>());

        var response = await App.Client(manager).PatchJsonAsync(PathOf(opportunity), new { pipelineId = target.Id() });

        await response.ExpectAsync(HttpStatusCode.OK);
        var moved = await response.JsonAsync();
        Assert.Equal(target.Id(), moved["pipelineId"]!.GetValue<long>());
        Assert.Equal("quote", moved.Str("stage"));
        Assert.Equal(before["stageEnteredAt"]!.GetValue<DateTime>(), moved["stageEnteredAt"]!.GetValue<DateTime>());
        var history = await client.StageHistoryAsync(opportunity.Id());
        Assert.Equal(["opened", "pipelineChanged"], history.Select(s => s.Str("move")));
        Assert.Equal(standardId, history[0]!["pipelineId"]!.GetValue<long>());
        Assert.Equal("Standard", history[0].Str("pipelineName"));
        var step = history[1]!;
        Assert.Equal(target.Id(), step["pipelineId"]!.GetValue<long>());
        Assert.Equal(target.Str("nameEn"), step.Str("pipelineName"));
        Assert.Equal(("quote", "quote", "Offer"), (step.Str("fromStage"), step.Str("toStage"), step.Str("toStageName")));
        Assert.Equal(manager.Id, step["changedById"]!.GetValue<long>());

        // Other edits add no step.
        await (await client.PatchJsonAsync(PathOf(opportunity), new { notes = "Moved to the castings line." })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, (await client.StageHistoryAsync(opportunity.Id())).Count);
    }

    [Fact]
    public async Task ChangingToAPipelineThatSkipsThePursuitsStage_Is422NamingPipelineId_AndChangesNothing()
    {
        var catalogue = await App.NewPipelineAsync(stages: new[] { new { key = "development", skipped = true } });
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        await App.PutInStageAsync(opportunity.Id(), "development");
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));

        var refused = await admin.PatchJsonAsync(PathOf(opportunity), new { pipelineId = catalogue.Id() });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["pipelineId"], (await refused.ErrorsAsync()).Select(e => e.Key));
        var stored = await client.GetJsonAsync(PathOf(opportunity));
        Assert.Equal(opportunity["pipelineId"]!.GetValue<long>(), stored["pipelineId"]!.GetValue<long>());
        Assert.Single(await client.StageHistoryAsync(opportunity.Id()));

        // In a stage the other pipeline keeps, the change goes through.
        await App.PutInStageAsync(opportunity.Id(), "quote");
        await (await admin.PatchJsonAsync(PathOf(opportunity), new { pipelineId = catalogue.Id() })).ExpectAsync(HttpStatusCode.OK);
    }
}
