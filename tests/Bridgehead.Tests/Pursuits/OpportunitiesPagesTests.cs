using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
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

    /// <summary>The value an input or textarea of the form holds, by id (or by name), as the browser would post it.</summary>
    private static string InputValue(string html, string id, bool byName = false)
    {
        var attribute = byName ? "name" : "id";
        var input = Regex.Match(html, $"<input[^>]*{attribute}=\"{Regex.Escape(id)}\"[^>]*>");
        if (input.Success)
        {
            return Regex.Match(input.Value, "value=\"([^\"]*)\"") is { Success: true } value ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
        }
        var textarea = Regex.Match(html, $"<textarea[^>]*{attribute}=\"{Regex.Escape(id)}\"[^>]*>([^<]*)</textarea>");
        Assert.True(textarea.Success, $"No field {id} on the form.");
        return WebUtility.HtmlDecode(textarea.Groups[1].Value.TrimStart('\n'));
    }

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
        await App.PutInStageAsync(opportunity.Id(), "negotiation");
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
        foreach (var path in new[] { "/opportunities", "/opportunities?stage=negotiation", $"/opportunities?q={Uri.EscapeDataString(title)}", $"/opportunities?accountId={account.Id()}" })
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
        await App.PutInStageAsync(negotiating.Id(), "negotiation");
        await App.PutInStageAsync(early.Id(), "needs");
        await App.PutInStageAsync(lost.Id(), "negotiation", OpportunityStatus.Lost);
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
        AssertSelected(form.Html, "prospecting");

        var refused = await browser.PostFormAsync("/opportunities/new", form.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Title"] = "",
            ["Form.Stage"] = "quote",
            ["Form.Status"] = "Open",
            ["Form.Amount"] = "-5",
            ["Form.Currency"] = "DOLLARS",
            ["Form.Probability"] = "150",
            ["Form.OwnerId"] = rep.Id.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("data-error-summary", html);
        // A new pursuit starts in the first stage, and the owner's own probability needs a reason.
        foreach (var id in new[] { "Form_Title", "Form_Stage", "Form_Amount", "Form_Currency", "Form_Probability", "Form_ProbabilityReason" })
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
            ["Form.Stage"] = "prospecting",
            ["Form.Status"] = "Open",
            ["Form.ProductCategory"] = "Valves",
            ["Form.Application"] = "apartment blocks",
            ["Form.Route"] = "Distributor",
            ["Form.Amount"] = "1234567.5",
            ["Form.Currency"] = "USD",
            ["Form.ExpectedCloseDate"] = "2027-03-31",
            ["Form.Probability"] = "40",
            ["Form.ProbabilityReason"] = "Their incumbent is out of capacity.",
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
        Assert.Equal(40, saved["probability"]!.GetValue<int>());
        Assert.Equal("Their incumbent is out of capacity.", saved["probabilityReason"]!.GetValue<string>());

        var (status, detail) = await browser.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Opportunity created.", detail);
        Assert.Contains("1,234,567.5 USD", detail);
        Assert.Contains("1. Prospecting", detail);
        Assert.Contains("40%", detail);
        Assert.Contains($"href=\"/accounts/{account.Id()}\"", detail);
        Assert.Contains($"hx-get=\"/activities?opportunityId={id2}&fragment=timeline\" hx-trigger=\"load\"", detail);
        Assert.Contains($"hx-get=\"/tasks?opportunityId={id2}&fragment=embedded\" hx-trigger=\"load\"", detail);

        var edit = await browser.GetFormAsync($"/opportunities/{id2}/edit");
        Assert.Contains("value=\"1234567.5\"", edit.Html);
        AssertSelected(edit.Html, "USD");
        Assert.Contains("value=\"2027-03-31\"", edit.Html);

        // Emptying the amount clears the value.
        var cleared = await browser.PostFormAsync($"/opportunities/{id2}/edit", edit.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Title"] = "Boiler valves 2027",
            ["Form.Stage"] = "prospecting",
            ["Form.Status"] = "Open",
            ["Form.Amount"] = "",
            ["Form.Currency"] = "USD",
            ["Form.Probability"] = "40",
            ["Form.ProbabilityReason"] = "Their incumbent is out of capacity.",
            ["Form.OwnerId"] = rep.Id.ToString(),
            ["Form.Version"] = "1",
        });
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        var afterClearing = await App.Client(rep).GetJsonAsync($"/api/v1/opportunities/{id2}");
        Assert.Null(afterClearing["estimatedAnnualValue"]);
        Assert.Equal(40, afterClearing["probability"]!.GetValue<int>());
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
        var opportunity = await App.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Race Deal", probability = 20, probabilityReason = "First guess" });
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}/edit");
        await (await App.Client(rep).PatchJsonAsync($"/api/v1/opportunities/{opportunity.Id()}", new { probability = 60, probabilityReason = "Second guess" })).ExpectAsync(HttpStatusCode.OK);

        var response = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/edit", form.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Title"] = "Race Deal",
            ["Form.Stage"] = "prospecting",
            ["Form.Status"] = "Open",
            ["Form.Probability"] = "10",
            ["Form.ProbabilityReason"] = "Stale guess",
            ["Form.OwnerId"] = rep.Id.ToString(),
            ["Form.Version"] = "1",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Someone else changed this record", html);
        Assert.Matches("id=\"Form_Probability\"[^>]*value=\"60\"|value=\"60\"[^>]*id=\"Form_Probability\"", html);
        Assert.Contains("Second guess", html);
        var current = await App.Client(rep).GetJsonAsync($"/api/v1/opportunities/{opportunity.Id()}");
        Assert.Equal(60, current["probability"]!.GetValue<int>());
        Assert.Equal("Second guess", current["probabilityReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task EditForm_SavedAsShown_KeepsFollowingTheStagesProbability_ForTheOwnerAndTheManager()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var account = await NewAccountAsync(rep);
        var opportunity = await App.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Plain Deal" });

        foreach (var user in new[] { rep, manager })
        {
            using var browser = await App.SignInAsync(user);
            var form = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}/edit");
            // The probability field holds the owner's own figure only: empty while the stage's applies.
            Assert.Equal("", InputValue(form.Html, "Form_Probability"));
            var response = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/edit", form.Token, new Dictionary<string, string>
            {
                ["Form.AccountId"] = account.Id().ToString(),
                ["Form.Title"] = $"Plain Deal by {user.Role}",
                ["Form.Stage"] = "prospecting",
                ["Form.Status"] = "Open",
                ["Form.Currency"] = "KRW",
                ["Form.Probability"] = InputValue(form.Html, "Form_Probability"),
                ["Form.ProbabilityReason"] = InputValue(form.Html, "Form_ProbabilityReason"),
                ["Form.OwnerId"] = rep.Id.ToString(),
                ["Form.Version"] = InputValue(form.Html, "Form.Version", byName: true),
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var saved = await App.Client(rep).GetJsonAsync($"/api/v1/opportunities/{opportunity.Id()}");
        Assert.Equal("Plain Deal by Manager", saved["title"]!.GetValue<string>());
        Assert.Equal(5, saved["probability"]!.GetValue<int>());
        Assert.Null(saved["probabilityReason"]);
    }

    [Fact]
    public async Task Owner_SetsTheirOwnProbabilityOnTheForm_WithAReason()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var opportunity = await App.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Hunch Deal" });
        using var browser = await App.SignInAsync(rep);
        var fields = new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Title"] = "Hunch Deal",
            ["Form.Stage"] = "prospecting",
            ["Form.Status"] = "Open",
            ["Form.Currency"] = "KRW",
            ["Form.Probability"] = "35",
            ["Form.OwnerId"] = rep.Id.ToString(),
            ["Form.Version"] = "1",
        };

        var form = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}/edit");
        var refused = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/edit", form.Token, fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Matches("id=\"Form_ProbabilityReason\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Form_ProbabilityReason\"", await refused.Content.ReadAsStringAsync());

        fields["Form.ProbabilityReason"] = "The plant manager is an old friend.";
        var saved = await browser.PostFormAsync($"/opportunities/{opportunity.Id()}/edit", form.Token, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var current = await App.Client(rep).GetJsonAsync($"/api/v1/opportunities/{opportunity.Id()}");
        Assert.Equal(35, current["probability"]!.GetValue<int>());
        Assert.Equal("The plant manager is an old friend.", current["probabilityReason"]!.GetValue<string>());
        var again = await browser.GetFormAsync($"/opportunities/{opportunity.Id()}/edit");
        Assert.Equal("35", InputValue(again.Html, "Form_Probability"));
        Assert.Equal("The plant manager is an old friend.", InputValue(again.Html, "Form_ProbabilityReason"));
    }

    [Fact]
    public async Task DetailPage_ShowsTheStagePurpose_AndHistoryNamesTheChange()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var api = App.Client(rep);
        var opportunity = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Purposeful Deal", route = "direct" });
        await App.PutInStageAsync(opportunity.Id(), "negotiation");
        // The gates of negotiation and testing: recent work on the pursuit and a planned next step.
        await api.CreateAsync("/api/v1/activities", new { accountId = account.Id(), opportunityId = opportunity.Id(), kind = "meeting", subject = "Terms agreed" });
        await api.CreateAsync("/api/v1/tasks", new { accountId = account.Id(), opportunityId = opportunity.Id(), title = "Book the audit", dueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7)).ToString("yyyy-MM-dd") });
        var path = $"/api/v1/opportunities/{opportunity.Id()}";
        await (await api.PostJsonAsync(path + "/advance", new { })).ExpectAsync(HttpStatusCode.OK);
        var won = await api.PostJsonAsync(path + "/advance", new { });
        await won.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("won", (await won.JsonAsync())["status"]!.GetValue<string>());
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
        var opportunity = await App.Client(rep).CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Korean Deal" });
        await App.PutInStageAsync(opportunity.Id(), "negotiation");
        using var browser = await App.SignInAsync(rep, language: "ko");

        var (status, list) = await browser.GetAsync("/opportunities?stage=negotiation");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<th scope=\"col\">단계</th>", list);
        Assert.Contains("7. 협상", list);
        Assert.Contains("진행 중", list);
        Assert.Contains("새 영업 기회", list);
        var (_, form) = await browser.GetAsync("/opportunities/new");
        Assert.Contains("예상 연간 금액", form);
        Assert.Contains("통화", form);
    }
}
