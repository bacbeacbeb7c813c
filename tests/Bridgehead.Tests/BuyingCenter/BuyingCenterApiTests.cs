using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.BuyingCenter;

public sealed class BuyingCenterApiTests_Sqlite() : BuyingCenterApiTests(Provider.Sqlite);

public sealed class BuyingCenterApiTests_Postgres() : BuyingCenterApiTests(Provider.Postgres);

/// <summary>/opportunities/{id}/buying-center: members, their last touch, coverage, warnings and who may do what.</summary>
public abstract class BuyingCenterApiTests(Provider provider) : AppTests(provider)
{
    private static string ETag(HttpResponseMessage r) => r.Headers.ETag!.Tag;

    private static List<string> Codes(JsonNode center) =>
        [.. center["warnings"]!.AsArray().Select(w => w.Str("code"))];

    private static List<long> Ids(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<long>())];

    [Fact]
    public async Task Add_WithoutValues_StartsWithTheContactsValues_AndGivenValuesWin()
    {
        var p = await Pursuit.NewAsync(App);
        var kim = await p.PersonAsync("Kim Buyer", new { title = "Purchasing lead", department = "purchasing", buyingRole = "economicBuyer", influence = 4, stance = "supporter", pains = "Late deliveries" });
        var lee = await p.PersonAsync("Lee Engineer", new { department = "engineering", buyingRole = "technicalEvaluator", influence = 3, stance = "neutral", pains = "Leaks" });

        var created = await p.Api.PostJsonAsync(p.Path, new { contactId = kim.Id() });
        await created.ExpectAsync(HttpStatusCode.Created);
        var member = await created.JsonAsync();
        Assert.Equal($"{p.Path}/{member.Id()}", created.Headers.Location?.ToString());
        Assert.Equal($"\"{member["version"]}\"", ETag(created));
        Assert.Equal(kim.Id(), member["contactId"]!.GetValue<long>());
        Assert.Equal(kim.Str("name"), member.Str("contactName"));
        Assert.Equal("Purchasing lead", member.Str("contactTitle"));
        Assert.Equal("purchasing", member.Str("department"));
        Assert.Equal("economicBuyer", member.Str("role"));
        Assert.Equal(4, member["influence"]!.GetValue<int>());
        Assert.Equal("supporter", member.Str("stance"));
        Assert.Equal("Late deliveries", member.Str("pains"));
        Assert.Null(member["ourFit"]);
        Assert.Null(member["lastTouch"]);
        Assert.Null(member["daysSinceTouch"]);

        var second = await p.Api.CreateAsync(p.Path, new { contactId = lee.Id(), role = "decisionMaker", influence = 5, stance = "opponent", pains = "  Cost of downtime ", ourFit = "Seal kit with 48-hour delivery" });
        Assert.Equal("engineering", second.Str("department"));
        Assert.Equal("decisionMaker", second.Str("role"));
        Assert.Equal(5, second["influence"]!.GetValue<int>());
        Assert.Equal("opponent", second.Str("stance"));
        Assert.Equal("Cost of downtime", second.Str("pains"));
        Assert.Equal("Seal kit with 48-hour delivery", second.Str("ourFit"));

        // The contact keeps its own values: the member's are per pursuit.
        Assert.Equal("technicalEvaluator", (await p.Api.GetJsonAsync($"/api/v1/contacts/{lee.Id()}")).Str("buyingRole"));
        var got = await p.Api.GetAsync(p.PathOf(second.Id()));
        await got.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal($"\"{second["version"]}\"", ETag(got));
        Assert.Equal(2, (await p.CenterAsync())["members"]!.AsArray().Count);
    }

    [Fact]
    public async Task AContactOfAnotherAccount_OrNone_Is422OnContactId_AndNothingIsSaved()
    {
        var p = await Pursuit.NewAsync(App);
        var otherAccount = await p.Api.NewAccountAsync();
        var stranger = await p.Api.CreateAsync("/api/v1/contacts", new { accountId = otherAccount.Id(), name = Unique("Stranger") });
        var hidden = await Pursuit.NewAsync(App);
        var secret = await hidden.PersonAsync("Hidden Person");

        foreach (var body in new object[] { new { contactId = stranger.Id() }, new { contactId = secret.Id() }, new { contactId = 987654321L }, new { role = "user" } })
        {
            var refused = await p.Api.PostJsonAsync(p.Path, body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal(["contactId"], (await refused.ErrorsAsync()).Select(e => e.Key));
        }
        Assert.Empty((await p.CenterAsync())["members"]!.AsArray());
    }

    [Fact]
    public async Task ThePersonTwice_Is409()
    {
        var p = await Pursuit.NewAsync(App);
        var kim = await p.PersonAsync("Kim Twice");
        await p.Api.CreateAsync(p.Path, new { contactId = kim.Id() });

        var again = await p.Api.PostJsonAsync(p.Path, new { contactId = kim.Id(), role = "user" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(kim.Str("name"), (await again.JsonAsync()).Str("detail"));
        Assert.Single((await p.CenterAsync())["members"]!.AsArray());
    }

    [Fact]
    public async Task MovingThePursuitToAnotherAccount_IsRefused_WhileItsBuyingCenterHasMembers()
    {
        var p = await Pursuit.NewAsync(App);
        var member = await p.MemberAsync("Kim Stays", new { department = "purchasing" });
        var other = await p.Api.NewAccountAsync();
        var pursuit = $"/api/v1/opportunities/{p.OpportunityId}";

        var refused = await p.Api.PatchJsonAsync(pursuit, new { accountId = other.Id() });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("1 buying-center member", (await refused.JsonAsync()).Str("detail"));
        Assert.Equal(p.AccountId, (await p.Api.GetJsonAsync(pursuit))["accountId"]!.GetValue<long>());

        await (await p.Api.DeleteAsync(p.PathOf(member.Id()))).ExpectAsync(HttpStatusCode.NoContent);
        await (await p.Api.PatchJsonAsync(pursuit, new { accountId = other.Id() })).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{\"influence\": 0}", "influence")]
    [InlineData("{\"influence\": 6}", "influence")]
    [InlineData("{\"pains\": \"LONG\"}", "pains")]
    [InlineData("{\"ourFit\": \"LONG\"}", "ourFit")]
    public async Task InvalidValues_Are422NamingTheField_AndNothingIsSaved(string values, string field)
    {
        var p = await Pursuit.NewAsync(App);
        var kim = await p.PersonAsync("Kim Invalid");
        var body = JsonNode.Parse(values.Replace("LONG", new string('x', 4001), StringComparison.Ordinal))!.AsObject();
        body["contactId"] = kim.Id();

        var refused = await p.Api.PostRawAsync(p.Path, body.ToJsonString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
        Assert.Empty((await p.CenterAsync())["members"]!.AsArray());

        var member = await p.Api.CreateAsync(p.Path, new { contactId = kim.Id(), influence = 2 });
        var patch = await p.Api.PatchJsonAsync(p.PathOf(member.Id()), JsonNode.Parse(values.Replace("LONG", new string('x', 4001), StringComparison.Ordinal))!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, patch.StatusCode);
        Assert.Equal([field], (await patch.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(2, (await p.Api.GetJsonAsync(p.PathOf(member.Id())))["influence"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("{\"role\": \"boss\"}", "role")]
    [InlineData("{\"stance\": \"hostile\"}", "stance")]
    [InlineData("{\"department\": \"sales\"}", "department")]
    [InlineData("{\"influence\": \"high\"}", "influence")]
    [InlineData("{\"id\": 5}", "id")]
    public async Task UnknownEnumValuesAndFields_Are400NamingTheField(string body, string field)
    {
        var p = await Pursuit.NewAsync(App);

        var refused = await p.Api.PostRawAsync(p.Path, body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task Patch_And_Delete_HonourIfMatch_AndThePersonCannotChange()
    {
        var p = await Pursuit.NewAsync(App);
        var member = await p.MemberAsync("Park Patch", new { role = "user", influence = 2 });
        var stale = $"\"{member["version"]}\"";

        var changed = await p.Api.PatchJsonAsync(p.PathOf(member.Id()), new { stance = "supporter", influence = (int?)null }, stale);
        await changed.ExpectAsync(HttpStatusCode.OK);
        var after = await changed.JsonAsync();
        Assert.Equal("supporter", after.Str("stance"));
        Assert.Null(after["influence"]);
        Assert.Equal("user", after.Str("role"));
        Assert.NotEqual(stale, ETag(changed));

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await p.Api.PatchJsonAsync(p.PathOf(member.Id()), new { stance = "opponent" }, stale)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await p.Api.DeleteAsync(p.PathOf(member.Id()), stale)).StatusCode);
        Assert.Equal("supporter", (await p.Api.GetJsonAsync(p.PathOf(member.Id()))).Str("stance"));

        var other = await p.PersonAsync("Other Person");
        var moved = await p.Api.PatchJsonAsync(p.PathOf(member.Id()), new { contactId = other.Id() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode);
        Assert.Equal(["contactId"], (await moved.ErrorsAsync()).Select(e => e.Key));

        var deleted = await p.Api.DeleteAsync(p.PathOf(member.Id()), ETag(changed));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await p.Api.GetAsync(p.PathOf(member.Id()))).StatusCode);
        Assert.Empty((await p.CenterAsync())["members"]!.AsArray());
        // The person stays at the account.
        await (await p.Api.GetAsync($"/api/v1/contacts/{member["contactId"]}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AMemberOfAnotherPursuit_IsNotFoundUnderThisOne()
    {
        var p = await Pursuit.NewAsync(App);
        var member = await p.MemberAsync("Seo Elsewhere");
        var second = await p.Api.NewOpportunityAsync(p.AccountId);
        var wrong = $"/api/v1/opportunities/{second.Id()}/buying-center/{member.Id()}";

        Assert.Equal(HttpStatusCode.NotFound, (await p.Api.GetAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await p.Api.PatchJsonAsync(wrong, new { role = "user" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await p.Api.DeleteAsync(wrong, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await p.Api.GetAsync("/api/v1/opportunities/987654321/buying-center")).StatusCode);
    }

    [Fact]
    public async Task TheSameIdempotencyKey_AddsOneMember_AndReplaysTheAnswer()
    {
        var p = await Pursuit.NewAsync(App);
        var kim = await p.PersonAsync("Kim Retry");
        var key = Guid.NewGuid().ToString();

        var first = await p.Api.PostJsonAsync(p.Path, new { contactId = kim.Id() }, key);
        var second = await p.Api.PostJsonAsync(p.Path, new { contactId = kim.Id() }, key);

        await first.ExpectAsync(HttpStatusCode.Created);
        await second.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((await first.JsonAsync()).Id(), (await second.JsonAsync()).Id());
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Single((await p.CenterAsync())["members"]!.AsArray());
    }

    [Fact]
    public async Task AClosedPursuitsBuyingCenter_IsReadOnly_With409()
    {
        var p = await Pursuit.NewAsync(App);
        var member = await p.MemberAsync("Choi Closed", new { role = "champion" });
        var other = await p.PersonAsync("Late Person");
        await App.PutInStageAsync(p.OpportunityId, "needs", OpportunityStatus.Lost);

        var center = await p.CenterAsync();
        Assert.True(center["readOnly"]!.GetValue<bool>());
        Assert.Single(center["members"]!.AsArray());
        foreach (var refused in new[]
                 {
                     await p.Api.PostJsonAsync(p.Path, new { contactId = other.Id() }),
                     await p.Api.PatchJsonAsync(p.PathOf(member.Id()), new { role = "user" }),
                     await p.Api.DeleteAsync(p.PathOf(member.Id()), null),
                 })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("closed", (await refused.JsonAsync()).Str("detail"));
        }
        Assert.Equal("champion", (await p.Api.GetJsonAsync(p.PathOf(member.Id()))).Str("role"));
        Assert.False((await (await Pursuit.NewAsync(App)).CenterAsync())["readOnly"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnEmptyBuyingCenter_WarnsOnlyThatItIsEmpty()
    {
        var p = await Pursuit.NewAsync(App);

        var center = await p.CenterAsync();

        Assert.Equal(["noMembers"], Codes(center));
        var coverage = center["coverage"]!;
        Assert.Equal(0, coverage["coveragePercent"]!.GetValue<int>());
        Assert.Equal(6, coverage["departmentsBlank"]!.AsArray().Count);
        Assert.DoesNotContain("other", coverage["departmentsBlank"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(7, coverage["rolesBlank"]!.AsArray().Count);
        Assert.False(coverage["hasChampion"]!.GetValue<bool>());
        Assert.Equal(30, coverage["staleDays"]!.GetValue<int>());
    }

    [Fact]
    public async Task Coverage_AndEveryWarning_FollowTheMembers()
    {
        var p = await Pursuit.NewAsync(App);
        var now = DateTime.UtcNow;
        var buyer = await p.MemberAsync("Han Buyer", new { department = "purchasing", role = "economicBuyer", influence = 3, stance = "supporter", pains = "Price" });
        var engineer = await p.MemberAsync("Oh Engineer", new { department = "engineering", role = "technicalEvaluator", influence = 5, stance = "opponent", pains = "Leaks" });
        var quiet = await p.MemberAsync("Yoon Quiet", new { department = "other", role = "user", influence = 4, stance = "neutral" });
        await p.TouchAsync(buyer["contactId"]!.GetValue<long>(), now.AddDays(-3));
        await p.TouchAsync(engineer["contactId"]!.GetValue<long>(), now.AddDays(-45));

        var center = await p.CenterAsync();

        var coverage = center["coverage"]!;
        Assert.Equal(["purchasing", "engineering", "other"], coverage["departmentsKnown"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(["quality", "production", "finance", "management"], coverage["departmentsBlank"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(["economicBuyer", "technicalEvaluator", "user"], coverage["rolesKnown"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(33, coverage["coveragePercent"]!.GetValue<int>());
        Assert.False(coverage["hasChampion"]!.GetValue<bool>());
        Assert.False(coverage["hasDecisionMaker"]!.GetValue<bool>());
        Assert.Equal([engineer.Id()], Ids(coverage["highInfluenceOpponents"]));
        Assert.Equal([engineer.Id(), quiet.Id()], Ids(coverage["untouched"]).Order());
        Assert.Equal([quiet.Id()], Ids(coverage["membersWithoutPains"]));

        Assert.Equal(["noDecisionMaker", "noChampion", "opponentHighInfluence", "missingDepartment", "untouched"], Codes(center));
        var warnings = center["warnings"]!.AsArray();
        var opponent = warnings.Single(w => w.Str("code") == "opponentHighInfluence")!;
        Assert.Contains(engineer.Str("contactName"), opponent.Str("message"));
        Assert.Equal([engineer.Id()], Ids(opponent["memberIds"]));
        var missing = warnings.Single(w => w.Str("code") == "missingDepartment")!;
        Assert.Contains("Quality", missing.Str("message"));
        Assert.Contains("Finance", missing.Str("message"));
        Assert.DoesNotContain("Purchasing", missing.Str("message"));
        Assert.Null(missing["memberIds"]);
        var untouched = warnings.Single(w => w.Str("code") == "untouched")!;
        Assert.Contains(quiet.Str("contactName"), untouched.Str("message"));
        Assert.DoesNotContain(buyer.Str("contactName"), untouched.Str("message"));
        Assert.Equal([engineer.Id(), quiet.Id()], Ids(untouched["memberIds"]).Order());

        // A longer window forgives the engineer's 45 days; never touched stays untouched.
        var lenient = await p.CenterAsync("?staleDays=60");
        Assert.Equal([quiet.Id()], Ids(lenient["coverage"]!["untouched"]));
        Assert.Equal(60, lenient["coverage"]!["staleDays"]!.GetValue<int>());
        var refused = await p.Api.GetAsync(p.Path + "?staleDays=0");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["staleDays"], (await refused.ErrorsAsync()).Select(e => e.Key));

        // Closing the gaps clears the warnings one by one.
        await (await p.Api.PatchJsonAsync(p.PathOf(quiet.Id()), new { role = "champion", pains = "Wants fewer suppliers" })).ExpectAsync(HttpStatusCode.OK);
        await (await p.Api.PatchJsonAsync(p.PathOf(engineer.Id()), new { stance = "neutral" })).ExpectAsync(HttpStatusCode.OK);
        await p.MemberAsync("Boss Decider", new { department = "management", role = "decisionMaker" });
        await p.TouchAsync(quiet["contactId"]!.GetValue<long>(), now.AddDays(-1));
        await p.TouchAsync(engineer["contactId"]!.GetValue<long>(), now.AddHours(-1));
        var better = await p.CenterAsync();
        Assert.Equal(["missingDepartment", "untouched"], Codes(better));
        Assert.True(better["coverage"]!["hasChampion"]!.GetValue<bool>());
        Assert.True(better["coverage"]!["hasDecisionMaker"]!.GetValue<bool>());
        Assert.Empty(better["coverage"]!["highInfluenceOpponents"]!.AsArray());
        Assert.Equal(50, better["coverage"]!["coveragePercent"]!.GetValue<int>());
    }

    [Fact]
    public async Task LastTouch_IsTheLatestPastActivityWithThePerson_OnAnyPursuit()
    {
        var p = await Pursuit.NewAsync(App);
        var member = await p.MemberAsync("Jung Touched");
        var contactId = member["contactId"]!.GetValue<long>();
        var now = DateTime.UtcNow;
        await p.TouchAsync(contactId, now.AddDays(-20));
        var latest = now.AddDays(-6).AddMinutes(-5);
        await p.Api.CreateAsync("/api/v1/activities", new { accountId = p.AccountId, contactId, opportunityId = (await p.Api.NewOpportunityAsync(p.AccountId)).Id(), kind = "visit", subject = "Plant tour", occurredAt = latest });
        await p.TouchAsync(contactId, now.AddDays(10)); // a planned meeting is not a touch yet
        await p.Api.CreateAsync("/api/v1/activities", new { accountId = p.AccountId, kind = "note", subject = "Someone else", occurredAt = now });

        var got = (await p.CenterAsync())["members"]![0]!;

        var lastTouch = got["lastTouch"]!.GetValue<DateTime>().ToUniversalTime();
        Assert.True(Math.Abs((lastTouch - latest).TotalSeconds) < 1, $"{lastTouch:O} is not {latest:O}");
        Assert.Equal(6, got["daysSinceTouch"]!.GetValue<int>());
        Assert.Equal(6, (await p.Api.GetJsonAsync(p.PathOf(member.Id())))["daysSinceTouch"]!.GetValue<int>());
    }

    [Fact]
    public async Task Warnings_SpeakTheCallersLanguage()
    {
        var p = await Pursuit.NewAsync(App);
        await p.MemberAsync("Kang Opponent", new { department = "finance", stance = "opponent", influence = 5 });
        using var korean = App.Client(p.Owner, "ko");

        var center = await korean.GetJsonAsync(p.Path);

        var messages = center["warnings"]!.AsArray().Select(w => w.Str("message")).ToList();
        Assert.Contains(messages, m => m.Contains("내부 지지자가 없습니다", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("비우호적", StringComparison.Ordinal) && m.Contains("Kang Opponent", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("구매", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherRep_GetsNotFound_OnEveryPath()
    {
        var p = await Pursuit.NewAsync(App);
        var member = await p.MemberAsync("Secret Member");
        var person = await p.PersonAsync("Secret Person");
        using var other = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(p.Path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(p.PathOf(member.Id()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(p.PathOf(member.Id()) + "/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostJsonAsync(p.Path, new { contactId = person.Id() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PatchJsonAsync(p.PathOf(member.Id()), new { role = "user" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(p.PathOf(member.Id()), null)).StatusCode);
        Assert.Single((await p.CenterAsync())["members"]!.AsArray());
        Assert.Null((await p.Api.GetJsonAsync(p.PathOf(member.Id())))["role"]);
    }

    [Fact]
    public async Task TheManagerOfTheTeam_AndARepOnTheAccountTeam_ReadAndWrite()
    {
        var team = TestApp.NewTeam();
        var owner = await App.CreateUserAsync(Role.Rep, team);
        var helper = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var api = App.Client(owner);
        var account = await api.NewAccountAsync(helper.Id);
        var opportunity = await api.NewOpportunityAsync(account.Id());
        var p = new Pursuit(owner, api, account.Id(), opportunity.Id());
        var member = await p.MemberAsync("Team Member");

        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        Assert.Single((await manager.GetJsonAsync(p.Path))["members"]!.AsArray());
        await (await manager.PatchJsonAsync(p.PathOf(member.Id()), new { influence = 3 })).ExpectAsync(HttpStatusCode.OK);
        await manager.CreateAsync(p.Path, new { contactId = (await p.PersonAsync("Manager Adds")).Id() });

        using var onTeam = App.Client(helper);
        await onTeam.CreateAsync(p.Path, new { contactId = (await p.PersonAsync("Helper Adds")).Id() });
        Assert.Equal(3, (await onTeam.GetJsonAsync(p.Path))["members"]!.AsArray().Count);

        using var otherManager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await otherManager.GetAsync(p.Path)).StatusCode);

        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        Assert.Equal(3, (await admin.GetJsonAsync(p.Path))["members"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(p.PathOf(member.Id()), null)).StatusCode);
    }

    [Fact]
    public async Task TheViewer_Reads_ButEveryWriteIs403()
    {
        var p = await Pursuit.NewAsync(App);
        var member = await p.MemberAsync("Viewed Member", new { role = "champion" });
        var person = await p.PersonAsync("Not Added");
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));

        Assert.Single((await viewer.GetJsonAsync(p.Path))["members"]!.AsArray());
        Assert.Equal("champion", (await viewer.GetJsonAsync(p.PathOf(member.Id()))).Str("role"));
        Assert.NotEmpty((await viewer.GetJsonAsync(p.PathOf(member.Id()) + "/history"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(p.Path, new { contactId = person.Id() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchJsonAsync(p.PathOf(member.Id()), new { role = "user" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync(p.PathOf(member.Id()), null)).StatusCode);
        Assert.Single((await p.CenterAsync())["members"]!.AsArray());
    }

    [Theory]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task QualityAndProduct_ReadNoBuyingCenter_NorItsHistory(Role role)
    {
        var p = await Pursuit.NewAsync(App);
        var member = await p.MemberAsync("Hidden Stance", new { stance = "opponent" });
        await (await p.Api.PatchJsonAsync(p.PathOf(member.Id()), new { influence = 5 })).ExpectAsync(HttpStatusCode.OK);
        var person = await p.PersonAsync("Not Added");
        var user = await App.CreateUserAsync(role);
        using var client = App.Client(user);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(p.Path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(p.PathOf(member.Id()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(p.PathOf(member.Id()) + "/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync(p.Path, new { contactId = person.Id() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync(p.PathOf(member.Id()), new { role = "user" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(p.PathOf(member.Id()), null)).StatusCode);

        // Below the endpoints too: the audit filter hides a member's history from non-sales roles,
        // while they still see the account's own history.
        await using (var db = new BridgeheadDb(Database.Options(App.ConnectionString)) { Viewer = new Viewer(user.Id, role, null, user.UserName) })
        {
            Assert.False(await db.AuditEntries.AnyAsync(e => e.EntityType == "buyingCenterMember" && e.EntityId == member.Id()));
            Assert.False(await db.BuyingCenterMembers.AnyAsync(m => m.Id == member.Id()));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "account" && e.EntityId == p.AccountId));
        }
        await using (var db = App.OpenDb())
        {
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.EntityType == "buyingCenterMember" && e.EntityId == member.Id()));
        }
    }

    [Fact]
    public async Task History_ShowsWhoAddedAndChangedTheMember()
    {
        var p = await Pursuit.NewAsync(App);
        var member = await p.MemberAsync("History Member", new { stance = "neutral" });
        await (await p.Api.PatchJsonAsync(p.PathOf(member.Id()), new { stance = "supporter" })).ExpectAsync(HttpStatusCode.OK);

        var items = (await p.Api.GetJsonAsync(p.PathOf(member.Id()) + "/history"))["items"]!.AsArray();

        Assert.Equal(2, items.Count);
        var change = items[0]!["changes"]!.AsArray().Single(c => c.Str("field") == "stance")!;
        Assert.Equal("neutral", change.Str("old"));
        Assert.Equal("supporter", change.Str("new"));
    }

    [Fact]
    public async Task DeletingTheContact_OrThePursuit_TakesTheMemberAlong()
    {
        var p = await Pursuit.NewAsync(App);
        var member = await p.MemberAsync("Leaving Person");
        var second = await p.Api.NewOpportunityAsync(p.AccountId);
        var elsewhere = await p.Api.CreateAsync($"/api/v1/opportunities/{second.Id()}/buying-center", new { contactId = member["contactId"]!.GetValue<long>() });

        Assert.Equal(HttpStatusCode.NoContent, (await p.Api.DeleteAsync($"/api/v1/opportunities/{second.Id()}", null)).StatusCode);
        await (await p.Api.GetAsync(p.PathOf(member.Id()))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await p.Api.DeleteAsync($"/api/v1/contacts/{member["contactId"]}", null)).StatusCode);
        Assert.Empty((await p.CenterAsync())["members"]!.AsArray());
        await using var db = App.OpenDb();
        Assert.False(await db.BuyingCenterMembers.AnyAsync(m => m.Id == elsewhere.Id() || m.Id == member.Id()));
    }
}
