using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Competitors;

public sealed class CompetitorsRegistryTests_Sqlite() : CompetitorsRegistryTests(Provider.Sqlite);

public sealed class CompetitorsRegistryTests_Postgres() : CompetitorsRegistryTests(Provider.Postgres);

/// <summary>/competitors as a registry: profiles, edits, filters, refused deletes and who may do what.</summary>
public abstract class CompetitorsRegistryTests(Provider provider) : AppTests(provider)
{
    private static string PathOf(long id) => $"/api/v1/competitors/{id}";

    private static Task<JsonNode> CreateAsync(HttpClient client, string name, string? pricePosition = "below") =>
        client.CreateAsync("/api/v1/competitors", new
        {
            name,
            strengths = "Cheap, fast samples",
            weaknesses = "Late deliveries",
            pricePosition,
            website = "rival.example.com",
            notes = "Owned by a steel group.",
        });

    [Fact]
    public async Task Rep_AddsACompetitorWithItsProfile_AndReadsItBack()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var name = Unique("Dongbang Valve");

        var created = await CreateAsync(client, name);

        Assert.Equal(name, created.Str("name"));
        Assert.Equal(("Cheap, fast samples", "Late deliveries", "below"), (created.Str("strengths"), created.Str("weaknesses"), created.Str("pricePosition")));
        Assert.Equal("https://rival.example.com", created.Str("website"));
        Assert.Equal("Owned by a steel group.", created.Str("notes"));
        var one = await client.GetAsync(PathOf(created.Id()));
        await one.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal($"\"{created["version"]!.GetValue<long>()}\"", one.Headers.ETag?.Tag);
        Assert.Equal(created.ToJsonString(), (await one.JsonAsync()).ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(PathOf(long.MaxValue))).StatusCode);
    }

    [Fact]
    public async Task List_FiltersByNameAndPricePosition_AndPages()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var tag = Guid.NewGuid().ToString("N")[..8];
        var above = await CreateAsync(client, $"Alpha {tag}", "above");
        var below = await CreateAsync(client, $"Beta {tag}", "below");
        var unknown = await CreateAsync(client, $"Gamma {tag}", null);

        var all = (await client.GetJsonAsync($"/api/v1/competitors?q={tag.ToUpperInvariant()}"))["items"]!.AsArray();
        Assert.Equal([above.Id(), below.Id(), unknown.Id()], all.Select(c => c!.Id()));
        var cheap = (await client.GetJsonAsync($"/api/v1/competitors?q={tag}&pricePosition=below"))["items"]!.AsArray();
        Assert.Equal([below.Id()], cheap.Select(c => c!.Id()));

        var first = await client.GetJsonAsync($"/api/v1/competitors?q={tag}&limit=2");
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var next = first.Str("nextCursor");
        var second = await client.GetJsonAsync($"/api/v1/competitors?q={tag}&limit=2&cursor={next}");
        Assert.Equal([unknown.Id()], second["items"]!.AsArray().Select(c => c!.Id()));
        Assert.Null(second["nextCursor"]);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/competitors?pricePosition=cheapest")).StatusCode);
    }

    [Fact]
    public async Task Patch_ChangesTheProfile_RenameKeepsNamesUnique_AndStaleIfMatchIs412()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var rival = await CreateAsync(client, Unique("Hanil Fittings"));
        var other = await CreateAsync(client, Unique("Seoul Flow"));
        var path = PathOf(rival.Id());
        var version = rival["version"]!.GetValue<long>();

        var changed = await client.PatchJsonAsync(path, new { pricePosition = "similar", weaknesses = (string?)null }, $"\"{version}\"");
        await changed.ExpectAsync(HttpStatusCode.OK);
        var updated = await changed.JsonAsync();
        Assert.Equal(("similar", "Cheap, fast samples"), (updated.Str("pricePosition"), updated.Str("strengths")));
        Assert.Null(updated["weaknesses"]);
        Assert.Equal($"\"{updated["version"]!.GetValue<long>()}\"", changed.Headers.ETag?.Tag);

        // A stale version is refused and changes nothing.
        var stale = await client.PatchJsonAsync(path, new { notes = "Overwritten" }, $"\"{version}\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        // Another competitor's name, in any case, is a conflict.
        var taken = await client.PatchJsonAsync(path, new { name = $"  {other.Str("name").ToUpperInvariant()} " });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains(other.Str("name").ToUpperInvariant(), (await taken.JsonAsync())["rules"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        // Its own name in another case is a rename.
        var recased = await client.PatchJsonAsync(path, new { name = rival.Str("name").ToUpperInvariant() });
        await recased.ExpectAsync(HttpStatusCode.OK);
        var current = await client.GetJsonAsync(path);
        Assert.Equal((rival.Str("name").ToUpperInvariant(), "Owned by a steel group."), (current.Str("name"), current.Str("notes")));
    }

    [Theory]
    [InlineData("{\"name\": \"  \"}", "name")]
    [InlineData("{\"name\": null}", "name")]
    [InlineData("{\"website\": \"not a site\"}", "website")]
    [InlineData("{\"strengths\": \"LONG\"}", "strengths")]
    public async Task Patch_WithInvalidValues_Is422NamingTheField_AndSavesNothing(string body, string field)
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var rival = await CreateAsync(client, Unique("Invalid Rival"));

        var refused = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, PathOf(rival.Id()))
        {
            Content = new StringContent(body.Replace("LONG", new string('x', 4001), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(rival.ToJsonString(), (await client.GetJsonAsync(PathOf(rival.Id()))).ToJsonString());
    }

    [Fact]
    public async Task Post_WithAnUnknownPricePosition_Is400()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));

        var refused = await client.PostRawAsync("/api/v1/competitors", $$"""{"name": "{{Unique("Odd")}}", "pricePosition": "cheapest"}""");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Post_WithAnIdempotencyKey_MakesOneCompetitor()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var name = Unique("Once Only");
        var key = Guid.NewGuid().ToString();

        var first = await client.PostJsonAsync("/api/v1/competitors", new { name, pricePosition = "above" }, key);
        var second = await client.PostJsonAsync("/api/v1/competitors", new { name, pricePosition = "above" }, key);

        await first.ExpectAsync(HttpStatusCode.Created);
        await second.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.JsonAsync()).Id(), (await second.JsonAsync()).Id());
        Assert.Single((await client.GetJsonAsync("/api/v1/competitors?q=" + Uri.EscapeDataString(name)))["items"]!.AsArray());
    }

    [Fact]
    public async Task Delete_IsForManagersAndAdmins_AndRemovesAnUnusedCompetitor()
    {
        var team = TestApp.NewTeam();
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, team));
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        var rival = await CreateAsync(rep, Unique("Unused Rival"));
        var spare = await CreateAsync(rep, Unique("Spare Rival"));

        Assert.Equal(HttpStatusCode.Forbidden, (await rep.DeleteAsync(PathOf(rival.Id()), null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await manager.DeleteAsync(PathOf(rival.Id()), "\"999\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync(PathOf(rival.Id()), $"\"{rival["version"]!.GetValue<long>()}\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync(PathOf(rival.Id()))).StatusCode);

        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(PathOf(spare.Id()), null)).StatusCode);
    }

    [Fact]
    public async Task Delete_OfACompetitorInUse_Is409SayingHowMany_ButOnlyThatOthersUseItAtAccountsTheCallerCannotSee()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(owner);
        var rival = await CreateAsync(client, Unique("Busy Rival"));
        var account = await client.NewAccountAsync();
        var lost = await client.NewOpportunityAsync(account.Id());
        await (await client.CloseAsync(lost.Id(), new { outcome = "lost", reason = "competitorChosen", competitorId = rival.Id() })).ExpectAsync(HttpStatusCode.OK);
        // Lost once, reopened: the pursuit no longer names the winner, but its stage history does.
        var reopened = await client.NewOpportunityAsync(account.Id());
        await (await client.CloseAsync(reopened.Id(), new { outcome = "lost", reason = "price", competitorId = rival.Id() })).ExpectAsync(HttpStatusCode.OK);
        await (await App.Client(await App.CreateUserAsync(Role.Admin)).ReopenAsync(reopened.Id(), new { reason = "Back in the race" })).ExpectAsync(HttpStatusCode.OK);
        await App.RecordShareAsync(account.Id(), "valves", 55m, competitorId: rival.Id());
        await App.RecordShareAsync(account.Id(), "pumps", 20m, competitorId: rival.Id());
        await App.RecordSlipAsync(account.Id(), rival.Id());
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));

        var refused = await manager.DeleteAsync(PathOf(rival.Id()), null);

        // Another team's manager learns that the rival is in use, not how much another team lost to it.
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(["Records at accounts you cannot see also refer to it."],
            (await refused.JsonAsync())["rules"]!.AsArray().Select(r => r!.GetValue<string>()));

        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var counted = await admin.DeleteAsync(PathOf(rival.Id()), null);
        Assert.Equal(HttpStatusCode.Conflict, counted.StatusCode);
        var rules = (await counted.JsonAsync())["rules"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Equal([
            "2 pursuit(s) name this competitor as the winner.",
            "2 share-of-wallet entry(ies) name this competitor as the supplier.",
            "1 incumbent slip(s) are recorded against this competitor.",
        ], rules);
        await client.GetJsonAsync(PathOf(rival.Id()));
    }

    [Theory]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task QualityAndProduct_AreForbiddenEveryPath(Role role)
    {
        var rival = await CreateAsync(App.Client(await App.CreateUserAsync(Role.Rep)), Unique("Hidden Rival"));
        using var client = App.Client(await App.CreateUserAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(PathOf(rival.Id()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/competitors?q=hidden")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync(PathOf(rival.Id()), new { notes = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(PathOf(rival.Id()), null)).StatusCode);
    }

    [Fact]
    public async Task Viewer_ReadsACompetitor_ButCannotChangeOrDeleteIt()
    {
        var rival = await CreateAsync(App.Client(await App.CreateUserAsync(Role.Rep)), Unique("Read Only Rival"));
        using var client = App.Client(await App.CreateUserAsync(Role.Viewer));

        Assert.Equal(rival.Str("name"), (await client.GetJsonAsync(PathOf(rival.Id()))).Str("name"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync(PathOf(rival.Id()), new { notes = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(PathOf(rival.Id()), null)).StatusCode);
    }
}
