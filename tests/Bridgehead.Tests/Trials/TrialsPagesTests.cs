using System.Globalization;
using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;
using static Bridgehead.Tests.Trials.Trial;

namespace Bridgehead.Tests.Trials;

public sealed class TrialsPagesTests_Sqlite() : TrialsPagesTests(Provider.Sqlite);

public sealed class TrialsPagesTests_Postgres() : TrialsPagesTests(Provider.Postgres);

/// <summary>The trial plan on the opportunity page, the plan, result, phase and delete pages, the list and quality's home panel, driven like a browser.</summary>
public abstract class TrialsPagesTests(Provider provider) : AppTests(provider)
{
    private static string Page(Trial t) => $"/opportunities/{t.OpportunityId}";

    private static string S(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Posts a form's fields, repeated names kept (a multi-select sends one value per choice).</summary>
    private static Task<HttpResponseMessage> PostAsync(BrowserClient browser, string path, string token, params (string Key, string Value)[] fields) =>
        browser.Http.PostAsync(path, new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]));

    private static string Today(int days = 0) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheOpportunityPage_ExplainsTheThreeSteps_BeforeAnythingIsPlanned_InBothLanguages()
    {
        var t = await Trial.NewAsync(App);
        using var browser = await App.SignInAsync(t.Owner);
        using var korean = await App.SignInAsync(t.Owner, "ko");

        var (status, html) = await browser.GetAsync(Page(t));
        var (_, ko) = await korean.GetAsync(Page(t));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"trials\"", html);
        Assert.Contains(">Pilot tests, run and audit</h2>", html);
        Assert.Contains("No trials planned yet.", html);
        Assert.Contains("A mass-production run: continuous running and the emergency-response drill.", html);
        Assert.Contains("To win: no pilot round planned; no mass-production run planned; no audit planned.", html);
        Assert.Contains($"href=\"/opportunities/{t.OpportunityId}/trials/new?kind=pilot\"", html);
        Assert.Contains(">파일럿 테스트, 양산 테스트, 고객 감사</h2>", ko);
        Assert.Contains("아직 계획된 테스트가 없습니다.", ko);
        Assert.Contains("1차 파일럿 계획", ko);
        Assert.DoesNotContain("style=", html);
    }

    [Fact]
    public async Task ARep_PlansRounds_ThroughTheForms_AndAShrinkingScopeIsRefusedOnItsField()
    {
        var t = await Trial.NewAsync(App);
        var a = await App.NewTrialProductAsync("Flange gasket");
        var b = await App.NewTrialProductAsync();
        using var browser = await App.SignInAsync(t.Owner);

        var choose = await browser.GetFormAsync($"/opportunities/{t.OpportunityId}/trials/new");
        Assert.Equal(HttpStatusCode.OK, choose.Status);
        Assert.Contains("What do you plan?", choose.Html);
        var form = await browser.GetFormAsync($"/opportunities/{t.OpportunityId}/trials/new?kind=pilot");
        Assert.Contains("Plan pilot round 1", form.Html);
        Assert.Contains("Flange gasket", form.Html);
        Assert.Contains("name=\"Form.ProductIds\"", form.Html);

        // No line: refused on the lines field, nothing saved.
        var refused = await PostAsync(browser, $"/opportunities/{t.OpportunityId}/trials/new", form.Token, ("Form.Kind", "Pilot"), ("Form.ProductIds", S(a)));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("href=\"#Form_Lines\"", await refused.Content.ReadAsStringAsync());
        Assert.Empty((await t.GetAsync())["phases"]!.AsArray());

        var planned = await PostAsync(browser, $"/opportunities/{t.OpportunityId}/trials/new", form.Token,
            ("Form.Kind", "Pilot"), ("Form.ProductIds", S(a)), ("Form.Lines", "Press line 2\r\n"), ("Form.PlannedStart", Today(3)), ("Form.PlannedEnd", Today(10)));
        Assert.Equal(HttpStatusCode.Redirect, planned.StatusCode);
        Assert.Equal($"/opportunities/{t.OpportunityId}#trials", planned.Headers.Location?.ToString());

        // Round 2's form starts from round 1's scope.
        var second = await browser.GetFormAsync($"/opportunities/{t.OpportunityId}/trials/new?kind=pilot");
        Assert.Contains("Plan pilot round 2", second.Html);
        Assert.Contains($"value=\"{S(a)}\" checked=\"checked\">", second.Html);
        Assert.Contains("Press line 2</textarea>", second.Html);
        var shrinks = await PostAsync(browser, $"/opportunities/{t.OpportunityId}/trials/new", second.Token, ("Form.Kind", "Pilot"), ("Form.ProductIds", S(b)), ("Form.Lines", "Press line 2\nPress line 3"));
        var shrinksHtml = await shrinks.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#Form_ProductIds\"", shrinksHtml);
        Assert.Contains("a later round may not drop them", shrinksHtml);
        var both = await PostAsync(browser, $"/opportunities/{t.OpportunityId}/trials/new", second.Token, ("Form.Kind", "Pilot"), ("Form.ProductIds", S(a)), ("Form.ProductIds", S(b)), ("Form.Lines", "Press line 2\nPress line 3"));
        Assert.Equal(HttpStatusCode.Redirect, both.StatusCode);
        var run = await PostAsync(browser, $"/opportunities/{t.OpportunityId}/trials/new", second.Token, ("Form.Kind", "MassProduction"), ("Form.PlannedOutput", "5000"));
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);

        var (_, html) = await browser.GetAsync(Page(t));
        Assert.Contains("Pilot round 1", html);
        Assert.Contains("Pilot round 2", html);
        Assert.Contains("Mass-production run", html);
        Assert.Contains("class=\"trial-chip line\">Press line 3</li>", html);
        Assert.Contains("To win: round 1 pending; round 2 pending; run pending; no audit planned.", html);
        Assert.Contains("Plan the customer audit", html);
        Assert.DoesNotContain("?kind=massProduction", html);
        // A rep does not record results.
        Assert.DoesNotContain("/result\"", html);
        var plan = await t.GetAsync();
        Assert.Equal(5000m, plan["phases"]![2]!["plannedOutput"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task TheEditPage_SavesThePlan_RefusesAStaleForm_AndTheDeletePageSaysWhyNot()
    {
        var t = await Trial.NewAsync(App);
        var a = await App.NewTrialProductAsync();
        var one = await t.PilotAsync([a], ["Line 1"]);
        var two = await t.PilotAsync([a], ["Line 1"]);
        using var browser = await App.SignInAsync(t.Owner);

        var edit = await browser.GetFormAsync($"/trials/{one.Id()}/edit");
        Assert.Equal(HttpStatusCode.OK, edit.Status);
        Assert.Contains("Plan of Pilot round 1", edit.Html);
        var version = HtmlForm.Parse(edit.Html, "class=\"panel trial-form\"").Value("Form.Version")!;
        var saved = await PostAsync(browser, $"/trials/{one.Id()}/edit", edit.Token, ("Form.Version", version), ("Form.Kind", "Pilot"), ("Form.ProductIds", S(a)), ("Form.Lines", "Line 1"), ("Form.Notes", "Bring spare seals"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Bring spare seals", (await t.Api.GetJsonAsync(PhasePath(one.Id()))).Str("notes"));
        var stale = await PostAsync(browser, $"/trials/{one.Id()}/edit", edit.Token, ("Form.Version", version), ("Form.Kind", "Pilot"), ("Form.ProductIds", S(a)), ("Form.Lines", "Line 1"), ("Form.Notes", "Older"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("Bring spare seals", (await t.Api.GetJsonAsync(PhasePath(one.Id()))).Str("notes"));

        var confirm = await browser.GetFormAsync($"/trials/{one.Id()}/delete");
        Assert.Contains("Delete Pilot round 1?", confirm.Html);
        var blocked = await PostAsync(browser, $"/trials/{one.Id()}/delete", confirm.Token, ("version", (await t.Api.GetJsonAsync(PhasePath(one.Id())))["version"]!.ToString()));
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Contains("Only the last pilot round can be deleted", await blocked.Content.ReadAsStringAsync());
        var deleted = await PostAsync(browser, $"/trials/{two.Id()}/delete", confirm.Token, ("version", two["version"]!.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Single((await t.GetAsync())["phases"]!.AsArray());
    }

    [Fact]
    public async Task Quality_FindsThePhaseOnItsHomeAndList_RecordsTheResult_AndClosesFindings_WithoutAPrice()
    {
        var t = await Trial.NewAsync(App);
        var a = await App.NewTrialProductAsync();
        await t.PilotAsync([a], ["Line 1"]);
        var audit = await t.Api.CreateAsync(t.Path, new { kind = "audit", plannedEnd = Today(2) });
        using var quality = await App.SignInAsync(t.QualityUser);

        var home = await quality.GetFormAsync("/");
        Assert.Contains("Trials due for a result", home.Html);
        Assert.Contains($"href=\"/trials/{audit.Id()}/result\"", home.Html);
        Assert.Contains("href=\"/trials\"", home.Html);

        var (listStatus, list) = await quality.GetAsync("/trials?kind=audit");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains($"id=\"trial-row-{audit.Id()}\"", list);
        Assert.Contains($"href=\"/trials/{audit.Id()}/result\"", list);
        // Quality cannot open the opportunity: its title is shown, not linked.
        Assert.DoesNotContain($"href=\"/opportunities/{t.OpportunityId}", list);

        // Conditional without the issues is refused on that field.
        var form = await quality.GetFormAsync($"/trials/{audit.Id()}/result");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("Result of Customer audit", form.Html);
        Assert.Contains("name=\"Form.Auditors\"", form.Html);
        Assert.DoesNotContain("name=\"Form.YieldPercent\"", form.Html);
        var version = HtmlForm.Parse(form.Html, "class=\"panel trial-form\"").Value("Form.Version")!;
        var refused = await PostAsync(quality, $"/trials/{audit.Id()}/result", form.Token, ("Form.Version", version), ("Form.Result", "Conditional"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("href=\"#Form_Issues\"", await refused.Content.ReadAsStringAsync());
        var recorded = await PostAsync(quality, $"/trials/{audit.Id()}/result", form.Token, ("Form.Version", version), ("Form.Result", "Conditional"),
            ("Form.Issues", "Calibration records missing"), ("Form.Auditors", "Park (SQE)"));
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        Assert.Equal($"/trials/{audit.Id()}", recorded.Headers.Location?.ToString());

        // On the phase page: a finding added, closing it without a resolution refused, then closed.
        var phase = await quality.GetFormAsync($"/trials/{audit.Id()}");
        Assert.Contains("Record a finding", phase.Html);
        var added = await PostAsync(quality, $"/trials/{audit.Id()}?handler=finding", phase.Token, ("Finding.Text", "Gauge G-12 not calibrated"), ("Finding.Severity", "Major"), ("Finding.DueOn", Today(14)));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var finding = (await t.GetAsync())["phases"]![1]!["findings"]![0]!;
        phase = await quality.GetFormAsync($"/trials/{audit.Id()}");
        Assert.Contains("Gauge G-12 not calibrated", phase.Html);
        Assert.Contains("1 open finding<", phase.Html);
        var noResolution = await PostAsync(quality, $"/trials/{audit.Id()}?handler=close", phase.Token, ("Close.FindingId", S(finding.Id())), ("Close.Version", finding["version"]!.ToString()), ("Close.Close", "true"));
        Assert.Equal(HttpStatusCode.OK, noResolution.StatusCode);
        Assert.Contains("Say how it was resolved", await noResolution.Content.ReadAsStringAsync());
        var closed = await PostAsync(quality, $"/trials/{audit.Id()}?handler=close", phase.Token, ("Close.FindingId", S(finding.Id())), ("Close.Version", finding["version"]!.ToString()), ("Close.Close", "true"), ("Close.Resolution", "Calibrated and filed"));
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var (_, after) = await quality.GetAsync($"/trials/{audit.Id()}");
        Assert.Contains("counts as passed", after);
        Assert.Contains("Calibrated and filed", after);
        Assert.Contains(">Reopen</button>", after);

        foreach (var html in new[] { home.Html, list, form.Html, after })
        {
            Assert.DoesNotContain("KRW", html);
            Assert.DoesNotContain("1,300", html);
            Assert.DoesNotContain("style=", html);
        }
        // Quality plans nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync($"/trials/{audit.Id()}/edit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync($"/opportunities/{t.OpportunityId}/trials/new")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync($"/trials/{audit.Id()}/delete")).Status);
    }

    [Fact]
    public async Task TheResultPage_IsQualitysAndAdmins_AndOthersSeeThePhaseOrNothing()
    {
        var team = TestApp.NewTeam();
        var t = await Trial.NewAsync(App, await App.CreateUserAsync(Role.Rep, team));
        var audit = await t.AuditAsync();
        using var rep = await App.SignInAsync(t.Owner);
        using var admin = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));
        using var manager = await App.SignInAsync(await App.CreateUserAsync(Role.Manager, team));
        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        using var product = await App.SignInAsync(await App.CreateUserAsync(Role.Product));
        using var other = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));

        Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync($"/trials/{audit.Id()}/result")).Status);
        var repPage = await rep.GetFormAsync($"/trials/{audit.Id()}");
        Assert.Equal(HttpStatusCode.OK, repPage.Status);
        var forced = await PostAsync(rep, $"/trials/{audit.Id()}/result", repPage.Token, ("Form.Version", audit["version"]!.ToString()), ("Form.Result", "Passed"));
        Assert.Equal(HttpStatusCode.Forbidden, forced.StatusCode);
        Assert.Equal("pending", (await t.Api.GetJsonAsync(PhasePath(audit.Id()))).Str("result"));
        // A rep records what the customer's auditors said; closing is quality's.
        Assert.Contains("Write down what the customer", repPage.Html);
        var told = await PostAsync(rep, $"/trials/{audit.Id()}?handler=finding", repPage.Token, ("Finding.Text", "They want the 8D template"), ("Finding.Severity", "Minor"));
        Assert.Equal(HttpStatusCode.Redirect, told.StatusCode);
        Assert.DoesNotContain(">Close</button>", (await rep.GetAsync($"/trials/{audit.Id()}")).Html);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/trials/{audit.Id()}/result")).Status);
        var (viewerStatus, viewerHtml) = await viewer.GetAsync($"/trials/{audit.Id()}");
        Assert.Equal(HttpStatusCode.OK, viewerStatus);
        Assert.DoesNotContain("Record a finding", viewerHtml);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/trials/{audit.Id()}/result")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await product.GetAsync($"/trials/{audit.Id()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/trials/{audit.Id()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/trials/{audit.Id()}/edit")).Status);

        // The nav link: quality, admin and manager; not a rep.
        Assert.Contains("href=\"/trials\"", (await manager.GetAsync("/")).Html);
        Assert.Contains("href=\"/trials\"", (await admin.GetAsync("/")).Html);
        Assert.DoesNotContain("href=\"/trials\"", (await rep.GetAsync("/")).Html);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/trials")).Status);
        Assert.Contains($"id=\"trial-row-{audit.Id()}\"", (await manager.GetAsync("/trials")).Html);
        Assert.DoesNotContain($"id=\"trial-row-{audit.Id()}\"", (await other.GetAsync("/trials")).Html);
    }

    [Fact]
    public async Task TheListPage_FiltersByResult_InKorean()
    {
        var t = await Trial.NewAsync(App);
        var audit = await t.AuditAsync();
        var run = await t.RunAsync();
        await t.RecordAsync(run.Id(), "passed");
        using var quality = await App.SignInAsync(t.QualityUser, "ko");

        var (_, pending) = await quality.GetAsync("/trials");
        var (_, passed) = await quality.GetAsync("/trials?result=passed");

        Assert.Contains("<h1>시험</h1>", pending);
        Assert.Contains($"id=\"trial-row-{audit.Id()}\"", pending);
        Assert.DoesNotContain($"id=\"trial-row-{run.Id()}\"", pending);
        Assert.Contains($"id=\"trial-row-{run.Id()}\"", passed);
        Assert.Contains("합격", passed);
    }
}
