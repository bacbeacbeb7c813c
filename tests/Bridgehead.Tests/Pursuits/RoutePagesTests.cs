using System.Globalization;
using System.Net;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Pursuits;

public sealed class RoutePagesTests_Sqlite() : RoutePagesTests(Provider.Sqlite);

public sealed class RoutePagesTests_Postgres() : RoutePagesTests(Provider.Postgres);

/// <summary>The route section of the opportunity page and its forms.</summary>
public abstract class RoutePagesTests(Provider provider) : AppTests(provider)
{
    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<long> VersionAsync(long id)
    {
        await using var db = App.OpenDb();
        return await db.Opportunities.Where(o => o.Id == id).Select(o => o.Version).SingleAsync();
    }

    [Fact]
    public async Task RouteSection_DecidesThroughAPartner_ShowsErrorsInline_ThenShowsTheDecision()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var api = App.Client(rep);
        var account = await api.NewAccountAsync();
        var opportunity = await api.NewOpportunityAsync(account.Id());
        var partnerOwner = App.Client(await App.CreateUserAsync(Role.Admin));
        var agent = await partnerOwner.CreateAsync("/api/v1/accounts", new { name = Unique("Saigon Agency"), type = "partner", country = "VN" });
        using var browser = await App.SignInAsync(rep);

        var page = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}");
        Assert.Contains("No route decided yet", page.Html);
        Assert.Contains($"action=\"/opportunities/{opportunity.Id()}/route\"", page.Html);
        // The picker offers partner accounts the rep cannot otherwise open, and no customers.
        // (Only the partner picker: other selects on the page, e.g. competitors, may share an id.)
        var picker = System.Text.RegularExpressions.Regex.Match(page.Html, "<select[^>]*name=\"Form.Partners\\[0\\].AccountId\"[\\s\\S]*?</select>").Value;
        Assert.Contains($"<option value=\"{agent.Id()}\">", picker);
        Assert.DoesNotContain($"<option value=\"{account.Id()}\">", picker);

        var refused = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/route", page.Token, new Dictionary<string, string>
        {
            ["Form.Decision"] = "agent", ["Form.Rationale"] = "", ["Form.Version"] = Key(await VersionAsync(opportunity.Id())),
            ["Form.Partners[0].AccountId"] = "", ["Form.Partners[0].Role"] = "", ["Form.Partners[0].SharePercent"] = "",
            ["Form.Partners[1].Role"] = "Distributor", ["Form.Partners[1].AccountId"] = Key(agent.Id()),
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var errors = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("id=\"Form_Rationale-error\"", errors);
        Assert.Contains("A route through an agent needs at least one partner in the role agent.", errors);
        Assert.Null((await api.GetJsonAsync(PathOf(opportunity) + "/route"))["decision"]);

        var saved = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/route", page.Token, new Dictionary<string, string>
        {
            ["Form.Decision"] = "agent", ["Form.Rationale"] = "The agent knows the plant manager.", ["Form.Version"] = Key(await VersionAsync(opportunity.Id())),
            ["Form.Partners[0].AccountId"] = "", ["Form.Partners[0].Role"] = "", ["Form.Partners[0].SharePercent"] = "",
            ["Form.Partners[1].Role"] = "Agent", ["Form.Partners[1].AccountId"] = Key(agent.Id()), ["Form.Partners[1].SharePercent"] = "5",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, after) = await browser.GetAsync($"/opportunities/{opportunity.Id()}");
        after = WebUtility.HtmlDecode(after);
        Assert.Contains("Route saved.", after);
        Assert.Contains("Through an agent", after);
        Assert.Contains("The agent knows the plant manager.", after);
        Assert.Contains(agent.Str("name"), after);
        Assert.Contains("5%", after);

        // The history names the partner, its role and share.
        var (_, history) = await browser.GetAsync($"/opportunities/{opportunity.Id()}?handler=history");
        history = WebUtility.HtmlDecode(history);
        Assert.Contains("Route partners", history);
        Assert.Contains($"{agent.Str("name")} (Agent, 5%)", history);
        Assert.Contains("Route rationale", history);

        // The Korean page says it in Korean.
        var (_, korean) = await (await App.SignInAsync(rep, "ko")).GetAsync($"/opportunities/{opportunity.Id()}");
        Assert.Contains("영업 경로", korean);
        Assert.Contains("에이전트 경유", korean);
    }

    [Fact]
    public async Task Drop_NeedsTheConfirmation_ThenClosesThePursuit()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var api = App.Client(rep);
        var account = await api.NewAccountAsync();
        var opportunity = await api.NewOpportunityAsync(account.Id());
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}/route");
        Assert.Equal(HttpStatusCode.OK, page.Status);

        var unconfirmed = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/route?handler=drop", page.Token, new Dictionary<string, string>
        {
            ["Drop.Rationale"] = "Only local mills qualify.", ["Drop.Version"] = Key(await VersionAsync(opportunity.Id())),
        });
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("Tick the box to confirm that the pursuit closes.", await unconfirmed.Content.ReadAsStringAsync());
        Assert.Equal("open", (await api.GetJsonAsync(PathOf(opportunity))).Str("status"));

        var dropped = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/route?handler=drop", page.Token, new Dictionary<string, string>
        {
            ["Drop.Rationale"] = "Only local mills qualify.", ["Drop.Confirm"] = "true", ["Drop.Version"] = Key(await VersionAsync(opportunity.Id())),
        });
        Assert.Equal(HttpStatusCode.Redirect, dropped.StatusCode);
        var closed = await api.GetJsonAsync(PathOf(opportunity));
        Assert.Equal(("dropped", "weWithdrew"), (closed.Str("status"), closed.Str("closeReason")));
        var (_, html) = await browser.GetAsync($"/opportunities/{opportunity.Id()}");
        Assert.Contains("The pursuit was dropped.", html);
        Assert.Contains("Only local mills qualify.", html);
        // Closed: no route form any more.
        Assert.DoesNotContain($"action=\"/opportunities/{opportunity.Id()}/route\"", html);
        Assert.Equal(OpportunityStatus.Dropped, (await StoredStatusAsync(opportunity.Id())));
    }

    [Fact]
    public async Task Viewer_SeesTheRoute_ButNoForm_AndTheRoutePageIsForbidden_AnotherRepGets404()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var api = App.Client(rep);
        var account = await api.NewAccountAsync();
        var opportunity = await api.NewOpportunityAsync(account.Id());
        await api.DecideRouteAsync(opportunity.Id());

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (status, html) = await viewer.GetAsync($"/opportunities/{opportunity.Id()}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("We know the buyer and ship from Korea.", html);
        Assert.DoesNotContain("/route\"", html);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/opportunities/{opportunity.Id()}/route")).Status);

        using var stranger = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/opportunities/{opportunity.Id()}/route")).Status);
    }

    [Theory]
    [InlineData("en", "Share of wallet recorded for the category", "Entry angle stated", "Purchasing in the buying center, with pains", "Engineering or quality in the buying center, with pains", "Route decided, with a rationale")]
    [InlineData("ko", "해당 제품군의 점유율 기록", "진입 계기 기재", "구매 부서 인물과 그 고충 파악", "기술·품질 부서 인물과 그 고충 파악", "영업 경로 결정 및 근거 기록")]
    public async Task PipelineAdminPage_ListsTheNewCriteria_ByName_ToSwitchOff(string language, params string[] names)
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var pipeline = await App.NewPipelineAsync(admin);
        using var browser = await App.SignInAsync(admin, language);

        var (status, raw) = await browser.GetAsync($"/admin/pipelines/{pipeline.Id()}");

        Assert.Equal(HttpStatusCode.OK, status);
        var html = WebUtility.HtmlDecode(raw);
        Assert.All(names, name => Assert.Contains(name, html));
        foreach (var key in new[] { "walletMapped", "entryAngle", "purchasingMapped", "technicalMapped", "routeDecided" })
        {
            Assert.Contains($"value=\"{key}\"", html);
        }
    }

    [Fact]
    public async Task AccountList_FiltersPartnerAccounts()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        using var api = App.Client(admin);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await api.CreateAsync("/api/v1/accounts", new { name = $"Partner {tag}", type = "partner" });
        await api.CreateAsync("/api/v1/accounts", new { name = $"Customer {tag}" });
        using var browser = await App.SignInAsync(admin);

        var (status, html) = await browser.GetAsync($"/accounts?q={tag}&type=Partner");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"Partner {tag}", html);
        Assert.DoesNotContain($"Customer {tag}", html);
        Assert.Contains("<option value=\"Partner\" selected=\"selected\">Partner</option>", html);
    }

    private async Task<OpportunityStatus> StoredStatusAsync(long id)
    {
        await using var db = App.OpenDb();
        return await db.Opportunities.Where(o => o.Id == id).Select(o => o.Status).SingleAsync();
    }
}
