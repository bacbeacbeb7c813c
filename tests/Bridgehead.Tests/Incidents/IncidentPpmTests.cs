using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Notifications;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Bridgehead.Tests.Incidents.IncidentSetup;
using static Bridgehead.Tests.Orders.OrderSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Incidents;

public sealed class IncidentPpmTests_Sqlite() : IncidentPpmTests(Provider.Sqlite);

public sealed class IncidentPpmTests_Postgres() : IncidentPpmTests(Provider.Postgres);

/// <summary>The defect rate in PPM, hand-computed on a small data set, and the escalation of overdue containment by the background work.</summary>
public abstract class IncidentPpmTests(Provider provider) : AppTests(provider)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static (long Key, decimal Defects, decimal Delivered, decimal? Ppm)[] Rows(JsonNode report) =>
        [.. report["rows"]!.AsArray().Select(r => (r!["key"]!.GetValue<long>(), r["defectQuantity"]!.GetValue<decimal>(), r["deliveredQuantity"]!.GetValue<decimal>(),
            r["ppm"]?.GetValue<decimal>()))];

    [Fact]
    public async Task Ppm_DefectsOfIncidentsOpenedOverQuantityDelivered_ByAccountAndByProduct_WithVisibility()
    {
        var a = await App.SceneAsync();
        var b = await App.SceneAsync();
        var p1 = a.ProductId;
        using var repA = App.Client(a.Rep);
        using var repB = App.Client(b.Rep);
        // A second product at account A, and product 1 at account B.
        var p2 = await App.NewOrderProductAsync(10, 1000m);
        var orderA2 = await repA.NewSpotAsync(a.AccountId, Line(p2, 10, Today.AddDays(30)));
        var orderB1 = await repB.NewSpotAsync(b.AccountId, Line(p1, 10, Today.AddDays(30)));
        await App.DeliverAsync(a, 10_000m, Today.AddDays(-10));
        await App.DeliverAsync(a, 5_000m, Today.AddDays(-400));
        await App.DeliverAsync(a with { OrderId = orderA2.Id() }, 2_000m, Today.AddDays(-20), orderA2["lines"]![0]!["id"]!.GetValue<long>());
        await App.DeliverAsync(b with { OrderId = orderB1.Id() }, 1_000m, Today.AddDays(-5), orderB1["lines"]![0]!["id"]!.GetValue<long>());

        var quality = await App.CreateUserAsync(Role.Quality);
        using var q = App.Client(quality);
        await q.OpenedAsync(a.AccountId, productId: p1, defects: 25m);
        await q.OpenedAsync(a.AccountId, productId: p2, defects: 6m);
        await q.OpenedAsync(a.AccountId, defects: 1m);
        var old = await q.OpenedAsync(a.AccountId, productId: p1, defects: 100m);
        await App.BackdateAsync(old.Id(), TimeSpan.FromDays(400));
        await q.OpenedAsync(b.AccountId, productId: p1, defects: 10m);

        // Account A by product: P1 25 / 10,000 = 2,500; P2 6 / 2,000 = 3,000 (worst first); the incident without a product counts for no product.
        var byProduct = await q.GetJsonAsync($"{Base}/ppm?by=product&accountId={a.AccountId}");
        Assert.Equal("product", byProduct.Str("by"));
        Assert.Equal(Iso(Today.AddDays(-364)), byProduct.Str("from"));
        Assert.Equal(Iso(Today), byProduct.Str("to"));
        Assert.Equal([(p2, 6m, 2_000m, 3_000m), (p1, 25m, 10_000m, 2_500m)], Rows(byProduct));

        // Account A as a whole: (25 + 6 + 1) / 12,000 x 1,000,000 = 2,666.67, rounded to 2,667.
        var byAccount = await q.GetJsonAsync($"{Base}/ppm?accountId={a.AccountId}");
        Assert.Equal([(a.AccountId, 32m, 12_000m, 2_667m)], Rows(byAccount));
        Assert.Equal(2_667m, byAccount["overall"]!["ppm"]!.GetValue<decimal>());

        // Product 1 per account: B 10 / 1,000 = 10,000 before A 25 / 10,000 = 2,500; overall 35 / 11,000 = 3,182.
        var p1ByAccount = await q.GetJsonAsync($"{Base}/ppm?by=account&productId={p1}");
        Assert.Equal([(b.AccountId, 10m, 1_000m, 10_000m), (a.AccountId, 25m, 10_000m, 2_500m)], Rows(p1ByAccount));
        Assert.Equal(3_182m, p1ByAccount["overall"]!["ppm"]!.GetValue<decimal>());

        // A longer period takes in the old delivery and the old incident: 125 / 15,000 = 8,333.
        var longer = await q.GetJsonAsync($"{Base}/ppm?by=product&accountId={a.AccountId}&from={Iso(Today.AddDays(-450))}&to={Iso(Today)}");
        Assert.Contains((p1, 125m, 15_000m, 8_333m), Rows(longer));

        // The rep of account A sees only their account's row.
        var repView = await repA.GetJsonAsync($"{Base}/ppm?by=account&productId={p1}");
        Assert.Equal([(a.AccountId, 25m, 10_000m, 2_500m)], Rows(repView));
        Assert.Empty(Rows(await repA.GetJsonAsync($"{Base}/ppm?accountId={b.AccountId}")));

        var backwards = await q.GetAsync($"{Base}/ppm?from={Iso(Today)}&to={Iso(Today.AddDays(-1))}");
        await backwards.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("from", (await backwards.ErrorsAsync()).Select(e => e.Key));
        await (await q.GetAsync($"{Base}/ppm?by=order")).ExpectAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Ppm_PeriodAtTheEdgesOfTheCalendar_IsAnsweredNotA500()
    {
        var scene = await App.SceneAsync();
        var quality = await App.CreateUserAsync(Role.Quality);
        using var q = App.Client(quality);
        await q.OpenedAsync(scene.AccountId, defects: 3m);

        // "to" on the last day there is: the day after it does not exist (the default start is a year before it).
        var toEnd = await q.GetJsonAsync($"{Base}/ppm?to=9999-12-31&accountId={scene.AccountId}");
        Assert.Equal("9999-12-31", toEnd.Str("to"));
        Assert.Equal("9999-01-01", toEnd.Str("from"));
        Assert.Equal(0m, toEnd["overall"]!["defectQuantity"]!.GetValue<decimal>());
        // The whole calendar counts today's incident.
        var whole = await q.GetJsonAsync($"{Base}/ppm?from=0001-01-01&to=9999-12-31&accountId={scene.AccountId}");
        Assert.Equal(3m, whole["overall"]!["defectQuantity"]!.GetValue<decimal>());

        // "to" in the first year: the default start (364 days earlier) would be before the first day.
        var toStart = await q.GetJsonAsync($"{Base}/ppm?to=0001-01-01&accountId={scene.AccountId}");
        Assert.Equal("0001-01-01", toStart.Str("from"));
        Assert.Equal(0m, toStart["overall"]!["defectQuantity"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task EscalationJob_EscalatesOpenIncidentsPastContainmentOnce()
    {
        var scene = await App.SceneAsync();
        var quality = await App.CreateUserAsync(Role.Quality);
        using var q = App.Client(quality);
        var overdue = await q.OpenedAsync(scene.AccountId, title: "Overdue");
        var fresh = await q.OpenedAsync(scene.AccountId, title: "Fresh");
        var contained = await q.OpenedAsync(scene.AccountId, title: "Contained late");
        // Contained before it is backdated: once overdue, another test's run of the shared worker
        // could escalate it first, and the containment would then meet a newer version.
        await (await q.ActAsync(contained.Id(), "contain", new { containment = "Sorted" })).ExpectAsync(HttpStatusCode.OK);
        await App.BackdateAsync(overdue.Id(), TimeSpan.FromHours(30));
        await App.BackdateAsync(contained.Id(), TimeSpan.FromHours(30));

        var worker = App.Web.Services.GetRequiredService<BackgroundWorker>();
        Assert.True(await worker.RunOnceAsync());
        Assert.True(await worker.RunOnceAsync());

        await using var db = App.OpenDb();
        var levels = await db.Incidents.AsNoTracking().Where(i => i.AccountId == scene.AccountId).ToDictionaryAsync(i => i.Id, i => (i.EscalationLevel, i.EscalatedAt));
        Assert.Equal(1, levels[overdue.Id()].EscalationLevel);
        Assert.NotNull(levels[overdue.Id()].EscalatedAt);
        Assert.Equal(0, levels[fresh.Id()].EscalationLevel);
        Assert.Equal(0, levels[contained.Id()].EscalationLevel);
        var events = await db.OutboxEvents.AsNoTracking()
            .Where(e => e.AccountId == scene.AccountId && e.Event == NotificationEvent.IncidentEscalated).ToListAsync();
        var escalated = Assert.Single(events);
        Assert.Equal(overdue.Id(), escalated.EntityId);
        Assert.Equal($"incident:{overdue.Id()}:1", escalated.DedupKey);
        Assert.Null(escalated.ActorId);
        var data = JsonNode.Parse(escalated.Data)!;
        Assert.Equal("Overdue", data.Str("title"));
        Assert.Equal(1, data["level"]!.GetValue<int>());

        var read = await q.GetJsonAsync(IncidentPath(overdue.Id()));
        Assert.True(read["containmentOverdue"]!.GetValue<bool>());
        Assert.Equal(1, read["escalationLevel"]!.GetValue<int>());
    }
}
