using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Activities;

public sealed class TasksPagesTests_Sqlite() : TasksPagesTests(Provider.Sqlite);

public sealed class TasksPagesTests_Postgres() : TasksPagesTests(Provider.Postgres);

/// <summary>The task pages, the done toggle and the embedded task list, driven like a browser with htmx.</summary>
public abstract class TasksPagesTests(Provider provider) : AppTests(provider)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Unique(string text) => $"{text} {Guid.NewGuid().ToString("N")[..6]}";

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<JsonNode> AccountAsync(TestUser owner) =>
        await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = Unique("Task Plant") });

    private async Task<JsonNode> TaskAsync(TestUser creator, object body) => await App.Client(creator).CreateAsync("/api/v1/tasks", body);

    private static Dictionary<string, string> Toggle(long id, long version, bool done)
    {
        var fields = new Dictionary<string, string> { ["id"] = id.ToString(CultureInfo.InvariantCulture), ["version"] = version.ToString(CultureInfo.InvariantCulture) };
        if (done)
        {
            fields["done"] = "true";
        }
        return fields;
    }

    [Fact]
    public async Task RepB_GetsNotFound_OnRepAsTask_AndSeesItNowhere()
    {
        var repA = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(repA);
        var title = Unique("Private follow-up");
        var task = await TaskAsync(repA, new { title, dueOn = Iso(Today.AddDays(2)), accountId = account.Id() });
        using var repB = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));

        var id = task.Id();
        foreach (var path in new[] { $"/tasks/{id}", $"/tasks/{id}/edit", $"/tasks/{id}/delete", $"/tasks/{id}?handler=history" })
        {
            var (status, html) = await repB.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.DoesNotContain(title, html);
        }
        var (_, list) = await repB.GetAsync("/tasks?assignee=any&state=all");
        Assert.DoesNotContain(title, list);
        var (fragmentStatus, fragment) = await repB.HxGetAsync($"/tasks?accountId={account.Id()}&fragment=embedded");
        Assert.Equal(HttpStatusCode.NotFound, fragmentStatus);
        Assert.DoesNotContain(title, fragment);
        var token = await repB.MetaTokenAsync("/tasks");
        var (toggled, _) = await repB.HxPostAsync("/tasks?handler=toggle", token, Toggle(id, 1, done: true));
        Assert.Equal(HttpStatusCode.NotFound, toggled);
    }

    [Fact]
    public async Task TaskList_DefaultsToMyOpenTasks_WithFiltersAndAnOverdueBadge()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var colleague = await App.CreateUserAsync(Role.Rep);
        var mine = Unique("Mine open");
        var late = Unique("Mine late");
        var finished = Unique("Mine finished");
        var theirs = Unique("For a colleague");
        await TaskAsync(rep, new { title = mine, dueOn = Iso(Today.AddDays(5)) });
        await TaskAsync(rep, new { title = late, dueOn = Iso(Today.AddDays(-2)) });
        await TaskAsync(rep, new { title = finished, dueOn = Iso(Today.AddDays(1)), done = true });
        await TaskAsync(rep, new { title = theirs, dueOn = Iso(Today.AddDays(1)), assigneeId = colleague.Id });
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync("/tasks");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(mine, html);
        Assert.Contains(late, html);
        Assert.DoesNotContain(finished, html);
        Assert.DoesNotContain(theirs, html);
        Assert.True(html.IndexOf(late, StringComparison.Ordinal) < html.IndexOf(mine, StringComparison.Ordinal), "soonest due first");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "badge overdue"));
        Assert.Contains("<option value=\"me\" selected=\"selected\">", html);

        var (_, anyone) = await browser.GetAsync("/tasks?assignee=any");
        Assert.Contains(theirs, anyone);
        var (_, done) = await browser.GetAsync("/tasks?state=done");
        Assert.Contains(finished, done);
        Assert.DoesNotContain(mine, done);
        var (_, dueSoon) = await browser.GetAsync($"/tasks?dueBefore={Iso(Today)}");
        Assert.Contains(late, dueSoon);
        Assert.DoesNotContain(mine, dueSoon);
    }

    [Fact]
    public async Task TogglingATaskDone_SetsCompletedAt_AndShowsItDone_ThenReopens()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var task = await TaskAsync(rep, new { title = Unique("Send samples"), dueOn = Iso(Today.AddDays(1)) });
        using var browser = await App.SignInAsync(rep);
        var (_, page) = await browser.GetAsync("/tasks");
        Assert.Contains($"id=\"task-done-{task.Id()}\"", page);
        Assert.Contains("hx-post=\"/tasks?handler=toggle\"", page);
        var token = await browser.MetaTokenAsync("/tasks");

        var (status, row) = await browser.HxPostAsync("/tasks?handler=toggle", token, Toggle(task.Id(), 1, done: true));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("<tr", row.Trim());
        Assert.Contains("class=\"task-done\"", row);
        Assert.Matches("checked=\"checked\"", row);
        Assert.Contains("autofocus", row);
        await using (var db = App.OpenDb())
        {
            Assert.NotNull((await db.Tasks.SingleAsync(t => t.Id == task.Id())).CompletedAt);
        }

        var (again, reopened) = await browser.HxPostAsync("/tasks?handler=toggle", token, Toggle(task.Id(), 2, done: false));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.DoesNotContain("checked=\"checked\"", reopened);
        await using (var db = App.OpenDb())
        {
            Assert.Null((await db.Tasks.SingleAsync(t => t.Id == task.Id())).CompletedAt);
        }
    }

    [Fact]
    public async Task AStaleToggle_IsRefusedWithTheMessage()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var task = await TaskAsync(rep, new { title = "Old title", dueOn = Iso(Today.AddDays(1)) });
        await (await App.Client(rep).PatchJsonAsync($"/api/v1/tasks/{task.Id()}", new { title = "Renamed meanwhile" })).ExpectAsync(HttpStatusCode.OK);
        using var browser = await App.SignInAsync(rep);
        var token = await browser.MetaTokenAsync("/tasks");

        var (status, row) = await browser.HxPostAsync("/tasks?handler=toggle", token, Toggle(task.Id(), 1, done: true));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Someone else changed this record", row);
        Assert.Contains("role=\"alert\"", row);
        Assert.Contains("Renamed meanwhile", row);
        Assert.DoesNotContain("checked=\"checked\"", row);
        await using var db = App.OpenDb();
        Assert.Null((await db.Tasks.SingleAsync(t => t.Id == task.Id())).CompletedAt);
    }

    [Fact]
    public async Task Viewer_SeesTasksWithoutToggles_AndIsRefusedEveryWrite()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var title = Unique("Viewer can read this");
        var task = await TaskAsync(rep, new { title, dueOn = Iso(Today.AddDays(1)), accountId = account.Id() });
        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));

        var (status, list) = await viewer.GetAsync("/tasks");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(title, list);
        Assert.DoesNotContain("handler=toggle", list);
        Assert.DoesNotContain("href=\"/tasks/new", list);
        var (_, fragment) = await viewer.HxGetAsync($"/tasks?accountId={account.Id()}&fragment=embedded");
        Assert.Contains(title, fragment);
        Assert.DoesNotContain("handler=toggle", fragment);
        Assert.DoesNotContain("/tasks/new", fragment);
        var (_, detail) = await viewer.GetAsync($"/tasks/{task.Id()}");
        Assert.DoesNotContain($"/tasks/{task.Id()}/edit", detail);
        foreach (var path in new[] { "/tasks/new", $"/tasks/{task.Id()}/edit", $"/tasks/{task.Id()}/delete" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(path)).Status);
        }
        var token = await viewer.MetaTokenAsync("/tasks");
        var (toggled, _) = await viewer.HxPostAsync("/tasks?handler=toggle", token, Toggle(task.Id(), 1, done: true));
        Assert.Equal(HttpStatusCode.Forbidden, toggled);
        await using var db = App.OpenDb();
        Assert.Null((await db.Tasks.SingleAsync(t => t.Id == task.Id())).CompletedAt);
    }

    [Fact]
    public async Task Quality_GetsItsOwnTasks_ButNotTheTimeline()
    {
        var quality = await App.CreateUserAsync(Role.Quality);
        var title = Unique("Review the 8D report");
        await TaskAsync(quality, new { title, dueOn = Iso(Today.AddDays(4)) });
        using var browser = await App.SignInAsync(quality);

        var (status, html) = await browser.GetAsync("/tasks");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(title, html);
        Assert.Contains("handler=toggle", html);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/activities")).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/tasks/new")).Status);
    }

    [Fact]
    public async Task EmbeddedList_ShowsOpenAndRecentlyDoneTasksOfTheRecord_WithANewTaskLink()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var other = await AccountAsync(rep);
        var contactId = await App.ContactAsync(account.Id(), "Seo Minho");
        var open = Unique("Open at the plant");
        var done = Unique("Done at the plant");
        var elsewhere = Unique("Elsewhere");
        var contactTask = Unique("Call Minho");
        await TaskAsync(rep, new { title = open, dueOn = Iso(Today.AddDays(3)), accountId = account.Id() });
        await TaskAsync(rep, new { title = done, dueOn = Iso(Today.AddDays(-1)), accountId = account.Id(), done = true });
        await TaskAsync(rep, new { title = elsewhere, dueOn = Iso(Today.AddDays(3)), accountId = other.Id() });
        await TaskAsync(rep, new { title = contactTask, dueOn = Iso(Today.AddDays(3)), contactId });
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.HxGetAsync($"/tasks?accountId={account.Id()}&fragment=embedded", currentUrl: $"{App.BaseAddress}accounts/{account.Id()}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<html", html);
        Assert.Contains(open, html);
        Assert.Contains(done, html);
        Assert.Contains(contactTask, html);
        Assert.DoesNotContain(elsewhere, html);
        Assert.Contains($"href=\"/tasks/new?accountId={account.Id()}&amp;returnUrl=%2Faccounts%2F{account.Id()}\"", html);
        Assert.Contains("hx-post=\"/tasks?handler=toggle\"", html);

        var (_, byContact) = await browser.HxGetAsync($"/tasks?contactId={contactId}&fragment=embedded");
        Assert.Contains(contactTask, byContact);
        Assert.DoesNotContain(open, byContact);
        Assert.Contains($"href=\"/tasks/new?contactId={contactId}\"", byContact);
    }

    [Fact]
    public async Task NewTask_DefaultsToMeInThreeDays_OffersNoViewers_AndReturnsWhereItCameFrom()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var viewer = await App.CreateUserAsync(Role.Viewer);
        var account = await AccountAsync(rep);
        using var browser = await App.SignInAsync(rep);

        var form = await browser.GetFormAsync($"/tasks/new?accountId={account.Id()}&returnUrl=/accounts/{account.Id()}");

        Assert.Equal(HttpStatusCode.OK, form.Status);
        var due = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Bridgehead.Shared.Display.Zone)).AddDays(3);
        Assert.Contains($"value=\"{Iso(due)}\"", form.Html);
        Assert.Matches($"<option selected=\"selected\" value=\"{rep.Id}\"|<option value=\"{rep.Id}\" selected=\"selected\"", form.Html);
        Assert.DoesNotContain($"value=\"{viewer.Id}\"", form.Html);
        Assert.Matches($"<option selected=\"selected\" value=\"{account.Id()}\"|<option value=\"{account.Id()}\" selected=\"selected\"", form.Html);

        var refused = await browser.PostFormAsync("/tasks/new", form.Token, new Dictionary<string, string>
        {
            ["Form.Title"] = "",
            ["Form.DueOn"] = Iso(due),
            ["Form.AssigneeId"] = rep.Id.ToString(CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("data-error-summary", await refused.Content.ReadAsStringAsync());

        var created = await browser.PostFormAsync("/tasks/new", form.Token, new Dictionary<string, string>
        {
            ["Form.Title"] = "Book the audit room",
            ["Form.DueOn"] = Iso(due),
            ["Form.AssigneeId"] = rep.Id.ToString(CultureInfo.InvariantCulture),
            ["Form.AccountId"] = account.Id().ToString(CultureInfo.InvariantCulture),
            ["ReturnUrl"] = $"/accounts/{account.Id()}",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"/accounts/{account.Id()}", created.Headers.Location?.ToString());
        await using var db = App.OpenDb();
        var task = await db.Tasks.SingleAsync(t => t.AccountId == account.Id());
        Assert.Equal("Book the audit room", task.Title);
        Assert.Equal(due, task.DueOn);
    }

    [Fact]
    public async Task EditAndDelete_WithAStaleEditRefused()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var task = await TaskAsync(rep, new { title = "Draft the quote", dueOn = Iso(Today.AddDays(2)) });
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync($"/tasks/{task.Id()}/edit");
        Assert.Equal(HttpStatusCode.OK, form.Status);

        Dictionary<string, string> Fields(string title, string version) => new()
        {
            ["Form.Title"] = title,
            ["Form.DueOn"] = Iso(Today.AddDays(9)),
            ["Form.AssigneeId"] = rep.Id.ToString(CultureInfo.InvariantCulture),
            ["Form.Done"] = "true",
            ["Form.Version"] = version,
        };
        var saved = await browser.PostFormAsync($"/tasks/{task.Id()}/edit", form.Token, Fields("Send the quote", "1"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, detail) = await browser.GetAsync($"/tasks/{task.Id()}");
        Assert.Contains("Send the quote", detail);
        Assert.Contains("Done ", detail);

        var stale = await browser.PostFormAsync($"/tasks/{task.Id()}/edit", form.Token, Fields("Lost update", "1"));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Someone else changed this record", await stale.Content.ReadAsStringAsync());

        var delete = await browser.GetFormAsync($"/tasks/{task.Id()}/delete");
        var deleted = await browser.PostFormAsync($"/tasks/{task.Id()}/delete", delete.Token, new Dictionary<string, string> { ["version"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using var db = App.OpenDb();
        Assert.False(await db.Tasks.AnyAsync(t => t.Id == task.Id()));
    }

    [Fact]
    public async Task PagesSpeakKorean()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var task = await TaskAsync(rep, new { title = Unique("한국어 확인"), dueOn = Iso(Today.AddDays(-1)) });
        using var browser = await App.SignInAsync(rep, language: "ko");

        var (_, list) = await browser.GetAsync("/tasks");
        Assert.Contains("<html lang=\"ko\">", list);
        Assert.Contains("할 일", list);
        Assert.Contains("담당자", list);
        Assert.Contains("기한 지남", list);
        Assert.Contains("완료: ", list);
        var (_, detail) = await browser.GetAsync($"/tasks/{task.Id()}");
        Assert.Contains("할 일 정보", detail);
        var (_, form) = await browser.GetAsync("/tasks/new");
        Assert.Contains("새 할 일", form);
        Assert.Contains("조회 전용 사용자에게는 맡길 수 없습니다.", form);
    }
}
