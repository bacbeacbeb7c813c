using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;
using static Bridgehead.Tests.References.ReferenceSetup;

namespace Bridgehead.Tests.References;

public sealed class ReferencesApiTests_Sqlite() : ReferencesApiTests(Provider.Sqlite);

public sealed class ReferencesApiTests_Postgres() : ReferencesApiTests(Provider.Postgres);

/// <summary>/references: the library, its rules, who may read and who may change, and its history.</summary>
public abstract class ReferencesApiTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Rep_AddsACaseAtTheirCustomer_ReadsItBack_AndTheIndustryDefaultsToTheAccounts()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var customer = await client.NewCustomerAsync("28");
        var app = await App.ApplicationIdAsync("ref boilers", "28");
        var valve = await App.NewProductAsync("Ball valve DN50", "valves");
        var title = Unique("Boiler line retrofit");

        var created = await client.NewReferenceAsync(customer.Id(), "  " + title + " ", applicationId: app, productIds: [valve, valve], mayBeNamed: true);

        Assert.Equal(title, created.Str("title"));
        Assert.Equal("28", created.Str("industry"));
        Assert.Equal(customer.Str("name"), created.Str("accountName"));
        Assert.True(created["mayBeNamed"]!.GetValue<bool>());
        Assert.True(created["canEdit"]!.GetValue<bool>());
        Assert.Equal([valve], created["products"]!.AsArray().Select(p => p!.Id()));
        Assert.Equal("Ball valve DN50", created["products"]![0].Str("name"));
        var one = await client.GetAsync(RefPath(created.Id()));
        await one.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Version(created), one.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(RefPath(long.MaxValue))).StatusCode);
    }

    [Fact]
    public async Task Create_WithInvalidValues_Is422NamingEachField_AndSavesNothing()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var prospect = await client.NewAccountAsync();
        var title = Unique("Invalid");

        var refused = await client.PostJsonAsync("/api/v1/references", new
        {
            accountId = prospect.Id(), title, industry = "ZZ", applicationId = long.MaxValue, productIds = new[] { long.MaxValue }, outcome = new string('x', 4001),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = await refused.ErrorsAsync();
        Assert.Equal(["accountId", "applicationId", "industry", "outcome", "productIds"], errors.Select(e => e.Key).Order());
        Assert.Contains("customer", errors["accountId"]![0]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        var noTitle = await client.PostJsonAsync("/api/v1/references", new { title = " " });
        Assert.Equal(["accountId", "title"], (await noTitle.ErrorsAsync()).Select(e => e.Key).Order());
        var list = await client.GetJsonAsync($"/api/v1/references?q={Uri.EscapeDataString(title)}");
        Assert.Empty(list["items"]!.AsArray());
    }

    [Fact]
    public async Task Patch_MergesAndChecksIfMatch_Delete_HonoursIfMatch()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var customer = await client.NewCustomerAsync();
        var pump = await App.NewProductAsync("Pump", "pumps");
        var created = await client.NewReferenceAsync(customer.Id(), Unique("Pump house"));
        var path = RefPath(created.Id());

        var patched = await client.PatchJsonAsync(path, new { mayBeNamed = true, productIds = new[] { pump }, industry = "01" }, Version(created));
        await patched.ExpectAsync(HttpStatusCode.OK);
        var changed = await patched.JsonAsync();
        Assert.Equal((true, "01", created.Str("title"), "Cut downtime by 30%"), (changed["mayBeNamed"]!.GetValue<bool>(), changed.Str("industry"), changed.Str("title"), changed.Str("outcome")));
        Assert.Equal([pump], changed["products"]!.AsArray().Select(p => p!.Id()));
        Assert.NotEqual(Version(created), Version(changed));

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PatchJsonAsync(path, new { title = "Stale" }, Version(created))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PatchJsonAsync(path, new { title = (string?)null })).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.DeleteAsync(path, Version(created))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(path, Version(changed))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Post_WithTheSameIdempotencyKey_SavesOneCase()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var customer = await client.NewCustomerAsync();
        var title = Unique("Idempotent");
        var key = Guid.NewGuid().ToString();
        var body = new { accountId = customer.Id(), title };

        var first = await client.PostJsonAsync("/api/v1/references", body, key);
        var second = await client.PostJsonAsync("/api/v1/references", body, key);

        await first.ExpectAsync(HttpStatusCode.Created);
        await second.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((await first.JsonAsync()).Id(), (await second.JsonAsync()).Id());
        Assert.Single((await client.GetJsonAsync($"/api/v1/references?q={Uri.EscapeDataString(title)}"))["items"]!.AsArray());
    }

    [Fact]
    public async Task List_FiltersByIndustrySectionApplicationProductAndNaming_AndPages()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var customer = await client.NewCustomerAsync("01");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var app = await App.ApplicationIdAsync("ref greenhouses", "A");
        var product = await App.NewProductAsync("Drip line", "irrigation");
        var a = await client.NewReferenceAsync(customer.Id(), $"A {tag}", applicationId: app, mayBeNamed: true);
        var b = await client.NewReferenceAsync(customer.Id(), $"B {tag}", industry: "03", productIds: [product]);
        var c = await client.NewReferenceAsync(customer.Id(), $"C {tag}", industry: "28");

        async Task<IEnumerable<long>> Ids(string query) =>
            (await client.GetJsonAsync($"/api/v1/references?q={tag}{query}"))["items"]!.AsArray().Select(x => x!.Id());

        Assert.Equal([a.Id(), b.Id(), c.Id()], await Ids(""));
        Assert.Equal([a.Id(), b.Id()], await Ids("&industry=A"));
        Assert.Equal([b.Id()], await Ids("&industry=03"));
        Assert.Equal([a.Id()], await Ids($"&applicationId={app}"));
        Assert.Equal([b.Id()], await Ids($"&productId={product}"));
        Assert.Equal([a.Id()], await Ids("&mayBeNamed=true"));
        Assert.Equal([b.Id(), c.Id()], await Ids("&mayBeNamed=false"));
        var first = await client.GetJsonAsync($"/api/v1/references?q={tag}&limit=2");
        var second = await client.GetJsonAsync($"/api/v1/references?q={tag}&limit=2&cursor={first.Str("nextCursor")}");
        Assert.Equal([c.Id()], second["items"]!.AsArray().Select(x => x!.Id()));
    }

    [Fact]
    public async Task Library_EverySalesRoleReads_OnlyThoseWhoSeeTheCustomerChange()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        var otherRep = await App.CreateUserAsync(Role.Rep);
        using var ownerClient = App.Client(owner);
        using var rep = App.Client(otherRep);
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var customer = await ownerClient.NewCustomerAsync();
        var created = await ownerClient.NewReferenceAsync(customer.Id(), Unique("Shared library"));
        var path = RefPath(created.Id());

        // Another rep reads the case and its customer's name, but may not change it or add one for that customer.
        var read = await rep.GetJsonAsync(path);
        Assert.Equal(customer.Str("name"), read.Str("accountName"));
        Assert.False(read["canEdit"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.PatchJsonAsync(path, new { title = "Mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.DeleteAsync(path, null)).StatusCode);
        var foreign = await rep.PostJsonAsync("/api/v1/references", new { accountId = customer.Id(), title = "Not mine" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreign.StatusCode);
        Assert.Contains("accountId", (await foreign.ErrorsAsync()).Select(e => e.Key));
        var own = await rep.NewCustomerAsync();
        var moved = await ownerClient.PatchJsonAsync(path, new { accountId = own.Id() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode);

        // The viewer reads only; quality and product read none.
        Assert.False((await viewer.GetJsonAsync(path))["canEdit"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchJsonAsync(path, new { title = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync("/api/v1/references", new { accountId = customer.Id(), title = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync(path, null)).StatusCode);
        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var other = App.Client(await App.CreateUserAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/v1/references")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostJsonAsync("/api/v1/references", new { accountId = customer.Id(), title = "x" })).StatusCode);
        }

        // The admin changes any case.
        await (await admin.PatchJsonAsync(path, new { mayBeNamed = true })).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ManagerOfTheTeam_ChangesTheCase_AnotherTeamsManagerReadsOnly()
    {
        var team = TestApp.NewTeam();
        var owner = await App.CreateUserAsync(Role.Rep, team);
        using var ownerClient = App.Client(owner);
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        using var stranger = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        var customer = await ownerClient.NewCustomerAsync();
        var created = await ownerClient.NewReferenceAsync(customer.Id(), Unique("Team case"));

        await (await manager.PatchJsonAsync(RefPath(created.Id()), new { outcome = "Two plants supplied" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.Str("title"), (await stranger.GetJsonAsync(RefPath(created.Id()))).Str("title"));
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PatchJsonAsync(RefPath(created.Id()), new { outcome = "x" })).StatusCode);
    }

    [Fact]
    public async Task History_FollowsTheCustomersVisibility()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        using var ownerClient = App.Client(owner);
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        var customer = await ownerClient.NewCustomerAsync();
        var product = await App.NewProductAsync("Gate valve", "valves");
        var created = await ownerClient.NewReferenceAsync(customer.Id(), Unique("Audited"));
        await (await ownerClient.PatchJsonAsync(RefPath(created.Id()), new { productIds = new[] { product } })).ExpectAsync(HttpStatusCode.OK);
        var path = RefPath(created.Id()) + "/history";

        var mine = (await ownerClient.GetJsonAsync(path))["items"]!.AsArray();
        Assert.Equal(["updated", "created"], mine.Select(e => e.Str("action")));
        Assert.Contains(mine[0]!["changes"]!.AsArray(), c => c.Str("field") == "products");
        Assert.Equal(2, (await viewer.GetJsonAsync(path))["items"]!.AsArray().Count);
        Assert.Empty((await rep.GetJsonAsync(path))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ownerClient.GetAsync(RefPath(long.MaxValue) + "/history")).StatusCode);
    }
}
