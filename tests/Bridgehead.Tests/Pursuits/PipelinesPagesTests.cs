using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Pursuits;

public sealed class PipelinesPagesTests_Sqlite() : PipelinesPagesTests(Provider.Sqlite);

public sealed class PipelinesPagesTests_Postgres() : PipelinesPagesTests(Provider.Postgres);

/// <summary>The pipeline admin pages, driven like a browser; what they saved is read back through the API.</summary>
public abstract class PipelinesPagesTests(Provider provider) : AppTests(provider)
{
    /// <summary>Stage rows of the form are in process order: stage n is row n - 1.</summary>
    private static string Row(int stage, string field) => $"Form.Stages[{stage - 1}].{field}";

    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    private static JsonNode Stage(JsonNode pipeline, string key) =>
        pipeline["stages"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == key)!;

    private static bool Enabled(JsonNode stage, string criterion) =>
        stage["criteria"]!.AsArray().Single(c => c!["key"]!.GetValue<string>() == criterion)!["enabled"]!.GetValue<bool>();

    private static void AssertInvalid(string html, string id) =>
        Assert.Matches($"id=\"{id}\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"{id}\"", html);

    private static async Task<HtmlForm> EditFormAsync(BrowserClient browser, long id)
    {
        var (status, html) = await browser.GetAsync($"/admin/pipelines/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        return HtmlForm.Parse(html, "<form method=\"post\">");
    }

    [Fact]
    public async Task Admin_CreatesACopy_ThenRenamesSkipsWeighsAndDisablesInOneForm()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var api = App.Client(admin);
        var source = await api.CreateAsync("/api/v1/pipelines", new { nameEn = Unique("Source") });
        await (await api.PatchJsonAsync($"/api/v1/pipelines/{source.Id()}", new { stages = new[] { new { key = "needs", probability = 33 } } })).ExpectAsync(HttpStatusCode.OK);
        using var browser = await App.SignInAsync(admin);
        var name = Unique("Valves BU");

        var newForm = await browser.GetFormAsync("/admin/pipelines/new");
        Assert.Contains($"<option value=\"{source.Id()}\">", newForm.Html);
        var created = await browser.PostFormAsync("/admin/pipelines/new", newForm.Token, new Dictionary<string, string>
        {
            ["Form.NameEn"] = name,
            ["Form.NameKo"] = "밸브 사업부",
            ["Form.CopyFrom"] = source.Id().ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        Assert.Equal(33, Stage(await api.GetJsonAsync($"/api/v1/pipelines/{id}"), "needs")["probability"]!.GetValue<int>());

        var form = (await EditFormAsync(browser, id))
            .Set(Row(3, "NameKo"), "니즈 확인")
            .Check(Row(4, "Skipped"))
            .Set(Row(5, "Probability"), "45")
            .Set(Row(1, "StalledAfterDays"), "")
            .Set(Row(7, "StalledAfterDays"), "21")
            .Uncheck(Row(5, "Enabled"), "valueEstimated");
        var saved = await browser.Http.PostAsync($"/admin/pipelines/{id}", form.Content());

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Pipeline saved.", (await browser.GetAsync($"/admin/pipelines/{id}")).Html);
        var pipeline = await api.GetJsonAsync($"/api/v1/pipelines/{id}");
        Assert.Equal(name, pipeline["nameEn"]!.GetValue<string>());
        Assert.Equal("밸브 사업부", pipeline["nameKo"]!.GetValue<string>());
        Assert.Equal("니즈 확인", Stage(pipeline, "needs")["nameKo"]!.GetValue<string>());
        Assert.Null(Stage(pipeline, "needs")["nameEn"]);
        Assert.True(Stage(pipeline, "development")["skipped"]!.GetValue<bool>());
        Assert.False(Stage(pipeline, "quote")["skipped"]!.GetValue<bool>());
        Assert.Equal(45, Stage(pipeline, "quote")["probability"]!.GetValue<int>());
        Assert.Equal(33, Stage(pipeline, "needs")["probability"]!.GetValue<int>());
        Assert.Null(Stage(pipeline, "prospecting")["stalledAfterDays"]);
        Assert.Equal(21, Stage(pipeline, "negotiation")["stalledAfterDays"]!.GetValue<int>());
        Assert.False(Enabled(Stage(pipeline, "quote"), "valueEstimated"));
        Assert.True(Enabled(Stage(pipeline, "quote"), "recentActivity"));
        Assert.True(Enabled(Stage(pipeline, "needs"), "categoryKnown"));

        var korean = await App.Client(admin, "ko").GetJsonAsync($"/api/v1/pipelines/{id}");
        Assert.Equal("니즈 확인", Stage(korean, "needs")["name"]!.GetValue<string>());
        Assert.Equal("밸브 사업부", korean["name"]!.GetValue<string>());

        // The page shows what was saved: the skipped box checked, the criterion unchecked.
        var again = await EditFormAsync(browser, id);
        Assert.Contains(new KeyValuePair<string, string>(Row(4, "Skipped"), "true"), again.Fields);
        Assert.DoesNotContain(new KeyValuePair<string, string>(Row(5, "Enabled"), "valueEstimated"), again.Fields);
        Assert.Equal("", again.Value(Row(1, "StalledAfterDays")));
        var (_, list) = await browser.GetAsync("/admin/pipelines");
        Assert.Contains($"href=\"/admin/pipelines/{id}\">{name}</a>", list);
    }

    [Fact]
    public async Task InvalidValues_AreShownBesideTheirInputs_AndNothingIsSaved()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var pipeline = await App.Client(admin).CreateAsync("/api/v1/pipelines", new { nameEn = Unique("Strict") });
        using var browser = await App.SignInAsync(admin);

        var form = (await EditFormAsync(browser, pipeline.Id()))
            .Set(Row(5, "Probability"), "150")
            .Set(Row(2, "StalledAfterDays"), "-3")
            .Set(Row(6, "NameEn"), new string('x', 101))
            .Set("Form.NameEn", "Renamed");
        var refused = await browser.Http.PostAsync($"/admin/pipelines/{pipeline.Id()}", form.Content());

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("data-error-summary", html);
        AssertInvalid(html, "Form_Stages_4__Probability");
        AssertInvalid(html, "Form_Stages_1__StalledAfterDays");
        AssertInvalid(html, "Form_Stages_5__NameEn");
        Assert.Contains("id=\"Form_Stages_4__Probability-error\">Enter a value from 0 to 100.<", html);
        Assert.Contains("id=\"Form_Stages_1__StalledAfterDays-error\">Enter a value from 0 to 3650.<", html);
        // The summary links each message to its input.
        Assert.Contains("<a href=\"#Form_Stages_4__Probability\">Enter a value from 0 to 100.</a>", html);
        // What was typed stays in the form.
        Assert.Contains("id=\"Form_Stages_4__Probability\" name=\"Form.Stages[4].Probability\" type=\"number\" value=\"150\"", html);
        Assert.Contains("value=\"Renamed\"", html);

        // A value that is not a number at all is refused before the core sees the form.
        var unparsable = await browser.Http.PostAsync($"/admin/pipelines/{pipeline.Id()}",
            (await EditFormAsync(browser, pipeline.Id())).Set(Row(3, "Probability"), "lots").Content());
        var unparsableHtml = WebUtility.HtmlDecode(await unparsable.Content.ReadAsStringAsync());
        AssertInvalid(unparsableHtml, "Form_Stages_2__Probability");
        Assert.Contains("The value 'lots' is not valid.", unparsableHtml);
        Assert.Contains("name=\"Form.Stages[2].Probability\" type=\"number\" value=\"lots\"", unparsableHtml);

        var unchanged = await App.Client(admin).GetJsonAsync($"/api/v1/pipelines/{pipeline.Id()}");
        Assert.Equal(pipeline["nameEn"]!.GetValue<string>(), unchanged["nameEn"]!.GetValue<string>());
        Assert.Equal(1, unchanged["version"]!.GetValue<long>());

        // Core rules that span fields: every pursuit stage skipped.
        var allSkipped = await EditFormAsync(browser, pipeline.Id());
        foreach (var stage in Enumerable.Range(1, 8))
        {
            allSkipped.Check(Row(stage, "Skipped"));
        }
        var none = await browser.Http.PostAsync($"/admin/pipelines/{pipeline.Id()}", allSkipped.Content());
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Contains("At least one of stages 1-8 must stay in the pipeline.", WebUtility.HtmlDecode(await none.Content.ReadAsStringAsync()));
        Assert.Equal(1, (await App.Client(admin).GetJsonAsync($"/api/v1/pipelines/{pipeline.Id()}"))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task StaleForm_SaysSomeoneElseSavedFirst_ShowsTheirVersion_AndSavesNothing()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var api = App.Client(admin);
        var pipeline = await api.CreateAsync("/api/v1/pipelines", new { nameEn = Unique("Raced") });
        using var browser = await App.SignInAsync(admin);
        var form = await EditFormAsync(browser, pipeline.Id());
        await (await api.PatchJsonAsync($"/api/v1/pipelines/{pipeline.Id()}", new { stages = new[] { new { key = "quote", probability = 61 } } })).ExpectAsync(HttpStatusCode.OK);

        var response = await browser.Http.PostAsync($"/admin/pipelines/{pipeline.Id()}", form.Set(Row(5, "Probability"), "12").Set(Row(2, "NameEn"), "First touch").Content());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Someone else changed this record while you were editing.", html);
        Assert.Contains("name=\"Form.Stages[4].Probability\" type=\"number\" value=\"61\"", html);
        Assert.Contains("name=\"Form.Version\" value=\"2\"", html);
        var current = await api.GetJsonAsync($"/api/v1/pipelines/{pipeline.Id()}");
        Assert.Equal(61, Stage(current, "quote")["probability"]!.GetValue<int>());
        Assert.Null(Stage(current, "contact")["nameEn"]);
        Assert.Equal(2, current["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Delete_AsksFirst_ExplainsWhyTheDefaultAndAPipelineInUseStay_AndRemovesAnUnusedOne()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var api = App.Client(admin);
        var defaultId = (await api.GetJsonAsync("/api/v1/pipelines"))["items"]!.AsArray().Single(p => p!["isDefault"]!.GetValue<bool>())!.Id();
        var used = await api.CreateAsync("/api/v1/pipelines", new { nameEn = Unique("Used") });
        var account = await api.CreateAsync("/api/v1/accounts", new { name = Unique("Pipeline Co") });
        await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Follows it", pipelineId = used.Id() });
        var unused = await api.CreateAsync("/api/v1/pipelines", new { nameEn = Unique("Unused") });
        using var browser = await App.SignInAsync(admin);

        foreach (var (id, reason) in new[]
                 {
                     (defaultId, "The default pipeline cannot be deleted; make another one the default first."),
                     (used.Id(), "Opportunities have followed this pipeline, so it stays for their history; rename it instead."),
                 })
        {
            var page = await browser.GetFormAsync($"/admin/pipelines/{id}/delete");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var version = HtmlForm.Parse(page.Html, "class=\"form-actions\"").Value("version")!;
            var refused = await browser.PostFormAsync($"/admin/pipelines/{id}/delete", page.Token, new Dictionary<string, string> { ["version"] = version });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains(reason, WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
            await (await api.GetAsync($"/api/v1/pipelines/{id}")).ExpectAsync(HttpStatusCode.OK);
        }

        var (_, list) = await browser.GetAsync("/admin/pipelines");
        Assert.Matches($"href=\"/admin/pipelines/{used.Id()}\">[^<]*</a>\\s*</th>\\s*<td class=\"number\">1</td>", list);
        var confirm = await browser.GetFormAsync($"/admin/pipelines/{unused.Id()}/delete");
        var deleted = await browser.PostFormAsync($"/admin/pipelines/{unused.Id()}/delete", confirm.Token, new Dictionary<string, string> { ["version"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/admin/pipelines", deleted.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/pipelines/{unused.Id()}")).StatusCode);
    }

    [Fact]
    public async Task MakeDefault_MovesTheDefault_AndTheBoxIsOfferedOnlyOnOtherPipelines()
    {
        // Changing the default would reach other tests' new pursuits: this test has a server of its own.
        await using var app = await TestApp.StartAsync(Provider);
        var admin = await app.CreateUserAsync(Role.Admin);
        var api = app.Client(admin);
        var formerId = (await api.GetJsonAsync("/api/v1/pipelines"))["items"]!.AsArray().Single(p => p!["isDefault"]!.GetValue<bool>())!.Id();
        var next = await api.CreateAsync("/api/v1/pipelines", new { nameEn = Unique("Next default") });
        using var browser = await app.SignInAsync(admin);

        var (_, formerPage) = await browser.GetAsync($"/admin/pipelines/{formerId}");
        Assert.DoesNotContain("name=\"Form.MakeDefault\"", formerPage);
        Assert.Contains("This is the default pipeline", formerPage);
        var form = HtmlForm.Parse((await browser.GetAsync($"/admin/pipelines/{next.Id()}")).Html, "<form method=\"post\">").Check("Form.MakeDefault");
        var saved = await browser.Http.PostAsync($"/admin/pipelines/{next.Id()}", form.Content());

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var pipelines = (await api.GetJsonAsync("/api/v1/pipelines"))["items"]!.AsArray();
        Assert.Equal(next.Id(), pipelines.Single(p => p!["isDefault"]!.GetValue<bool>())!.Id());
        Assert.Equal(next.Id(), pipelines[0]!.Id());
        var (_, list) = await browser.GetAsync("/admin/pipelines");
        Assert.Matches($"href=\"/admin/pipelines/{next.Id()}\">[^<]*</a>\\s*<span class=\"badge default\">Default</span>", list);
    }

    [Theory]
    [InlineData(Role.Manager)]
    [InlineData(Role.Rep)]
    [InlineData(Role.Viewer)]
    public async Task OtherRoles_AreRefusedThePipelineAdminPages_AndDoNotSeeTheLink(Role role)
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var pipeline = await App.Client(admin).CreateAsync("/api/v1/pipelines", new { nameEn = Unique("Guarded") });
        using var browser = await App.SignInAsync(await App.CreateUserAsync(role, role == Role.Viewer ? null : TestApp.NewTeam()));

        foreach (var path in new[] { "/admin/pipelines", "/admin/pipelines/new", $"/admin/pipelines/{pipeline.Id()}", $"/admin/pipelines/{pipeline.Id()}/delete" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(path)).Status);
        }
        var token = (await browser.GetFormAsync("/account/password")).Token;
        var post = await browser.PostFormAsync($"/admin/pipelines/{pipeline.Id()}", token, new Dictionary<string, string>
        {
            ["Form.NameEn"] = "Taken over",
            ["Form.Version"] = "1",
        });
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(pipeline["nameEn"]!.GetValue<string>(), (await App.Client(admin).GetJsonAsync($"/api/v1/pipelines/{pipeline.Id()}"))["nameEn"]!.GetValue<string>());
        Assert.DoesNotContain("href=\"/admin/pipelines\"", (await browser.GetAsync("/")).Html);
    }
}
