using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Accounts;

public sealed class AccountsApiTests_Sqlite() : AccountsApiTests(Provider.Sqlite);

public sealed class AccountsApiTests_Postgres() : AccountsApiTests(Provider.Postgres);

public abstract class AccountsApiTests(Provider provider) : AppTests(provider)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    [Fact]
    public async Task Create_ReturnsCreatedWithLocationAndETag_AndOwnerDefaultsToCaller()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);

        var boilers = await client.BoilersAsync();
        var response = await client.PostJsonAsync("/api/v1/accounts", new { name = "Hanbit Precision", country = "kr", industry = "c", applicationIds = new[] { boilers, boilers } });

        await response.ExpectAsync(HttpStatusCode.Created);
        var account = await response.JsonAsync();
        Assert.Equal($"/api/v1/accounts/{account.Id()}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(rep.Id, account["ownerId"]!.GetValue<long>());
        Assert.Equal("KR", account["country"]!.GetValue<string>());
        Assert.Equal("prospect", account["status"]!.GetValue<string>());
        Assert.Equal(boilers, Assert.Single(account["applicationIds"]!.AsArray())!.GetValue<long>());
        Assert.Equal("boilers", Assert.Single(account["applications"]!.AsArray())!.GetValue<string>());
        Assert.Equal("C", account["industry"]!.GetValue<string>());
        Assert.Equal("Manufacturing", account["industryName"]!.GetValue<string>());
        Assert.Equal("customer", account["type"]!.GetValue<string>());

        var again = await client.GetAsync($"/api/v1/accounts/{account.Id()}");
        await again.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", again.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Rep_GetsNotFound_ForAnotherRepsAccount_InDetailListHistoryAndWrites()
    {
        var repA = await App.CreateUserAsync(Role.Rep);
        var repB = await App.CreateUserAsync(Role.Rep);
        var name = Unique("Hidden Works");
        var account = await App.Client(repB).CreateAsync("/api/v1/accounts", new { name });
        using var client = App.Client(repA);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/accounts/{account.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/accounts/{account.Id()}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { name = "Mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/accounts/{account.Id()}", ifMatch: null)).StatusCode);
        var list = await client.GetJsonAsync($"/api/v1/accounts?q={Uri.EscapeDataString(name)}");
        Assert.Empty(list["items"]!.AsArray());
        // A child record may not hang on an account the caller cannot see either.
        var child = await client.PostJsonAsync("/api/v1/accounts", new { name = "Child", parentId = account.Id() });
        Assert.Contains("parentId", (await child.ErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task Manager_SeesTheTeamsAccounts_ButNotOtherTeams()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var otherManager = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var account = await App.Client(rep).CreateAsync("/api/v1/accounts", new { name = Unique("Team Account") });

        await (await App.Client(manager).GetAsync($"/api/v1/accounts/{account.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client(otherManager).GetAsync($"/api/v1/accounts/{account.Id()}")).StatusCode);

        // The manager may edit it and hand it to another rep of the team, but not to someone outside.
        var teammate = await App.CreateUserAsync(Role.Rep, team);
        var outsider = await App.CreateUserAsync(Role.Rep);
        var refused = await App.Client(manager).PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { ownerId = outsider.Id });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("ownerId", (await refused.ErrorsAsync()).Select(e => e.Key));
        var moved = await App.Client(manager).PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { ownerId = teammate.Id });
        await moved.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AccountTeamMember_SeesTheAccount()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        var colleague = await App.CreateUserAsync(Role.Rep);
        var account = await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = Unique("Shared"), teamMemberIds = new[] { colleague.Id } });

        var seen = await App.Client(colleague).GetJsonAsync($"/api/v1/accounts/{account.Id()}");
        Assert.Equal([colleague.Id], seen["teamMemberIds"]!.AsArray().Select(x => x!.GetValue<long>()));
    }

    [Theory]
    [InlineData(Role.Admin)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task RolesThatSeeAll_ReadAnyAccount(Role role)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await App.Client(rep).CreateAsync("/api/v1/accounts", new { name = Unique("Anyone's") });
        var reader = await App.CreateUserAsync(role);

        await (await App.Client(reader).GetAsync($"/api/v1/accounts/{account.Id()}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task ReadOnlyRoles_GetForbidden_OnEveryWrite(Role role)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await App.Client(rep).CreateAsync("/api/v1/accounts", new { name = Unique("Read only") });
        using var client = App.Client(await App.CreateUserAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/accounts", new { name = "New" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { name = "Changed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/v1/accounts/{account.Id()}", ifMatch: null)).StatusCode);
        var unchanged = await App.Client(rep).GetJsonAsync($"/api/v1/accounts/{account.Id()}");
        Assert.Equal(1, unchanged["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Anonymous_GetsUnauthorizedProblem()
    {
        var response = await App.Client().GetAsync("/api/v1/accounts");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var bad = App.Client();
        bad.DefaultRequestHeaders.Authorization = new("Bearer", "bh_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bad.GetAsync("/api/v1/accounts")).StatusCode);
    }

    [Theory]
    [InlineData("{\"name\": \"A\",", "body")]
    [InlineData("{\"name\": 42}", "name")]
    [InlineData("{\"name\": \"A\", \"tier\": \"gold\"}", "tier")]
    [InlineData("{\"name\": \"A\", \"status\": 1}", "status")]
    [InlineData("{\"name\": \"A\", \"version\": 7}", "version")]
    [InlineData("{\"name\": \"A\", \"applicationIds\": \"boilers\"}", "applicationIds")]
    [InlineData("{\"name\": \"A\", \"applications\": [\"boilers\"]}", "applications")]
    public async Task MalformedBody_Is400_NamingTheField_AndSavesNothing(string body, string field)
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var response = await App.Client(rep).PostRawAsync("/api/v1/accounts", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ErrorsAsync()).Select(e => e.Key));
        await AssertOwnsNothingAsync(rep);
    }

    [Fact]
    public async Task InvalidValues_Are422_WithEveryFieldNamed_AndSaveNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var response = await App.Client(rep).PostJsonAsync("/api/v1/accounts", new
        {
            name = new string('x', 201),
            country = "XX",
            website = "ftp://files",
            industry = "Shipbuilding",
            employees = -1,
            applicationIds = new[] { 987654321L },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = await response.ErrorsAsync();
        Assert.Equal(["applicationIds", "country", "employees", "industry", "name", "website"], errors.Select(e => e.Key).Order());
        await AssertOwnsNothingAsync(rep);

        var missing = await App.Client(rep).PostJsonAsync("/api/v1/accounts", new { city = "Ulsan" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("name", (await missing.ErrorsAsync()).Select(e => e.Key));
        await AssertOwnsNothingAsync(rep);
    }

    [Fact]
    public async Task ValidationMessages_FollowAcceptLanguage()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var response = await App.Client(rep, language: "ko-KR").PostJsonAsync("/api/v1/accounts", new { name = "" });
        var errors = await response.ErrorsAsync();
        Assert.Equal("필수 항목입니다.", errors["name"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task StaleIfMatch_Is412_AndTheRecordKeepsTheNewerEdit()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.CreateAsync("/api/v1/accounts", new { name = Unique("Versioned") });
        var path = $"/api/v1/accounts/{account.Id()}";

        var first = await client.PatchJsonAsync(path, new { city = "Busan" }, ifMatch: "\"1\"");
        await first.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);

        var stale = await client.PatchJsonAsync(path, new { city = "Daegu" }, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var staleDelete = await client.DeleteAsync(path, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);

        var current = await client.GetJsonAsync(path);
        Assert.Equal("Busan", current["city"]!.GetValue<string>());
        Assert.Equal(2, current["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_ChangesOnlyTheFieldsSent_AndNullClears()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.CreateAsync("/api/v1/accounts", new { name = Unique("Patchable"), city = "Ulsan", industry = "30" });
        var path = $"/api/v1/accounts/{account.Id()}";

        await (await client.PatchJsonAsync(path, new { city = (string?)null, tier = "key" })).ExpectAsync(HttpStatusCode.OK);

        var current = await client.GetJsonAsync(path);
        Assert.Null(current["city"]);
        Assert.Equal("key", current["tier"]!.GetValue<string>());
        Assert.Equal("30", current["industry"]!.GetValue<string>());
    }

    [Fact]
    public async Task IdempotencyKey_ReplaysTheFirstAnswer_AndCreatesOneRecord()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var key = Guid.NewGuid().ToString();
        var body = new { name = Unique("Once Only") };

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostJsonAsync("/api/v1/accounts", body, key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync()).Id()));
        Assert.Single(ids.Distinct());
        Assert.Contains(responses, r => r.Headers.Contains("Idempotent-Replayed"));
        await using var db = App.OpenDb();
        Assert.Equal(1, await db.Accounts.CountAsync(a => a.OwnerId == rep.Id));

        var reused = await client.PostJsonAsync("/api/v1/accounts", new { name = "Something else" }, key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal(1, await db.Accounts.CountAsync(a => a.OwnerId == rep.Id));
    }

    [Fact]
    public async Task List_PagesWithAnOpaqueCursor_WithoutGapsOrRepeats()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var prefix = "Paged " + Guid.NewGuid().ToString("N")[..6];
        foreach (var n in new[] { "e", "a", "c", "b", "d" })
        {
            await client.CreateAsync("/api/v1/accounts", new { name = $"{prefix} {n}" });
        }

        var names = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetJsonAsync($"/api/v1/accounts?q={Uri.EscapeDataString(prefix)}&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            names.AddRange(page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["a", "b", "c", "d", "e"], names.Select(n => n[^1..]));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/accounts?limit=501")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/accounts?cursor=not-a-cursor")).StatusCode);
    }

    [Fact]
    public async Task Search_MatchesPartOfTheName_InAnyCase_AndTakesWildcardsLiterally()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await client.CreateAsync("/api/v1/accounts", new { name = $"Daehan Steel {tag}" });
        await client.CreateAsync("/api/v1/accounts", new { name = $"대한정밀 {tag}" });
        await client.CreateAsync("/api/v1/accounts", new { name = $"100% Pure {tag}" });

        Assert.Single((await client.GetJsonAsync($"/api/v1/accounts?q=STEEL%20{tag}"))["items"]!.AsArray());
        Assert.Single((await client.GetJsonAsync($"/api/v1/accounts?q={Uri.EscapeDataString("대한")}&ownerId={rep.Id}"))["items"]!.AsArray());
        Assert.Single((await client.GetJsonAsync($"/api/v1/accounts?q=100%25&ownerId={rep.Id}"))["items"]!.AsArray());
        Assert.Empty((await client.GetJsonAsync($"/api/v1/accounts?q=_&ownerId={rep.Id}"))["items"]!.AsArray());
    }

    [Fact]
    public async Task History_ListsWhoChangedWhat_NewestFirst()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.CreateAsync("/api/v1/accounts", new { name = Unique("Audited"), city = "Ulsan" });
        await (await client.PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { city = "Pohang" })).ExpectAsync(HttpStatusCode.OK);

        var history = await client.GetJsonAsync($"/api/v1/accounts/{account.Id()}/history");
        var entries = history["items"]!.AsArray();
        Assert.Equal(["updated", "created"], entries.Select(e => e!["action"]!.GetValue<string>()));
        var change = Assert.Single(entries[0]!["changes"]!.AsArray());
        Assert.Equal("city", change!["field"]!.GetValue<string>());
        Assert.Equal("Ulsan", change["old"]!.GetValue<string>());
        Assert.Equal("Pohang", change["new"]!.GetValue<string>());
        Assert.Equal(rep.Id, entries[0]!["userId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Parent_CannotMakeALoop()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var group = await client.CreateAsync("/api/v1/accounts", new { name = Unique("Group") });
        var plant = await client.CreateAsync("/api/v1/accounts", new { name = Unique("Plant"), parentId = group.Id() });

        var loop = await client.PatchJsonAsync($"/api/v1/accounts/{group.Id()}", new { parentId = plant.Id() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, loop.StatusCode);
        Assert.Contains("parentId", (await loop.ErrorsAsync()).Select(e => e.Key));

        var blocked = await client.DeleteAsync($"/api/v1/accounts/{group.Id()}", ifMatch: null);
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Single((await blocked.JsonAsync())["rules"]!.AsArray());
    }

    [Fact]
    public async Task Delete_RemovesTheAccount_AndLeavesTheDeletionInTheAuditTrail()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.CreateAsync("/api/v1/accounts", new { name = Unique("Short lived") });

        await (await client.DeleteAsync($"/api/v1/accounts/{account.Id()}", "\"1\"")).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/accounts/{account.Id()}")).StatusCode);
        await using var db = App.OpenDb();
        var entries = await db.AuditEntries.Where(e => e.EntityType == "account" && e.EntityId == account.Id()).Select(e => e.Action).ToListAsync();
        Assert.Contains(Bridgehead.Auditing.AuditAction.Deleted, entries);
    }

    [Fact]
    public async Task ATeamMember_CannotTakeTheAccount_OrChangeItsTeam_ButTheOwnersManagerCan()
    {
        var team = TestApp.NewTeam();
        var owner = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var member = await App.CreateUserAsync(Role.Rep);
        var colleague = await App.CreateUserAsync(Role.Rep);
        var account = await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = Unique("Guarded"), teamMemberIds = new[] { member.Id } });
        var path = $"/api/v1/accounts/{account.Id()}";

        var seize = await App.Client(member).PatchJsonAsync(path, new { ownerId = member.Id, teamMemberIds = Array.Empty<long>() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, seize.StatusCode);
        Assert.Equal(["ownerId", "teamMemberIds"], (await seize.ErrorsAsync()).Select(e => e.Key).Order());
        var add = await App.Client(member).PatchJsonAsync(path, new { teamMemberIds = new[] { member.Id, colleague.Id } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, add.StatusCode);
        // Working the account is still allowed.
        await (await App.Client(member).PatchJsonAsync(path, new { city = "Geoje" })).ExpectAsync(HttpStatusCode.OK);

        await (await App.Client(manager).PatchJsonAsync(path, new { teamMemberIds = new[] { member.Id, colleague.Id } })).ExpectAsync(HttpStatusCode.OK);
        var current = await App.Client(owner).GetJsonAsync(path);
        Assert.Equal(owner.Id, current["ownerId"]!.GetValue<long>());
        Assert.Equal(2, current["teamMemberIds"]!.AsArray().Count);
    }

    [Fact]
    public async Task ChangingOnlyTheTeam_RaisesTheVersion_AndRefusesAStaleIfMatch()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        var a = await App.CreateUserAsync(Role.Rep);
        var b = await App.CreateUserAsync(Role.Rep);
        var client = App.Client(owner);
        var account = await client.CreateAsync("/api/v1/accounts", new { name = Unique("Team race") });
        var path = $"/api/v1/accounts/{account.Id()}";

        var first = await client.PatchJsonAsync(path, new { teamMemberIds = new[] { a.Id } }, ifMatch: "\"1\"");
        await first.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);
        var second = await client.PatchJsonAsync(path, new { teamMemberIds = new[] { b.Id } }, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        Assert.Equal([a.Id], (await client.GetJsonAsync(path))["teamMemberIds"]!.AsArray().Select(x => x!.GetValue<long>()));
    }

    [Fact]
    public async Task AParentTheCallerCannotSee_IsKept_AndDoesNotBlockOtherEdits()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var hiddenGroup = await admin.CreateAsync("/api/v1/accounts", new { name = Unique("Hidden group") });
        var plant = await App.Client(rep).CreateAsync("/api/v1/accounts", new { name = Unique("Visible plant") });
        await (await admin.PatchJsonAsync($"/api/v1/accounts/{plant.Id()}", new { parentId = hiddenGroup.Id() })).ExpectAsync(HttpStatusCode.OK);

        await (await App.Client(rep).PatchJsonAsync($"/api/v1/accounts/{plant.Id()}", new { city = "Ulsan" })).ExpectAsync(HttpStatusCode.OK);
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync($"/accounts/{plant.Id()}/edit");
        Assert.Contains("(a record you cannot see)", form.Html);
        Assert.DoesNotContain("Hidden group", form.Html);

        var current = await admin.GetJsonAsync($"/api/v1/accounts/{plant.Id()}");
        Assert.Equal(hiddenGroup.Id(), current["parentId"]!.GetValue<long>());
        var delete = await App.Client(rep).DeleteAsync($"/api/v1/accounts/{plant.Id()}", ifMatch: null);
        await delete.ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task DeletingAGroupWithHiddenSubsidiaries_IsBlocked_WithoutCountingThem()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var other = await App.CreateUserAsync(Role.Rep);
        var group = await App.Client(rep).CreateAsync("/api/v1/accounts", new { name = Unique("Group") });
        var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var hidden = await App.Client(other).CreateAsync("/api/v1/accounts", new { name = Unique("Other's plant") });
        await (await admin.PatchJsonAsync($"/api/v1/accounts/{hidden.Id()}", new { parentId = group.Id() })).ExpectAsync(HttpStatusCode.OK);

        var blocked = await App.Client(rep).DeleteAsync($"/api/v1/accounts/{group.Id()}", ifMatch: null);

        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        var rule = Assert.Single((await blocked.JsonAsync())["rules"]!.AsArray())!.GetValue<string>();
        Assert.Contains("cannot see", rule);
        Assert.DoesNotContain("1", rule);
    }

    [Fact]
    public async Task PatchingStatusWithNull_KeepsTheStatus()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await App.Client(rep).CreateAsync("/api/v1/accounts", new { name = Unique("Customer"), status = "customer" });
        var patched = await App.Client(rep).PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { status = (string?)null });
        await patched.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("customer", (await patched.JsonAsync())["status"]!.GetValue<string>());
    }

    private async Task AssertOwnsNothingAsync(TestUser user)
    {
        await using var db = App.OpenDb();
        Assert.False(await db.Accounts.AnyAsync(a => a.OwnerId == user.Id));
    }
}
