using System.Net;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Identity;
using Bridgehead.Search;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Search;

public sealed class SearchTests_Sqlite() : SearchTests(Provider.Sqlite);

public sealed class SearchTests_Postgres() : SearchTests(Provider.Postgres);

/// <summary>What search finds and in which order (docs/guide.md, "Search at scale").</summary>
public abstract class SearchTests(Provider provider) : AppTests(provider)
{
    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task TwoCharacters_MatchAtTheStartOfAWord_ThreeAnywhere()
    {
        // A rep in a team of their own sees only their own accounts, so other tests' data stays out.
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var client = App.Client(rep);
        var tag = Tag();
        var first = (await client.CreateAsync("/api/v1/accounts", new { name = $"Qv Widgets {tag}" })).Id();
        var later = (await client.CreateAsync("/api/v1/accounts", new { name = $"Big Qvortrup {tag}" })).Id();
        var inside = (await client.CreateAsync("/api/v1/accounts", new { name = $"Boqvist {tag}" })).Id();

        var two = await client.GetJsonAsync("/api/v1/search?q=QV");
        var ids = two["accounts"]!.AsArray().Select(h => (long)h!["id"]!).ToList();
        // Newest first; the word that only contains "qv" is not a match for two characters.
        Assert.Equal([later, first], ids);

        var three = await client.GetJsonAsync("/api/v1/search?q=qvi");
        Assert.Equal([inside], three["accounts"]!.AsArray().Select(h => (long)h!["id"]!).ToList());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/search?q=q")).StatusCode);
    }

    [Fact]
    public async Task ACommonWord_ListsTheTenNewest_LikeARareOne()
    {
        // More matches than SearchAll.FewMatches: PostgreSQL walks the records newest first
        // instead of sorting them all; the answer is the same ten as a sort would give.
        var admin = await App.CreateUserAsync(Role.Admin);
        var owner = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var tag = Tag();
        var accountId = (await App.Client(owner).CreateAsync("/api/v1/accounts", new { name = $"Common Words {tag}" })).Id();
        var rare = (await App.Client(owner).CreateAsync("/api/v1/contacts", new { accountId, name = $"Rare{tag} Person" })).Id();
        await using (var db = App.OpenDb())
        {
            for (var i = 0; i < SearchAll.FewMatches + 5; i++)
            {
                var name = $"Many{tag} Person {i}";
                db.Contacts.Add(new Contact { AccountId = accountId, Name = name, SearchName = Text.SearchKey(name) });
            }
            await db.SaveChangesAsync();
        }
        long[] newest;
        await using (var db = App.OpenDb())
        {
            newest = [.. db.Contacts.Where(c => c.AccountId == accountId && c.SearchName.StartsWith("many" + tag))
                .OrderByDescending(c => c.Id).Take(SearchAll.PerKind).Select(c => c.Id)];
        }

        foreach (var user in new[] { admin, owner })
        {
            var common = await App.Client(user).GetJsonAsync($"/api/v1/search?q=many{tag}");
            Assert.Equal(newest, common["contacts"]!.AsArray().Select(h => (long)h!["id"]!).ToArray());
            var one = await App.Client(user).GetJsonAsync($"/api/v1/search?q=rare{tag}");
            Assert.Equal([rare], one["contacts"]!.AsArray().Select(h => (long)h!["id"]!).ToList());
        }
    }
}
