using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Orders.OrderSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Orders;

public sealed class OrderClockTests_Sqlite() : OrderClockTests(Provider.Sqlite);

public sealed class OrderClockTests_Postgres() : OrderClockTests(Provider.Postgres);

/// <summary>The same confirmed order judged on different days, by setting the database context's clock.</summary>
public abstract class OrderClockTests(Provider provider) : AppTests(provider)
{
    private sealed class FixedClock(DateOnly day) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
    }

    [Fact]
    public async Task AsTheDaysPass_ALineTurnsAtRisk_ThenLate_AndADeliveryOnTheDayCountsAsOnTimeInFull()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = (await client.NewAccountAsync()).Id();
        var product = await App.NewOrderProductAsync(5, null);
        var calendar = await App.CalendarAsync();
        var order = await client.NewSpotAsync(account, Line(product, 12, calendar.AddWorkingDays(Today, 20)));
        var confirmed = await client.ConfirmedAsync(order.Id());
        var promised = Date(confirmed["lines"]![0]!["promisedDate"]);
        var lineId = confirmed["lines"]![0]!.Id();

        await using var db = App.OpenDb(new Viewer(rep.Id, Role.Rep, null, "rep"));
        var get = new GetOrder(db);
        async Task<OrderLineDto> LineOn(DateOnly day)
        {
            db.Clock = new FixedClock(day);
            return (await get.HandleAsync(order.Id(), CancellationToken.None)).Lines.Single();
        }

        var twoWeeksBefore = await LineOn(promised.AddDays(-14));
        Assert.False(twoWeeksBefore.AtRisk);
        Assert.Null(twoWeeksBefore.Otif);
        var dayBefore = await LineOn(promised.AddDays(-1));
        Assert.True(dayBefore.AtRisk);
        Assert.Equal([RiskKind.DueSoon], dayBefore.RiskReasons.Select(r => r.Code));
        var dayAfter = await LineOn(promised.AddDays(1));
        Assert.True(dayAfter.Late);
        Assert.False(dayAfter.AtRisk);
        Assert.Equal((false, false, false), (dayAfter.OnTime, dayAfter.InFull, dayAfter.Otif));
        var alerts = await new GetOrderAlerts(db).HandleAsync(account, 10, CancellationToken.None);
        Assert.Equal((1, 1, 0), (alerts.OpenOrders, alerts.LateLines, alerts.AtRiskLines));
        Assert.Equal(lineId, alerts.Lines.Single().LineId);

        db.Clock = new FixedClock(promised);
        var (delivered, _) = await new RecordDelivery(db).HandleAsync(order.Id(), lineId, new DeliveryInput(12m), CancellationToken.None);
        Assert.Equal(promised, delivered.Lines.Single().DeliveredOn);
        var weekAfter = await LineOn(promised.AddDays(7));
        Assert.Equal((true, true, true), (weekAfter.OnTime, weekAfter.InFull, weekAfter.Otif));
        Assert.False(weekAfter.Late);
        db.Clock = new FixedClock(promised.AddDays(7));
        Assert.Equal(100m, (await get.HandleAsync(order.Id(), CancellationToken.None)).Otif.OtifPercent);
    }
}
