using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Activities;

public sealed class TasksApiTests_Sqlite() : TasksApiTests(Provider.Sqlite);

public sealed class TasksApiTests_Postgres() : TasksApiTests(Provider.Postgres);

public abstract class TasksApiTests(Provider provider) : AppTests(provider)
{
    private const string Tasks = "/api/v1/tasks";

    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task<JsonNode> AccountAsync(TestUser owner) =>
        await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = $"Task Co {Guid.NewGuid():N}"[..16] });

    private static IEnumerable<string> Titles(JsonNode page) => page["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>());

    [Fact]
    public async Task Create_ReturnsCreatedWithLocationAndETag_AndTheAssigneeDefaultsToTheCaller()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);

        var response = await client.PostJsonAsync(Tasks, new { title = "  Call back about samples ", notes = "Ask for the lot numbers", dueOn = Today.AddDays(3) });

        await response.ExpectAsync(HttpStatusCode.Created);
        var task = await response.JsonAsync();
        Assert.Equal($"/api/v1/tasks/{task.Id()}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("Call back about samples", task["title"]!.GetValue<string>());
        Assert.Equal(rep.Id, task["assigneeId"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(task["assigneeName"]!.GetValue<string>()));
        Assert.Equal(Today.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), task["dueOn"]!.GetValue<string>());
        Assert.False(task["done"]!.GetValue<bool>());
        Assert.False(task["overdue"]!.GetValue<bool>());
        Assert.Null(task["completedAt"]);
        Assert.Null(task["accountId"]);

        var again = await client.GetAsync($"{Tasks}/{task.Id()}");
        await again.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", again.Headers.ETag?.Tag);
        await using var db = App.OpenDb();
        Assert.Equal(rep.Id, (await db.Tasks.SingleAsync(t => t.Id == task.Id())).CreatedById);
    }

    [Fact]
    public async Task GivenOnlyAContactOrOpportunity_TheTaskTakesItsAccount()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var contactId = await App.ContactAsync(account.Id(), "Lee Seoyeon");
        var opportunityId = await App.OpportunityAsync(account.Id(), rep.Id, "Gaskets");
        using var client = App.Client(rep);

        var byContact = await client.CreateAsync(Tasks, new { title = "Send the datasheet", dueOn = Today, contactId });
        Assert.Equal(account.Id(), byContact["accountId"]!.GetValue<long>());
        Assert.Equal(account["name"]!.GetValue<string>(), byContact["accountName"]!.GetValue<string>());
        Assert.Equal("Lee Seoyeon", byContact["contactName"]!.GetValue<string>());

        var byOpportunity = await client.CreateAsync(Tasks, new { title = "Prepare the quote", dueOn = Today, opportunityId });
        Assert.Equal(account.Id(), byOpportunity["accountId"]!.GetValue<long>());
        Assert.Equal("Gaskets", byOpportunity["opportunityTitle"]!.GetValue<string>());

        var filtered = await client.GetJsonAsync($"{Tasks}?accountId={account.Id()}");
        Assert.Equal(["Prepare the quote", "Send the datasheet"], Titles(filtered).Order());
        Assert.Equal(["Send the datasheet"], Titles(await client.GetJsonAsync($"{Tasks}?contactId={contactId}")));
        Assert.Equal(["Prepare the quote"], Titles(await client.GetJsonAsync($"{Tasks}?opportunityId={opportunityId}")));
    }

    [Fact]
    public async Task LinksAtDifferentAccounts_Are422_NamingTheField_AndSaveNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var other = await AccountAsync(rep);
        var foreignContact = await App.ContactAsync(other.Id());
        var contactId = await App.ContactAsync(account.Id());
        var foreignOpportunity = await App.OpportunityAsync(other.Id(), rep.Id);
        using var client = App.Client(rep);

        var contact = await client.PostJsonAsync(Tasks, new { title = "x", dueOn = Today, accountId = account.Id(), contactId = foreignContact });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, contact.StatusCode);
        Assert.Equal(["contactId"], (await contact.ErrorsAsync()).Select(e => e.Key));

        // Without an account, the contact's account is the one the opportunity must belong to.
        var mixed = await client.PostJsonAsync(Tasks, new { title = "x", dueOn = Today, contactId, opportunityId = foreignOpportunity });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mixed.StatusCode);
        Assert.Equal(["opportunityId"], (await mixed.ErrorsAsync()).Select(e => e.Key));
        await AssertCreatedAsync(rep, 0);
    }

    [Fact]
    public async Task Done_SetsCompletedAt_FalseClearsIt_AndOverdueFollowsDueDateAndDone()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var late = await client.CreateAsync(Tasks, new { title = "Late", dueOn = Today.AddDays(-2) });
        var dueToday = await client.CreateAsync(Tasks, new { title = "Today", dueOn = Today });
        Assert.True(late["overdue"]!.GetValue<bool>());
        Assert.False(dueToday["overdue"]!.GetValue<bool>());
        var path = $"{Tasks}/{late.Id()}";

        var before = DateTime.UtcNow.AddSeconds(-5);
        var done = await (await client.PatchJsonAsync(path, new { done = true }, ifMatch: "\"1\"")).JsonAsync();
        Assert.True(done["done"]!.GetValue<bool>());
        Assert.False(done["overdue"]!.GetValue<bool>());
        var completedAt = done["completedAt"]!.GetValue<DateTime>().ToUniversalTime();
        Assert.InRange(completedAt, before, DateTime.UtcNow.AddSeconds(5));

        // Editing a finished task keeps the time it was finished.
        var renamed = await (await client.PatchJsonAsync(path, new { title = "Late, but done" })).JsonAsync();
        Assert.Equal(completedAt, renamed["completedAt"]!.GetValue<DateTime>().ToUniversalTime());

        var reopened = await (await client.PatchJsonAsync(path, new { done = false })).JsonAsync();
        Assert.False(reopened["done"]!.GetValue<bool>());
        Assert.Null(reopened["completedAt"]);
        Assert.True(reopened["overdue"]!.GetValue<bool>());

        var createdDone = await client.CreateAsync(Tasks, new { title = "Already done", dueOn = Today.AddDays(-1), done = true });
        Assert.NotNull(createdDone["completedAt"]);
        Assert.False(createdDone["overdue"]!.GetValue<bool>());
    }

    [Fact]
    public async Task List_IsSoonestDueFirst_FiltersByDoneAndDueBefore_AndPagesWithTheCursor()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        await client.CreateAsync(Tasks, new { title = "c", dueOn = Today.AddDays(5) });
        await client.CreateAsync(Tasks, new { title = "a", dueOn = Today.AddDays(-1) });
        await client.CreateAsync(Tasks, new { title = "d", dueOn = Today.AddDays(9) });
        await client.CreateAsync(Tasks, new { title = "b1", dueOn = Today.AddDays(2) });
        await client.CreateAsync(Tasks, new { title = "b2", dueOn = Today.AddDays(2), done = true });
        var mine = $"{Tasks}?assigneeId={rep.Id}";

        var titles = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetJsonAsync($"{mine}&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            titles.AddRange(Titles(page));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["a", "b1", "b2", "c", "d"], titles);
        Assert.Equal(["a", "b1", "c", "d"], Titles(await client.GetJsonAsync($"{mine}&done=false")));
        Assert.Equal(["b2"], Titles(await client.GetJsonAsync($"{mine}&done=true")));
        var dueBefore = Today.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["a", "b1", "c"], Titles(await client.GetJsonAsync($"{mine}&done=false&dueBefore={dueBefore}")));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{mine}&dueBefore=soon")).StatusCode);
    }

    [Fact]
    public async Task TaskWithoutAccount_IsVisibleToAssigneeAndCreator_ButNotFoundForAnotherRep()
    {
        var creator = await App.CreateUserAsync(Role.Rep);
        var assignee = await App.CreateUserAsync(Role.Rep);
        var stranger = await App.CreateUserAsync(Role.Rep);
        var task = await App.Client(creator).CreateAsync(Tasks, new { title = "Cover my visit", dueOn = Today.AddDays(1), assigneeId = assignee.Id });
        var path = $"{Tasks}/{task.Id()}";

        await (await App.Client(creator).GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        await (await App.Client(assignee).GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["Cover my visit"], Titles(await App.Client(assignee).GetJsonAsync($"{Tasks}?assigneeId={assignee.Id}")));
        Assert.Single((await App.Client(assignee).GetJsonAsync(path + "/history"))["items"]!.AsArray());

        using var client = App.Client(stranger);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path + "/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchJsonAsync(path, new { done = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(path, ifMatch: null)).StatusCode);
        Assert.Empty((await client.GetJsonAsync($"{Tasks}?assigneeId={assignee.Id}"))["items"]!.AsArray());
        Assert.Equal(1, (await App.Client(creator).GetJsonAsync(path))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task AssigneeWhoCannotSeeTheAccount_MayStillCompleteTheTask_WithoutSeeingTheAccountsName()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        var helper = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(owner);
        var task = await App.Client(owner).CreateAsync(Tasks, new { title = "Translate the spec", dueOn = Today, accountId = account.Id(), assigneeId = helper.Id });
        var path = $"{Tasks}/{task.Id()}";

        var seen = await App.Client(helper).GetJsonAsync(path);
        Assert.Equal(account.Id(), seen["accountId"]!.GetValue<long>());
        Assert.Null(seen["accountName"]);

        var done = await App.Client(helper).PatchJsonAsync(path, new { done = true });
        await done.ExpectAsync(HttpStatusCode.OK);
        Assert.True((await done.JsonAsync())["done"]!.GetValue<bool>());

        // Linking it to another account still needs an account the caller sees.
        var moved = await App.Client(helper).PatchJsonAsync(path, new { accountId = (await AccountAsync(owner)).Id() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode);
        Assert.Equal(["accountId"], (await moved.ErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task AssigningToAViewerOrAnInactiveUser_Is422_AndSavesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var viewer = await App.CreateUserAsync(Role.Viewer);
        var gone = await App.CreateUserAsync(Role.Rep);
        await using (var db = App.OpenDb())
        {
            await db.Users.Where(u => u.Id == gone.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false));
        }
        using var client = App.Client(rep);

        foreach (var assigneeId in new[] { viewer.Id, gone.Id, long.MaxValue })
        {
            var response = await client.PostJsonAsync(Tasks, new { title = "Not for you", dueOn = Today, assigneeId });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal(["assigneeId"], (await response.ErrorsAsync()).Select(e => e.Key));
        }
        await AssertCreatedAsync(rep, 0);

        var quality = await App.CreateUserAsync(Role.Quality);
        var forQuality = await client.CreateAsync(Tasks, new { title = "Check the lot", dueOn = Today, assigneeId = quality.Id });
        Assert.Equal(quality.Id, forQuality["assigneeId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Viewer_ReadsTasks_ButIsForbiddenEveryWrite()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var task = await App.Client(rep).CreateAsync(Tasks, new { title = "Visible to all readers", dueOn = Today });
        var path = $"{Tasks}/{task.Id()}";
        using var client = App.Client(await App.CreateUserAsync(Role.Viewer));

        await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync(Tasks, new { title = "No", dueOn = Today })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync(path, new { done = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(path, ifMatch: null)).StatusCode);
        Assert.Equal(1, (await App.Client(rep).GetJsonAsync(path))["version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task QualityAndProduct_ReadAndCompleteTasksAssignedToThem_AndKeepTheirOwn(Role role)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var user = await App.CreateUserAsync(role);
        var task = await App.Client(rep).CreateAsync(Tasks, new { title = "Review the 8D report", dueOn = Today, accountId = account.Id(), assigneeId = user.Id });
        using var client = App.Client(user);

        var seen = await client.GetJsonAsync($"{Tasks}/{task.Id()}");
        Assert.Equal(account["name"]!.GetValue<string>(), seen["accountName"]!.GetValue<string>());
        Assert.Equal(["Review the 8D report"], Titles(await client.GetJsonAsync($"{Tasks}?assigneeId={user.Id}")));
        await (await client.PatchJsonAsync($"{Tasks}/{task.Id()}", new { done = true })).ExpectAsync(HttpStatusCode.OK);
        var own = await client.CreateAsync(Tasks, new { title = "Own follow-up", dueOn = Today.AddDays(1) });
        Assert.Equal(user.Id, own["assigneeId"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("{\"title\": \"x\",", "body")]
    [InlineData("{\"title\": \"x\", \"dueOn\": \"next week\"}", "dueOn")]
    [InlineData("{\"title\": \"x\", \"dueOn\": \"2030-01-01\", \"done\": \"yes\"}", "done")]
    [InlineData("{\"title\": \"x\", \"dueOn\": \"2030-01-01\", \"createdById\": 1}", "createdById")]
    [InlineData("{\"title\": \"x\", \"dueOn\": \"2030-01-01\", \"completedAt\": \"2030-01-01T00:00:00Z\"}", "completedAt")]
    [InlineData("{\"title\": \"x\", \"dueOn\": \"2030-01-01\", \"assigneeId\": \"me\"}", "assigneeId")]
    public async Task MalformedBody_Is400_NamingTheField_AndSavesNothing(string body, string field)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var response = await App.Client(rep).PostRawAsync(Tasks, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ErrorsAsync()).Select(e => e.Key));
        await AssertCreatedAsync(rep, 0);
    }

    [Fact]
    public async Task MissingTitleOrDueOn_Is422_WithEveryFieldNamed_AndSavesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);

        var missing = await client.PostJsonAsync(Tasks, new { notes = "Nothing else" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Equal(["dueOn", "title"], (await missing.ErrorsAsync()).Select(e => e.Key).Order());

        var tooLong = await client.PostJsonAsync(Tasks, new { title = new string('t', 201), notes = new string('n', 4001), dueOn = Today });
        Assert.Equal(["notes", "title"], (await tooLong.ErrorsAsync()).Select(e => e.Key).Order());
        await AssertCreatedAsync(rep, 0);

        var task = await client.CreateAsync(Tasks, new { title = "Keep me", dueOn = Today });
        var cleared = await client.PatchJsonAsync($"{Tasks}/{task.Id()}", new { dueOn = (DateOnly?)null });
        Assert.Equal(["dueOn"], (await cleared.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(1, (await client.GetJsonAsync($"{Tasks}/{task.Id()}"))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task StaleIfMatch_Is412_AndTheTaskKeepsTheNewerEdit()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var path = $"{Tasks}/{(await client.CreateAsync(Tasks, new { title = "First", dueOn = Today })).Id()}";

        var first = await client.PatchJsonAsync(path, new { title = "Second" }, ifMatch: "\"1\"");
        await first.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PatchJsonAsync(path, new { done = true }, ifMatch: "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.DeleteAsync(path, ifMatch: "\"1\"")).StatusCode);

        var current = await client.GetJsonAsync(path);
        Assert.Equal("Second", current["title"]!.GetValue<string>());
        Assert.False(current["done"]!.GetValue<bool>());
        await (await client.DeleteAsync(path, ifMatch: "\"2\"")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task History_ListsWhoChangedWhat_NewestFirst()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var path = $"{Tasks}/{(await client.CreateAsync(Tasks, new { title = "Audited", dueOn = Today })).Id()}";
        await (await client.PatchJsonAsync(path, new { done = true })).ExpectAsync(HttpStatusCode.OK);

        var entries = (await client.GetJsonAsync(path + "/history"))["items"]!.AsArray();
        Assert.Equal(["updated", "created"], entries.Select(e => e!["action"]!.GetValue<string>()));
        var change = Assert.Single(entries[0]!["changes"]!.AsArray());
        Assert.Equal("completedAt", change!["field"]!.GetValue<string>());
        Assert.Null(change["old"]);
        Assert.Equal(rep.Id, entries[0]!["userId"]!.GetValue<long>());
    }

    private async Task AssertCreatedAsync(TestUser user, int count)
    {
        await using var db = App.OpenDb();
        Assert.Equal(count, await db.Tasks.CountAsync(t => t.CreatedById == user.Id));
    }
}
