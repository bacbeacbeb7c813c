using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Activities;

public sealed class ActivitiesPagesTests_Sqlite() : ActivitiesPagesTests(Provider.Sqlite);

public sealed class ActivitiesPagesTests_Postgres() : ActivitiesPagesTests(Provider.Postgres);

/// <summary>The timeline pages and the embedded timeline fragment, driven like a browser with htmx.</summary>
public abstract class ActivitiesPagesTests(Provider provider) : AppTests(provider)
{
    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..6]}";

    private async Task<JsonNode> AccountAsync(TestUser owner, params long[] team) =>
        await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = Unique("Timeline Works"), teamMemberIds = team });

    private async Task<JsonNode> ActivityAsync(TestUser author, long accountId, string subject, object? extra = null)
    {
        var body = new JsonObject { ["accountId"] = accountId, ["kind"] = "call", ["subject"] = subject, ["body"] = "Asked about lead times." };
        foreach (var (key, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra ?? new { }))!.AsObject())
        {
            body[key] = value?.DeepClone();
        }
        return await App.Client(author).CreateAsync("/api/v1/activities", body);
    }

    private static Dictionary<string, string> LogFields(long accountId, string subject, string body = "", long? contactId = null) => new()
    {
        ["Log.AccountId"] = accountId.ToString(),
        ["Log.ContactId"] = contactId?.ToString() ?? "",
        ["Log.OpportunityId"] = "",
        ["Log.Kind"] = "Call",
        ["Log.Subject"] = subject,
        ["Log.Body"] = body,
        ["Log.OccurredAt"] = "2026-03-02T09:30",
    };

    [Fact]
    public async Task RepB_GetsNotFound_OnRepAsActivity_AndSeesItNowhere()
    {
        var repA = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(repA);
        var subject = Unique("Private visit");
        var activity = await ActivityAsync(repA, account.Id(), subject);
        using var repB = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));

        var id = activity.Id();
        foreach (var path in new[] { $"/activities/{id}", $"/activities/{id}/edit", $"/activities/{id}/delete", $"/activities/{id}?handler=history" })
        {
            var (status, html) = await repB.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.DoesNotContain(subject, html);
        }
        var (listStatus, list) = await repB.GetAsync("/activities");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.DoesNotContain(subject, list);
        var (fragmentStatus, fragment) = await repB.HxGetAsync($"/activities?accountId={account.Id()}&fragment=timeline");
        Assert.Equal(HttpStatusCode.NotFound, fragmentStatus);
        Assert.DoesNotContain(subject, fragment);
        var (filteredStatus, filtered) = await repB.GetAsync($"/activities?accountId={account.Id()}");
        Assert.Equal(HttpStatusCode.OK, filteredStatus);
        Assert.DoesNotContain(subject, filtered);
    }

    [Fact]
    public async Task TimelinePage_ShowsEntriesNewestFirst_WithKindAuthorLinksAndEncodedBody()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var contactId = await App.ContactAsync(account.Id(), "Choi Yuna");
        var older = Unique("Older call");
        var newer = Unique("Newer visit");
        await ActivityAsync(rep, account.Id(), older, new { occurredAt = "2026-01-05T01:00:00Z" });
        await ActivityAsync(rep, account.Id(), newer, new { kind = "visit", occurredAt = "2026-01-06T01:00:00Z", contactId, body = "<script>alert(1)</script>\nsecond line" });
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync($"/activities?accountId={account.Id()}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(html.IndexOf(newer, StringComparison.Ordinal) < html.IndexOf(older, StringComparison.Ordinal), "newest first");
        Assert.Contains(">Visit</span>", html);
        Assert.Contains($"href=\"/contacts/{contactId}\"", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains("href=\"/activities/new?accountId=" + account.Id() + "\"", html);

        var (_, byKind) = await browser.GetAsync($"/activities?accountId={account.Id()}&kind=Visit");
        Assert.Contains(newer, byKind);
        Assert.DoesNotContain(older, byKind);
        var (_, byDate) = await browser.GetAsync($"/activities?accountId={account.Id()}&from=2026-01-01&to=2026-01-05");
        Assert.Contains(older, byDate);
        Assert.DoesNotContain(newer, byDate);
    }

    [Fact]
    public async Task LoggingThroughTheFragment_CreatesTheActivity_AndReturnsTheFragmentWithIt()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        using var browser = await App.SignInAsync(rep);
        var token = await browser.MetaTokenAsync($"/accounts/{account.Id()}");

        var (status, fragment) = await browser.HxGetAsync($"/activities?accountId={account.Id()}&fragment=timeline");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<html", fragment);
        Assert.Contains($"hx-post=\"/activities?handler=log&amp;accountId={account.Id()}\"", fragment);
        Assert.Contains($"name=\"Log.AccountId\" value=\"{account.Id()}\"", fragment);
        Assert.Contains("role=\"status\"", fragment);

        var subject = Unique("Pressure test call");
        var (posted, html) = await browser.HxPostAsync($"/activities?handler=log&accountId={account.Id()}", token,
            LogFields(account.Id(), subject, "Line one <b>bold</b>\nLine two"));

        Assert.Equal(HttpStatusCode.OK, posted);
        Assert.DoesNotContain("<html", html);
        Assert.Contains(subject, html);
        Assert.Contains("Line one &lt;b&gt;bold&lt;/b&gt;", html);
        Assert.Contains("hx-swap-oob=\"innerHTML\"", html);
        await using var db = App.OpenDb();
        var saved = await db.Activities.SingleAsync(a => a.AccountId == account.Id());
        Assert.Equal(subject, saved.Subject);
        Assert.Equal(rep.Id, saved.AuthorId);
        Assert.Matches($"<li id=\"activity-{saved.Id}\"[^>]*autofocus", html);
        // The form is blank again for the next entry.
        Assert.Matches("id=\"Log_Subject\"[^>]*value=\"\"|value=\"\"[^>]*id=\"Log_Subject\"", html);
    }

    [Fact]
    public async Task ContactTimeline_LogsAgainstTheContactAndItsAccount()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var contactId = await App.ContactAsync(account.Id(), "Jung Haneul");
        using var browser = await App.SignInAsync(rep);
        var token = await browser.MetaTokenAsync();

        var (_, fragment) = await browser.HxGetAsync($"/activities?contactId={contactId}&fragment=timeline");
        Assert.Contains($"name=\"Log.ContactId\" value=\"{contactId}\"", fragment);
        Assert.Contains($"name=\"Log.AccountId\" value=\"{account.Id()}\"", fragment);

        var subject = Unique("Coffee with Haneul");
        var (status, html) = await browser.HxPostAsync($"/activities?handler=log&contactId={contactId}", token, LogFields(account.Id(), subject, contactId: contactId));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(subject, html);
        await using var db = App.OpenDb();
        Assert.Equal(contactId, (await db.Activities.SingleAsync(a => a.AccountId == account.Id())).ContactId);
        var (_, accountTimeline) = await browser.HxGetAsync($"/activities?accountId={account.Id()}&fragment=timeline");
        Assert.Contains(subject, accountTimeline);
    }

    [Fact]
    public async Task OpportunityTimeline_ShowsOnlyThatPursuitsEntries()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var opportunity = await App.OpportunityAsync(account.Id(), rep.Id, "Heat exchanger tubes");
        var about = Unique("Trial plan review");
        var general = Unique("General account news");
        await ActivityAsync(rep, account.Id(), about, new { opportunityId = opportunity });
        await ActivityAsync(rep, account.Id(), general);
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.HxGetAsync($"/activities?opportunityId={opportunity}&fragment=timeline");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(about, html);
        Assert.DoesNotContain(general, html);
        Assert.Contains($"name=\"Log.OpportunityId\" value=\"{opportunity}\"", html);
        Assert.Contains($"hx-post=\"/activities?handler=log&amp;opportunityId={opportunity}\"", html);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.HxGetAsync("/activities?fragment=timeline")).Status);
    }

    [Fact]
    public async Task InvalidSubject_ShowsAnInlineError_AndSavesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        using var browser = await App.SignInAsync(rep);
        var token = await browser.MetaTokenAsync();

        var (status, html) = await browser.HxPostAsync($"/activities?handler=log&accountId={account.Id()}", token, LogFields(account.Id(), "   ", "Kept body"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("id=\"Log_Subject\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Log_Subject\"", html);
        Assert.Matches("<input[^>]*autofocus=\"autofocus\"[^>]*id=\"Log_Subject\"|<input[^>]*id=\"Log_Subject\"[^>]*autofocus=\"autofocus\"", html);
        Assert.Contains("This field is required.", html);
        Assert.Contains("Kept body", html);
        await using var db = App.OpenDb();
        Assert.False(await db.Activities.AnyAsync(a => a.AccountId == account.Id()));
    }

    [Fact]
    public async Task FragmentShowsTheLatestTen_AndShowMoreLoadsTheRest()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        for (var i = 1; i <= 12; i++)
        {
            await ActivityAsync(rep, account.Id(), $"Entry {i:00}", new { occurredAt = $"2026-02-{i:00}T08:00:00Z" });
        }
        using var browser = await App.SignInAsync(rep);

        var (_, fragment) = await browser.HxGetAsync($"/activities?accountId={account.Id()}&fragment=timeline");

        Assert.Contains("Entry 12", fragment);
        Assert.Contains("Entry 03", fragment);
        Assert.DoesNotContain("Entry 02", fragment);
        var more = System.Text.RegularExpressions.Regex.Match(fragment, "hx-get=\"(/activities\\?[^\"]*fragment=rows)\"");
        Assert.True(more.Success);
        var (status, rows) = await browser.HxGetAsync(WebUtility.HtmlDecode(more.Groups[1].Value));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Entry 02", rows);
        Assert.Contains("Entry 01", rows);
        Assert.DoesNotContain("Entry 03", rows);
        Assert.Matches("<li id=\"activity-\\d+\"[^>]*tabindex=\"-1\"[^>]*autofocus", rows);
    }

    [Fact]
    public async Task NonAuthorRep_SeesNoEditButton_AndIsRefusedEditAndDelete()
    {
        var author = await App.CreateUserAsync(Role.Rep);
        var colleague = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(author, colleague.Id);
        var activity = await ActivityAsync(author, account.Id(), Unique("Audit prep meeting"));
        var id = activity.Id();
        using var browser = await App.SignInAsync(colleague);

        var (status, detail) = await browser.GetAsync($"/activities/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain($"href=\"/activities/{id}/edit\"", detail);
        Assert.DoesNotContain($"href=\"/activities/{id}/delete\"", detail);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/activities/{id}/edit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/activities/{id}/delete")).Status);
        var token = await browser.MetaTokenAsync();
        var posted = await browser.PostFormAsync($"/activities/{id}/edit", token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Kind"] = "Note",
            ["Form.Subject"] = "Hijacked",
            ["Form.Version"] = "1",
        });
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        await using (var db = App.OpenDb())
        {
            Assert.NotEqual("Hijacked", (await db.Activities.SingleAsync(a => a.Id == id)).Subject);
        }

        using var own = await App.SignInAsync(author);
        var (_, ownDetail) = await own.GetAsync($"/activities/{id}");
        Assert.Contains($"href=\"/activities/{id}/edit\"", ownDetail);
    }

    [Fact]
    public async Task Author_EditsAndDeletes_AndAStaleEditKeepsTheNewerVersion()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var activity = await ActivityAsync(rep, account.Id(), "First wording");
        var id = activity.Id();
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync($"/activities/{id}/edit");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("First wording", form.Html);

        Dictionary<string, string> Fields(string subject, string version) => new()
        {
            ["Form.AccountId"] = account.Id().ToString(),
            ["Form.Kind"] = "Email",
            ["Form.Subject"] = subject,
            ["Form.OccurredAt"] = "2026-01-10T14:00",
            ["Form.Version"] = version,
        };
        var saved = await browser.PostFormAsync($"/activities/{id}/edit", form.Token, Fields("Second wording", "1"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/activities/{id}", saved.Headers.Location?.ToString());
        var (_, detail) = await browser.GetAsync($"/activities/{id}");
        Assert.Contains("Second wording", detail);
        Assert.Contains(">Email</span>", detail);

        var stale = await browser.PostFormAsync($"/activities/{id}/edit", form.Token, Fields("Third wording", "1"));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Someone else changed this record", await stale.Content.ReadAsStringAsync());

        var delete = await browser.GetFormAsync($"/activities/{id}/delete");
        var deleted = await browser.PostFormAsync($"/activities/{id}/delete", delete.Token, new Dictionary<string, string> { ["version"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using var db = App.OpenDb();
        Assert.False(await db.Activities.AnyAsync(a => a.Id == id));
    }

    [Fact]
    public async Task NewPage_PreselectsTheRecord_AndOffersOnlyContactsOfTheChosenAccount()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var first = await AccountAsync(rep);
        var second = await AccountAsync(rep);
        var ours = await App.ContactAsync(first.Id(), "Oh Jiwon");
        var theirs = await App.ContactAsync(second.Id(), "Baek Seojun");
        var opportunity = await App.OpportunityAsync(first.Id(), rep.Id, "Seal kits 2027");
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync($"/activities/new?contactId={ours}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches($"<option selected=\"selected\" value=\"{first.Id()}\"|<option value=\"{first.Id()}\" selected=\"selected\"", html);
        Assert.Contains("Oh Jiwon", html);
        Assert.Contains("Seal kits 2027", html);
        Assert.DoesNotContain("Baek Seojun", html);
        Assert.Contains("hx-get=\"/activities/new?handler=links\"", html);

        var (linksStatus, links) = await browser.HxGetAsync($"/activities/new?handler=links&Form.AccountId={second.Id()}");
        Assert.Equal(HttpStatusCode.OK, linksStatus);
        Assert.Contains("Baek Seojun", links);
        Assert.DoesNotContain("Oh Jiwon", links);
        Assert.DoesNotContain("Seal kits 2027", links);

        var form = await browser.GetFormAsync($"/activities/new?opportunityId={opportunity}");
        var created = await browser.PostFormAsync("/activities/new", form.Token, new Dictionary<string, string>
        {
            ["Form.AccountId"] = first.Id().ToString(),
            ["Form.OpportunityId"] = opportunity.ToString(),
            ["Form.ContactId"] = theirs.ToString(),
            ["Form.Kind"] = "Meeting",
            ["Form.Subject"] = "Wrong contact",
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("works at a different account", await created.Content.ReadAsStringAsync());
        using var stranger = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/activities/new?accountId={first.Id()}")).Status);
    }

    [Fact]
    public async Task Viewer_SeesTheEntriesButNoForm_AndIsRefusedEveryWrite()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var subject = Unique("Visible to the viewer");
        var activity = await ActivityAsync(rep, account.Id(), subject);
        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));

        var (status, fragment) = await viewer.HxGetAsync($"/activities?accountId={account.Id()}&fragment=timeline");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(subject, fragment);
        Assert.DoesNotContain("<form", fragment);
        var (_, list) = await viewer.GetAsync("/activities");
        Assert.DoesNotContain("href=\"/activities/new", list);
        var (_, detail) = await viewer.GetAsync($"/activities/{activity.Id()}");
        Assert.DoesNotContain($"/activities/{activity.Id()}/edit", detail);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/activities/new")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/activities/{activity.Id()}/edit")).Status);

        var token = await viewer.MetaTokenAsync();
        var (posted, _) = await viewer.HxPostAsync($"/activities?handler=log&accountId={account.Id()}", token, LogFields(account.Id(), "Viewer note"));
        Assert.Equal(HttpStatusCode.Forbidden, posted);
        await using var db = App.OpenDb();
        Assert.Equal(1, await db.Activities.CountAsync(a => a.AccountId == account.Id()));
    }

    [Fact]
    public async Task QualityAndProduct_AreRefusedTheTimeline()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var browser = await App.SignInAsync(await App.CreateUserAsync(role));
            var (status, html) = await browser.GetAsync("/activities");
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Contains("Not allowed", html);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.HxGetAsync($"/activities?accountId={account.Id()}&fragment=timeline")).Status);
        }
    }

    [Fact]
    public async Task PagesSpeakKorean()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var activity = await ActivityAsync(rep, account.Id(), Unique("Korean check"));
        using var browser = await App.SignInAsync(rep, language: "ko");

        var (_, list) = await browser.GetAsync("/activities");
        Assert.Contains("<html lang=\"ko\">", list);
        Assert.Contains("타임라인", list);
        Assert.Contains("활동 기록", list);
        Assert.Contains(">전화</span>", list);
        var (_, fragment) = await browser.HxGetAsync($"/activities?accountId={account.Id()}&fragment=timeline");
        Assert.Contains("활동 기록하기", fragment);
        Assert.Contains("제목", fragment);
        var (_, detail) = await browser.GetAsync($"/activities/{activity.Id()}");
        Assert.Contains("활동 정보", detail);
        Assert.Contains("작성자", detail);
        var (_, form) = await browser.GetAsync("/activities/new");
        Assert.Contains("거래처를 고르면", form);
    }
}
