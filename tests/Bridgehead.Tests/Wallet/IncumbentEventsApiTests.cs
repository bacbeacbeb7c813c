using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Wallet;
using static Bridgehead.Tests.Pursuits.PursuitApi;
using static Bridgehead.Tests.Wallet.WalletApi;

namespace Bridgehead.Tests.Wallet;

/// <summary>The opening signal's arithmetic, without a database.</summary>
public sealed class OpeningSignalTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    [Fact]
    public void ASlip_CountsItsWeightTimesSeverity_AndHalvesEvery90Days()
    {
        Assert.Equal(40, OpeningSignal.Contribution(IncumbentEventKind.QualityFailure, Severity.Major, Today, Today), 6);
        Assert.Equal(45, OpeningSignal.Contribution(IncumbentEventKind.LateDelivery, Severity.Critical, Today, Today), 6);
        Assert.Equal(12.5, OpeningSignal.Contribution(IncumbentEventKind.PriceIncrease, Severity.Minor, Today, Today), 6);
        Assert.Equal(20, OpeningSignal.Contribution(IncumbentEventKind.QualityFailure, Severity.Major, Today.AddDays(-90), Today), 6);
        Assert.Equal(7.5, OpeningSignal.Contribution(IncumbentEventKind.Relationship, Severity.Major, Today.AddDays(-180), Today), 6);
        Assert.Equal(15 * Math.Pow(0.5, 365 / 90.0), OpeningSignal.Contribution(IncumbentEventKind.Other, Severity.Major, Today.AddDays(-365), Today), 6);
        Assert.Equal(0, OpeningSignal.Contribution(IncumbentEventKind.QualityFailure, Severity.Critical, Today.AddDays(-366), Today));
    }

    [Fact]
    public void TheScore_IsTheSum_CappedAt100()
    {
        Assert.Equal(70, OpeningSignal.Score([40, 30]));
        Assert.Equal(100, OpeningSignal.Score([60, 45, 30]));
        Assert.Equal(0, OpeningSignal.Score([]));
    }
}

public sealed class IncumbentEventsApiTests_Sqlite() : IncumbentEventsApiTests(Provider.Sqlite);

public sealed class IncumbentEventsApiTests_Postgres() : IncumbentEventsApiTests(Provider.Postgres);

/// <summary>/accounts/{id}/incumbent-events and /opening-signal.</summary>
public abstract class IncumbentEventsApiTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Slips_AreRecordedListedAndCorrected_WithIfMatch()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();
        var acme = await rep.NewCompetitorAsync("Acme");
        var created = await rep.CreateAsync(Slips(account), new { competitorId = acme, kind = "lateDelivery", occurredOn = Day(20), note = "두 번째 납기 지연" });
        await rep.NewSlipAsync(account, acme, "priceIncrease", 3, "minor");

        Assert.Equal("major", created.Str("severity"));
        Assert.StartsWith("Acme", created.Str("competitorName"), StringComparison.Ordinal);
        var list = (await rep.GetJsonAsync(Slips(account)))["items"]!.AsArray();
        Assert.Equal([Day(3), Day(20)], list.Select(s => s.Str("occurredOn")));

        var path = $"{Slips(account)}/{created.Id()}";
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await rep.PatchJsonAsync(path, new { severity = "critical" }, "\"7\"")).StatusCode);
        var patched = await rep.PatchJsonAsync(path, new { severity = "critical" }, "\"1\"");
        await patched.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("critical", (await patched.JsonAsync()).Str("severity"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await rep.DeleteAsync(path, "\"1\"")).StatusCode);
        await (await rep.DeleteAsync(path, "\"2\"")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Single((await rep.GetJsonAsync(Slips(account)))["items"]!.AsArray());
    }

    [Fact]
    public async Task BadSlips_AreNamedByField_AndNothingIsSaved()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();

        var refused = await rep.PostJsonAsync(Slips(account), new { competitorId = 987_654_321, occurredOn = Day(-2), note = new string('x', 2001) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["competitorId", "kind", "note", "occurredOn"], (await refused.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await rep.PostJsonAsync(Slips(account), new { competitorId = 1, kind = "earthquake", occurredOn = Day(0) })).StatusCode);
        Assert.Empty((await rep.GetJsonAsync(Slips(account)))["items"]!.AsArray());
    }

    [Fact]
    public async Task Post_WithTheSameIdempotencyKey_RecordsOneSlip()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();
        var body = new { competitorId = await rep.NewCompetitorAsync(), kind = "other", occurredOn = Day(1) };
        var key = Guid.NewGuid().ToString();

        await (await rep.PostJsonAsync(Slips(account), body, key)).ExpectAsync(HttpStatusCode.Created);
        await (await rep.PostJsonAsync(Slips(account), body, key)).ExpectAsync(HttpStatusCode.Created);

        Assert.Single((await rep.GetJsonAsync(Slips(account)))["items"]!.AsArray());
    }

    [Fact]
    public async Task TheSignal_AddsDecayedSlips_IgnoresOldOnes_AndCapsAt100()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = (await rep.NewAccountAsync()).Id();
        var acme = await rep.NewCompetitorAsync();
        var signal = $"/api/v1/accounts/{account}/opening-signal";
        Assert.Equal(0m, (await rep.GetJsonAsync(signal)).Dec("score"));

        await rep.NewSlipAsync(account, acme, "qualityFailure", 90);
        await rep.NewSlipAsync(account, acme, "lateDelivery", 0, "minor");
        await rep.NewSlipAsync(account, acme, "relationship", 400, "critical");

        var result = await rep.GetJsonAsync(signal);
        // 40 halved after 90 days, plus 30 x 0.5 today; the slip of 400 days ago no longer counts.
        Assert.Equal(35m, result.Dec("score"));
        Assert.Equal([(20m, 90), (15m, 0)], result["contributions"]!.AsArray().Select(c => (c.Dec("contribution"), c!["ageDays"]!.GetValue<int>())));

        await rep.NewSlipAsync(account, acme, "qualityFailure", 1, "critical");
        await rep.NewSlipAsync(account, acme, "lateDelivery", 2, "critical");
        Assert.Equal(100m, (await rep.GetJsonAsync(signal)).Dec("score"));
    }
}
