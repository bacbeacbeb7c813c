using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Activities;
using Bridgehead.Auditing;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Contacts;

public sealed class ContactsApiTests_Sqlite() : ContactsApiTests(Provider.Sqlite);

public sealed class ContactsApiTests_Postgres() : ContactsApiTests(Provider.Postgres);

public abstract class ContactsApiTests(Provider provider) : AppTests(provider)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    private async Task<JsonNode> NewAccountAsync(TestUser owner) =>
        await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = Unique("Account") });

    [Fact]
    public async Task Create_ReturnsCreatedWithLocationAndETag_AndTheAccountName()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);

        var response = await client.PostJsonAsync("/api/v1/contacts", new
        {
            accountId = account.Id(),
            name = "  Kim Minji ",
            title = "Purchasing lead",
            department = "purchasing",
            buyingRole = "economicBuyer",
            influence = 4,
            stance = "neutral",
            pains = "Late deliveries from the incumbent",
            email = "minji.kim@example.com",
            phone = "+82 2 555 0100",
        });

        await response.ExpectAsync(HttpStatusCode.Created);
        var contact = await response.JsonAsync();
        Assert.Equal($"/api/v1/contacts/{contact.Id()}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("Kim Minji", contact["name"]!.GetValue<string>());
        Assert.Equal(account.Id(), contact["accountId"]!.GetValue<long>());
        Assert.Equal(account["name"]!.GetValue<string>(), contact["accountName"]!.GetValue<string>());
        Assert.Equal("economicBuyer", contact["buyingRole"]!.GetValue<string>());
        Assert.Equal(4, contact["influence"]!.GetValue<int>());
        Assert.Equal(1, contact["version"]!.GetValue<long>());

        var again = await client.GetAsync($"/api/v1/contacts/{contact.Id()}");
        await again.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", again.Headers.ETag?.Tag);
        Assert.Equal("purchasing", (await again.JsonAsync())["department"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rep_GetsNotFound_ForAContactUnderAnotherRepsAccount_InDetailListHistoryAndWrites()
    {
        var repA = await App.CreateUserAsync(Role.Rep);
        var repB = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(repB);
        var name = Unique("Hidden Person");
        var contact = await App.Client(repB).CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name });
        using var client = App.Client(repA);
        var path = $"/api/v1/contacts/{contact.Id()}";

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path + "/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchJsonAsync(path, new { name = "Mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(path, ifMatch: null)).StatusCode);
        Assert.Empty((await client.GetJsonAsync($"/api/v1/contacts?accountId={account.Id()}"))["items"]!.AsArray());
        Assert.Empty((await client.GetJsonAsync($"/api/v1/contacts?q={Uri.EscapeDataString(name)}"))["items"]!.AsArray());

        var refused = await client.PostJsonAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Planted" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["accountId"], (await refused.ErrorsAsync()).Select(e => e.Key));
        await AssertContactCountAsync(account.Id(), 1);
    }

    [Fact]
    public async Task Move_ToAnotherVisibleAccount_Works_ButNotToAnInvisibleOne()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var other = await App.CreateUserAsync(Role.Rep);
        var from = await NewAccountAsync(rep);
        var to = await NewAccountAsync(rep);
        var hidden = await NewAccountAsync(other);
        using var client = App.Client(rep);
        var contact = await client.CreateAsync("/api/v1/contacts", new { accountId = from.Id(), name = "Park Jisoo" });
        var path = $"/api/v1/contacts/{contact.Id()}";

        var refused = await client.PatchJsonAsync(path, new { accountId = hidden.Id() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("accountId", (await refused.ErrorsAsync()).Select(e => e.Key));
        await AssertContactCountAsync(hidden.Id(), 0);

        var moved = await client.PatchJsonAsync(path, new { accountId = to.Id() });
        await moved.ExpectAsync(HttpStatusCode.OK);
        var body = await moved.JsonAsync();
        Assert.Equal(to.Id(), body["accountId"]!.GetValue<long>());
        Assert.Equal(to["name"]!.GetValue<string>(), body["accountName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Manager_SeesTheTeamsContacts_ButNotOtherTeams()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var otherManager = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var account = await NewAccountAsync(rep);
        var contact = await App.Client(rep).CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Lee Hana" });

        await (await App.Client(manager).GetAsync($"/api/v1/contacts/{contact.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single((await App.Client(manager).GetJsonAsync($"/api/v1/contacts?accountId={account.Id()}"))["items"]!.AsArray());
        await (await App.Client(manager).PatchJsonAsync($"/api/v1/contacts/{contact.Id()}", new { stance = "supporter" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client(otherManager).GetAsync($"/api/v1/contacts/{contact.Id()}")).StatusCode);
    }

    [Theory]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task ReadOnlyRoles_ReadContacts_ButGetForbidden_OnEveryWrite(Role role)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var contact = await App.Client(rep).CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Choi Yuna" });
        using var client = App.Client(await App.CreateUserAsync(role));
        var path = $"/api/v1/contacts/{contact.Id()}";

        await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        await (await client.GetAsync(path + "/history")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single((await client.GetJsonAsync($"/api/v1/contacts?accountId={account.Id()}"))["items"]!.AsArray());

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/contacts", new { accountId = account.Id(), name = "New" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync(path, new { name = "Changed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(path, ifMatch: null)).StatusCode);
        var unchanged = await App.Client(rep).GetJsonAsync(path);
        Assert.Equal(1, unchanged["version"]!.GetValue<long>());
        await AssertContactCountAsync(account.Id(), 1);
    }

    [Theory]
    [InlineData("{\"accountId\": ACCOUNT, \"name\": \"A\",", "body")]
    [InlineData("{\"accountId\": ACCOUNT, \"name\": 42}", "name")]
    [InlineData("{\"accountId\": \"ACCOUNT\", \"name\": \"A\"}", "accountId")]
    [InlineData("{\"accountId\": ACCOUNT, \"name\": \"A\", \"department\": \"sales\"}", "department")]
    [InlineData("{\"accountId\": ACCOUNT, \"name\": \"A\", \"buyingRole\": 2}", "buyingRole")]
    [InlineData("{\"accountId\": ACCOUNT, \"name\": \"A\", \"influence\": \"high\"}", "influence")]
    [InlineData("{\"accountId\": ACCOUNT, \"name\": \"A\", \"influence\": 2.5}", "influence")]
    [InlineData("{\"accountId\": ACCOUNT, \"name\": \"A\", \"nickname\": \"Al\"}", "nickname")]
    [InlineData("{\"accountId\": ACCOUNT, \"name\": \"A\", \"accountName\": \"Other\"}", "accountName")]
    public async Task MalformedBody_Is400_NamingTheField_AndSavesNothing(string body, string field)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);

        var response = await App.Client(rep).PostRawAsync("/api/v1/contacts", body.Replace("ACCOUNT", account.Id().ToString(), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ErrorsAsync()).Select(e => e.Key));
        await AssertContactCountAsync(account.Id(), 0);
    }

    [Fact]
    public async Task MalformedPatch_Is400_NamingTheField_AndChangesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);
        var contact = await client.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Jung Woo" });

        var response = await client.PatchJsonAsync($"/api/v1/contacts/{contact.Id()}", new { stance = "hostile" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("stance", (await response.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(1, (await client.GetJsonAsync($"/api/v1/contacts/{contact.Id()}"))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task InvalidValues_Are422_WithEveryFieldNamed_AndSaveNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);

        var response = await client.PostJsonAsync("/api/v1/contacts", new
        {
            accountId = account.Id(),
            name = new string('x', 151),
            title = new string('t', 151),
            influence = 6,
            pains = new string('p', 4001),
            email = "not an email",
            phone = new string('1', 51),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["email", "influence", "name", "pains", "phone", "title"], (await response.ErrorsAsync()).Select(e => e.Key).Order());
        await AssertContactCountAsync(account.Id(), 0);

        var missing = await client.PostJsonAsync("/api/v1/contacts", new { title = "Engineer", influence = 0 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Equal(["accountId", "influence", "name"], (await missing.ErrorsAsync()).Select(e => e.Key).Order());

        var unknownAccount = await client.PostJsonAsync("/api/v1/contacts", new { accountId = long.MaxValue, name = "Nobody's" });
        Assert.Equal(["accountId"], (await unknownAccount.ErrorsAsync()).Select(e => e.Key));
        await AssertContactCountAsync(account.Id(), 0);
    }

    [Fact]
    public async Task StaleIfMatch_Is412_AndTheContactKeepsTheNewerEdit()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);
        var contact = await client.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Han Seo" });
        var path = $"/api/v1/contacts/{contact.Id()}";

        var first = await client.PatchJsonAsync(path, new { title = "Plant manager" }, ifMatch: "\"1\"");
        await first.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PatchJsonAsync(path, new { title = "CEO" }, ifMatch: "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.DeleteAsync(path, ifMatch: "\"1\"")).StatusCode);

        var current = await client.GetJsonAsync(path);
        Assert.Equal("Plant manager", current["title"]!.GetValue<string>());
        Assert.Equal(2, current["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_ChangesOnlyTheFieldsSent_AndNullClears()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);
        var contact = await client.CreateAsync("/api/v1/contacts", new
        {
            accountId = account.Id(), name = "Yoon Ara", title = "QA lead", department = "quality", influence = 3, email = "ara@example.com",
        });
        var path = $"/api/v1/contacts/{contact.Id()}";

        await (await client.PatchJsonAsync(path, new { title = (string?)null, stance = "supporter" })).ExpectAsync(HttpStatusCode.OK);

        var current = await client.GetJsonAsync(path);
        Assert.Null(current["title"]);
        Assert.Equal("supporter", current["stance"]!.GetValue<string>());
        Assert.Equal("quality", current["department"]!.GetValue<string>());
        Assert.Equal(3, current["influence"]!.GetValue<int>());
        Assert.Equal("ara@example.com", current["email"]!.GetValue<string>());
        Assert.Equal(account.Id(), current["accountId"]!.GetValue<long>());
    }

    [Fact]
    public async Task List_FiltersByAccountAndRoles_AndPagesWithoutGapsOrRepeats()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var otherAccount = await NewAccountAsync(rep);
        using var client = App.Client(rep);
        foreach (var (n, department, role, stance) in new[]
        {
            ("e", "finance", "economicBuyer", "neutral"),
            ("a", "engineering", "technicalEvaluator", "supporter"),
            ("c", "engineering", "champion", "supporter"),
            ("b", "purchasing", "gatekeeper", "opponent"),
            ("d", "management", "decisionMaker", "neutral"),
        })
        {
            await client.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = $"Person {n}", department, buyingRole = role, stance });
        }
        await client.CreateAsync("/api/v1/contacts", new { accountId = otherAccount.Id(), name = "Person elsewhere", department = "engineering" });

        var names = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetJsonAsync($"/api/v1/contacts?accountId={account.Id()}&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            names.AddRange(page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["a", "b", "c", "d", "e"], names.Select(n => n[^1..]));
        Assert.Equal(["Person a", "Person c"], Names(await client.GetJsonAsync($"/api/v1/contacts?accountId={account.Id()}&department=engineering")));
        Assert.Equal(["Person c"], Names(await client.GetJsonAsync($"/api/v1/contacts?accountId={account.Id()}&buyingRole=champion")));
        Assert.Equal(["Person d", "Person e"], Names(await client.GetJsonAsync($"/api/v1/contacts?accountId={account.Id()}&stance=neutral")));
        Assert.Equal(["Person a"], Names(await client.GetJsonAsync($"/api/v1/contacts?accountId={account.Id()}&q=SON%20A")));
        var badFilter = await client.GetAsync("/api/v1/contacts?department=sales");
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Contains("department", (await badFilter.ErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task History_ListsWhoChangedWhat_NewestFirst()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);
        var contact = await client.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Seo Jun", influence = 2 });
        await (await client.PatchJsonAsync($"/api/v1/contacts/{contact.Id()}", new { influence = 5 })).ExpectAsync(HttpStatusCode.OK);

        var entries = (await client.GetJsonAsync($"/api/v1/contacts/{contact.Id()}/history"))["items"]!.AsArray();

        Assert.Equal(["updated", "created"], entries.Select(e => e!["action"]!.GetValue<string>()));
        var change = Assert.Single(entries[0]!["changes"]!.AsArray());
        Assert.Equal("influence", change!["field"]!.GetValue<string>());
        Assert.Equal("2", change["old"]!.GetValue<string>());
        Assert.Equal("5", change["new"]!.GetValue<string>());
        Assert.Equal(rep.Id, entries[0]!["userId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Delete_KeepsActivitiesAndTasks_ButDetachesThem_InTheAuditTrail()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);
        var contact = await client.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Kang Min" });
        long activityId, taskId;
        await using (var db = App.OpenDb())
        {
            var activity = new Activity
            {
                AccountId = account.Id(), ContactId = contact.Id(), Kind = ActivityKind.Meeting, Subject = "Plant visit",
                OccurredAt = DateTime.UtcNow, AuthorId = rep.Id,
            };
            var task = new TaskItem
            {
                Title = "Send samples", DueOn = DateOnly.FromDateTime(DateTime.UtcNow), AssigneeId = rep.Id, CreatedById = rep.Id,
                AccountId = account.Id(), ContactId = contact.Id(),
            };
            db.Activities.Add(activity);
            db.Tasks.Add(task);
            await db.SaveChangesAsync();
            (activityId, taskId) = (activity.Id, task.Id);
        }

        await (await client.DeleteAsync($"/api/v1/contacts/{contact.Id()}", "\"1\"")).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/contacts/{contact.Id()}")).StatusCode);
        await using var check = App.OpenDb();
        Assert.Null((await check.Activities.SingleAsync(a => a.Id == activityId)).ContactId);
        Assert.Null((await check.Tasks.SingleAsync(t => t.Id == taskId)).ContactId);
        var trail = await check.AuditEntries
            .Where(e => (e.EntityType == "activity" && e.EntityId == activityId) || (e.EntityType == "task" && e.EntityId == taskId) || (e.EntityType == "contact" && e.EntityId == contact.Id()))
            .Where(e => e.UserId == rep.Id)
            .Select(e => new { e.EntityType, e.Action, e.Changes })
            .ToListAsync();
        Assert.Contains(trail, e => e.EntityType == "contact" && e.Action == AuditAction.Deleted);
        Assert.Contains(trail, e => e.EntityType == "activity" && e.Action == AuditAction.Updated && e.Changes.Contains("contactId", StringComparison.Ordinal));
        Assert.Contains(trail, e => e.EntityType == "task" && e.Action == AuditAction.Updated && e.Changes.Contains("contactId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccountDelete_IsRefusedWith409_WhileContactsExist()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        using var client = App.Client(rep);
        var contact = await client.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Oh Sena" });

        var blocked = await client.DeleteAsync($"/api/v1/accounts/{account.Id()}", ifMatch: null);
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Single((await blocked.JsonAsync())["rules"]!.AsArray());
        await AssertContactCountAsync(account.Id(), 1);

        await (await client.DeleteAsync($"/api/v1/contacts/{contact.Id()}", ifMatch: null)).ExpectAsync(HttpStatusCode.NoContent);
        await (await client.DeleteAsync($"/api/v1/accounts/{account.Id()}", ifMatch: null)).ExpectAsync(HttpStatusCode.NoContent);
    }

    private static List<string> Names(JsonNode page) => [.. page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>())];

    private async Task AssertContactCountAsync(long accountId, int expected)
    {
        await using var db = App.OpenDb();
        Assert.Equal(expected, await db.Contacts.CountAsync(c => c.AccountId == accountId));
    }
}
