using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Orders.OrderSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Orders;

public sealed class OtifTests_Sqlite() : OtifTests(Provider.Sqlite);

public sealed class OtifTests_Postgres() : OtifTests(Provider.Postgres);

/// <summary>On time in full per line, order, account and product against figures worked out by hand; late and at-risk flags.</summary>
public abstract class OtifTests(Provider provider) : AppTests(provider)
{
    private static JsonNode Row(JsonNode report, long key) => report["rows"]!.AsArray().Single(r => r!["key"]!.GetValue<long>() == key)!;

    private static (int Lines, int OnTime, int InFull, int Otif, decimal? Percent) Figures(JsonNode row) => (
        row["lines"]!.GetValue<int>(), row["onTime"]!.GetValue<int>(), row["inFull"]!.GetValue<int>(), row["otif"]!.GetValue<int>(),
        row["otifPercent"]?.GetValue<decimal>());

    private static JsonNode LineOf(JsonNode order, int position) => order["lines"]!.AsArray().Single(l => l!["position"]!.GetValue<int>() == position)!;

    [Fact]
    public async Task Otif_PerLineOrderAccountAndProduct_IsWhatTheHandWorksOut()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var a1 = (await client.NewAccountAsync()).Id();
        var a2 = (await client.NewAccountAsync()).Id();
        var p1 = await App.NewOrderProductAsync(5, 100m);
        var p2 = await App.NewOrderProductAsync(5, 100m);
        var d = Today;
        // O1: L1 early and in full (OTIF); L2 in full but two days late.
        var (o1, _) = await App.InsertOrderAsync(a1, rep.Id, OrderStatus.Delivered,
            (p1, 10, d.AddDays(-10), 10, d.AddDays(-11), null), (p2, 10, d.AddDays(-10), 10, d.AddDays(-8), null));
        // O2: L3 due five days ago, half delivered (late, not in full); L4 not due yet (not judged).
        var (o2, _) = await App.InsertOrderAsync(a1, rep.Id, OrderStatus.PartlyDelivered,
            (p1, 100, d.AddDays(-5), 50, null, null), (p2, 10, d.AddDays(10), 0, null, null));
        // O3: L5 on the day. O4: cancelled line (does not count). O5: a draft (does not count).
        var (o3, _) = await App.InsertOrderAsync(a2, rep.Id, OrderStatus.Delivered, (p1, 1, d.AddDays(-20), 1, d.AddDays(-20), null));
        await App.InsertOrderAsync(a2, rep.Id, OrderStatus.Cancelled, (p1, 5, d.AddDays(-15), 0, null, OrderLineStatus.Cancelled));
        var (o5, _) = await App.InsertOrderAsync(a1, rep.Id, OrderStatus.Draft, (p2, 5, d.AddDays(-3), 0, null, null));
        // O6: in full and on time, but more than a year ago: outside the default period.
        await App.InsertOrderAsync(a2, rep.Id, OrderStatus.Delivered, (p2, 5, d.AddDays(-400), 5, d.AddDays(-401), null));

        var first = await client.GetJsonAsync(OrderPath(o1));
        Assert.Equal([true, false], first["lines"]!.AsArray().Select(l => l!["otif"]!.GetValue<bool>()));
        Assert.Equal([true, false], first["lines"]!.AsArray().Select(l => l!["onTime"]!.GetValue<bool>()));
        Assert.Equal([true, true], first["lines"]!.AsArray().Select(l => l!["inFull"]!.GetValue<bool>()));
        Assert.Equal(50m, first["otif"]!["otifPercent"]!.GetValue<decimal>());
        var second = await client.GetJsonAsync(OrderPath(o2));
        Assert.True(LineOf(second, 1)["late"]!.GetValue<bool>());
        Assert.False(LineOf(second, 1)["inFull"]!.GetValue<bool>());
        Assert.False(LineOf(second, 1)["otif"]!.GetValue<bool>());
        Assert.Null(LineOf(second, 2)["otif"]);
        Assert.Null(LineOf(second, 2)["onTime"]);
        Assert.False(LineOf(second, 2)["late"]!.GetValue<bool>());
        Assert.True(second["late"]!.GetValue<bool>());
        Assert.Equal(Iso(d.AddDays(-5)), second.Str("nextDue"));

        var byAccount = await client.GetJsonAsync("/api/v1/orders/otif");
        Assert.Equal("account", byAccount.Str("by"));
        Assert.Equal(Iso(d), byAccount.Str("to"));
        Assert.Equal([a1, a2], byAccount["rows"]!.AsArray().Select(r => r!["key"]!.GetValue<long>()));
        Assert.Equal((3, 1, 2, 1, 33.3m), Figures(Row(byAccount, a1)));
        Assert.Equal((1, 1, 1, 1, 100m), Figures(Row(byAccount, a2)));
        Assert.Equal((4, 2, 3, 2, 50m), Figures(byAccount["overall"]!));

        var byProduct = await client.GetJsonAsync("/api/v1/orders/otif?by=product");
        Assert.Equal((3, 2, 2, 2, 66.7m), Figures(Row(byProduct, p1)));
        Assert.Equal((1, 0, 1, 0, 0m), Figures(Row(byProduct, p2)));
        Assert.StartsWith("O-", Row(byProduct, p1).Str("name"), StringComparison.Ordinal);

        var byOrder = await client.GetJsonAsync("/api/v1/orders/otif?by=order");
        Assert.Equal([o2, o1, o3], byOrder["rows"]!.AsArray().Select(r => r!["key"]!.GetValue<long>()));
        Assert.Equal((2, 1, 2, 1, 50m), Figures(Row(byOrder, o1)));
        Assert.DoesNotContain(byOrder["rows"]!.AsArray(), r => r!["key"]!.GetValue<long>() == o5);

        var longer = await client.GetJsonAsync($"/api/v1/orders/otif?from={Iso(d.AddDays(-500))}");
        Assert.Equal((2, 2, 2, 2, 100m), Figures(Row(longer, a2)));
        var oneAccount = await client.GetJsonAsync($"/api/v1/orders/otif?by=product&accountId={a2}");
        Assert.Equal([p1], oneAccount["rows"]!.AsArray().Select(r => r!["key"]!.GetValue<long>()));
        var oneProduct = await client.GetJsonAsync($"/api/v1/orders/otif?productId={p2}");
        Assert.Equal((1, 0, 1, 0, 0m), Figures(oneProduct["overall"]!));

        var backwards = await client.GetAsync($"/api/v1/orders/otif?from={Iso(d)}&to={Iso(d.AddDays(-1))}");
        Assert.Equal(["from"], (await backwards.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/orders/otif?by=week")).StatusCode);

        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        Assert.Equal((3, 1, 2, 1, 33.3m), Figures((await quality.GetJsonAsync($"/api/v1/orders/otif?accountId={a1}"))["overall"]!));

        var late = await client.GetJsonAsync($"/api/v1/orders?accountId={a1}&late=true");
        Assert.Equal([o2], late["items"]!.AsArray().Select(o => o!.Id()));
        var notLate = await client.GetJsonAsync($"/api/v1/orders?accountId={a1}&late=false");
        Assert.Equal([o5, o1], notLate["items"]!.AsArray().Select(o => o!.Id()));
    }

    [Fact]
    public async Task AtRisk_IsFlaggedBeforeTheDate_ForEachReason_AndLateOnceItHasPassed()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = (await client.NewAccountAsync()).Id();
        var calendar = await App.CalendarAsync();

        // Due within three working days with nothing delivered.
        var quick = await App.NewOrderProductAsync(1, null);
        var soon = await client.NewSpotAsync(account, Line(quick, 10, calendar.AddWorkingDays(Today, 1)));
        var soonLine = LineOf(await client.ConfirmedAsync(soon.Id()), 1);
        Assert.True(soonLine["atRisk"]!.GetValue<bool>());
        Assert.Equal(["dueSoon"], soonLine["riskReasons"]!.AsArray().Select(r => r.Str("code")));
        Assert.StartsWith("Due on ", soonLine["riskReasons"]![0]!.Str("message"), StringComparison.Ordinal);
        var partly = await (await client.DeliverAsync(soon.Id(), soonLine.Id(), new { quantity = 2 })).JsonAsync();
        Assert.False(LineOf(partly, 1)["atRisk"]!.GetValue<bool>());

        // Capacity lowered after the booking: the week now holds more than it can make.
        var made = await App.NewOrderProductAsync(5, 100m);
        var far = calendar.AddWorkingDays(Today, 30);
        var booked = await client.NewSpotAsync(account, Line(made, 80, far));
        Assert.False(LineOf(await client.ConfirmedAsync(booked.Id()), 1)["atRisk"]!.GetValue<bool>());
        await App.SetFactsAsync(made, 5, 40m);
        var overbooked = LineOf(await client.GetJsonAsync(OrderPath(booked.Id())), 1);
        Assert.True(overbooked["atRisk"]!.GetValue<bool>());
        Assert.Contains("weekOverbooked", overbooked["riskReasons"]!.AsArray().Select(r => r.Str("code")));

        // Made to order: engineering plus a lead time raised since no longer fit before the promise.
        var custom = await App.NewOrderProductAsync(5, null);
        var promised = calendar.AddWorkingDays(Today, 12);
        var mto = await client.CreateAsync("/api/v1/orders", new
        {
            accountId = account, kind = "madeToOrder", specification = "Bore pattern per drawing 12", engineeringDays = 5,
            lines = new[] { Line(custom, 2, promised) },
        });
        var spot = await client.NewSpotAsync(account, Line(custom, 2, promised));
        Assert.False(LineOf(await client.ConfirmedAsync(mto.Id()), 1)["atRisk"]!.GetValue<bool>());
        await client.ConfirmedAsync(spot.Id());
        await App.SetFactsAsync(custom, 20, null);
        var shortOfTime = LineOf(await client.GetJsonAsync(OrderPath(mto.Id())), 1);
        Assert.Equal(["leadTime"], shortOfTime["riskReasons"]!.AsArray().Select(r => r.Str("code")));
        Assert.Contains("25 working days", shortOfTime["riskReasons"]![0]!.Str("message"), StringComparison.Ordinal);
        Assert.False(LineOf(await client.GetJsonAsync(OrderPath(spot.Id())), 1)["atRisk"]!.GetValue<bool>());

        // A promise passed without delivery in full: late, no longer "at risk".
        var lateOrder = await client.NewSpotAsync(account, Line(custom, 1, Today.AddDays(60)));
        var lateLine = LineOf(await client.ConfirmedAsync(lateOrder.Id()), 1).Id();
        await App.SetLineAsync(lateLine, Today.AddDays(-1));
        var late = LineOf(await client.GetJsonAsync(OrderPath(lateOrder.Id())), 1);
        Assert.True(late["late"]!.GetValue<bool>());
        Assert.False(late["atRisk"]!.GetValue<bool>());
        Assert.False(late["otif"]!.GetValue<bool>());

        var atRisk = await client.GetJsonAsync($"/api/v1/orders?accountId={account}&atRisk=true");
        Assert.Equal([mto.Id(), booked.Id()], atRisk["items"]!.AsArray().Select(o => o!.Id()));
        var page = await client.GetJsonAsync($"/api/v1/orders?accountId={account}&atRisk=true&limit=1");
        Assert.Equal([mto.Id()], page["items"]!.AsArray().Select(o => o!.Id()));
        var next = await client.GetJsonAsync($"/api/v1/orders?accountId={account}&atRisk=true&limit=1&cursor={page.Str("nextCursor")}");
        Assert.Equal([booked.Id()], next["items"]!.AsArray().Select(o => o!.Id()));
        Assert.Null(next["nextCursor"]);
        var lateList = await client.GetJsonAsync($"/api/v1/orders?accountId={account}&late=true");
        Assert.Equal([lateOrder.Id()], lateList["items"]!.AsArray().Select(o => o!.Id()));
        Assert.Contains(spot.Id(), (await client.GetJsonAsync($"/api/v1/orders?accountId={account}&atRisk=false"))["items"]!.AsArray().Select(o => o!.Id()));
    }
}
