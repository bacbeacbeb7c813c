using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.ProductRequests.RequestSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.ProductRequests;

public sealed class ProductRequestsApiTests_Sqlite() : ProductRequestsApiTests(Provider.Sqlite);

public sealed class ProductRequestsApiTests_Postgres() : ProductRequestsApiTests(Provider.Postgres);

/// <summary>/product-requests: raising, wording, links, delete rules, who sees what, and history.</summary>
public abstract class ProductRequestsApiTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Rep_RaisesFromAPursuit_ItsAccountIsLinked_AndReadsItBack()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(account.Id());
        var title = Unique("Valve for 40 bar");

        var created = await client.RaiseAsync("  " + title + " ", opportunityIds: [deal.Id(), deal.Id()]);

        Assert.Equal((title, "new", "valves"), (created.Str("title"), created.Str("status"), created.Str("category")));
        Assert.Equal([account.Id()], Ids(created, "accountIds"));
        Assert.Equal(account.Str("name"), created["accounts"]![0].Str("name"));
        Assert.Equal([deal.Id()], Ids(created, "opportunityIds"));
        var link = created["opportunities"]![0]!;
        Assert.Equal((deal.Str("title"), account.Id(), true, "prospecting", "open"),
            (link.Str("title"), link["accountId"]!.GetValue<long>(), link["blocking"]!.GetValue<bool>(), link.Str("stage"), link.Str("status")));
        Assert.Equal((rep.Id, true, true), (created["raisedById"]!.GetValue<long>(), created["canEdit"]!.GetValue<bool>(), created["canDelete"]!.GetValue<bool>()));
        Assert.Empty(created["nextStatuses"]!.AsArray());
        Assert.Null(created["mergedIntoId"]);
        Assert.Equal("KRW", created["revenueAtStake"].Str("currency"));
        var one = await client.GetAsync(ReqPath(created.Id()));
        await one.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Version(created), one.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(ReqPath(long.MaxValue))).StatusCode);

        // From an account alone, not blocking anything.
        var fromAccount = await client.RaiseAsync(Unique("Thinner gasket"), accountIds: [account.Id()]);
        Assert.Equal([account.Id()], Ids(fromAccount, "accountIds"));
        Assert.Empty(fromAccount["opportunities"]!.AsArray());
    }

    [Fact]
    public async Task Create_WithInvalidValues_Is422NamingEachField_AndSavesNothing()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        using var other = App.Client(await App.CreateUserAsync(Role.Rep));
        var theirs = await other.NewAccountAsync();
        var theirDeal = await other.NewOpportunityAsync(theirs.Id());
        var title = Unique("Refused");

        var refused = await client.PostJsonAsync(Root, new
        {
            title = " ", detail = new string('x', 4001), category = new string('c', 101), accountIds = new[] { theirs.Id() }, opportunityIds = new[] { theirDeal.Id() },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["accountIds", "category", "detail", "opportunityIds", "title"], (await refused.ErrorsAsync()).Select(e => e.Key).Order());

        var unlinked = await client.PostJsonAsync(Root, new { title });
        Assert.Equal(["opportunityIds"], (await unlinked.ErrorsAsync()).Select(e => e.Key));
        var tooMany = await client.PostJsonAsync(Root, new { title, accountIds = Enumerable.Range(1, 51).Select(i => (long)i) });
        Assert.Equal(["accountIds"], (await tooMany.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync(Root, new { title, blocking = "maybe" })).StatusCode);
        Assert.Empty(await client.ListIdsAsync($"q={Uri.EscapeDataString(title)}"));

        // The product role answers requests; it does not raise them. The viewer reads only.
        foreach (var role in new[] { Role.Product, Role.Viewer, Role.Quality })
        {
            using var denied = App.Client(await App.CreateUserAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await denied.PostJsonAsync(Root, new { title, accountIds = new[] { theirs.Id() } })).StatusCode);
        }
    }

    [Fact]
    public async Task Post_WithTheSameIdempotencyKey_SavesOneRequest()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = await client.NewAccountAsync();
        var title = Unique("Idempotent");
        var key = Guid.NewGuid().ToString();
        var body = new { title, accountIds = new[] { account.Id() } };

        var first = await client.PostJsonAsync(Root, body, key);
        var second = await client.PostJsonAsync(Root, body, key);

        await first.ExpectAsync(HttpStatusCode.Created);
        await second.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((await first.JsonAsync()).Id(), (await second.JsonAsync()).Id());
        Assert.Single(await client.ListIdsAsync($"q={Uri.EscapeDataString(title)}"));
    }

    [Fact]
    public async Task Visibility_RepsSeeTheirAccounts_ManagersTheirTeam_ProductAllButNoPursuit_ViewerReads_QualityIsRefused()
    {
        var team = TestApp.NewTeam();
        var repA = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var repB = await App.CreateUserAsync(Role.Rep);
        var otherManager = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());
        using var a = App.Client(repA);
        using var b = App.Client(repB);
        var tag = Tag();
        var accountA = await a.NewAccountAsync();
        var dealA = await a.NewOpportunityAsync(accountA.Id());
        var accountB = await b.NewAccountAsync();
        var dealB = await b.NewOpportunityAsync(accountB.Id());
        var reqA = await a.RaiseAsync(Title(tag, "A"), opportunityIds: [dealA.Id()]);
        var reqB = await b.RaiseAsync(Title(tag, "B"), opportunityIds: [dealB.Id()]);

        Assert.Equal([reqA.Id()], await a.ListIdsAsync($"q={tag}"));
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync(ReqPath(reqB.Id()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.PatchJsonAsync(ReqPath(reqB.Id()), new { title = "Mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.PostJsonAsync(ReqPath(reqB.Id()) + "/links", new { accountId = accountA.Id() })).StatusCode);
        Assert.Empty(await a.ListIdsAsync($"q={tag}&accountId={accountB.Id()}"));
        Assert.Equal([reqA.Id()], await App.Client(manager).ListIdsAsync($"q={tag}"));
        Assert.Empty(await App.Client(otherManager).ListIdsAsync($"q={tag}"));

        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        Assert.Equal([reqB.Id(), reqA.Id()], await product.ListIdsAsync($"q={tag}"));
        var seenByProduct = await product.GetJsonAsync(ReqPath(reqA.Id()));
        Assert.Equal([accountA.Id()], Ids(seenByProduct, "accountIds"));
        Assert.Empty(seenByProduct["opportunityIds"]!.AsArray());
        Assert.Empty(seenByProduct["opportunities"]!.AsArray());
        Assert.Equal(1, seenByProduct["waitingOpportunities"]!.GetValue<int>());
        Assert.Equal(["declined", "underReview"], seenByProduct["nextStatuses"]!.AsArray().Select(s => s!.GetValue<string>()).Order());
        Assert.DoesNotContain(dealA.Str("title"), seenByProduct.ToJsonString());
        Assert.Equal([reqA.Id()], await product.ListIdsAsync($"q={tag}&accountId={accountA.Id()}"));
        Assert.Empty(await product.ListIdsAsync($"q={tag}&opportunityId={dealA.Id()}"));

        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        Assert.Equal([reqB.Id(), reqA.Id()], await viewer.ListIdsAsync($"q={tag}"));
        var seenByViewer = await viewer.GetJsonAsync(ReqPath(reqB.Id()));
        Assert.Equal([dealB.Id()], Ids(seenByViewer, "opportunityIds"));
        Assert.False(seenByViewer["canEdit"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchJsonAsync(ReqPath(reqB.Id()), new { title = "Viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(ReqPath(reqB.Id()) + "/links", new { accountId = accountB.Id() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(ReqPath(reqB.Id()) + "/status", new { status = "underReview", statusNote = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync(ReqPath(reqB.Id()), null)).StatusCode);

        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync($"{Root}?q={tag}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync(ReqPath(reqA.Id()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync(ReqPath(reqA.Id()) + "/history")).StatusCode);

        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        Assert.Equal([reqB.Id(), reqA.Id()], await admin.ListIdsAsync($"q={tag}"));
        Assert.Equal([dealA.Id()], Ids(await admin.GetJsonAsync(ReqPath(reqA.Id())), "opportunityIds"));

        // Filters and paging.
        Assert.Equal([reqA.Id()], await admin.ListIdsAsync($"q={tag}&opportunityId={dealA.Id()}"));
        Assert.Equal([reqB.Id(), reqA.Id()], await admin.ListIdsAsync($"q={tag}&open=true&status=new"));
        Assert.Empty(await admin.ListIdsAsync($"q={tag}&open=false"));
        var first = await admin.GetJsonAsync($"{Root}?q={tag}&limit=1");
        Assert.Equal([reqB.Id()], first["items"]!.AsArray().Select(x => x!.Id()));
        var next = await admin.GetJsonAsync($"{Root}?q={tag}&limit=1&cursor={first["nextCursor"]!.GetValue<string>()}");
        Assert.Equal([reqA.Id()], next["items"]!.AsArray().Select(x => x!.Id()));
        Assert.Null(next["nextCursor"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"{Root}?status=pending")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"{Root}?sort=oldest")).StatusCode);
    }

    [Fact]
    public async Task Patch_ChangesTheWording_ChecksIfMatch_ProductMayToo()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = await client.NewAccountAsync();
        var created = await client.RaiseAsync(Unique("Wording"), accountIds: [account.Id()]);
        var path = ReqPath(created.Id());

        var patched = await client.PatchJsonAsync(path, new { detail = "Up to 45 bar, 180 °C" }, Version(created));
        await patched.ExpectAsync(HttpStatusCode.OK);
        var changed = await patched.JsonAsync();
        Assert.Equal(("Up to 45 bar, 180 °C", created.Str("title"), "valves"), (changed.Str("detail"), changed.Str("title"), changed.Str("category")));

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PatchJsonAsync(path, new { title = "Stale" }, Version(created))).StatusCode);
        var blank = await client.PatchJsonAsync(path, new { title = (string?)null });
        Assert.Equal(["title"], (await blank.ErrorsAsync()).Select(e => e.Key));
        var unknown = await client.PatchJsonAsync(path, new { status = "released" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(["status"], (await unknown.ErrorsAsync()).Select(e => e.Key));

        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        var byProduct = await product.PatchJsonAsync(path, new { title = created.Str("title") + " (DN50)" });
        await byProduct.ExpectAsync(HttpStatusCode.OK);
        Assert.EndsWith("(DN50)", (await client.GetJsonAsync(path)).Str("title"));
    }

    [Fact]
    public async Task Delete_OnlyANewRequestOfOneAccount_ByItsRaiserOrProduct()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        using var client = App.Client(rep);
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        var account = await client.NewAccountAsync();
        var second = await client.NewAccountAsync();
        var request = await client.RaiseAsync(Unique("Delete me"), accountIds: [account.Id(), second.Id()]);
        var path = ReqPath(request.Id());

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.DeleteAsync(path, null)).StatusCode);
        Assert.False((await manager.GetJsonAsync(path))["canDelete"]!.GetValue<bool>());
        Assert.False(request["canDelete"]!.GetValue<bool>());
        var twoAccounts = await client.DeleteAsync(path, null);
        Assert.Equal(HttpStatusCode.Conflict, twoAccounts.StatusCode);
        Assert.Contains("Other accounts", (await twoAccounts.JsonAsync()).Str("detail"));

        var unlinked = await client.DeleteAsync(path + $"/links/accounts/{second.Id()}", null);
        await unlinked.ExpectAsync(HttpStatusCode.OK);
        var one = await unlinked.JsonAsync();
        Assert.True(one["canDelete"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.DeleteAsync(path, Version(request))).StatusCode);

        await product.MoveAsync(request.Id(), "underReview");
        var reviewed = await client.DeleteAsync(path, null);
        Assert.Equal(HttpStatusCode.Conflict, reviewed.StatusCode);
        Assert.Contains("Decline it instead", (await reviewed.JsonAsync()).Str("detail"));

        var fresh = await client.RaiseAsync(Unique("Typo"), accountIds: [account.Id()]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(ReqPath(fresh.Id()), Version(fresh))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(ReqPath(fresh.Id()))).StatusCode);
        var byProduct = await client.RaiseAsync(Unique("Product cleans up"), accountIds: [account.Id()]);
        Assert.Equal(HttpStatusCode.NoContent, (await product.DeleteAsync(ReqPath(byProduct.Id()), null)).StatusCode);
    }

    [Fact]
    public async Task Links_AddChangeBlockingAndRemove_WithTheRulesOfAccounts()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        using var other = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(account.Id());
        var secondAccount = await client.NewAccountAsync();
        var theirDeal = await other.NewOpportunityAsync((await other.NewAccountAsync()).Id());
        var request = await client.RaiseAsync(Unique("Links"), accountIds: [secondAccount.Id()]);
        var links = ReqPath(request.Id()) + "/links";

        var linked = await (await client.PostJsonAsync(links, new { opportunityId = deal.Id() })).JsonAsync();
        Assert.Equal([deal.Id()], Ids(linked, "opportunityIds"));
        Assert.True(linked["opportunities"]![0]!["blocking"]!.GetValue<bool>());
        Assert.Equal(new[] { account.Id(), secondAccount.Id() }.Order(), Ids(linked, "accountIds").Order());
        var relaxed = await (await client.PostJsonAsync(links, new { opportunityId = deal.Id(), blocking = false })).JsonAsync();
        Assert.False(relaxed["opportunities"]![0]!["blocking"]!.GetValue<bool>());
        Assert.Single(relaxed["opportunities"]!.AsArray());

        var invisible = await client.PostJsonAsync(links, new { opportunityId = theirDeal.Id() });
        Assert.Equal(["opportunityId"], (await invisible.ErrorsAsync()).Select(e => e.Key));
        var both = await client.PostJsonAsync(links, new { opportunityId = deal.Id(), accountId = account.Id() });
        Assert.Equal(["opportunityId"], (await both.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PostIfMatchAsync(links, new { accountId = account.Id() }, Version(request))).StatusCode);

        var withPursuit = await client.DeleteAsync(links + $"/accounts/{account.Id()}", null);
        Assert.Equal(HttpStatusCode.Conflict, withPursuit.StatusCode);
        await (await client.DeleteAsync(links + $"/opportunities/{deal.Id()}", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(links + $"/opportunities/{deal.Id()}", null)).StatusCode);
        await (await client.DeleteAsync(links + $"/accounts/{account.Id()}", null)).ExpectAsync(HttpStatusCode.OK);
        var last = await client.DeleteAsync(links + $"/accounts/{secondAccount.Id()}", null);
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Contains("at least one account", (await last.JsonAsync()).Str("detail"));

        // The history names every link change; the product role's leaves out the pursuits.
        var history = (await client.GetJsonAsync(ReqPath(request.Id()) + "/history"))["items"]!.ToJsonString();
        Assert.Contains("opportunityIds", history);
        Assert.Contains($"{deal.Id()} (blocking)", history);
        Assert.Contains("accountIds", history);
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        var productHistory = (await product.GetJsonAsync(ReqPath(request.Id()) + "/history"))["items"]!.ToJsonString();
        Assert.DoesNotContain("opportunityIds", productHistory);
        Assert.Contains("accountIds", productHistory);
        Assert.Contains("\"created\"", productHistory);
    }

    [Fact]
    public async Task History_OfARequest_IsReadOnlyWhereTheRequestIsVisible()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        using var other = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = await client.NewAccountAsync();
        var request = await client.RaiseAsync(Unique("History"), accountIds: [account.Id()]);
        await (await client.PatchJsonAsync(ReqPath(request.Id()), new { title = "History renamed" })).ExpectAsync(HttpStatusCode.OK);

        var items = (await client.GetJsonAsync(ReqPath(request.Id()) + "/history"))["items"]!.AsArray();
        Assert.Equal(["updated", "created"], items.Select(i => i.Str("action")));
        Assert.Contains("History renamed", items.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(ReqPath(request.Id()) + "/history")).StatusCode);
    }

    [Fact]
    public async Task Responses_NeverCarryCostsOrMargins()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        var account = await client.NewAccountAsync();
        var request = await client.RaiseAsync(Unique("No costs"), accountIds: [account.Id()]);
        var productId = await References.ReferenceSetup.NewProductAsync(App, "High-pressure valve", "valves");
        foreach (var step in new[] { "underReview", "accepted", "inDevelopment" })
        {
            await product.MoveAsync(request.Id(), step);
        }
        var released = await product.MoveAsync(request.Id(), "released", "In the catalogue from March", productId);
        Assert.Equal("High-pressure valve", released.Str("productName"));

        foreach (var role in new[] { Role.Product, Role.Viewer, Role.Admin, Role.Rep })
        {
            using var other = App.Client(await App.CreateUserAsync(role));
            var http = role == Role.Rep ? client : other;
            var json = (await http.GetJsonAsync(ReqPath(request.Id()))).ToJsonString()
                + (await http.GetJsonAsync($"{Root}?q={Uri.EscapeDataString(request.Str("title"))}")).ToJsonString()
                + (await http.GetJsonAsync(ReqPath(request.Id()) + "/history")).ToJsonString();
            foreach (var field in new[] { "unitCost", "costTotal", "margin", "marginPercent" })
            {
                Assert.DoesNotContain(field, json, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task DatabaseLinks_KeepTheirAccount_ForVisibility()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(account.Id());
        var request = await client.RaiseAsync(Unique("Kept account"), opportunityIds: [deal.Id()], blocking: false);
        await using var db = App.OpenDb();
        var link = await db.ProductRequestOpportunities.SingleAsync(l => l.ProductRequestId == request.Id());
        Assert.Equal((account.Id(), false), (link.AccountId, link.Blocking));
    }
}
