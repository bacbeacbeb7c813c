using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Pursuits;

public sealed class CompetitorsApiTests_Sqlite() : CompetitorsApiTests(Provider.Sqlite);

public sealed class CompetitorsApiTests_Postgres() : CompetitorsApiTests(Provider.Postgres);

/// <summary>/competitors: one record per rival, whatever the case it is typed in.</summary>
public abstract class CompetitorsApiTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Rep_AddsACompetitor_AndTheSameNameInAnyCase_ReturnsTheExistingOne()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var name = Unique("Acme Steel");

        var created = await client.PostJsonAsync("/api/v1/competitors", new { name = $"  {name} " });

        await created.ExpectAsync(HttpStatusCode.Created);
        var acme = await created.JsonAsync();
        Assert.Equal(name, acme.Str("name"));
        Assert.Equal($"/api/v1/competitors/{acme.Id()}", created.Headers.Location?.ToString());

        using var other = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        foreach (var again in new[] { name.ToUpperInvariant(), name.ToLowerInvariant(), name })
        {
            var response = await other.PostJsonAsync("/api/v1/competitors", new { name = again });
            await response.ExpectAsync(HttpStatusCode.OK);
            var known = await response.JsonAsync();
            Assert.Equal(acme.Id(), known.Id());
            Assert.Equal(name, known.Str("name"));
        }

        var list = (await client.GetJsonAsync("/api/v1/competitors"))["items"]!.AsArray();
        Assert.Single(list, c => c!.Id() == acme.Id());
        Assert.Single(list, c => string.Equals(c.Str("name"), name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TheSameNewName_SentAtOnce_MakesOneCompetitor()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));
        var name = Unique("Race Castings");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            client.PostJsonAsync("/api/v1/competitors", new { name = i % 2 == 0 ? name : name.ToUpperInvariant() })));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var ids = new HashSet<long>();
        foreach (var r in responses)
        {
            ids.Add((await r.JsonAsync()).Id());
        }
        Assert.Single(ids);
    }

    [Theory]
    [InlineData("{\"name\": \"\"}", "name")]
    [InlineData("{\"name\": \"   \"}", "name")]
    [InlineData("{}", "name")]
    [InlineData("{\"name\": \"LONG\"}", "name")]
    public async Task BlankOrTooLongName_Is422NamingName(string body, string field)
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Rep));

        var refused = await client.PostRawAsync("/api/v1/competitors", body.Replace("LONG", new string('x', 201), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
    }

    [Theory]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task QualityAndProduct_AreForbidden(Role role)
    {
        using var client = App.Client(await App.CreateUserAsync(role));
        var name = Unique("Forbidden Rival");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/competitors", new { name })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/competitors")).StatusCode);
        var list = (await App.Client(await App.CreateUserAsync(Role.Admin)).GetJsonAsync("/api/v1/competitors"))["items"]!.AsArray();
        Assert.DoesNotContain(list, c => c.Str("name") == name);
    }

    [Fact]
    public async Task Viewer_ReadsCompetitors_ButCannotAddOne()
    {
        var name = Unique("Known Rival");
        await App.Client(await App.CreateUserAsync(Role.Rep)).CreateAsync("/api/v1/competitors", new { name });
        using var client = App.Client(await App.CreateUserAsync(Role.Viewer));

        Assert.Contains((await client.GetJsonAsync("/api/v1/competitors"))["items"]!.AsArray(), c => c.Str("name") == name);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/competitors", new { name = Unique("Viewer Rival") })).StatusCode);
    }
}
