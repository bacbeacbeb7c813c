using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Wallet;

public sealed class OpeningsTests_Sqlite() : OpeningsTests(Provider.Sqlite);

public sealed class OpeningsTests_Postgres() : OpeningsTests(Provider.Postgres);

/// <summary>/reports/openings and /openings: accounts ranked by signal, fit and wallet not ours.</summary>
public abstract class OpeningsTests(Provider provider) : AppTests(provider)
{
    private const string Report = "/api/v1/reports/openings";

    private async Task SetFitAsync(long accountId, int? fit)
    {
        await using var db = App.OpenDb();
        var account = await db.Accounts.FindAsync(accountId);
        account!.FitScore = fit;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Openings_RankByTheCombinedScore_ShowEachPart_AndSortByEachColumn()
    {
        var user = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(user);
        var acme = await rep.NewCompetitorAsync();
        var hot = (await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Hot"), industry = "28" })).Id();
        var rich = (await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Rich"), industry = "41" })).Id();
        var fit = (await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Fit"), industry = "C" })).Id();
        var none = (await rep.NewAccountAsync()).Id();
        await rep.NewSlipAsync(hot, acme, "qualityFailure", 0, "critical");
        await rep.NewShareAsync(hot, "Valves", acme, 50, 5, 10_000_000);
        await rep.NewShareAsync(rich, "Valves", acme, 80, 5, 80_000_000);
        await rep.NewShareAsync(rich, "Valves", null, 20, 5, 20_000_000);
        await rep.NewShareAsync(fit, "Valves", null, 100, 5, 5_000_000);
        await rep.NewSlipAsync(fit, acme, "other", 0, "minor");
        await rep.NewShareAsync(none, "Valves", null, 100, 5, 1_000_000);
        await SetFitAsync(fit, 90);
        await SetFitAsync(rich, null);
        await SetFitAsync(hot, null);

        var items = (await rep.GetJsonAsync(Report))["items"]!.AsArray();

        // Hot: signal 60, wallet 20M of the largest 80M (35); Fit: signal 7.5, fit 90 (30.75); Rich: wallet 80M (20);
        // "none" is all ours and quiet.
        Assert.Equal([hot, fit, rich], items.Select(i => i!["accountId"]!.GetValue<long>()));
        var first = items[0]!;
        Assert.Equal(60m, first.Dec("signal"));
        Assert.Equal(20_000_000m, first["walletNotOurs"].Dec("amount"));
        Assert.Equal(25m, first.Dec("walletScore"));
        Assert.Equal(35m, first.Dec("combined"));
        Assert.Equal(30.8m, items[1]!.Dec("combined"));
        Assert.Null(items[2]!["fitScore"]);
        Assert.Equal(20m, items[2]!.Dec("combined"));

        Assert.Equal([fit, hot, rich], (await rep.GetJsonAsync(Report + "?sort=fit"))["items"]!.AsArray().Select(i => i!["accountId"]!.GetValue<long>()));
        Assert.Equal([rich, hot, fit], (await rep.GetJsonAsync(Report + "?sort=walletNotOurs"))["items"]!.AsArray().Select(i => i!["accountId"]!.GetValue<long>()));
        Assert.Equal([hot, fit, rich], (await rep.GetJsonAsync(Report + "?sort=signal"))["items"]!.AsArray().Select(i => i!["accountId"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await rep.GetAsync(Report + "?sort=name")).StatusCode);

        // A section covers its divisions (C holds 28); a division only itself.
        Assert.Equal([hot, fit], (await rep.GetJsonAsync(Report + "?industry=C"))["items"]!.AsArray().Select(i => i!["accountId"]!.GetValue<long>()));
        Assert.Equal([rich], (await rep.GetJsonAsync(Report + "?industry=41"))["items"]!.AsArray().Select(i => i!["accountId"]!.GetValue<long>()));

        var page1 = await rep.GetJsonAsync(Report + "?limit=2");
        Assert.Equal(2, page1["items"]!.AsArray().Count);
        var page2 = await rep.GetJsonAsync(Report + "?limit=2&cursor=" + page1.Str("nextCursor"));
        Assert.Equal([rich], page2["items"]!.AsArray().Select(i => i!["accountId"]!.GetValue<long>()));
        Assert.Null(page2["nextCursor"]);
    }

    [Fact]
    public async Task Openings_FilterByApplication_AndShowOnlyVisibleAccounts()
    {
        var team = TestApp.NewTeam();
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, team));
        var boilers = await App.ApplicationIdAsync("wallet-boilers-" + Guid.NewGuid().ToString("N")[..6], "C");
        var acme = await rep.NewCompetitorAsync();
        var tagged = (await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Tagged"), industry = "C", applicationIds = new[] { boilers } })).Id();
        var plain = (await rep.NewAccountAsync()).Id();
        await rep.NewSlipAsync(tagged, acme, "lateDelivery", 1);
        await rep.NewSlipAsync(plain, acme, "lateDelivery", 1);

        Assert.Equal([tagged], (await rep.GetJsonAsync($"{Report}?applicationId={boilers}"))["items"]!.AsArray().Select(i => i!["accountId"]!.GetValue<long>()));
        Assert.Equal(2, (await rep.GetJsonAsync(Report))["items"]!.AsArray().Count);

        using var stranger = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        Assert.Empty((await stranger.GetJsonAsync(Report))["items"]!.AsArray());
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        var seen = (await manager.GetJsonAsync(Report))["items"]!.AsArray().Select(i => i!["accountId"]!.GetValue<long>()).ToList();
        Assert.Contains(tagged, seen);
        Assert.Contains(plain, seen);
        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var other = App.Client(await App.CreateUserAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(Report)).StatusCode);
            using var browser = await App.SignInAsync(await App.CreateUserAsync(role));
            var (status, html) = await browser.GetAsync("/openings");
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.DoesNotContain("Tagged", html, StringComparison.Ordinal);
        }
        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        Assert.Contains((await viewer.GetJsonAsync(Report + "?limit=500"))["items"]!.AsArray(), i => i!["accountId"]!.GetValue<long>() == tagged);
    }

    [Fact]
    public async Task Openings_TakeAFewQueries_HoweverManyAccounts()
    {
        var user = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(user);
        var acme = await rep.NewCompetitorAsync();
        for (var i = 0; i < 12; i++)
        {
            var account = (await rep.NewAccountAsync()).Id();
            await rep.NewShareAsync(account, "Valves", acme, 60, 5, 1_000_000 * (i + 1));
            await rep.NewSlipAsync(account, acme, "other", i);
        }

        using var sql = SqlCommands.For(App, user);
        Assert.Equal(12, (await rep.GetJsonAsync(Report))["items"]!.AsArray().Count);

        Assert.InRange(sql.Commands.Count(c => c.Contains("SELECT", StringComparison.OrdinalIgnoreCase)), 1, 8);
    }
}
