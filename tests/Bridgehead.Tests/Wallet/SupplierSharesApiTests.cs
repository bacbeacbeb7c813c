using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Pursuits.PursuitApi;
using static Bridgehead.Tests.Wallet.WalletApi;

namespace Bridgehead.Tests.Wallet;

public sealed class SupplierSharesApiTests_Sqlite() : SupplierSharesApiTests(Provider.Sqlite);

public sealed class SupplierSharesApiTests_Postgres() : SupplierSharesApiTests(Provider.Postgres);

/// <summary>/accounts/{id}/supplier-shares and /share-of-wallet: the picture, its history and the 100% rule.</summary>
public abstract class SupplierSharesApiTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Entries_ListNewestFirst_FilterByCategory_AndTheSummaryShowsThePictureAndOurTrend()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();
        var acme = await rep.NewCompetitorAsync("Acme Valves");
        var old = await rep.NewShareAsync(account, "Burner valves", null, 30, 60, 30_000_000);
        await rep.NewShareAsync(account, "Burner valves", acme, 50, 60, 50_000_000);
        var recent = await rep.NewShareAsync(account, "burner  VALVES", null, 40, 10, 40_000_000);
        await rep.NewShareAsync(account, "Gaskets", acme, 20, 5, 1000, "XTS");

        Assert.Equal("us", recent.Str("supplier"));
        Assert.Null(recent["competitorName"]);
        var list = (await rep.GetJsonAsync(Shares(account)))["items"]!.AsArray();
        Assert.Equal([Day(5), Day(10), Day(60), Day(60)], list.Select(i => i.Str("asOf")));
        var valves = (await rep.GetJsonAsync(Shares(account) + "?productCategory=BURNER%20valves"))["items"]!.AsArray();
        Assert.Equal(3, valves.Count);
        Assert.Contains(valves, v => v!["competitorName"]?.GetValue<string>().StartsWith("Acme Valves", StringComparison.Ordinal) == true);

        var summary = await rep.GetJsonAsync($"/api/v1/accounts/{account}/share-of-wallet");
        var burner = summary["categories"]!.AsArray().Single(c => c.Str("productCategory") == "burner  VALVES")!;
        Assert.Equal(40m, burner.Dec("ourShare"));
        Assert.Equal(10m, burner.Dec("openShare"));
        Assert.Equal(2, burner["suppliers"]!.AsArray().Count);
        Assert.Equal("us", burner["suppliers"]![0].Str("supplier"));
        // 40% is worth 40M and 50% 50M: the whole wallet 100M, 60% of it not ours.
        Assert.Equal(100_000_000m, burner["totalWalletValue"].Dec("amount"));
        Assert.Equal(60_000_000m, burner["walletNotOurs"].Dec("amount"));
        Assert.Equal([(Day(60), 30m), (Day(10), 40m)],
            burner["ourShareHistory"]!.AsArray().Select(p => (p.Str("asOf"), p.Dec("sharePercent"))));
        var gaskets = summary["categories"]!.AsArray().Single(c => c.Str("productCategory") == "Gaskets")!;
        Assert.Equal(["XTS"], gaskets["unconvertedCurrencies"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Null(gaskets["walletNotOurs"]);
        Assert.Equal(60_000_000m, summary["walletNotOurs"].Dec("amount"));
        Assert.Equal(["XTS"], summary["unconvertedCurrencies"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(old.Str("asOf"), Day(60));
    }

    [Fact]
    public async Task SharesOverHundredToday_Are422OnSharePercent_NamingTheTotal_AndNothingIsSaved()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();
        var acme = await rep.NewCompetitorAsync();
        await rep.NewShareAsync(account, "Burner valves", acme, 70, 3);

        var refused = await rep.PostJsonAsync(Shares(account), new { productCategory = "Burner valves", supplier = "us", sharePercent = 45, asOf = Day(0) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = await refused.ErrorsAsync();
        Assert.Equal(["sharePercent"], errors.Select(e => e.Key));
        Assert.Equal($"Shares of Burner valves at this account would total 115% on {Day(0)}; at most 100%.", errors["sharePercent"]![0]!.GetValue<string>());
        Assert.Single((await rep.GetJsonAsync(Shares(account)))["items"]!.AsArray());
        await rep.NewShareAsync(account, "Burner valves", null, 30, 0);
    }

    [Fact]
    public async Task TwoEntriesSavedAtOnce_CannotTogetherPassOneHundred()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();
        var rivals = new[] { await rep.NewCompetitorAsync("Race A"), await rep.NewCompetitorAsync("Race B"), await rep.NewCompetitorAsync("Race C") };

        var responses = await Task.WhenAll(rivals.Select(rival =>
            rep.PostJsonAsync(Shares(account), new { productCategory = "Race valves", supplier = "competitor", competitorId = rival, sharePercent = 60, asOf = Day(0) })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity));
        Assert.Single((await rep.GetJsonAsync(Shares(account)))["items"]!.AsArray());
    }

    [Fact]
    public async Task ABackdatedEntry_ThatBreaksALaterPicture_IsRefusedNamingThatDate()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();
        var acme = await rep.NewCompetitorAsync();
        var beta = await rep.NewCompetitorAsync("Beta");
        await rep.NewShareAsync(account, "Valves", null, 30, 100);
        await rep.NewShareAsync(account, "Valves", acme, 50, 10);
        await rep.NewShareAsync(account, "Valves", null, 50, 5);

        // On its own date (30 + 20) and ten days ago (30 + 50 + 20) it fits; five days ago it would be 120.
        var refused = await rep.PostJsonAsync(Shares(account), new { productCategory = "Valves", competitorId = beta, sharePercent = 20, asOf = Day(100) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains($"120% on {Day(5)}", (await refused.ErrorsAsync())["sharePercent"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, (await rep.GetJsonAsync(Shares(account)))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task BadValues_AreNamedByField()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();

        var refused = await rep.PostJsonAsync(Shares(account), new
        {
            productCategory = " ",
            supplier = "competitor",
            competitorId = 987_654_321,
            sharePercent = 12.345,
            annualVolume = 10,
            annualValue = new { amount = -1, currency = "wonn" },
            asOf = Day(-1),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["annualValue.amount", "annualValue.currency", "asOf", "competitorId", "productCategory", "sharePercent", "volumeUnit"],
            (await refused.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));

        var missing = await rep.PostJsonAsync(Shares(account), new { productCategory = "Valves", supplier = "competitor", sharePercent = 101 });
        Assert.Equal(["asOf", "competitorId", "sharePercent"], (await missing.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));

        var usWithRival = await rep.PostJsonAsync(Shares(account), new { productCategory = "Valves", supplier = "us", competitorId = await rep.NewCompetitorAsync(), sharePercent = 10, asOf = Day(0) });
        Assert.Equal(["competitorId"], (await usWithRival.ErrorsAsync()).Select(e => e.Key));

        var readOnly = await rep.PostRawAsync(Shares(account), "{\"productCategory\":\"Valves\",\"sharePercent\":1,\"asOf\":\"2026-01-01\",\"competitorName\":\"x\"}");
        Assert.Equal(HttpStatusCode.BadRequest, readOnly.StatusCode);
        Assert.Empty((await rep.GetJsonAsync(Shares(account)))["items"]!.AsArray());
    }

    [Fact]
    public async Task TheSameSupplierTwiceOnADate_IsRefused()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();
        await rep.NewShareAsync(account, "Valves", null, 10, 3);

        var twice = await rep.PostJsonAsync(Shares(account), new { productCategory = " VALVES ", supplier = "us", sharePercent = 20, asOf = Day(3) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Equal(["asOf"], (await twice.ErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task Patch_And_Delete_HonourIfMatch_AndKeepThePictureWithin100()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();
        var acme = await rep.NewCompetitorAsync();
        var early = await rep.NewShareAsync(account, "Valves", acme, 80, 30);
        var late = await rep.NewShareAsync(account, "Valves", acme, 40, 10);
        var ours = await rep.NewShareAsync(account, "Valves", null, 50, 5);
        var path = $"{Shares(account)}/{late.Id()}";

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await rep.PatchJsonAsync(path, new { note = "x" }, "\"99\"")).StatusCode);
        var patched = await rep.PatchJsonAsync(path, new { sharePercent = 45, note = "checked with purchasing" }, "\"1\"");
        await patched.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", patched.Headers.ETag?.Tag);
        Assert.Equal(45m, (await patched.JsonAsync()).Dec("sharePercent"));

        var over = await rep.PatchJsonAsync(path, new { sharePercent = 55 }, "\"2\"");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        Assert.Equal(["sharePercent"], (await over.ErrorsAsync()).Select(e => e.Key));

        // Without the later entry Acme's 80% would be back next to our 50%.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await rep.DeleteAsync(path, "\"1\"")).StatusCode);
        var blocked = await rep.DeleteAsync(path, "\"2\"");
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Contains("130%", (await blocked.JsonAsync()).Str("detail"), StringComparison.Ordinal);

        await (await rep.DeleteAsync($"{Shares(account)}/{ours.Id()}", "\"1\"")).ExpectAsync(HttpStatusCode.NoContent);
        await (await rep.DeleteAsync(path, "\"2\"")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync(path)).StatusCode);
        Assert.Equal(early.Id(), (await rep.GetJsonAsync(Shares(account)))["items"]![0]!.Id());
    }

    [Fact]
    public async Task Post_WithTheSameIdempotencyKey_RecordsOnce()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();
        var body = new { productCategory = "Valves", supplier = "us", sharePercent = 25, asOf = Day(1) };
        var key = Guid.NewGuid().ToString();

        var first = await rep.PostJsonAsync(Shares(account), body, key);
        var second = await rep.PostJsonAsync(Shares(account), body, key);

        await first.ExpectAsync(HttpStatusCode.Created);
        await second.ExpectAsync(HttpStatusCode.Created);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((await first.JsonAsync()).Id(), (await second.JsonAsync()).Id());
        Assert.Single((await rep.GetJsonAsync(Shares(account)))["items"]!.AsArray());
    }

    [Fact]
    public async Task Visibility_EveryPath_FollowsTheAccount()
    {
        var team = TestApp.NewTeam();
        var owner = await App.CreateUserAsync(Role.Rep, team);
        using var rep = App.Client(owner);
        var account = (await rep.NewAccountAsync()).Id();
        var acme = await rep.NewCompetitorAsync();
        var share = await rep.NewShareAsync(account, "Valves", acme, 20, 2);
        var slip = await rep.NewSlipAsync(account, acme, "lateDelivery", 2);
        var sharePath = $"{Shares(account)}/{share.Id()}";
        var slipPath = $"{Slips(account)}/{slip.Id()}";
        string[] reads =
        [
            Shares(account), sharePath, sharePath + "/history", $"/api/v1/accounts/{account}/share-of-wallet",
            Slips(account), slipPath, slipPath + "/history", $"/api/v1/accounts/{account}/opening-signal",
        ];
        var newShare = new { productCategory = "Valves", supplier = "us", sharePercent = 5, asOf = Day(0) };

        using var stranger = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        foreach (var path in reads)
        {
            Assert.True(HttpStatusCode.NotFound == (await stranger.GetAsync(path)).StatusCode, path);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostJsonAsync(Shares(account), newShare)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PatchJsonAsync(sharePath, new { note = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync(sharePath, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostJsonAsync(Slips(account), new { competitorId = acme, kind = "other", occurredOn = Day(0) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync(slipPath, null)).StatusCode);

        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var other = App.Client(await App.CreateUserAsync(role));
            foreach (var path in reads)
            {
                Assert.True(HttpStatusCode.Forbidden == (await other.GetAsync(path)).StatusCode, $"{role} {path}");
            }
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostJsonAsync(Shares(account), newShare)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PatchJsonAsync(slipPath, new { note = "x" })).StatusCode);
        }

        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        foreach (var path in reads)
        {
            await (await viewer.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(Shares(account), newShare)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchJsonAsync(sharePath, new { note = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync(slipPath, null)).StatusCode);

        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        foreach (var path in reads)
        {
            await (await manager.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        }
        await (await manager.PatchJsonAsync(sharePath, new { note = "manager checked" })).ExpectAsync(HttpStatusCode.OK);
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        await (await admin.PostJsonAsync(Shares(account), newShare)).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task History_RecordsEveryChange_AndQualityReadsNoneOfIt()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();
        var acme = await rep.NewCompetitorAsync();
        var share = await rep.NewShareAsync(account, "Valves", acme, 20, 2);
        var slip = await rep.NewSlipAsync(account, acme, "qualityFailure", 2);
        await (await rep.PatchJsonAsync($"{Shares(account)}/{share.Id()}", new { sharePercent = 25 })).ExpectAsync(HttpStatusCode.OK);
        await (await rep.PatchJsonAsync($"{Slips(account)}/{slip.Id()}", new { severity = "critical" })).ExpectAsync(HttpStatusCode.OK);

        var shareHistory = (await rep.GetJsonAsync($"{Shares(account)}/{share.Id()}/history"))["items"]!.AsArray();
        Assert.Equal(["updated", "created"], shareHistory.Select(h => h.Str("action")));
        Assert.Contains(shareHistory[0]!["changes"]!.AsArray(), c => c.Str("field") == "sharePercent");
        var slipHistory = (await rep.GetJsonAsync($"{Slips(account)}/{slip.Id()}/history"))["items"]!.AsArray();
        Assert.Contains(slipHistory[0]!["changes"]!.AsArray(), c => c.Str("field") == "severity" && c.Str("new") == "critical");

        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            var user = await App.CreateUserAsync(role);
            await using var db = App.OpenDb(new Viewer(user.Id, role, null, user.UserName));
            Assert.False(await db.AuditEntries.AnyAsync(e => e.AccountId == account && (e.EntityType == "supplierShare" || e.EntityType == "incumbentEvent")));
            Assert.False(await db.SupplierShares.AnyAsync(s => s.AccountId == account));
            Assert.False(await db.IncumbentEvents.AnyAsync(s => s.AccountId == account));
            // The account's own history stays readable to them.
            Assert.True(await db.AuditEntries.AnyAsync(e => e.AccountId == account && e.EntityType == "account"));
        }
    }
}
