using Bridgehead.Calendar;
using Bridgehead.Orders;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Orders;

public sealed class DemoOrdersTests_Sqlite() : DemoOrdersTests(Provider.Sqlite);

public sealed class DemoOrdersTests_Postgres() : DemoOrdersTests(Provider.Postgres);

/// <summary>The demo data's orders: every kind, deliveries on time and late, a line at risk, and bookings that fit capacity.</summary>
public abstract class DemoOrdersTests(Provider provider)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Load_AddsOrdersOfEveryKind_WithDeliveries_ALateAndAnAtRiskLine_AndBookingsWithinCapacity()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();

        var orders = await db.Orders.AsNoTracking().Include(o => o.Lines).ToListAsync(Ct);
        Assert.Contains(orders, o => o.Kind == OrderKind.Spot);
        Assert.Contains(orders, o => o.Kind == OrderKind.MadeToOrder && o.EngineeringDays > 0 && o.Specification is not null);
        var scheduled = Assert.Single(orders, o => o.Kind == OrderKind.Scheduled);
        Assert.NotNull(scheduled.ContractId);
        Assert.Equal(CallOffRhythm.Monthly, scheduled.Rhythm);
        var contract = await db.Contracts.AsNoTracking().Include(c => c.Lines).SingleAsync(c => c.Id == scheduled.ContractId, Ct);
        Assert.Equal(contract.AccountId, scheduled.AccountId);
        Assert.True(scheduled.Lines.Sum(l => l.Quantity) <= contract.Lines.Where(l => l.ProductId == scheduled.Lines[0].ProductId).Sum(l => l.Quantity));
        Assert.All(orders, o => Assert.Contains(o.Status, new[] { OrderStatus.Confirmed, OrderStatus.PartlyDelivered, OrderStatus.Delivered }));
        Assert.All(orders.SelectMany(o => o.Lines), l => Assert.NotNull(l.PromisedDate));
        Assert.NotEmpty(await db.Deliveries.ToListAsync(Ct));
        var koreanAccounts = await db.Accounts.Where(a => a.Country == "KR").Select(a => a.Id).ToListAsync(Ct);
        Assert.All(orders.Where(o => koreanAccounts.Contains(o.AccountId) && o.Notes is not null), o => Assert.Matches("[가-힣]", o.Notes!));

        var alerts = await new GetOrderAlerts(db).HandleAsync(null, 50, Ct);
        Assert.True(alerts.LateLines >= 1, "one line is late");
        Assert.True(alerts.AtRiskLines >= 1, "one line is at risk");
        var otif = await new GetOtif(db).HandleAsync(new OtifQuery(), Ct);
        Assert.True(otif.Overall.Otif >= 1, "some lines came on time in full");
        Assert.True(otif.Overall.Otif < otif.Overall.Lines, "and some did not");

        // Every booking came from a confirmation, and no week holds more than it can make.
        var calendar = await WorkingCalendars.LoadAsync(db, Ct);
        var bookings = await db.CapacityBookings.AsNoTracking().ToListAsync(Ct);
        var lines = orders.SelectMany(o => o.Lines).ToDictionary(l => l.Id);
        Assert.All(bookings, b => Assert.Contains(b.OrderLineId, lines.Keys));
        var facts = await db.Products.AsNoTracking().Where(p => p.WeeklyCapacity != null).ToDictionaryAsync(p => p.Id, p => (p.WeeklyCapacity!.Value, p.MinimumBatch), Ct);
        foreach (var week in bookings.GroupBy(b => (b.ProductId, b.WeekStart)))
        {
            Assert.True(week.Sum(b => b.Quantity) <= DeliveryPlanner.WeekCapacity(facts[week.Key.ProductId].Value, week.Key.WeekStart, calendar));
        }
        foreach (var line in lines.Values.Where(l => facts.ContainsKey(l.ProductId)))
        {
            Assert.Equal(Math.Max(line.Quantity, facts[line.ProductId].MinimumBatch ?? 0m), bookings.Where(b => b.OrderLineId == line.Id).Sum(b => b.Quantity));
        }
        Assert.All(await db.OrderLines.AsNoTracking().Select(l => l.UnitPrice).ToListAsync(Ct), p => Assert.NotNull(p));
    }
}
