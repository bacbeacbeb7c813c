using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Orders.OrderSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Orders;

public sealed class DeliveryTests_Sqlite() : DeliveryTests(Provider.Sqlite);

public sealed class DeliveryTests_Postgres() : DeliveryTests(Provider.Postgres);

/// <summary>Deliveries against lines: statuses of line and order, over-delivery, undo, refusals.</summary>
public abstract class DeliveryTests(Provider provider) : AppTests(provider)
{
    private static JsonNode LineOf(JsonNode order, int position) => order["lines"]!.AsArray().Single(l => l!["position"]!.GetValue<int>() == position)!;

    [Fact]
    public async Task Deliveries_SetTheLineAndOrderStatus_OverDeliveryNeedsAllowOver_AndUndoWorksItOutAgain()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, 1000m);
        var order = await client.NewSpotAsync(account.Id(), Line(product, 10, Today.AddDays(30)), Line(product, 5, Today.AddDays(40)));
        var confirmed = await client.ConfirmedAsync(order.Id());
        var (l1, l2) = (LineOf(confirmed, 1).Id(), LineOf(confirmed, 2).Id());

        var first = await client.DeliverAsync(order.Id(), l1, new { quantity = 4, note = "Truck 1" });
        await first.ExpectAsync(HttpStatusCode.Created);
        var afterFirst = await first.JsonAsync();
        Assert.StartsWith("/api/v1/deliveries/", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("partlyDelivered", afterFirst.Str("status"));
        Assert.Equal("partlyDelivered", LineOf(afterFirst, 1).Str("status"));
        Assert.Equal(4m, LineOf(afterFirst, 1)["deliveredQuantity"]!.GetValue<decimal>());
        Assert.Null(LineOf(afterFirst, 1)["deliveredOn"]);
        var delivery = await client.GetJsonAsync(first.Headers.Location!.OriginalString);
        Assert.Equal("Truck 1", delivery.Str("note"));
        Assert.Equal(Iso(Today), delivery.Str("deliveredOn"));
        Assert.Equal(rep.Id, delivery["recordedBy"]!.Id());

        // The manager of the rep's team records the rest of line 1.
        var second = await App.Client(manager).DeliverAsync(order.Id(), l1, new { quantity = 6, deliveredOn = Iso(Today) });
        await second.ExpectAsync(HttpStatusCode.Created);
        var afterSecond = await second.JsonAsync();
        Assert.Equal("delivered", LineOf(afterSecond, 1).Str("status"));
        Assert.Equal(Iso(Today), LineOf(afterSecond, 1).Str("deliveredOn"));
        Assert.True(LineOf(afterSecond, 1)["otif"]!.GetValue<bool>());
        Assert.Equal("partlyDelivered", afterSecond.Str("status"));

        var over = await client.DeliverAsync(order.Id(), l2, new { quantity = 6 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        var overErrors = await over.ErrorsAsync();
        Assert.Equal(["quantity"], overErrors.Select(e => e.Key));
        Assert.Contains("Only 5 left", overErrors["quantity"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var extra = await client.DeliverAsync(order.Id(), l2, new { quantity = 6, allowOver = true });
        await extra.ExpectAsync(HttpStatusCode.Created);
        var done = await extra.JsonAsync();
        Assert.Equal("delivered", done.Str("status"));
        Assert.Equal(6m, LineOf(done, 2)["deliveredQuantity"]!.GetValue<decimal>());
        Assert.Equal(3, done["deliveries"]!.AsArray().Count);
        Assert.Equal(2, done["otif"]!["otif"]!.GetValue<int>());
        Assert.Equal(100m, done["otif"]!["otifPercent"]!.GetValue<decimal>());

        var extraPath = extra.Headers.Location!.OriginalString;
        var stale = await client.DeleteAsync(extraPath, "\"99\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var undone = await client.DeleteAsync(extraPath, "\"1\"");
        await undone.ExpectAsync(HttpStatusCode.OK);
        var afterUndo = await undone.JsonAsync();
        Assert.Equal("partlyDelivered", afterUndo.Str("status"));
        Assert.Equal("open", LineOf(afterUndo, 2).Str("status"));
        Assert.Equal(0m, LineOf(afterUndo, 2)["deliveredQuantity"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(extraPath)).StatusCode);

        foreach (var d in afterUndo["deliveries"]!.AsArray())
        {
            await (await client.DeleteAsync($"/api/v1/deliveries/{d!.Id()}", null)).ExpectAsync(HttpStatusCode.OK);
        }
        var cleared = await client.GetJsonAsync(OrderPath(order.Id()));
        Assert.Equal("confirmed", cleared.Str("status"));
        Assert.All(cleared["lines"]!.AsArray(), l => Assert.Equal("open", l.Str("status")));
        Assert.Empty(cleared["deliveries"]!.AsArray());
        var history = (await client.GetJsonAsync(OrderPath(order.Id()) + "/history"))["items"]!.AsArray();
        Assert.Contains(history, e => e.Str("entityType") == "orderLine" && e.Str("action") == "updated"
            && e!["changes"]!.AsArray().Any(c => c.Str("field") == "deliveredQuantity" && c!["new"]!.GetValue<string>() == "0"));
    }

    [Fact]
    public async Task Deliveries_AreRefused_OnDraftsAndCancelledOrders_AndBadValuesAreNamed()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, 1000m);
        var draft = await client.NewSpotAsync(account.Id(), Line(product, 10, Today.AddDays(30)));
        var draftLine = LineOf(draft, 1).Id();

        var onDraft = await client.DeliverAsync(draft.Id(), draftLine, new { quantity = 1 });
        Assert.Equal(HttpStatusCode.Conflict, onDraft.StatusCode);

        var order = await client.NewSpotAsync(account.Id(), Line(product, 10, Today.AddDays(30)));
        var line = LineOf(await client.ConfirmedAsync(order.Id()), 1).Id();
        var bad = await client.DeliverAsync(order.Id(), line, new { quantity = 0, deliveredOn = Iso(Today.AddDays(1)), note = new string('n', 1001) });
        Assert.Equal(["deliveredOn", "note", "quantity"], (await bad.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));
        var early = await client.DeliverAsync(order.Id(), line, new { quantity = 1, deliveredOn = Iso(Today.AddDays(-1)) });
        Assert.Equal(["deliveredOn"], (await early.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeliverAsync(order.Id(), draftLine, new { quantity = 1 })).StatusCode);
        Assert.Empty((await client.GetJsonAsync(OrderPath(order.Id())))["deliveries"]!.AsArray());

        var recorded = await client.DeliverAsync(order.Id(), line, new { quantity = 3 });
        await recorded.ExpectAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync(OrderPath(order.Id()) + "/cancel", new { reason = "Plant closed." })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeliverAsync(order.Id(), line, new { quantity = 1 })).StatusCode);
        var undo = await client.DeleteAsync(recorded.Headers.Location!.OriginalString, null);
        Assert.Equal(HttpStatusCode.Conflict, undo.StatusCode);
        var kept = await client.GetJsonAsync(OrderPath(order.Id()));
        Assert.Equal(3m, LineOf(kept, 1)["deliveredQuantity"]!.GetValue<decimal>());
        Assert.Equal("cancelled", LineOf(kept, 1).Str("status"));
    }
}
