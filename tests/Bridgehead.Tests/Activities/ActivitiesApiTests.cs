using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Auditing;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Activities;

public sealed class ActivitiesApiTests_Sqlite() : ActivitiesApiTests(Provider.Sqlite);

public sealed class ActivitiesApiTests_Postgres() : ActivitiesApiTests(Provider.Postgres);

public abstract class ActivitiesApiTests(Provider provider) : AppTests(provider)
{
    private const string Activities = "/api/v1/activities";

    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    private async Task<JsonNode> AccountAsync(TestUser owner, params long[] teamMemberIds) =>
        await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = Unique("Timeline Co"), teamMemberIds });

    private static async Task<JsonNode> LogAsync(HttpClient client, long accountId, string subject = "Line audit", DateTime? occurredAt = null, string kind = "call") =>
        await client.CreateAsync(Activities, new { accountId, kind, subject, occurredAt });

    private static IEnumerable<string> Subjects(JsonNode page) => page["items"]!.AsArray().Select(i => i!["subject"]!.GetValue<string>());

    [Fact]
    public async Task AfterItsContactMovedToAnotherAccount_AnEntryCanStillBeEdited()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var first = await AccountAsync(rep);
        var second = await AccountAsync(rep);
        var contactId = await App.ContactAsync(first.Id(), "Moving Person");
        using var client = App.Client(rep);
        var entry = await client.CreateAsync(Activities, new { accountId = first.Id(), contactId, kind = "visit", subject = "Before the move" });
        await (await client.PatchJsonAsync($"/api/v1/contacts/{contactId}", new { accountId = second.Id() })).ExpectAsync(HttpStatusCode.OK);

        var edited = await client.PatchJsonAsync($"{Activities}/{entry.Id()}", new { subject = "Still about that visit" });

        await edited.ExpectAsync(HttpStatusCode.OK);
        // Linking it anew must still match the account.
        var relinked = await client.PatchJsonAsync($"{Activities}/{entry.Id()}", new { contactId = await App.ContactAsync(second.Id(), "Someone else") });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, relinked.StatusCode);
    }

    [Fact]
    public async Task Create_ReturnsCreatedWithLocationAndETag_TheCallerIsTheAuthor_AndTheTimeIsKeptInUtc()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var contactId = await App.ContactAsync(account.Id(), "Park Jiwoo");
        var opportunityId = await App.OpportunityAsync(account.Id(), rep.Id, "Heat exchangers");
        using var client = App.Client(rep);

        var response = await client.PostJsonAsync(Activities, new
        {
            accountId = account.Id(),
            contactId,
            opportunityId,
            kind = "meeting",
            subject = "  Pilot line review  ",
            body = "Agreed on a second pilot round.",
            occurredAt = "2024-05-20T09:30:00+09:00",
        });

        await response.ExpectAsync(HttpStatusCode.Created);
        var activity = await response.JsonAsync();
        Assert.Equal($"/api/v1/activities/{activity.Id()}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(rep.Id, activity["authorId"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(activity["authorName"]!.GetValue<string>()));
        Assert.Equal(account["name"]!.GetValue<string>(), activity["accountName"]!.GetValue<string>());
        Assert.Equal("Park Jiwoo", activity["contactName"]!.GetValue<string>());
        Assert.Equal("Heat exchangers", activity["opportunityTitle"]!.GetValue<string>());
        Assert.Equal("meeting", activity["kind"]!.GetValue<string>());
        Assert.Equal("Pilot line review", activity["subject"]!.GetValue<string>());
        Assert.Equal(new DateTime(2024, 5, 20, 0, 30, 0, DateTimeKind.Utc), activity["occurredAt"]!.GetValue<DateTime>().ToUniversalTime());

        var again = await client.GetAsync($"{Activities}/{activity.Id()}");
        await again.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", again.Headers.ETag?.Tag);
        Assert.Equal(1, (await again.JsonAsync())["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task OccurredAt_DefaultsToNow_AndIsRefusedBefore2000OrMoreThanAYearAhead()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        using var client = App.Client(rep);

        var before = DateTime.UtcNow.AddSeconds(-5);
        var logged = await LogAsync(client, account.Id());
        var occurredAt = logged["occurredAt"]!.GetValue<DateTime>().ToUniversalTime();
        Assert.InRange(occurredAt, before, DateTime.UtcNow.AddSeconds(5));

        foreach (var refused in new[] { new DateTime(1999, 12, 31, 23, 0, 0, DateTimeKind.Utc), DateTime.UtcNow.AddYears(1).AddDays(2) })
        {
            var response = await client.PostJsonAsync(Activities, new { accountId = account.Id(), kind = "note", subject = "Out of range", occurredAt = refused });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal(["occurredAt"], (await response.ErrorsAsync()).Select(e => e.Key));
        }
        await AssertAuthoredAsync(rep, 1);
    }

    [Fact]
    public async Task AccountTimeline_ListsItsActivitiesNewestFirst_AndPagesWithTheCursor()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var other = await AccountAsync(rep);
        using var client = App.Client(rep);
        var day = new DateTime(2025, 3, 10, 8, 0, 0, DateTimeKind.Utc);
        await LogAsync(client, account.Id(), "b", day.AddDays(1));
        await LogAsync(client, account.Id(), "e", day.AddDays(-2));
        await LogAsync(client, account.Id(), "a", day.AddDays(3));
        // Two at the same moment: the later one logged comes first.
        await LogAsync(client, account.Id(), "d", day);
        await LogAsync(client, account.Id(), "c", day);
        await LogAsync(client, other.Id(), "elsewhere", day.AddDays(2));

        var subjects = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetJsonAsync($"{Activities}?accountId={account.Id()}&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            subjects.AddRange(Subjects(page));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["a", "b", "c", "d", "e"], subjects);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Activities}?cursor=not-a-cursor")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Activities}?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Timeline_FiltersByContactOpportunityKindAuthorAndTimeRange()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var colleague = await App.CreateUserAsync(Role.Rep, team);
        var account = await AccountAsync(rep, colleague.Id);
        var contactId = await App.ContactAsync(account.Id());
        var opportunityId = await App.OpportunityAsync(account.Id(), rep.Id);
        using var client = App.Client(rep);
        var day = new DateTime(2025, 6, 2, 9, 0, 0, DateTimeKind.Utc);
        await client.CreateAsync(Activities, new { accountId = account.Id(), contactId, kind = "call", subject = "contact call", occurredAt = day });
        await client.CreateAsync(Activities, new { accountId = account.Id(), opportunityId, kind = "visit", subject = "opportunity visit", occurredAt = day.AddDays(1) });
        await client.CreateAsync(Activities, new { accountId = account.Id(), contactId, opportunityId, kind = "email", subject = "both", occurredAt = day.AddDays(2) });
        await App.Client(colleague).CreateAsync(Activities, new { accountId = account.Id(), kind = "note", subject = "colleague note", occurredAt = day.AddDays(3) });
        var all = $"{Activities}?accountId={account.Id()}";

        Assert.Equal(["both", "contact call"], Subjects(await client.GetJsonAsync($"{Activities}?contactId={contactId}")));
        Assert.Equal(["both", "opportunity visit"], Subjects(await client.GetJsonAsync($"{Activities}?opportunityId={opportunityId}")));
        Assert.Equal(["opportunity visit"], Subjects(await client.GetJsonAsync($"{all}&kind=visit")));
        Assert.Equal(["colleague note"], Subjects(await client.GetJsonAsync($"{all}&authorId={colleague.Id}")));
        // Both ends of the range are inclusive.
        Assert.Equal(["both", "opportunity visit"], Subjects(await client.GetJsonAsync($"{all}&from=2025-06-03T09:00:00Z&to=2025-06-04T09:00:00Z")));
        var unknown = await client.GetAsync($"{all}&kind=lunch");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(["kind"], (await unknown.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{all}&kind=1")).StatusCode);
    }

    [Fact]
    public async Task ContactOrOpportunityOfAnotherAccount_Is422_NamingTheField_AndSavesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var other = await AccountAsync(rep);
        var foreignContact = await App.ContactAsync(other.Id());
        var foreignOpportunity = await App.OpportunityAsync(other.Id(), rep.Id);
        using var client = App.Client(rep);

        var contact = await client.PostJsonAsync(Activities, new { accountId = account.Id(), contactId = foreignContact, kind = "call", subject = "Wrong person" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, contact.StatusCode);
        Assert.Equal(["contactId"], (await contact.ErrorsAsync()).Select(e => e.Key));

        var opportunity = await client.PostJsonAsync(Activities, new { accountId = account.Id(), opportunityId = foreignOpportunity, kind = "call", subject = "Wrong deal" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, opportunity.StatusCode);
        Assert.Equal(["opportunityId"], (await opportunity.ErrorsAsync()).Select(e => e.Key));

        var missing = await client.PostJsonAsync(Activities, new { accountId = account.Id(), contactId = long.MaxValue, kind = "call", subject = "Nobody" });
        Assert.Equal(["contactId"], (await missing.ErrorsAsync()).Select(e => e.Key));
        await AssertAuthoredAsync(rep, 0);
    }

    [Fact]
    public async Task Rep_GetsNotFound_ForAnotherRepsActivity_AndCannotLogOneOnTheirAccount()
    {
        var repA = await App.CreateUserAsync(Role.Rep);
        var repB = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(repB);
        var activity = await LogAsync(App.Client(repB), account.Id(), "Private call");
        var path = $"{Activities}/{activity.Id()}";
        using var client = App.Client(repA);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path + "/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchJsonAsync(path, new { subject = "Mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(path, ifMatch: null)).StatusCode);
        Assert.Empty((await client.GetJsonAsync($"{Activities}?accountId={account.Id()}"))["items"]!.AsArray());

        var logged = await client.PostJsonAsync(Activities, new { accountId = account.Id(), kind = "note", subject = "Sneaky" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, logged.StatusCode);
        Assert.Equal(["accountId"], (await logged.ErrorsAsync()).Select(e => e.Key));
        await AssertAuthoredAsync(repA, 0);
        var unchanged = await App.Client(repB).GetJsonAsync(path);
        Assert.Equal("Private call", unchanged["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task RepWhoIsNotTheAuthor_IsForbidden_OnATeammatesActivity_ButTheTeamsManagerMayEditIt()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var owner = await App.CreateUserAsync(Role.Rep, team);
        var author = await App.CreateUserAsync(Role.Rep, team);
        var account = await AccountAsync(owner, author.Id);
        var activity = await LogAsync(App.Client(author), account.Id(), "Plant visit");
        var path = $"{Activities}/{activity.Id()}";

        // The owner sees the teammate's entry on the shared account, but may not rewrite or remove it.
        await (await App.Client(owner).GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        var patch = await App.Client(owner).PatchJsonAsync(path, new { subject = "Rewritten" });
        Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
        Assert.Equal("application/problem+json", patch.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.Client(owner).DeleteAsync(path, ifMatch: null)).StatusCode);
        Assert.Equal(1, (await App.Client(author).GetJsonAsync(path))["version"]!.GetValue<long>());

        // A manager edits only what their team's visibility lets them see; another team's manager finds nothing.
        var otherManager = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client(otherManager).PatchJsonAsync(path, new { subject = "Not mine" })).StatusCode);

        var managed = await App.Client(manager).PatchJsonAsync(path, new { subject = "Plant visit (corrected)" }, ifMatch: "\"1\"");
        await managed.ExpectAsync(HttpStatusCode.OK);
        var edited = await managed.JsonAsync();
        Assert.Equal("Plant visit (corrected)", edited["subject"]!.GetValue<string>());
        Assert.Equal(author.Id, edited["authorId"]!.GetValue<long>());

        await (await App.Client(author).PatchJsonAsync(path, new { body = "Notes added" }, ifMatch: "\"2\"")).ExpectAsync(HttpStatusCode.OK);
        await (await App.Client(manager).DeleteAsync(path, "\"3\"")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client(author).GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Viewer_ReadsTheTimeline_ButIsForbiddenEveryWrite()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var activity = await LogAsync(App.Client(rep), account.Id());
        var path = $"{Activities}/{activity.Id()}";
        using var client = App.Client(await App.CreateUserAsync(Role.Viewer));

        await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        Assert.Single((await client.GetJsonAsync($"{Activities}?accountId={account.Id()}"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync(Activities, new { accountId = account.Id(), kind = "note", subject = "No" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync(path, new { subject = "No" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(path, ifMatch: null)).StatusCode);
        Assert.Equal(1, (await App.Client(rep).GetJsonAsync(path))["version"]!.GetValue<long>());
        await using var db = App.OpenDb();
        Assert.Equal(1, await db.Activities.CountAsync(x => x.AccountId == account.Id()));
    }

    [Theory]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task QualityAndProduct_AreForbiddenTheTimeline(Role role)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var activity = await LogAsync(App.Client(rep), account.Id());
        var path = $"{Activities}/{activity.Id()}";
        using var client = App.Client(await App.CreateUserAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Activities)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path + "/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync(Activities, new { accountId = account.Id(), kind = "note", subject = "No" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync(path, new { subject = "No" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(path, ifMatch: null)).StatusCode);
    }

    [Theory]
    [InlineData("{\"accountId\": 1,", "body")]
    [InlineData("{\"accountId\": 1, \"kind\": \"lunch\", \"subject\": \"x\"}", "kind")]
    [InlineData("{\"accountId\": 1, \"kind\": \"call\", \"subject\": \"x\", \"authorId\": 1}", "authorId")]
    [InlineData("{\"accountId\": \"one\", \"kind\": \"call\", \"subject\": \"x\"}", "accountId")]
    [InlineData("{\"accountId\": 1, \"kind\": \"call\", \"subject\": 42}", "subject")]
    [InlineData("{\"accountId\": 1, \"kind\": \"call\", \"subject\": \"x\", \"occurredAt\": \"yesterday\"}", "occurredAt")]
    public async Task MalformedBody_Is400_NamingTheField_AndSavesNothing(string body, string field)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var response = await App.Client(rep).PostRawAsync(Activities, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ErrorsAsync()).Select(e => e.Key));
        await AssertAuthoredAsync(rep, 0);
    }

    [Fact]
    public async Task Patch_CannotSetTheAuthor_OrAnUnknownKind()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var other = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        using var client = App.Client(rep);
        var path = $"{Activities}/{(await LogAsync(client, account.Id())).Id()}";

        var author = await client.PatchJsonAsync(path, new { authorId = other.Id });
        Assert.Equal(HttpStatusCode.BadRequest, author.StatusCode);
        Assert.Equal(["authorId"], (await author.ErrorsAsync()).Select(e => e.Key));
        var kind = await client.PatchJsonAsync(path, new { kind = "lunch" });
        Assert.Equal(HttpStatusCode.BadRequest, kind.StatusCode);
        Assert.Equal(["kind"], (await kind.ErrorsAsync()).Select(e => e.Key));

        var current = await client.GetJsonAsync(path);
        Assert.Equal(rep.Id, current["authorId"]!.GetValue<long>());
        Assert.Equal(1, current["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task MissingOrTooLongValues_Are422_WithEveryFieldNamed_AndSaveNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        using var client = App.Client(rep);

        var missing = await client.PostJsonAsync(Activities, new { body = "No subject, kind or account" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Equal(["accountId", "kind", "subject"], (await missing.ErrorsAsync()).Select(e => e.Key).Order());

        var tooLong = await client.PostJsonAsync(Activities, new { accountId = account.Id(), kind = "email", subject = new string('s', 201), body = new string('b', 8001) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Equal(["body", "subject"], (await tooLong.ErrorsAsync()).Select(e => e.Key).Order());

        var blank = await client.PostJsonAsync(Activities, new { accountId = account.Id(), kind = "email", subject = "   " });
        Assert.Equal(["subject"], (await blank.ErrorsAsync()).Select(e => e.Key));
        await AssertAuthoredAsync(rep, 0);
    }

    [Fact]
    public async Task ValidationMessages_FollowAcceptLanguage()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        var foreignContact = await App.ContactAsync((await AccountAsync(rep)).Id());

        var response = await App.Client(rep, language: "ko-KR").PostJsonAsync(Activities, new { accountId = account.Id(), contactId = foreignContact, kind = "call", subject = "x" });

        var message = (await response.ErrorsAsync())["contactId"]![0]!.GetValue<string>();
        Assert.Contains("연락처", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaleIfMatch_Is412_AndTheActivityKeepsTheNewerEdit()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        using var client = App.Client(rep);
        var path = $"{Activities}/{(await LogAsync(client, account.Id(), "First")).Id()}";

        var first = await client.PatchJsonAsync(path, new { subject = "Second" }, ifMatch: "\"1\"");
        await first.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PatchJsonAsync(path, new { subject = "Stale" }, ifMatch: "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.DeleteAsync(path, ifMatch: "\"1\"")).StatusCode);

        var current = await client.GetJsonAsync(path);
        Assert.Equal("Second", current["subject"]!.GetValue<string>());
        Assert.Equal(2, current["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task History_ListsWhoChangedWhat_NewestFirst()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        using var client = App.Client(rep);
        var path = $"{Activities}/{(await LogAsync(client, account.Id(), "Call about samples")).Id()}";
        await (await client.PatchJsonAsync(path, new { kind = "visit" })).ExpectAsync(HttpStatusCode.OK);

        var entries = (await client.GetJsonAsync(path + "/history"))["items"]!.AsArray();
        Assert.Equal(["updated", "created"], entries.Select(e => e!["action"]!.GetValue<string>()));
        var change = Assert.Single(entries[0]!["changes"]!.AsArray());
        Assert.Equal("kind", change!["field"]!.GetValue<string>());
        Assert.Equal("call", change["old"]!.GetValue<string>());
        Assert.Equal("visit", change["new"]!.GetValue<string>());
        Assert.Equal(rep.Id, entries[0]!["userId"]!.GetValue<long>());
    }

    [Fact]
    public async Task DeletingAnAccount_RemovesItsActivities_AndDetachesItsTasks()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await AccountAsync(rep);
        using var client = App.Client(rep);
        var activity = await LogAsync(client, account.Id(), "Last call");
        var task = await client.CreateAsync("/api/v1/tasks", new { title = "Send the final offer", dueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7), accountId = account.Id() });

        await (await client.DeleteAsync($"/api/v1/accounts/{account.Id()}", ifMatch: null)).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Activities}/{activity.Id()}")).StatusCode);
        var detached = await client.GetJsonAsync($"/api/v1/tasks/{task.Id()}");
        Assert.Null(detached["accountId"]);
        Assert.Null(detached["accountName"]);
        await using var db = App.OpenDb();
        Assert.False(await db.Activities.AnyAsync(x => x.AccountId == account.Id()));
        var trail = await db.AuditEntries.Where(e => e.EntityType == "activity" && e.EntityId == activity.Id()).Select(e => e.Action).ToListAsync();
        Assert.Contains(AuditAction.Deleted, trail);
    }

    private async Task AssertAuthoredAsync(TestUser user, int count)
    {
        await using var db = App.OpenDb();
        Assert.Equal(count, await db.Activities.CountAsync(x => x.AuthorId == user.Id));
    }
}
