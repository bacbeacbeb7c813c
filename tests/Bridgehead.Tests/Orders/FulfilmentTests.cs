using Bridgehead.Calendar;
using Bridgehead.Orders;

namespace Bridgehead.Tests.Orders;

/// <summary>The rules of on time in full, late and at risk, on a calendar of their own (no database).</summary>
public sealed class FulfilmentTests
{
    // Monday 7 December 2026; Friday 11 December is a company holiday.
    private static readonly DateOnly Monday = new(2026, 12, 7);
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.MondayToFriday, [new DateOnly(2026, 12, 11)]);
    private static readonly Dictionary<(long, DateOnly), decimal> NoBookings = [];

    private static LineState Line(DateOnly? promised, decimal delivered = 0, DateOnly? deliveredOn = null, decimal quantity = 10,
        OrderKind kind = OrderKind.Spot, int engineering = 0, OrderStatus order = OrderStatus.Confirmed, OrderLineStatus? status = null) =>
        new(1, kind, engineering, order, status ?? Fulfilment.LineStatus(OrderLineStatus.Open, quantity, delivered), quantity, delivered, promised, deliveredOn);

    private static LineJudgement Judge(LineState line, DateOnly today, ProductionFacts? facts = null,
        IReadOnlyDictionary<(long, DateOnly), decimal>? booked = null, params DateOnly[] weeks) =>
        Fulfilment.Judge(line, today, Calendar, facts, booked ?? NoBookings, weeks);

    [Fact]
    public void InFullOnOrBeforeThePromise_IsOtif_AfterItIsInFullButNotOnTime()
    {
        var early = Judge(Line(Monday, 10, Monday.AddDays(-1)), Monday.AddDays(-1));
        Assert.Equal((true, true, true), (early.OnTime, early.InFull, early.Otif));
        var onTheDay = Judge(Line(Monday, 10, Monday), Monday.AddDays(30));
        Assert.Equal((true, true, true), (onTheDay.OnTime, onTheDay.InFull, onTheDay.Otif));
        var lateButFull = Judge(Line(Monday, 12, Monday.AddDays(1)), Monday.AddDays(30));
        Assert.Equal((false, true, false), (lateButFull.OnTime, lateButFull.InFull, lateButFull.Otif));
        Assert.False(lateButFull.Late);
    }

    [Fact]
    public void NotJudged_UntilDueOrDeliveredInFull_ThenLateWhileShort()
    {
        var beforeDue = Judge(Line(Monday, 4), Monday);
        Assert.Equal((null, null, null), (beforeDue.OnTime, beforeDue.InFull, beforeDue.Otif));
        Assert.False(beforeDue.Late);
        var pastDue = Judge(Line(Monday, 4), Monday.AddDays(1));
        Assert.Equal((false, false, false), (pastDue.OnTime, pastDue.InFull, pastDue.Otif));
        Assert.True(pastDue.Late);
        Assert.False(pastDue.AtRisk);
        Assert.Equal(LineJudgement.None, Judge(Line(Monday, order: OrderStatus.Draft), Monday.AddDays(5)));
        Assert.Equal(LineJudgement.None, Judge(Line(Monday, status: OrderLineStatus.Cancelled, order: OrderStatus.Cancelled), Monday.AddDays(5)));
    }

    [Fact]
    public void DueWithinThreeWorkingDays_WithNothingDelivered_IsAtRisk_CountingPastTheHoliday()
    {
        // From Tuesday, three working days reach Monday 14 (Friday 11 is a holiday).
        var tuesday = Monday.AddDays(1);
        Assert.Equal([RiskKind.DueSoon], Judge(Line(Monday.AddDays(7)), tuesday).Reasons.Select(r => r.Kind));
        Assert.False(Judge(Line(Monday.AddDays(8)), tuesday).AtRisk);
        Assert.False(Judge(Line(Monday.AddDays(7), delivered: 1), tuesday).AtRisk);
        Assert.Equal([RiskKind.DueSoon], Judge(Line(tuesday), tuesday).Reasons.Select(r => r.Kind));
    }

    [Fact]
    public void AWeekBookedBeyondWhatItCanMakeNow_PutsItsLinesAtRisk()
    {
        var facts = new ProductionFacts(1, 5, 50m, null);
        var week = Monday.AddDays(14);
        var promised = week.AddDays(2);
        var booked = new Dictionary<(long, DateOnly), decimal> { [(1, week)] = 60m, [(1, Monday)] = 39m };

        var risk = Judge(Line(promised), Monday, facts, booked, week);
        var reason = Assert.Single(risk.Reasons);
        Assert.Equal((RiskKind.WeekOverbooked, week, 60m, 50m), (reason.Kind, reason.Date, reason.Booked, reason.Capacity));

        // The holiday week makes 4/5 of 50 = 40: 39 fits, 41 does not.
        Assert.False(Judge(Line(Monday.AddDays(22)), Monday, facts, booked, Monday).AtRisk);
        booked[(1, Monday)] = 41m;
        Assert.Equal(40m, Judge(Line(Monday.AddDays(22)), Monday, facts, booked, Monday).Reasons.Single().Capacity);
        Assert.False(Judge(Line(promised), Monday, facts with { WeeklyCapacity = null }, booked, week).AtRisk);
    }

    [Fact]
    public void MadeToOrder_PromisedSoonerThanEngineeringAndLeadTimeAllowNow_IsAtRisk()
    {
        var facts = new ProductionFacts(1, 10, null, null);
        // 10 + 5 working days from Monday 7, skipping Friday 11: Tuesday 29 December.
        var line = Line(new DateOnly(2026, 12, 28), kind: OrderKind.MadeToOrder, engineering: 5);
        var reason = Assert.Single(Judge(line, Monday, facts).Reasons);
        Assert.Equal((RiskKind.LeadTime, new DateOnly(2026, 12, 29), 15), (reason.Kind, reason.Date, reason.Days));
        Assert.False(Judge(line with { PromisedDate = new DateOnly(2026, 12, 29) }, Monday, facts).AtRisk);
        Assert.False(Judge(line with { Kind = OrderKind.Spot }, Monday, facts).AtRisk);
        Assert.False(Judge(line with { Delivered = 1 }, Monday, facts).AtRisk);
    }

    [Fact]
    public void Statuses_FollowWhatWasDelivered()
    {
        Assert.Equal(OrderLineStatus.Open, Fulfilment.LineStatus(OrderLineStatus.Open, 10, 0));
        Assert.Equal(OrderLineStatus.PartlyDelivered, Fulfilment.LineStatus(OrderLineStatus.Delivered, 10, 4));
        Assert.Equal(OrderLineStatus.Delivered, Fulfilment.LineStatus(OrderLineStatus.PartlyDelivered, 10, 11));
        Assert.Equal(OrderLineStatus.Cancelled, Fulfilment.LineStatus(OrderLineStatus.Cancelled, 10, 10));

        Assert.Equal(OrderStatus.Confirmed, Fulfilment.OrderStatusOf(OrderStatus.PartlyDelivered, [(OrderLineStatus.Open, 0m), (OrderLineStatus.Open, 0m)]));
        Assert.Equal(OrderStatus.PartlyDelivered, Fulfilment.OrderStatusOf(OrderStatus.Confirmed, [(OrderLineStatus.Delivered, 5m), (OrderLineStatus.Open, 0m)]));
        Assert.Equal(OrderStatus.Delivered, Fulfilment.OrderStatusOf(OrderStatus.PartlyDelivered, [(OrderLineStatus.Delivered, 5m), (OrderLineStatus.Delivered, 2m)]));
        Assert.Equal(OrderStatus.Cancelled, Fulfilment.OrderStatusOf(OrderStatus.Cancelled, [(OrderLineStatus.Delivered, 5m)]));
        Assert.Equal(OrderStatus.Draft, Fulfilment.OrderStatusOf(OrderStatus.Draft, [(OrderLineStatus.Open, 0m)]));
    }
}
