using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Contacts;

public sealed class ContactsPagesTests_Sqlite() : ContactsPagesTests(Provider.Sqlite);

public sealed class ContactsPagesTests_Postgres() : ContactsPagesTests(Provider.Postgres);

/// <summary>The contact pages, driven like a browser: cookies, forms with antiforgery tokens, redirects.</summary>
public abstract class ContactsPagesTests(Provider provider) : AppTests(provider)
{
    /// <summary>An option is selected, whatever the order of its attributes.</summary>
    private static void AssertSelected(string html, string value) =>
        Assert.Matches($"<option (value=\"{value}\" selected=\"selected\"|selected=\"selected\" value=\"{value}\")>", html);

    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 7)];

    private async Task<JsonNode> NewAccountAsync(TestUser owner, string name = "Account") =>
        await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = Unique(name) });

    [Fact]
    public async Task Rep_GetsNotFoundPage_ForAnotherRepsContact_OnEveryPage_AndSeesNoRowOfIt()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(owner);
        var name = Unique("Secret Person");
        var contact = await App.Client(owner).CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name });
        using var other = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));

        foreach (var path in new[]
                 {
                     $"/contacts/{contact.Id()}", $"/contacts/{contact.Id()}/edit", $"/contacts/{contact.Id()}/delete",
                     $"/contacts/{contact.Id()}?handler=history", $"/contacts?accountId={account.Id()}&fragment=embedded",
                 })
        {
            var (status, html) = await other.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.DoesNotContain(name, html);
        }
        foreach (var path in new[] { "/contacts", $"/contacts?q={Uri.EscapeDataString(name)}", $"/contacts?accountId={account.Id()}" })
        {
            var (status, list) = await other.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain($"href=\"/contacts/{contact.Id()}\"", list);
            Assert.DoesNotContain($">{name}<", list);
        }
    }

    [Fact]
    public async Task ListFilters_AndEmbeddedFragment_ShowTheAccountsPeople()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var api = App.Client(rep);
        var account = await NewAccountAsync(rep, "Filter Works");
        var elsewhere = await NewAccountAsync(rep, "Other Works");
        var buyer = await api.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = Unique("Han Buyer"), title = "Purchasing lead", department = "purchasing", buyingRole = "economicBuyer", influence = 4, stance = "supporter" });
        var engineer = await api.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = Unique("Oh Engineer"), department = "engineering", stance = "opponent" });
        var stranger = await api.CreateAsync("/api/v1/contacts", new { accountId = elsewhere.Id(), name = Unique("Yoon Elsewhere"), department = "purchasing" });
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync($"/contacts?accountId={account.Id()}&department=purchasing");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"href=\"/contacts/{buyer.Id()}\"", html);
        Assert.Contains("Purchasing lead", html);
        Assert.Contains("4 of 5", html);
        Assert.DoesNotContain($"href=\"/contacts/{engineer.Id()}\"", html);
        Assert.DoesNotContain($"href=\"/contacts/{stranger.Id()}\"", html);
        Assert.Contains("aria-live=\"polite\"", html);

        // htmx asks for the results only when a filter changes; enum values in any case.
        var request = new HttpRequestMessage(HttpMethod.Get, $"/contacts?accountId={account.Id()}&stance=OPPONENT");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Target", "results");
        var partial = await (await browser.Http.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", partial);
        Assert.Contains($"href=\"/contacts/{engineer.Id()}\"", partial);
        Assert.DoesNotContain($"href=\"/contacts/{buyer.Id()}\"", partial);

        var (embeddedStatus, embedded) = await browser.GetAsync($"/contacts?accountId={account.Id()}&fragment=embedded");
        Assert.Equal(HttpStatusCode.OK, embeddedStatus);
        Assert.DoesNotContain("<html", embedded);
        Assert.Contains($"href=\"/contacts/{buyer.Id()}\"", embedded);
        Assert.Contains($"href=\"/contacts/{engineer.Id()}\"", embedded);
        Assert.DoesNotContain($"href=\"/contacts/{stranger.Id()}\"", embedded);
        Assert.Contains($"href=\"/contacts/new?accountId={account.Id()}\"", embedded);

        var empty = await NewAccountAsync(rep, "Nobody Yet");
        var (_, none) = await browser.GetAsync($"/contacts?accountId={empty.Id()}&fragment=embedded");
        Assert.Contains("No one is recorded at this account yet.", none);
        Assert.Contains($"href=\"/contacts/new?accountId={empty.Id()}\"", none);
    }

    [Fact]
    public async Task ShowMore_LoadsTheNextRows_KeepingTheFilters()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep, "Many People");
        var api = App.Client(rep);
        for (var i = 0; i < 52; i++)
        {
            await api.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = $"Person {i:00}" });
        }
        using var browser = await App.SignInAsync(rep);

        var (_, first) = await browser.GetAsync($"/contacts?accountId={account.Id()}");
        var next = System.Text.RegularExpressions.Regex.Match(first, "hx-get=\"(/contacts\\?[^\"]*fragment=rows[^\"]*)\"");
        Assert.True(next.Success);
        Assert.Contains("Person 49", first);
        Assert.DoesNotContain("Person 50", first);

        var (status, rows) = await browser.GetAsync(WebUtility.HtmlDecode(next.Groups[1].Value));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("<tr", rows.TrimStart());
        Assert.Contains("Person 50", rows);
        Assert.Contains("Person 51", rows);
        Assert.DoesNotContain("Person 49", rows);
    }

    [Fact]
    public async Task Viewer_ReadsContacts_ButIsRefusedTheFormPages_AndSeesNoButtons()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var contact = await App.Client(rep).CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Viewed Person" });
        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));

        foreach (var path in new[] { "/contacts/new", $"/contacts/new?accountId={account.Id()}", $"/contacts/{contact.Id()}/edit", $"/contacts/{contact.Id()}/delete" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(path)).Status);
        }
        var (listStatus, list) = await viewer.GetAsync("/contacts");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.DoesNotContain("href=\"/contacts/new", list);
        var (detailStatus, detail) = await viewer.GetAsync($"/contacts/{contact.Id()}");
        Assert.Equal(HttpStatusCode.OK, detailStatus);
        Assert.Contains("Viewed Person", detail);
        Assert.DoesNotContain($"/contacts/{contact.Id()}/edit", detail);
        Assert.DoesNotContain($"/contacts/{contact.Id()}/delete", detail);
        var (_, embedded) = await viewer.GetAsync($"/contacts?accountId={account.Id()}&fragment=embedded");
        Assert.Contains("Viewed Person", embedded);
        Assert.DoesNotContain("/contacts/new", embedded);
    }

    [Fact]
    public async Task Quality_ReadsContacts_WithoutTheSalesTimeline()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var name = Unique("Quality Counterpart");
        var contact = await App.Client(rep).CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name });
        using var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));

        var (listStatus, list) = await quality.GetAsync($"/contacts?q={Uri.EscapeDataString(name)}");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains($"href=\"/contacts/{contact.Id()}\"", list);
        var (status, detail) = await quality.GetAsync($"/contacts/{contact.Id()}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"hx-get=\"/tasks?contactId={contact.Id()}&fragment=embedded\"", detail);
        Assert.DoesNotContain("/activities?contactId=", detail);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync("/contacts/new")).Status);
    }

    [Fact]
    public async Task DetailPage_ShowsTheFacts_AndLoadsTimelineAndTasks()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep, "Detail Works");
        var contact = await App.Client(rep).CreateAsync("/api/v1/contacts", new
        {
            accountId = account.Id(), name = "Seo Champion", title = "Line manager", department = "production", buyingRole = "champion",
            influence = 3, stance = "supporter", pains = "Line stops when the valves leak.\nWants a local service engineer.", email = "seo@example.com",
        });
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync($"/contacts/{contact.Id()}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"href=\"/accounts/{account.Id()}\"", html);
        Assert.Contains("Line stops when the valves leak.", html);
        Assert.Contains("Champion", html);
        Assert.Contains("3 of 5", html);
        Assert.Contains("mailto:seo@example.com", html);
        Assert.Contains($"hx-get=\"/activities?contactId={contact.Id()}&fragment=timeline\" hx-trigger=\"load\"", html);
        Assert.Contains($"hx-get=\"/tasks?contactId={contact.Id()}&fragment=embedded\" hx-trigger=\"load\"", html);
        Assert.Contains("class=\"spinner\"", html);
        Assert.Contains($"href=\"/contacts/{contact.Id()}/edit\"", html);
    }

    [Fact]
    public async Task NewContactForm_PreselectsTheAccount_ShowsErrorsInline_AndSavesNothing_ThenCreates()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep, "Form Works");
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync($"/contacts/new?accountId={account.Id()}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        AssertSelected(form.Html, $"{account.Id()}");

        var refused = await browser.PostFormAsync("/contacts/new", form.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Name"] = "",
            ["Form.Email"] = "not-an-address",
            ["Form.Influence"] = "9",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("data-error-summary", html);
        foreach (var id in new[] { "Form_Name", "Form_Email", "Form_Influence" })
        {
            Assert.Matches($"id=\"{id}\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"{id}\"", html);
        }
        Assert.Contains("This field is required.", html);
        Assert.Contains("Enter an email address like name@example.com.", html);
        Assert.Contains("Enter a value from 1 to 5.", html);
        Assert.Contains("value=\"not-an-address\"", html);
        await using (var db = App.OpenDb())
        {
            Assert.False(await db.Contacts.AnyAsync(c => c.AccountId == account.Id()));
        }

        var created = await browser.PostFormAsync("/contacts/new", form.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Name"] = "Jang Evaluator",
            ["Form.Title"] = "Senior engineer",
            ["Form.Department"] = "Engineering",
            ["Form.BuyingRole"] = "TechnicalEvaluator",
            ["Form.Influence"] = "4",
            ["Form.Stance"] = "Neutral",
            ["Form.Email"] = "jang@example.com",
            ["Form.Pains"] = "Test reports take weeks.",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var (status, detail) = await browser.GetAsync(created.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Contact created.", detail);
        Assert.Contains("Jang Evaluator", detail);
        Assert.Contains("Technical evaluator", detail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Test reports take weeks.", detail);
    }

    [Fact]
    public async Task EditingAStaleForm_KeepsTheNewerVersion_AndSaysSo()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var contact = await App.Client(rep).CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Race Person", title = "Buyer" });
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync($"/contacts/{contact.Id()}/edit");
        await (await App.Client(rep).PatchJsonAsync($"/api/v1/contacts/{contact.Id()}", new { title = "Head of purchasing" })).ExpectAsync(HttpStatusCode.OK);

        var response = await browser.PostFormAsync($"/contacts/{contact.Id()}/edit", form.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Name"] = "Race Person",
            ["Form.Title"] = "Junior buyer",
            ["Form.Version"] = "1",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Someone else changed this record", html);
        Assert.Contains("value=\"Head of purchasing\"", html);
        var current = await App.Client(rep).GetJsonAsync($"/api/v1/contacts/{contact.Id()}");
        Assert.Equal("Head of purchasing", current["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task EditForm_SavesTheChange_AndHistoryShowsIt()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var contact = await App.Client(rep).CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Changing Person", stance = "neutral" });
        using var browser = await App.SignInAsync(rep, language: "ko");
        var form = await browser.GetFormAsync($"/contacts/{contact.Id()}/edit");

        var response = await browser.PostFormAsync($"/contacts/{contact.Id()}/edit", form.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Name"] = "Changing Person",
            ["Form.Stance"] = "Supporter",
            ["Form.Version"] = "1",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var (status, history) = await browser.GetAsync($"/contacts/{contact.Id()}?handler=history");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("입장", history);
        Assert.Contains("중립", history);
        Assert.Contains("우호적", history);
        Assert.Contains($"<td>{account["name"]!.GetValue<string>()}</td>", history);
    }

    [Fact]
    public async Task DeletePage_SaysActivitiesStay_ThenDeletes()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var api = App.Client(rep);
        var account = await NewAccountAsync(rep);
        var contact = await api.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Leaving Person" });
        var activity = await api.CreateAsync("/api/v1/activities", new { accountId = account.Id(), contactId = contact.Id(), kind = "call", subject = "Intro call", occurredAt = DateTime.UtcNow });
        using var browser = await App.SignInAsync(rep);

        var form = await browser.GetFormAsync($"/contacts/{contact.Id()}/delete");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("Activities (1) and tasks (0) about this person stay", form.Html);

        var stale = await browser.PostFormAsync($"/contacts/{contact.Id()}/delete", form.Token, new Dictionary<string, string> { ["version"] = "7" });
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Someone else changed this record", await stale.Content.ReadAsStringAsync());

        var deleted = await browser.PostFormAsync($"/contacts/{contact.Id()}/delete", form.Token, new Dictionary<string, string> { ["version"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await (await api.GetAsync($"/api/v1/contacts/{contact.Id()}")).ExpectAsync(HttpStatusCode.NotFound);
        var kept = await api.GetJsonAsync($"/api/v1/activities/{activity.Id()}");
        Assert.Null(kept["contactId"]);
    }

    [Fact]
    public async Task Pages_SpeakKorean()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var contact = await App.Client(rep).CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Korean Reader", buyingRole = "decisionMaker" });
        using var browser = await App.SignInAsync(rep, language: "ko");

        var (_, list) = await browser.GetAsync("/contacts");
        Assert.Contains("<th scope=\"col\">구매 역할</th>", list);
        Assert.Contains("새 연락처", list);
        var (_, detail) = await browser.GetAsync($"/contacts/{contact.Id()}");
        Assert.Contains("최종 결정권자", detail);
        Assert.Contains("고충과 바라는 점", detail);
        var (_, form) = await browser.GetAsync($"/contacts/{contact.Id()}/edit");
        Assert.Contains("직함", form);
    }
}
