using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Pursuits;

public sealed class OpportunitiesPagesTests_Sqlite() : OpportunitiesPagesTests(Provider.Sqlite);

public sealed class OpportunitiesPagesTests_Postgres() : OpportunitiesPagesTests(Provider.Postgres);

/// <summary>The opportunity pages, driven like a browser: cookies, forms with antiforgery tokens, redirects.</summary>
public abstract class OpportunitiesPagesTests(Provider provider) : AppTests(provider)
{
    /// <summary>An option is selected, whatever the order of its attributes.</summary>
    private static void AssertSelected(string html, string value) =>
        Assert.Matches($"<option (value=\"{value}\" selected=\"selected\"|selected=\"selected\" value=\"{value}\")>", html);

    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 7)];

    private async Task<JsonNode> NewAccountAsync(TestUser owner, string name = "Account") =>
        await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = Unique(name) });

    [Fact]
    public async Task Rep_GetsNotFoundPage_ForAnotherRepsOpportunity_OnEveryPage_AndSeesNoRowOfIt()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(owner);
        var title = Unique("Secret Deal");
        var opportunity = await App.Client(owner).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title });
        await SetStageInDbAsync(opportunity.Id(), "negotiation");
        using var other = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));

        foreach (var path in new[]
                 {
                     $"/opportunities/{opportunity.Id()}", $"/opportunities/{opportunity.Id()}/edit", $"/opportunities/{opportunity.Id()}/delete",
                     $"/opportunities/{opportunity.Id()}?handler=history", $"/opportunities?accountId={account.Id()}&fragment=embedded",
                 })
        {
            var (status, html) = await other.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.DoesNotContain(title, html);
        }
        // Moves posted by hand are refused the same way, and nothing moves.
        var token = (await other.GetFormAsync("/opportunities")).Token;
        foreach (var handler in new[] { "advance", "back", "close", "reopen", "override" })
        {
            var response = await other.PostFormAsync($"/opportunities/{opportunity.Id()}?handler={handler}", token, new Dictionary<string, string>
            {
                ["version"] = "2", ["Back.ToStage"] = "prospecting", ["Back.Reason"] = "x", ["Close.Outcome"] = "Lost", ["Close.Reason"] = "Price",
                ["Reopen.Reason"] = "x", ["Override.Reason"] = "x",
            });
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(title, await response.Content.ReadAsStringAsync());
        }
        await using (var db = App.OpenDb())
        {
            var unchanged = await db.Opportunities.SingleAsync(o => o.Id == opportunity.Id());
            Assert.Equal(("negotiation", OpportunityStatus.Open), (unchanged.Stage, unchanged.Status));
        }
        foreach (var path in new[] { "/opportunities", "/opportunities?stage=negotiation", "/opportunities?stage=negotiation&stalled=true", $"/opportunities?q={Uri.EscapeDataString(title)}", $"/opportunities?accountId={account.Id()}" })
        {
            var (status, list) = await other.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain($"href=\"/opportunities/{opportunity.Id()}\"", list);
            Assert.DoesNotContain($">{title}<", list);
        }
    }

    [Fact]
    public async Task Viewer_ReadsOpportunities_ButIsRefusedTheFormPages_AndSeesNoButtons()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var opportunity = await App.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Watched Deal" });
        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));

        foreach (var path in new[] { "/opportunities/new", $"/opportunities/new?accountId={account.Id()}", $"/opportunities/{opportunity.Id()}/edit", $"/opportunities/{opportunity.Id()}/delete" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(path)).Status);
        }
        var (listStatus, list) = await viewer.GetAsync("/opportunities");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.DoesNotContain("href=\"/opportunities/new", list);
        var (detailStatus, detail) = await viewer.GetAsync($"/opportunities/{opportunity.Id()}");
        Assert.Equal(HttpStatusCode.OK, detailStatus);
        Assert.Contains("Watched Deal", detail);
        Assert.DoesNotContain($"/opportunities/{opportunity.Id()}/edit", detail);
        Assert.DoesNotContain($"/opportunities/{opportunity.Id()}/delete", detail);
        var (_, embedded) = await viewer.GetAsync($"/opportunities?accountId={account.Id()}&fragment=embedded");
        Assert.Contains("Watched Deal", embedded);
        Assert.DoesNotContain("/opportunities/new", embedded);
    }

    [Theory]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task QualityAndProduct_AreRefusedOpportunities_ButReadContacts(Role role)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var opportunity = await App.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Sales Only Deal" });
        using var browser = await App.SignInAsync(await App.CreateUserAsync(role));

        foreach (var path in new[]
                 {
                     "/opportunities", "/opportunities?stage=needs", $"/opportunities/{opportunity.Id()}", $"/opportunities/{opportunity.Id()}?handler=history",
                     $"/opportunities?accountId={account.Id()}&fragment=embedded", "/opportunities/new", $"/opportunities/{opportunity.Id()}/edit",
                 })
        {
            var (status, html) = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.DoesNotContain("Sales Only Deal", html);
        }
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/contacts")).Status);
    }

    [Fact]
    public async Task StageLinkFromTheNavigation_ShowsOnlyThatStage_AndStatusReadsInAnyCase()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var api = App.Client(rep);
        var account = await NewAccountAsync(rep, "Stage Works");
        var negotiating = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = Unique("Negotiating") });
        var early = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = Unique("Early") });
        var lost = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = Unique("Lost one") });
        await SetStageInDbAsync(negotiating.Id(), "negotiation");
        await SetStageInDbAsync(early.Id(), "needs");
        await SetStageInDbAsync(lost.Id(), "negotiation", OpportunityStatus.Lost);
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync("/opportunities?stage=negotiation");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"href=\"/opportunities/{negotiating.Id()}\"", html);
        Assert.Contains($"href=\"/opportunities/{lost.Id()}\"", html);
        Assert.DoesNotContain($"href=\"/opportunities/{early.Id()}\"", html);
        AssertSelected(html, "negotiation");
        Assert.Matches("href=\"/opportunities\\?stage=negotiation\" aria-current=\"page\"", html);
        Assert.Contains("7. Negotiation", html);

        var (_, open) = await browser.GetAsync("/opportunities?stage=negotiation&status=OPEN");
        Assert.Contains($"href=\"/opportunities/{negotiating.Id()}\"", open);
        Assert.DoesNotContain($"href=\"/opportunities/{lost.Id()}\"", open);
        AssertSelected(open, "Open");

        // A stage that is not a step of a pursuit does not filter (and does not fail).
        var (unknownStatus, unknown) = await browser.GetAsync("/opportunities?stage=orders");
        Assert.Equal(HttpStatusCode.OK, unknownStatus);
        Assert.Contains($"href=\"/opportunities/{early.Id()}\"", unknown);
    }

    [Fact]
    public async Task EmbeddedFragment_ListsTheAccountsPursuits_WithANewLink()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var api = App.Client(rep);
        var account = await NewAccountAsync(rep, "Embed Works");
        var other = await NewAccountAsync(rep, "Elsewhere Works");
        var here = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = Unique("Here"), estimatedAnnualValue = new { amount = 5000000, currency = "KRW" } });
        var there = await api.CreateAsync("/api/v1/opportunities", new { accountId = other.Id(), title = Unique("There") });
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync($"/opportunities?accountId={account.Id()}&fragment=embedded");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<html", html);
        Assert.Contains($"href=\"/opportunities/{here.Id()}\"", html);
        Assert.Contains("5,000,000 KRW", html);
        Assert.DoesNotContain($"href=\"/opportunities/{there.Id()}\"", html);
        Assert.Contains($"href=\"/opportunities/new?accountId={account.Id()}\"", html);

        var empty = await NewAccountAsync(rep, "No Deals");
        var (_, none) = await browser.GetAsync($"/opportunities?accountId={empty.Id()}&fragment=embedded");
        Assert.Contains("No pursuits at this account yet.", none);
    }

    [Fact]
    public async Task NewForm_PreselectsTheAccount_ShowsErrorsInline_AndSavesNothing_ThenMoneyRoundTrips()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep, "Money Works");
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync($"/opportunities/new?accountId={account.Id()}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        AssertSelected(form.Html, $"{account.Id()}");
        AssertSelected(form.Html, "KRW");
        AssertSelected(form.Html, "Pipeline");
        // A new pursuit starts at its pipeline's first stage: the form has no stage or status to choose.
        Assert.DoesNotContain("name=\"Form.Stage\"", form.Html);
        Assert.DoesNotContain("name=\"Form.Status\"", form.Html);
        Assert.Contains("Probability (leave empty to follow the stage: 5%)", form.Html);

        var refused = await browser.PostFormAsync("/opportunities/new", form.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Title"] = "",
            ["Form.Amount"] = "-5",
            ["Form.Currency"] = "DOLLARS",
            ["Form.Probability"] = "150",
            ["Form.OwnerId"] = rep.Id.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("data-error-summary", html);
        foreach (var id in new[] { "Form_Title", "Form_Amount", "Form_Currency", "Form_Probability" })
        {
            Assert.Matches($"id=\"{id}\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"{id}\"", html);
        }
        Assert.Contains("This field is required.", html);
        Assert.Contains("three-letter ISO 4217", html);
        Assert.Contains("Enter a value from 0 to 100.", html);
        await using (var db = App.OpenDb())
        {
            Assert.False(await db.Opportunities.AnyAsync(o => o.AccountId == account.Id()));
        }

        var created = await browser.PostFormAsync("/opportunities/new", form.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Title"] = "Boiler valves 2027",
            ["Form.ProductCategory"] = "Valves",
            ["Form.Application"] = "apartment blocks",
            ["Form.Route"] = "Distributor",
            ["Form.Amount"] = "1234567.5",
            ["Form.Currency"] = "USD",
            ["Form.ExpectedCloseDate"] = "2027-03-31",
            ["Form.Probability"] = "40",
            ["Form.ProbabilityReason"] = "The buyer asked us in himself.",
            ["Form.ForecastCategory"] = "BestCase",
            ["Form.OwnerId"] = rep.Id.ToString(),
            ["Form.Notes"] = "Incumbent late twice this year.",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        var id2 = long.Parse(location.Split('/')[^1]);
        var saved = await App.Client(rep).GetJsonAsync($"/api/v1/opportunities/{id2}");
        Assert.Equal(1234567.5m, saved["estimatedAnnualValue"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("USD", saved["estimatedAnnualValue"]!["currency"]!.GetValue<string>());
        Assert.Equal("2027-03-31", saved["expectedCloseDate"]!.GetValue<string>());
        Assert.Equal("distributor", saved["route"]!.GetValue<string>());
        Assert.Equal("prospecting", saved["stage"]!.GetValue<string>());
        Assert.Equal("bestCase", saved["forecastCategory"]!.GetValue<string>());
        Assert.Equal("The buyer asked us in himself.", saved["probabilityReason"]!.GetValue<string>());

        var (status, detail) = await browser.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Opportunity created.", detail);
        Assert.Contains("1,234,567.5 USD", detail);
        Assert.Contains("1. Prospecting", detail);
        Assert.Contains("40%", detail);
        Assert.Contains("Overridden by owner: The buyer asked us in himself. (the stage gives 5%)", WebUtility.HtmlDecode(detail));
        Assert.Contains("Best case", detail);
        Assert.Contains($"href=\"/accounts/{account.Id()}\"", detail);
        Assert.Contains($"hx-get=\"/activities?opportunityId={id2}&fragment=timeline\" hx-trigger=\"load\"", detail);
        Assert.Contains($"hx-get=\"/tasks?opportunityId={id2}&fragment=embedded\" hx-trigger=\"load\"", detail);

        var edit = await browser.GetFormAsync($"/opportunities/{id2}/edit");
        Assert.Contains("value=\"1234567.5\"", edit.Html);
        AssertSelected(edit.Html, "USD");
        Assert.Contains("value=\"2027-03-31\"", edit.Html);
        Assert.Matches("id=\"Form_Probability\"[^>]*value=\"40\"|value=\"40\"[^>]*id=\"Form_Probability\"", edit.Html);

        // Emptying the amount clears the value.
        var cleared = await browser.PostFormAsync($"/opportunities/{id2}/edit", edit.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Title"] = "Boiler valves 2027",
            ["Form.Amount"] = "",
            ["Form.Currency"] = "USD",
            ["Form.OwnerId"] = rep.Id.ToString(),
            ["Form.Version"] = "1",
        });
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        var afterClear = await App.Client(rep).GetJsonAsync($"/api/v1/opportunities/{id2}");
        Assert.Null(afterClear["estimatedAnnualValue"]);
        // An emptied probability follows the stage again, and its reason goes with it.
        Assert.Null(afterClear["probabilityReason"]);
        Assert.Equal(5, afterClear["probability"]!.GetValue<int>());
    }

    [Fact]
    public async Task ValuesThatDoNotParse_AreRefusedInTheUiLanguage()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var browser = await App.SignInAsync(rep, language: "ko");
        var form = await browser.GetFormAsync($"/opportunities/new?accountId={account.Id()}");

        var refused = await browser.PostFormAsync("/opportunities/new", form.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Title"] = "Parsing Deal",
            ["Form.Amount"] = "lots",
            ["Form.Currency"] = "KRW",
            ["Form.Probability"] = "many",
            ["Form.ExpectedCloseDate"] = "next spring",
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("'lots' 값은 올바르지 않습니다.", html);
        Assert.Contains("'many' 값은 올바르지 않습니다.", html);
        Assert.Contains("'next spring' 값은 올바르지 않습니다.", html);
        foreach (var id in new[] { "Form_Amount", "Form_Probability", "Form_ExpectedCloseDate" })
        {
            Assert.Matches($"id=\"{id}\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"{id}\"", html);
        }
        await using var db = App.OpenDb();
        Assert.False(await db.Opportunities.AnyAsync(o => o.AccountId == account.Id()));
    }

    [Fact]
    public async Task EditingAStaleForm_KeepsTheNewerVersion_AndSaysSo()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var opportunity = await App.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Race Deal", probability = 20, probabilityReason = "Early days" });
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}/edit");
        await (await App.Client(rep).PatchJsonAsync($"/api/v1/opportunities/{opportunity.Id()}", new { probability = 60, probabilityReason = "Buyer is keen" })).ExpectAsync(HttpStatusCode.OK);

        var response = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/edit", form.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Title"] = "Race Deal",
            ["Form.Probability"] = "10",
            ["Form.ProbabilityReason"] = "Cooling off",
            ["Form.OwnerId"] = rep.Id.ToString(),
            ["Form.Version"] = "1",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Someone else changed this record", html);
        Assert.Matches("id=\"Form_Probability\"[^>]*value=\"60\"|value=\"60\"[^>]*id=\"Form_Probability\"", html);
        var current = await App.Client(rep).GetJsonAsync($"/api/v1/opportunities/{opportunity.Id()}");
        Assert.Equal(60, current["probability"]!.GetValue<int>());
    }

    [Fact]
    public async Task DetailPage_ShowsTheStagePurpose_AndHistoryNamesTheChange()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var account = await NewAccountAsync(rep);
        var opportunity = await App.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Purposeful Deal", route = "direct" });
        await SetStageInDbAsync(opportunity.Id(), "negotiation");
        // The manager moves it on past its unmet criteria, to testing and then to won.
        foreach (var reason in new[] { "Pilot slot offered", "Audit passed" })
        {
            await (await App.Client(manager).PostJsonAsync($"/api/v1/opportunities/{opportunity.Id()}/advance", new { @override = new { reason } })).ExpectAsync(HttpStatusCode.OK);
        }
        using var browser = await App.SignInAsync(rep, language: "ko");

        var (status, html) = await browser.GetAsync($"/opportunities/{opportunity.Id()}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("8. 제품 테스트", html);
        Assert.Contains("단계별 시험 적용", html);
        Assert.Contains("0일", html);
        Assert.Contains("직접 영업", html);

        var (historyStatus, history) = await browser.GetAsync($"/opportunities/{opportunity.Id()}?handler=history");
        Assert.Equal(HttpStatusCode.OK, historyStatus);
        Assert.Contains("상태", history);
        Assert.Contains("진행 중", history);
        Assert.Contains("수주", history);
        Assert.Contains("<td>7. 협상</td><td>8. 제품 테스트</td>", history);
        Assert.DoesNotContain(">negotiation<", history);
        Assert.Contains($"<td>{account["name"]!.GetValue<string>()}</td>", history);

        // The stage history on the page names the moves in words, with the overrides' reasons and unmet criteria.
        Assert.Contains("단계 이력", html);
        Assert.Contains("관리자 예외 승인으로 진행", html);
        Assert.Contains("Pilot slot offered", html);
        Assert.Contains("Audit passed", html);
        Assert.Contains("7. 협상 → 8. 제품 테스트", html);
        Assert.Contains("예외 승인 시 미충족", html);
    }

    [Fact]
    public async Task DeletePage_SaysActivitiesStay_ThenDeletes()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var api = App.Client(rep);
        var account = await NewAccountAsync(rep);
        var opportunity = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Doomed Deal" });
        var activity = await api.CreateAsync("/api/v1/activities", new { accountId = account.Id(), opportunityId = opportunity.Id(), kind = "meeting", subject = "Kick-off", occurredAt = DateTime.UtcNow });
        using var browser = await App.SignInAsync(rep);

        var form = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}/delete");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("Activities (1) and tasks (0) about it stay", form.Html);

        var deleted = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/delete", form.Token, new Dictionary<string, string> { ["version"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/opportunities", deleted.Headers.Location!.ToString());
        await (await api.GetAsync($"/api/v1/opportunities/{opportunity.Id()}")).ExpectAsync(HttpStatusCode.NotFound);
        Assert.Null((await api.GetJsonAsync($"/api/v1/activities/{activity.Id()}"))["opportunityId"]);
    }

    [Fact]
    public async Task Pages_SpeakKorean()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var korean = await App.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Korean Deal" });
        await SetStageInDbAsync(korean.Id(), "negotiation", enteredDaysAgo: 50);
        using var browser = await App.SignInAsync(rep, language: "ko");

        var (status, list) = await browser.GetAsync("/opportunities?stage=negotiation");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<th scope=\"col\">단계</th>", list);
        Assert.Contains("7. 협상", list);
        Assert.Contains("진행 중", list);
        Assert.Contains("새 영업 기회", list);
        Assert.Contains("이 단계 50일", list);
        Assert.Contains("<span class=\"badge stalled\">정체</span>", list);
        Assert.Contains("정체된 건만", list);
        var (_, form) = await browser.GetAsync("/opportunities/new");
        Assert.Contains("예상 연간 금액", form);
        Assert.Contains("통화", form);
        Assert.Contains("예측 구분", form);
        Assert.Contains("성공 확률 (비워 두면 단계 기준 5%를 따름)", form);
    }

    // ----- The pursuit engine on the pages: gate, playbook, moves, stage history -----

    /// <summary>
    /// Puts an opportunity into a stage (and status) straight in the database, as if it had moved
    /// there earlier; these tests are about the pages, and the moves have their own tests.
    /// </summary>
    private async Task SetStageInDbAsync(long id, string stage, OpportunityStatus status = OpportunityStatus.Open, int enteredDaysAgo = 0)
    {
        await using var db = App.OpenDb();
        var opportunity = await db.Opportunities.SingleAsync(o => o.Id == id);
        opportunity.Stage = stage;
        opportunity.StageEnteredAt = DateTime.UtcNow.AddDays(-enteredDaysAgo);
        opportunity.Status = status;
        opportunity.ClosedAt = status == OpportunityStatus.Open ? null : DateTime.UtcNow;
        await db.SaveChangesAsync();
    }

    private async Task<(string Stage, OpportunityStatus Status, long Version)> StoredAsync(long id)
    {
        await using var db = App.OpenDb();
        var o = await db.Opportunities.AsNoTracking().SingleAsync(x => x.Id == id);
        return (o.Stage, o.Status, o.Version);
    }

    /// <summary>An account whose profile meets the prospecting gate, and a pursuit there that meets it too (or not).</summary>
    private async Task<(JsonNode Account, JsonNode Opportunity)> PursuitAsync(TestUser owner, bool gateOpen, string title = "Gate Deal")
    {
        var api = App.Client(owner);
        var account = gateOpen
            ? await api.CreateAsync("/api/v1/accounts", new { name = Unique("Profiled"), industry = "F", applicationIds = new[] { await api.BoilersAsync() } })
            : await NewAccountAsync(owner, "Unprofiled");
        var opportunity = gateOpen
            ? await api.CreateAsync("/api/v1/opportunities", new
            {
                accountId = account.Id(), title = Unique(title), productCategory = "Valves", applicationId = await api.BoilersAsync(),
                entryAngle = "Their valve supplier is on allocation.",
            })
            : await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = Unique(title) });
        if (gateOpen)
        {
            await App.RecordShareAsync(account.Id(), "valves");
        }
        return (account, opportunity);
    }

    private static Dictionary<string, string> Fields(long version, params (string Name, string Value)[] fields)
    {
        var all = fields.ToDictionary(f => f.Name, f => f.Value);
        all["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return all;
    }

    private static IReadOnlyList<PlaybookSection> PlaybookIn(string culture, string stage)
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
        try
        {
            return Playbook.For(stage);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ko")]
    public async Task DetailPage_ShowsTheGateChecklist_WithUnmetCriteria_AndThePlaybook(string language)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var api = App.Client(rep);
        // Profiled account, but the pursuit names no product category: one of four criteria met.
        var account = await api.CreateAsync("/api/v1/accounts", new { name = Unique("Half Profiled"), industry = "F", applicationIds = new[] { await api.BoilersAsync() } });
        var opportunity = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = Unique("Checklist Deal") });
        using var browser = await App.SignInAsync(rep, language);

        var (status, raw) = await browser.GetAsync($"/opportunities/{opportunity.Id()}");

        Assert.Equal(HttpStatusCode.OK, status);
        var html = WebUtility.HtmlDecode(raw);
        if (language == "en")
        {
            Assert.Contains("Gate: what it takes to leave 1. Prospecting", html);
            Assert.Contains("1/4 met", html);
            Assert.Contains("<span class=\"visually-hidden\">Not met: </span><strong>Share of wallet recorded for the category</strong>", html);
            Assert.Contains("<span class=\"visually-hidden\">Not met: </span><strong>Entry angle stated</strong>", html);
            Assert.Contains("<span class=\"visually-hidden\">Met: </span><strong>Account has an industry and an application</strong>", html);
            Assert.Contains("<span class=\"visually-hidden\">Not met: </span><strong>Product category and application named</strong>", html);
            Assert.Contains("No product category on the pursuit.", html);
            Assert.Contains("Advance to 2. Contact", html);
            Assert.Contains("Some criteria are unmet", html);
            Assert.Contains("Pipeline", html);
            Assert.Contains("Standard", html);
            Assert.Contains("(from the stage)", html);
        }
        else
        {
            Assert.Contains("관문: 1. 시장 탐색 단계를 마치기 위한 조건", html);
            Assert.Contains("1/4 충족", html);
            Assert.Contains("<strong>해당 제품군의 점유율 기록</strong>", html);
            Assert.Contains("<span class=\"visually-hidden\">미충족: </span>", html);
            Assert.Contains("2. 접촉 단계로 진행", html);
            Assert.Contains("표준", html);
        }
        // Met and unmet read as symbols too, not as colour alone.
        Assert.Contains("<span class=\"mark\" aria-hidden=\"true\">✓</span>", html);
        Assert.Contains("<span class=\"mark\" aria-hidden=\"true\">✗</span>", html);
        var playbook = PlaybookIn(language, "prospecting");
        Assert.Equal(4, playbook.Count);
        Assert.Contains(language == "en" ? ">Playbook<" : ">영업 플레이북<", html);
        foreach (var section in playbook)
        {
            Assert.Contains($"<summary>{section.Heading}</summary>", html);
            Assert.Contains($"<li>{section.Items[0]}</li>", html);
        }
        // A rep sees no override form; the other moves are there.
        Assert.DoesNotContain("name=\"Override.Reason\"", html);
        Assert.Contains("name=\"Close.Outcome\"", html);
    }

    [Fact]
    public async Task Advance_WithUnmetCriteria_ListsThem_AndDoesNotMove_ThenWithTheGateOpenMoves()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var (_, blocked) = await PursuitAsync(rep, gateOpen: false);
        var (_, ready) = await PursuitAsync(rep, gateOpen: true);
        using var browser = await App.SignInAsync(rep);

        var page = await browser.GetFormAsync($"/opportunities/{blocked.Id()}");
        var refused = await browser.PostFormAsync($"/opportunities/{blocked.Id()}?handler=advance", page.Token, Fields((await StoredAsync(blocked.Id())).Version));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Not moved: these criteria of the gate are unmet.", html);
        Assert.Contains("<li>Account has an industry and an application: The account has no industry yet.</li>", html);
        Assert.Contains("<li>Product category and application named: No product category on the pursuit.</li>", html);
        Assert.Equal(("prospecting", OpportunityStatus.Open), ((await StoredAsync(blocked.Id())).Stage, (await StoredAsync(blocked.Id())).Status));

        var moved = await browser.PostFormAsync($"/opportunities/{ready.Id()}?handler=advance", page.Token, Fields((await StoredAsync(ready.Id())).Version));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal("contact", (await StoredAsync(ready.Id())).Stage);
        var (_, after) = await browser.GetAsync(moved.Headers.Location!.ToString());
        Assert.Contains("Moved to 2. Contact.", after);
        Assert.Contains("<strong>2. Contact</strong>", after);
        Assert.Matches("<td>Advanced</td>\\s*<td>1. Prospecting → 2. Contact</td>", after);
    }

    [Fact]
    public async Task ManagerOverride_NeedsAReason_ThenMovesIt_AndTheHistoryKeepsTheReasonAndTheUnmetCriteria()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var (_, opportunity) = await PursuitAsync(rep, gateOpen: false);
        using var browser = await App.SignInAsync(manager);

        var page = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}");
        Assert.Contains("Override with reason", page.Html);
        Assert.Contains("name=\"Override.Reason\"", page.Html);
        var version = (await StoredAsync(opportunity.Id())).Version;

        var empty = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}?handler=override", page.Token, Fields(version, ("Override.Reason", "  ")));
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var emptyHtml = await empty.Content.ReadAsStringAsync();
        Assert.Contains("An override needs a reason.", emptyHtml);
        Assert.Matches("id=\"Override_Reason\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Override_Reason\"", emptyHtml);
        Assert.Equal("prospecting", (await StoredAsync(opportunity.Id())).Stage);

        var moved = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}?handler=override", page.Token,
            Fields(version, ("Override.Reason", "The plant manager asked for a quote before the audit.")));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal("contact", (await StoredAsync(opportunity.Id())).Stage);

        var (_, raw) = await browser.GetAsync($"/opportunities/{opportunity.Id()}");
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains("Moved to 2. Contact by override", html);
        Assert.Contains("Newest first", html);
        Assert.Matches("<td>Overridden by manager</td>\\s*<td>1. Prospecting → 2. Contact</td>", html);
        Assert.Contains("The plant manager asked for a quote before the audit.", html);
        Assert.Contains("Unmet when overridden: Account has an industry and an application, Product category and application named", html);
    }

    [Fact]
    public async Task Rep_SeesNoOverrideForm_AndAForgedOverrideIsRefused_WithoutMoving()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var (_, opportunity) = await PursuitAsync(rep, gateOpen: false);
        using var browser = await App.SignInAsync(rep);

        var page = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}");
        Assert.DoesNotContain("name=\"Override.Reason\"", page.Html);
        Assert.DoesNotContain("Override with reason", page.Html);

        var forged = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}?handler=override", page.Token,
            Fields((await StoredAsync(opportunity.Id())).Version, ("Override.Reason", "I say so")));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("Only a manager or an admin may move a pursuit past unmet criteria.", await forged.Content.ReadAsStringAsync());
        Assert.Equal("prospecting", (await StoredAsync(opportunity.Id())).Stage);
    }

    [Fact]
    public async Task Viewer_SeesTheGate_ButNoMoves()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var (_, opportunity) = await PursuitAsync(rep, gateOpen: false);
        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));

        var (status, html) = await viewer.GetAsync($"/opportunities/{opportunity.Id()}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("0/4 met", html);
        Assert.DoesNotContain("handler=advance", html);
        Assert.DoesNotContain("handler=close", html);
        Assert.DoesNotContain("handler=back", html);
    }

    [Fact]
    public async Task MoveBack_NeedsAnEarlierStageAndAReason_ThenMovesBack()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var (_, opportunity) = await PursuitAsync(rep, gateOpen: false);
        await SetStageInDbAsync(opportunity.Id(), "quote");
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}");
        Assert.Contains("<option value=\"needs\">3. Needs</option>", page.Html);
        Assert.DoesNotContain("<option value=\"feedback\">", page.Html);
        var version = (await StoredAsync(opportunity.Id())).Version;

        var refused = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}?handler=back", page.Token,
            Fields(version, ("Back.ToStage", "needs"), ("Back.Reason", "")));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Say why the pursuit moves back.", html);
        Assert.Matches("id=\"Back_Reason\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Back_Reason\"", html);
        // The section with the error is open, so the error is seen.
        Assert.Matches("<details open=\"open\">\\s*<summary>Move back</summary>", html);

        var forward = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}?handler=back", page.Token,
            Fields(version, ("Back.ToStage", "negotiation"), ("Back.Reason", "Sneaking forward")));
        Assert.Contains("Choose an earlier stage of this pipeline.", await forward.Content.ReadAsStringAsync());
        Assert.Equal("quote", (await StoredAsync(opportunity.Id())).Stage);

        var moved = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}?handler=back", page.Token,
            Fields(version, ("Back.ToStage", "needs"), ("Back.Reason", "The target price changed.")));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal("needs", (await StoredAsync(opportunity.Id())).Stage);
        var (_, after) = await browser.GetAsync($"/opportunities/{opportunity.Id()}");
        Assert.Contains("Moved back to 3. Needs.", after);
        Assert.Matches("<td>Moved back</td>\\s*<td>5. Quote and value → 3. Needs</td>", WebUtility.HtmlDecode(after));
    }

    [Fact]
    public async Task CloseAsLost_WithANewCompetitorName_CreatesTheCompetitor_AndShowsIt_ButARefusedCloseCreatesNone()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var (_, opportunity) = await PursuitAsync(rep, gateOpen: false);
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}");
        var version = (await StoredAsync(opportunity.Id())).Version;
        var ghost = Unique("Ghost Rival");
        var rival = Unique("Rival Valves");

        var refused = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}?handler=close", page.Token,
            Fields(version, ("Close.Outcome", "Lost"), ("Close.Reason", ""), ("Close.NewCompetitor", ghost)));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Matches("id=\"Close_Reason\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Close_Reason\"", refusedHtml);
        Assert.Contains("This field is required.", refusedHtml);
        Assert.Contains($"value=\"{ghost}\"", refusedHtml);
        await using (var db = App.OpenDb())
        {
            Assert.False(await db.Competitors.AnyAsync(c => c.Name == ghost));
        }

        var closed = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}?handler=close", page.Token,
            Fields(version, ("Close.Outcome", "Lost"), ("Close.Reason", "CompetitorChosen"), ("Close.NewCompetitor", rival), ("Close.Note", "They priced 12% under us.")));
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        await using (var db = App.OpenDb())
        {
            var competitor = await db.Competitors.SingleAsync(c => c.Name == rival);
            var stored = await db.Opportunities.SingleAsync(o => o.Id == opportunity.Id());
            Assert.Equal((OpportunityStatus.Lost, competitor.Id, CloseReason.CompetitorChosen), (stored.Status, stored.WinningCompetitorId!.Value, stored.CloseReason!.Value));
        }

        var (_, raw) = await browser.GetAsync($"/opportunities/{opportunity.Id()}");
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains("Closed as Lost.", html);
        Assert.Contains("<dt>Won by</dt><dd>" + rival + "</dd>", html);
        Assert.Contains("<dt>Reason for closing</dt><dd>Customer chose a competitor</dd>", html);
        Assert.Contains("<dt>Closed on</dt>", html);
        Assert.Contains("They priced 12% under us.", html);
        Assert.Matches("<td>Lost</td>", html);
        // Closed: no moves, and a rep may not reopen.
        Assert.DoesNotContain("handler=advance", html);
        Assert.DoesNotContain("handler=close", html);
        Assert.DoesNotContain("name=\"Reopen.Reason\"", html);

        // The audit trail names the rival too, not its id.
        var (_, trailRaw) = await browser.GetAsync($"/opportunities/{opportunity.Id()}?handler=history");
        var trail = WebUtility.HtmlDecode(trailRaw);
        Assert.Contains("<td>Won by</td><td>", trail);
        Assert.Matches("<td>Won by</td><td>[^<]*</td><td>" + Regex.Escape(rival) + "</td>", trail);
    }

    [Fact]
    public async Task Reopen_ByAManager_NeedsAReason_ThenOpensThePursuitAgain()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var (_, opportunity) = await PursuitAsync(rep, gateOpen: false);
        await (await App.Client(rep).PostJsonAsync($"/api/v1/opportunities/{opportunity.Id()}/close", new { outcome = "dropped", reason = "projectCancelled" }))
            .ExpectAsync(HttpStatusCode.OK);
        using var browser = await App.SignInAsync(manager);

        var page = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}");
        Assert.Contains("Project cancelled", page.Html);
        Assert.Contains("name=\"Reopen.Reason\"", page.Html);
        var version = (await StoredAsync(opportunity.Id())).Version;

        var refused = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}?handler=reopen", page.Token, Fields(version, ("Reopen.Reason", "")));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Matches("id=\"Reopen_Reason\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Reopen_Reason\"", await refused.Content.ReadAsStringAsync());
        Assert.Equal(OpportunityStatus.Dropped, (await StoredAsync(opportunity.Id())).Status);

        var reopened = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}?handler=reopen", page.Token, Fields(version, ("Reopen.Reason", "The project is funded again.")));
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.Equal(OpportunityStatus.Open, (await StoredAsync(opportunity.Id())).Status);
        var (_, html) = await browser.GetAsync($"/opportunities/{opportunity.Id()}");
        Assert.Contains("Reopened in 1. Prospecting.", html);
        Assert.Contains("<td>Reopened</td>", html);
        Assert.Contains("The project is funded again.", html);
        Assert.Contains("handler=advance", html);
    }

    [Fact]
    public async Task ProbabilityOverride_WithoutAReason_ShowsTheErrorInline_AndOnlyTheOwnerMayChangeIt()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var (account, opportunity) = await PursuitAsync(rep, gateOpen: false, "Odds Deal");
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}/edit");
        Assert.Contains("Probability (leave empty to follow the stage: 5%)", form.Html);
        Assert.Matches("id=\"Form_Probability\"[^>]*value=\"\"|value=\"\"[^>]*id=\"Form_Probability\"", form.Html);
        var fields = new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Title"] = opportunity["title"]!.GetValue<string>(),
            ["Form.OwnerId"] = rep.Id.ToString(),
            ["Form.Currency"] = "KRW",
            ["Form.Probability"] = "70",
            ["Form.ProbabilityReason"] = "",
            ["Form.Version"] = (await StoredAsync(opportunity.Id())).Version.ToString(),
        };

        var refused = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/edit", form.Token, fields);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Matches("id=\"Form_ProbabilityReason\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Form_ProbabilityReason\"", html);
        Assert.Contains("<span class=\"field-error\" id=\"Form_ProbabilityReason-error\">Say why the stage's probability does not fit this pursuit.</span>", html);
        Assert.Null((await App.Client(rep).GetJsonAsync($"/api/v1/opportunities/{opportunity.Id()}"))["probabilityReason"]);

        fields["Form.ProbabilityReason"] = "The buyer told us we are the only one left.";
        var saved = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/edit", form.Token, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(70, (await App.Client(rep).GetJsonAsync($"/api/v1/opportunities/{opportunity.Id()}"))["probability"]!.GetValue<int>());

        // The manager edits other fields; the probability is shown but not theirs to change.
        using var managerBrowser = await App.SignInAsync(manager);
        var managerForm = await managerBrowser.GetFormAsync($"/opportunities/{opportunity.Id()}/edit");
        Assert.Contains("Only the owner can override the probability.", managerForm.Html);
        Assert.Matches("<input[^>]*disabled=\"disabled\"[^>]*id=\"Form_Probability\"|<input[^>]*id=\"Form_Probability\"[^>]*disabled=\"disabled\"", managerForm.Html);
        fields["Form.Title"] = "Odds Deal renamed";
        fields["Form.Version"] = (await StoredAsync(opportunity.Id())).Version.ToString();
        Assert.Equal(HttpStatusCode.Redirect, (await managerBrowser.PostFormAsync($"/opportunities/{opportunity.Id()}/edit", managerForm.Token, fields)).StatusCode);
        var renamed = await App.Client(rep).GetJsonAsync($"/api/v1/opportunities/{opportunity.Id()}");
        Assert.Equal(("Odds Deal renamed", 70), (renamed["title"]!.GetValue<string>(), renamed["probability"]!.GetValue<int>()));

        // A forged change of the probability by the manager is refused on the field.
        fields["Form.Probability"] = "10";
        fields["Form.Version"] = (await StoredAsync(opportunity.Id())).Version.ToString();
        var forged = await managerBrowser.PostFormAsync($"/opportunities/{opportunity.Id()}/edit", managerForm.Token, fields);
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Contains("Only the opportunity&#x27;s owner may override its probability.", await forged.Content.ReadAsStringAsync());
        Assert.Equal(70, (await App.Client(rep).GetJsonAsync($"/api/v1/opportunities/{opportunity.Id()}"))["probability"]!.GetValue<int>());
    }

    [Fact]
    public async Task AProbabilitySetBeforeReasons_IsShownAndKept_WhenTheManagerSavesTheForm()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var (account, opportunity) = await PursuitAsync(rep, gateOpen: false, "Legacy Odds");
        await using (var db = App.OpenDb())
        {
            await db.Opportunities.Where(o => o.Id == opportunity.Id()).ExecuteUpdateAsync(s => s.SetProperty(o => o.Probability, 40));
        }
        using var browser = await App.SignInAsync(manager);
        var page = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}/edit");
        var form = HtmlForm.Parse(page.Html, "<form method=\"post\" class=\"panel\">");
        Assert.Equal("40", form.Value("Form.Probability"));
        // The disabled probability field shows the value; the hidden one of the same name posts it.
        var fields = form.Fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        fields["Form.AccountId"] = account.Id().ToString();
        fields["Form.OwnerId"] = rep.Id.ToString();
        fields["Form.Currency"] = "KRW";
        fields["Form.Title"] = "Legacy Odds renamed";

        var saved = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/edit", page.Token, fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await App.Client(rep).GetJsonAsync($"/api/v1/opportunities/{opportunity.Id()}");
        Assert.Equal(("Legacy Odds renamed", 40), (stored["title"]!.GetValue<string>(), stored["probability"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Advance_OnAStaleVersion_SaysSomeoneElseChangedIt_AndDoesNotMove()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var (_, opportunity) = await PursuitAsync(rep, gateOpen: true);
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}");
        var shown = (await StoredAsync(opportunity.Id())).Version;
        await (await App.Client(rep).PatchJsonAsync($"/api/v1/opportunities/{opportunity.Id()}", new { notes = "Changed meanwhile" })).ExpectAsync(HttpStatusCode.OK);

        var response = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}?handler=advance", page.Token, Fields(shown));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Someone else changed this record", html);
        Assert.Contains("Changed meanwhile", html);
        Assert.Equal("prospecting", (await StoredAsync(opportunity.Id())).Stage);
        // The page now carries the latest version, so the next click works.
        Assert.Contains($"name=\"version\" value=\"{shown + 1}\"", html);
    }

    [Fact]
    public async Task List_ShowsDaysInStageAndStalled_AndFiltersStalledOnly_WithTheStageFilter()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep, "Stall Works");
        var api = App.Client(rep);
        var stuck = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = Unique("Stuck") });
        var fresh = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = Unique("Fresh") });
        var elsewhere = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = Unique("Elsewhere") });
        await SetStageInDbAsync(stuck.Id(), "needs", enteredDaysAgo: 60);
        await SetStageInDbAsync(fresh.Id(), "needs", enteredDaysAgo: 3);
        await SetStageInDbAsync(elsewhere.Id(), "quote", enteredDaysAgo: 60);
        using var browser = await App.SignInAsync(rep);

        var (_, all) = await browser.GetAsync($"/opportunities?stage=needs&accountId={account.Id()}");
        Assert.Contains($"href=\"/opportunities/{stuck.Id()}\"", all);
        Assert.Contains($"href=\"/opportunities/{fresh.Id()}\"", all);
        Assert.DoesNotContain($"href=\"/opportunities/{elsewhere.Id()}\"", all);
        Assert.Contains("60 d in stage", all);
        Assert.Contains("3 d in stage", all);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(all, "<span class=\"badge stalled\">Stalled</span>"));
        Assert.DoesNotMatch("id=\"f-stalled\"[^>]*checked", all);

        var (_, stalled) = await browser.GetAsync($"/opportunities?stage=needs&stalled=true&accountId={account.Id()}");
        Assert.Contains($"href=\"/opportunities/{stuck.Id()}\"", stalled);
        Assert.DoesNotContain($"href=\"/opportunities/{fresh.Id()}\"", stalled);
        Assert.DoesNotContain($"href=\"/opportunities/{elsewhere.Id()}\"", stalled);
        Assert.Matches("id=\"f-stalled\"[^>]*checked=\"checked\"", stalled);
        AssertSelected(stalled, "needs");

        var (_, anyStage) = await browser.GetAsync($"/opportunities?stalled=true&accountId={account.Id()}");
        Assert.Contains($"href=\"/opportunities/{elsewhere.Id()}\"", anyStage);
        Assert.DoesNotContain($"href=\"/opportunities/{fresh.Id()}\"", anyStage);

        var (_, detail) = await browser.GetAsync($"/opportunities/{stuck.Id()}");
        Assert.Contains("<span class=\"badge stalled\">Stalled</span>", detail);
        Assert.Contains("longer than the 45 days this stage should take", detail);
    }

    [Fact]
    public async Task WithSeveralPipelines_TheFormAndTheListOfferThePipeline()
    {
        await using var app = await TestApp.StartAsync(Provider);
        var admin = await app.CreateUserAsync(Role.Admin);
        var rep = await app.CreateUserAsync(Role.Rep);
        var account = await app.Client(rep).CreateAsync("/api/v1/accounts", new { name = "Pipeline Works" });
        using var browser = await app.SignInAsync(rep);

        // One pipeline: it goes with the form unseen, and the list has no pipeline filter.
        var single = await browser.GetFormAsync($"/opportunities/new?accountId={account.Id()}");
        Assert.Matches("<input type=\"hidden\" name=\"Form.PipelineId\" value=\"\\d+\">", single.Html);
        Assert.DoesNotContain("id=\"f-pipeline\"", (await browser.GetAsync("/opportunities")).Html);

        var catalogue = await app.Client(admin).CreateAsync("/api/v1/pipelines", new
        {
            nameEn = "Catalogue items", nameKo = "카탈로그 품목",
            stages = new object[] { new { key = "development", skipped = true }, new { key = "prospecting", probability = 15 } },
        });
        var form = await browser.GetFormAsync($"/opportunities/new?accountId={account.Id()}");
        Assert.Matches("<select[^>]*id=\"Form_PipelineId\"", form.Html);
        Assert.Contains(">Catalogue items</option>", form.Html);
        Assert.Matches("<option (value=\"\\d+\" selected=\"selected\"|selected=\"selected\" value=\"\\d+\")>Standard</option>", form.Html);

        var created = await browser.PostFormAsync("/opportunities/new", form.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Title"] = "Catalogue deal",
            ["Form.PipelineId"] = catalogue.Id().ToString(),
            ["Form.Currency"] = "KRW",
            ["Form.ForecastCategory"] = "Pipeline",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        var standard = await app.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Standard deal" });

        var (_, list) = await browser.GetAsync("/opportunities");
        Assert.Contains("id=\"f-pipeline\"", list);
        var (_, filtered) = await browser.GetAsync($"/opportunities?pipelineId={catalogue.Id()}");
        Assert.Contains($"href=\"/opportunities/{id}\"", filtered);
        Assert.DoesNotContain($"href=\"/opportunities/{standard.Id()}\"", filtered);
        var (_, detail) = await browser.GetAsync($"/opportunities/{id}");
        Assert.Contains("Catalogue items", detail);
        Assert.Contains("15%", detail);
    }
}
