using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bridgehead.Competitors;
using Bridgehead.Contacts;
using Bridgehead.Duplicates;
using Bridgehead.Health;
using Bridgehead.Identity;
using Bridgehead.Incidents;
using Bridgehead.Orders;
using Bridgehead.Tests.Health;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Orders;
using Bridgehead.Tests.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Duplicates;

public sealed class DuplicatesApiTests_Sqlite() : DuplicatesApiTests(Provider.Sqlite);

public sealed class DuplicatesApiTests_Postgres() : DuplicatesApiTests(Provider.Postgres);

/// <summary>Finding duplicate accounts and contacts, merging them with every linked record, the trace and the undo.</summary>
public abstract class DuplicatesApiTests(Provider provider) : AppTests(provider)
{
    private static async Task<long> AccountAsync(HttpClient client, string name, string? website = null) =>
        (await client.CreateAsync("/api/v1/accounts", new { name, website })).Id();

    private static async Task<long> ContactAsync(HttpClient client, long accountId, string name, string? email = null, string? phone = null) =>
        (await client.CreateAsync("/api/v1/contacts", new { accountId, name, email, phone })).Id();

    private static async Task<JsonArray> PairsAsync(HttpClient client, string kind) =>
        (await client.GetJsonAsync($"/api/v1/duplicates/{kind}?limit=500"))["items"]!.AsArray();

    private static JsonNode? PairOf(JsonArray pairs, long a, long b) => pairs.FirstOrDefault(p =>
    {
        var (x, y) = (p!["a"]!["id"]!.GetValue<long>(), p["b"]!["id"]!.GetValue<long>());
        return (x == a && y == b) || (x == b && y == a);
    });

    private static List<string> Reasons(JsonNode pair) => [.. pair["reasons"]!.AsArray().Select(r => r!["kind"]!.GetValue<string>())];

    private static async Task<long> VersionAsync(HttpClient client, string path) =>
        (await client.GetJsonAsync(path))["version"]!.GetValue<long>();

    private static async Task<HttpResponseMessage> MergeAsync(HttpClient client, string kind, long survivor, long merged, object? fields = null, long? version = null)
    {
        version ??= await VersionAsync(client, $"/api/v1/{kind}/{survivor}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/{kind}/{survivor}/merge")
        {
            Content = JsonContent.Create(new { mergedId = merged, fields }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return await client.SendAsync(request);
    }

    private static async Task<long> MergedAsync(HttpClient client, string kind, long survivor, long merged, object? fields = null)
    {
        var response = await MergeAsync(client, kind, survivor, merged, fields);
        await response.ExpectAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).Id();
    }

    [Fact]
    public async Task MergeAccounts_OfTheSurvivorsGrandparent_LeavesNoLoopInTheHierarchy()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        // Top (to be merged) > Middle > Bottom (the survivor): Middle moves under Bottom, so Bottom cannot stay under Middle.
        var top = await AccountAsync(rep, "Loop Top Holdings");
        var middle = (await rep.CreateAsync("/api/v1/accounts", new { name = "Loop Middle Works", parentId = top })).Id();
        var bottom = (await rep.CreateAsync("/api/v1/accounts", new { name = "Loop Bottom Plant", parentId = middle })).Id();

        var merge = await MergedAsync(rep, "accounts", bottom, top);

        var middleParent = (await rep.GetJsonAsync($"/api/v1/accounts/{middle}"))["parentId"]?.GetValue<long?>();
        var bottomParent = (await rep.GetJsonAsync($"/api/v1/accounts/{bottom}"))["parentId"]?.GetValue<long?>();
        Assert.Equal(bottom, middleParent);
        Assert.Null(bottomParent);

        // The undo puts the hierarchy back as it was.
        await (await rep.PostJsonAsync($"/api/v1/merges/{merge}/undo", new { })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(top, (await rep.GetJsonAsync($"/api/v1/accounts/{middle}"))["parentId"]?.GetValue<long?>());
        Assert.Equal(middle, (await rep.GetJsonAsync($"/api/v1/accounts/{bottom}"))["parentId"]?.GetValue<long?>());
    }

    [Fact]
    public async Task Find_SimilarNames_EvenWithLegalFormsAndCase_ArePaired()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var hanil = await AccountAsync(rep, "Hanil Steel Co., Ltd.");
        var hanilCaps = await AccountAsync(rep, "HANIL STEEL");
        var korean = await AccountAsync(rep, "(주)한일철강");
        var koreanSuffix = await AccountAsync(rep, "한일철강 주식회사");
        var other = await AccountAsync(rep, "Daesung Pumps");

        var pairs = await PairsAsync(rep, "accounts");

        Assert.Contains("name", Reasons(PairOf(pairs, hanil, hanilCaps)!));
        Assert.Contains("name", Reasons(PairOf(pairs, korean, koreanSuffix)!));
        Assert.True(PairOf(pairs, hanil, hanilCaps)!["score"]!.GetValue<int>() >= 90);
        Assert.Null(PairOf(pairs, hanil, other));
        Assert.Null(PairOf(pairs, korean, other));
    }

    [Fact]
    public async Task Find_SameWebOrMailDomain_AndSamePhone_ArePaired_FreeMailIgnored()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var web1 = await AccountAsync(rep, "Alpha Works", "https://www.zetaflow.co.kr");
        var web2 = await AccountAsync(rep, "Omega Industrial", "zetaflow.co.kr/about");
        var mail1 = await AccountAsync(rep, "Gwangju Fittings");
        var mail2 = await AccountAsync(rep, "Busan Tubes");
        await ContactAsync(rep, mail1, "Lee A", "lee@kpfit.kr");
        await ContactAsync(rep, mail2, "Park B", "park@KPFIT.kr");
        var free1 = await AccountAsync(rep, "Incheon Castings");
        var free2 = await AccountAsync(rep, "Ulsan Forgings");
        await ContactAsync(rep, free1, "Choi C", "choi@gmail.com");
        await ContactAsync(rep, free2, "Jung D", "jung@gmail.com");
        await ContactAsync(rep, free1, "Han E", "han@naver.com");
        await ContactAsync(rep, free2, "Yoon F", "yoon@naver.com");
        var phone1 = await AccountAsync(rep, "Mokpo Marine");
        var phone2 = await AccountAsync(rep, "Yeosu Chemical");
        await ContactAsync(rep, phone1, "Kang G", phone: "+82 2-555-0199");
        await ContactAsync(rep, phone2, "Seo H", phone: "02 555 0199");

        var pairs = await PairsAsync(rep, "accounts");

        Assert.Equal(["domain"], Reasons(PairOf(pairs, web1, web2)!));
        Assert.Equal(["domain"], Reasons(PairOf(pairs, mail1, mail2)!));
        Assert.Null(PairOf(pairs, free1, free2));
        Assert.Equal(["phone"], Reasons(PairOf(pairs, phone1, phone2)!));
    }

    [Fact]
    public async Task Find_Contacts_WithinTheirAccount_ByNameEmailAndPhone()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var account = await AccountAsync(rep, "Contact Dupes Ltd");
        var kim = await ContactAsync(rep, account, "Kim Minsu", "minsu@cdl.kr", "010-1234-5678");
        var kim2 = await ContactAsync(rep, account, "kim  minsu", null, "+82 10 1234 5678");
        var lee = await ContactAsync(rep, account, "Lee Jiwon", "minsu@cdl.kr");
        var elsewhere = await ContactAsync(rep, await AccountAsync(rep, "Far Away Co"), "Kim Minsu", "minsu@cdl.kr");

        var pairs = await PairsAsync(rep, "contacts");

        Assert.Equal(["name", "phone"], Reasons(PairOf(pairs, kim, kim2)!));
        Assert.Equal(["email"], Reasons(PairOf(pairs, kim, lee)!));
        Assert.Null(PairOf(pairs, kim, elsewhere));
    }

    [Fact]
    public async Task Find_NeverPairsAcrossVisibility_AndIsForSalesReadersOnly()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        using var otherRep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var mine = await AccountAsync(rep, "Visibility Steel Co., Ltd.", "https://vis-steel.kr");
        var theirs = await AccountAsync(otherRep, "VISIBILITY STEEL", "https://vis-steel.kr");
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));

        var repPairs = await PairsAsync(rep, "accounts");

        Assert.DoesNotContain(repPairs, p => p!["a"]!["id"]!.GetValue<long>() == theirs || p["b"]!["id"]!.GetValue<long>() == theirs);
        Assert.NotNull(PairOf(await PairsAsync(admin, "accounts"), mine, theirs));
        await (await quality.GetAsync("/api/v1/duplicates/accounts")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await quality.GetAsync("/api/v1/duplicates/contacts")).ExpectAsync(HttpStatusCode.Forbidden);
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        await (await product.GetAsync("/api/v1/duplicates/accounts")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await product.GetAsync("/api/v1/duplicates/contacts")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await product.GetAsync($"/api/v1/merges?accountId={mine}")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await quality.GetAsync($"/api/v1/merges?accountId={mine}")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await product.PostJsonAsync($"/api/v1/accounts/{mine}/merge", new { mergedId = theirs })).ExpectAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>The keys of every row of every link pointing at the account, per link.</summary>
    private async Task<Dictionary<string, List<string>>> LinksOfAsync(long accountId, IReadOnlyList<MergeLink> links)
    {
        await using var db = App.OpenDb();
        var mover = new LinkMover(db, new MergeSnapshot());
        var result = new Dictionary<string, List<string>>();
        foreach (var link in links)
        {
            result[link.Entity.Name + "." + link.Property] = await mover.KeysAsync(link, accountId, CancellationToken.None);
        }
        return result;
    }

    private static void AssertSameLinks(Dictionary<string, List<string>> expected, Dictionary<string, List<string>> actual)
    {
        foreach (var (link, keys) in expected)
        {
            Assert.True(keys.SequenceEqual(actual[link]), $"{link}: expected [{string.Join(", ", keys)}], got [{string.Join(", ", actual[link])}]");
        }
    }

    /// <summary>An account with a row in as many linked tables as the seeding helpers reach.</summary>
    private async Task SeedEverythingAsync(HttpClient rep, TestUser owner, long accountId, long applicationId, long productId, long teamMateId)
    {
        await (await rep.PatchJsonAsync($"/api/v1/accounts/{accountId}", new { applicationIds = new[] { applicationId }, teamMemberIds = new[] { teamMateId } })).ExpectAsync(HttpStatusCode.OK);
        var contact = await ContactAsync(rep, accountId, "Seeded Person", "seed@seeded.kr");
        var opportunity = (await rep.NewOpportunityAsync(accountId)).Id();
        await rep.CreateAsync("/api/v1/activities", new { accountId, contactId = contact, opportunityId = opportunity, kind = "call", subject = "Call", occurredAt = DateTime.UtcNow });
        await rep.CreateAsync("/api/v1/tasks", new { title = "Follow up", dueOn = HealthSeed.Today.AddDays(3), accountId, contactId = contact });
        await rep.CreateAsync("/api/v1/accounts", new { name = "Subsidiary of " + accountId, parentId = accountId });
        await App.RecordShareAsync(accountId);
        await App.AddBuyingCenterMemberAsync(accountId, opportunity, Department.Purchasing);
        await App.IncidentAsync(accountId, owner.Id, IncidentSeverity.Minor);
        await App.InsertOrderAsync(accountId, owner.Id, OrderStatus.Confirmed, (productId, 5m, HealthSeed.Today, 0m, null, null));
        await App.FeedbackAsync(accountId, opportunity, owner.Id, 3);
        await App.MoveAsync(accountId, owner.Id, CompetitorMoveKind.PriceCut, MoveImpact.Low, 2);
        await using var db = App.OpenDb();
        db.AccountHealth.Add(new AccountHealth { AccountId = accountId, Score = 50, Band = HealthBand.Watch, Signals = "[]", ScoredAt = DateTime.UtcNow });
        db.HealthSnapshots.Add(new HealthSnapshot { AccountId = accountId, ScoredOn = HealthSeed.Today, Score = 50, Band = HealthBand.Watch });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task MergeAccounts_MovesEveryLinkedRow_AndUndoRestoresEverythingExactly()
    {
        var team = TestApp.NewTeam();
        var owner = await App.CreateUserAsync(Role.Rep, team);
        var mate = await App.CreateUserAsync(Role.Rep, team);
        using var rep = App.Client(owner);
        var application = await App.ApplicationIdAsync("Boilers");
        var product = await App.NewOrderProductAsync(10, 100m);
        var survivor = await AccountAsync(rep, "Merge Survivor " + team, "https://survivor.example");
        var merged = (await rep.CreateAsync("/api/v1/accounts", new { name = "Merge Victim " + team, website = "https://victim.example", city = "Ulsan", employees = 120 })).Id();
        await SeedEverythingAsync(rep, owner, merged, application, product, mate.Id);
        await SeedEverythingAsync(rep, owner, survivor, application, product, mate.Id);
        var mergedBefore = await rep.GetJsonAsync($"/api/v1/accounts/{merged}");
        var linksBefore = await LinksOfAsync(merged, MergeLinks.Account);
        var survivorLinksBefore = await LinksOfAsync(survivor, MergeLinks.Account);
        var mergedActivity = (await rep.GetJsonAsync($"/api/v1/activities?accountId={merged}"))["items"]!.AsArray()[0]!.Id();

        var response = await MergeAsync(rep, "accounts", survivor, merged, new { website = "merged", city = "merged" });
        await response.ExpectAsync(HttpStatusCode.OK);
        var merge = await response.JsonAsync();

        // Every link of the merged account now points at the survivor; a link the survivor had already is dropped.
        var linksAfter = await LinksOfAsync(merged, MergeLinks.Account);
        Assert.All(linksAfter, l => Assert.Empty(l.Value));
        var survivorAfter = await LinksOfAsync(survivor, MergeLinks.Account);
        // Keyed by the account (re-added under the survivor) or clashing on a unique key: checked below.
        var rekeyed = new[] { "AccountTeamMember.AccountId", "AccountApplication.AccountId", "AccountHealth.AccountId", "HealthSnapshot.AccountId", "ProductRequestAccount.AccountId" };
        foreach (var (link, keys) in linksBefore.Where(l => !rekeyed.Contains(l.Key)))
        {
            Assert.True(keys.All(survivorAfter[link].Contains), $"{link}: not every row moved");
        }
        Assert.Equal(survivorLinksBefore["AccountHealth.AccountId"], survivorAfter["AccountHealth.AccountId"]);
        Assert.Equal(survivorLinksBefore["AccountTeamMember.AccountId"], survivorAfter["AccountTeamMember.AccountId"]);
        Assert.Equal(survivorLinksBefore["AccountApplication.AccountId"], survivorAfter["AccountApplication.AccountId"]);
        Assert.Equal(survivorLinksBefore["HealthSnapshot.AccountId"], survivorAfter["HealthSnapshot.AccountId"]);
        Assert.NotEmpty(linksBefore["Contact.AccountId"]);
        Assert.NotEmpty(linksBefore["OrderLine.AccountId"]);
        Assert.NotEmpty(linksBefore["Incident.AccountId"]);
        Assert.NotEmpty(linksBefore["Account.ParentId"]);

        await (await rep.GetAsync($"/api/v1/accounts/{merged}")).ExpectAsync(HttpStatusCode.NotFound);
        var after = await rep.GetJsonAsync($"/api/v1/accounts/{survivor}");
        Assert.Equal("https://victim.example", after["website"]!.GetValue<string>());
        Assert.Equal("Ulsan", after["city"]!.GetValue<string>());
        Assert.Equal("Merge Survivor " + team, after["name"]!.GetValue<string>());
        Assert.Contains((await rep.GetJsonAsync($"/api/v1/activities?accountId={survivor}"))["items"]!.AsArray(), a => a!.Id() == mergedActivity);
        var history = (await rep.GetJsonAsync($"/api/v1/accounts/{survivor}/history?limit=100"))["items"]!.AsArray();
        Assert.Contains(history, h => h!["changes"]!.AsArray().Any(c => c!["field"]!.GetValue<string>() == "merged"
            && c["new"]!.GetValue<string>() == $"Merge Victim {team} (#{merged})"));
        Assert.Contains(history, h => h!["changes"]!.AsArray().Any(c => c!["field"]!.GetValue<string>() == "name" && c["new"]?.GetValue<string>() == "Merge Victim " + team));
        var trace = (await rep.GetJsonAsync($"/api/v1/merges?accountId={survivor}"))["items"]!.AsArray();
        Assert.Contains(trace, m => m!.Id() == merge.Id() && m!["mergedId"]!.GetValue<long>() == merged && m!["canUndo"]!.GetValue<bool>());

        await (await rep.PostJsonAsync($"/api/v1/merges/{merge.Id()}/undo", new { })).ExpectAsync(HttpStatusCode.OK);

        var restored = await rep.GetJsonAsync($"/api/v1/accounts/{merged}");
        foreach (var field in new[] { "id", "name", "website", "city", "employees", "ownerId", "createdAt", "status", "type" })
        {
            Assert.Equal(mergedBefore[field]?.ToJsonString(), restored[field]?.ToJsonString());
        }
        AssertSameLinks(linksBefore, await LinksOfAsync(merged, MergeLinks.Account));
        // The merge's own record stays on the survivor: it is the trace.
        var survivorLinksUndone = await LinksOfAsync(survivor, MergeLinks.Account);
        Assert.Equal([merge.Id().ToString(System.Globalization.CultureInfo.InvariantCulture)], survivorLinksUndone["MergeRecord.AccountId"]);
        survivorLinksUndone["MergeRecord.AccountId"] = survivorLinksBefore["MergeRecord.AccountId"];
        AssertSameLinks(survivorLinksBefore, survivorLinksUndone);
        var survivorRestored = await rep.GetJsonAsync($"/api/v1/accounts/{survivor}");
        Assert.Equal("https://survivor.example", survivorRestored["website"]!.GetValue<string>());
        Assert.Null(survivorRestored["city"]);
        var mergedHistory = (await rep.GetJsonAsync($"/api/v1/accounts/{merged}/history?limit=100"))["items"]!.AsArray();
        Assert.Contains(mergedHistory, h => h!["changes"]!.AsArray().Any(c => c!["field"]!.GetValue<string>() == "name" && c["new"]?.GetValue<string>() == "Merge Victim " + team));
        var undone = (await rep.GetJsonAsync($"/api/v1/merges?accountId={survivor}"))["items"]!.AsArray().Single(m => m!.Id() == merge.Id())!;
        Assert.NotNull(undone["undoneAt"]);
        Assert.False(undone["canUndo"]!.GetValue<bool>());
        await (await rep.PostJsonAsync($"/api/v1/merges/{merge.Id()}/undo", new { })).ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Undo_LeavesRecordsMadeOnTheSurvivorSinceWithIt()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        var survivor = await AccountAsync(rep, "Keeper Ltd");
        var merged = await AccountAsync(rep, "Keeper Limited");
        var oldContact = await ContactAsync(rep, merged, "Old Person");
        var merge = await MergedAsync(rep, "accounts", survivor, merged);
        var newContact = await ContactAsync(rep, survivor, "New Person");

        await (await rep.PostJsonAsync($"/api/v1/merges/{merge}/undo", new { })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(merged, (await rep.GetJsonAsync($"/api/v1/contacts/{oldContact}"))["accountId"]!.GetValue<long>());
        Assert.Equal(survivor, (await rep.GetJsonAsync($"/api/v1/contacts/{newContact}"))["accountId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Merge_IsRefused_WhenStaleForbiddenInvisibleOrWithItself()
    {
        var team = TestApp.NewTeam();
        var me = await App.CreateUserAsync(Role.Rep, team);
        using var rep = App.Client(me);
        using var otherRep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        var a = await AccountAsync(rep, "Refusal A");
        var b = await AccountAsync(rep, "Refusal B");
        var hidden = await AccountAsync(otherRep, "Refusal Hidden");
        var version = await VersionAsync(rep, $"/api/v1/accounts/{a}");

        await (await MergeAsync(rep, "accounts", a, b, version: version + 100)).ExpectAsync(HttpStatusCode.PreconditionFailed);
        await (await MergeAsync(viewer, "accounts", a, b, version: version)).ExpectAsync(HttpStatusCode.Forbidden);
        await (await MergeAsync(quality, "accounts", a, b, version: version)).ExpectAsync(HttpStatusCode.Forbidden);
        await (await MergeAsync(rep, "accounts", a, hidden, version: version)).ExpectAsync(HttpStatusCode.NotFound);
        await (await MergeAsync(rep, "accounts", hidden, a, version: 1)).ExpectAsync(HttpStatusCode.NotFound);
        var self = await MergeAsync(rep, "accounts", a, a, version: version);
        await self.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True((await self.ErrorsAsync()).ContainsKey("mergedId"));
        var badField = await MergeAsync(rep, "accounts", a, b, new { website = "both", ownerId = "merged" }, version);
        await badField.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var errors = await badField.ErrorsAsync();
        Assert.True(errors.ContainsKey("fields.website"));
        Assert.True(errors.ContainsKey("fields.ownerId"));

        // Nothing was half-saved.
        Assert.Equal(version, await VersionAsync(rep, $"/api/v1/accounts/{a}"));
        await (await rep.GetAsync($"/api/v1/accounts/{b}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MergeContacts_MovesLinks_DropsADuplicateSeat_AndUndoPutsItBack()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        var account = await AccountAsync(rep, "Seat Holders");
        var opportunity = (await rep.NewOpportunityAsync(account)).Id();
        var survivor = await ContactAsync(rep, account, "Park Jisoo", "jisoo@seat.kr");
        var merged = await ContactAsync(rep, account, "Park Ji-soo", null, "010-2222-3333");
        long survivorSeat, mergedSeat;
        await using (var db = App.OpenDb())
        {
            var s = new Bridgehead.BuyingCenter.BuyingCenterMember { AccountId = account, OpportunityId = opportunity, ContactId = survivor, Department = Department.Purchasing };
            var m = new Bridgehead.BuyingCenter.BuyingCenterMember { AccountId = account, OpportunityId = opportunity, ContactId = merged, Department = Department.Engineering, Pains = "Leaks" };
            db.BuyingCenterMembers.AddRange(s, m);
            await db.SaveChangesAsync();
            (survivorSeat, mergedSeat) = (s.Id, m.Id);
        }
        var activity = (await rep.CreateAsync("/api/v1/activities", new { accountId = account, contactId = merged, kind = "call", subject = "Hi", occurredAt = DateTime.UtcNow })).Id();
        var task = (await rep.CreateAsync("/api/v1/tasks", new { title = "Call back", dueOn = HealthSeed.Today.AddDays(3), accountId = account, contactId = merged })).Id();
        var before = await LinksOfAsync(merged, MergeLinks.Contact);

        var merge = await MergedAsync(rep, "contacts", survivor, merged, new { phone = "merged" });

        await (await rep.GetAsync($"/api/v1/contacts/{merged}")).ExpectAsync(HttpStatusCode.NotFound);
        var contact = await rep.GetJsonAsync($"/api/v1/contacts/{survivor}");
        Assert.Equal("010-2222-3333", contact["phone"]!.GetValue<string>());
        Assert.Equal("jisoo@seat.kr", contact["email"]!.GetValue<string>());
        Assert.Equal(survivor, (await rep.GetJsonAsync($"/api/v1/activities/{activity}"))["contactId"]!.GetValue<long>());
        Assert.Equal(survivor, (await rep.GetJsonAsync($"/api/v1/tasks/{task}"))["contactId"]!.GetValue<long>());
        await using (var db = App.OpenDb())
        {
            Assert.Equal([survivorSeat], await db.BuyingCenterMembers.Where(x => x.OpportunityId == opportunity).Select(x => x.Id).ToListAsync());
        }
        var history = (await rep.GetJsonAsync($"/api/v1/contacts/{survivor}/history?limit=100"))["items"]!.AsArray();
        Assert.Contains(history, h => h!["changes"]!.AsArray().Any(c => c!["field"]!.GetValue<string>() == "merged"));
        Assert.Contains((await rep.GetJsonAsync($"/api/v1/merges?accountId={account}"))["items"]!.AsArray(), m => m!.Id() == merge && m!["entityType"]!.GetValue<string>() == "contact");

        await (await rep.PostJsonAsync($"/api/v1/merges/{merge}/undo", new { })).ExpectAsync(HttpStatusCode.OK);

        AssertSameLinks(before, await LinksOfAsync(merged, MergeLinks.Contact));
        Assert.Null((await rep.GetJsonAsync($"/api/v1/contacts/{survivor}"))["phone"]);
        Assert.Equal("Park Ji-soo", (await rep.GetJsonAsync($"/api/v1/contacts/{merged}"))["name"]!.GetValue<string>());
        await using (var db = App.OpenDb())
        {
            var seat = await db.BuyingCenterMembers.SingleAsync(x => x.Id == mergedSeat);
            Assert.Equal(merged, seat.ContactId);
            Assert.Equal("Leaks", seat.Pains);
        }
    }

    [Fact]
    public async Task MergeContacts_OfDifferentAccounts_IsRefused()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var a = await ContactAsync(rep, await AccountAsync(rep, "Here Co"), "Same Name");
        var b = await ContactAsync(rep, await AccountAsync(rep, "There Co"), "Same Name");

        var response = await MergeAsync(rep, "contacts", a, b);

        await response.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True((await response.ErrorsAsync()).ContainsKey("mergedId"));
    }

    [Fact]
    public async Task Undo_AfterADay_IsRefused_AndOnlyTheMergerTheirManagerOrAnAdminMayUndo()
    {
        var team = TestApp.NewTeam();
        var me = await App.CreateUserAsync(Role.Rep, team);
        using var rep = App.Client(me);
        var mateUser = await App.CreateUserAsync(Role.Rep, team);
        using var mate = App.Client(mateUser);
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        using var otherManager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        var mateId = mateUser.Id;
        var survivor = (await rep.CreateAsync("/api/v1/accounts", new { name = "Late Undo A", teamMemberIds = new[] { mateId } })).Id();
        var merged = await AccountAsync(rep, "Late Undo B");
        var merge = await MergedAsync(rep, "accounts", survivor, merged);

        await (await mate.PostJsonAsync($"/api/v1/merges/{merge}/undo", new { })).ExpectAsync(HttpStatusCode.Forbidden);
        await (await viewer.PostJsonAsync($"/api/v1/merges/{merge}/undo", new { })).ExpectAsync(HttpStatusCode.Forbidden);
        await (await otherManager.PostJsonAsync($"/api/v1/merges/{merge}/undo", new { })).ExpectAsync(HttpStatusCode.NotFound);
        await (await otherManager.GetAsync($"/api/v1/merges?accountId={survivor}")).ExpectAsync(HttpStatusCode.NotFound);
        Assert.Single((await viewer.GetJsonAsync($"/api/v1/merges?accountId={survivor}"))["items"]!.AsArray());

        // A day later the merge is only traced.
        await using (var db = App.OpenDb())
        {
            var record = await db.MergeRecords.SingleAsync(m => m.Id == merge);
            record.UndoUntil = DateTime.UtcNow.AddSeconds(-1);
            await db.SaveChangesAsync();
        }
        await (await manager.PostJsonAsync($"/api/v1/merges/{merge}/undo", new { })).ExpectAsync(HttpStatusCode.Conflict);
        var traced = (await rep.GetJsonAsync($"/api/v1/merges?accountId={survivor}"))["items"]!.AsArray().Single()!;
        Assert.False(traced["canUndo"]!.GetValue<bool>());
        Assert.Equal("Late Undo B", traced["mergedName"]!.GetValue<string>());

        // Within the day, the merger's manager may undo.
        var again = await AccountAsync(rep, "Late Undo C");
        var second = await MergedAsync(rep, "accounts", survivor, again);
        await (await manager.PostJsonAsync($"/api/v1/merges/{second}/undo", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await rep.GetAsync($"/api/v1/accounts/{again}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task EveryColumnPointingAtAnAccountOrContact_IsHandledByTheMerge()
    {
        await using var db = App.OpenDb();
        var listed = MergeLinks.Account.Concat(MergeLinks.Contact).Concat(MergeLinks.Untouched)
            .Select(l => (l.Entity, l.Property)).ToHashSet();
        var missing = new List<string>();
        foreach (var type in db.Model.GetEntityTypes())
        {
            foreach (var fk in type.GetForeignKeys().Where(f => f.PrincipalEntityType.ClrType == typeof(Bridgehead.Accounts.Account) || f.PrincipalEntityType.ClrType == typeof(Contact)))
            {
                missing.AddRange(fk.Properties.Where(p => !listed.Contains((type.ClrType, p.Name))).Select(p => $"{type.ClrType.Name}.{p.Name} (foreign key)"));
            }
            foreach (var p in type.GetProperties().Where(p => (p.ClrType == typeof(long) || p.ClrType == typeof(long?))
                && (p.Name.EndsWith("AccountId", StringComparison.Ordinal) || p.Name.EndsWith("ContactId", StringComparison.Ordinal))))
            {
                if (!listed.Contains((type.ClrType, p.Name)))
                {
                    missing.Add($"{type.ClrType.Name}.{p.Name}");
                }
            }
        }
        Assert.True(missing.Count == 0, "Not handled by a merge (add to MergeLinks): " + string.Join(", ", missing.Distinct()));
        Assert.All(listed, l => Assert.NotNull(db.Model.FindEntityType(l.Entity)?.FindProperty(l.Property)));
    }
}
