using Bridgehead.Calendar;
using Bridgehead.Orders;

namespace Bridgehead.Tests.Promise;

/// <summary>The planner's named cases, worked by hand: holiday weeks, minimum batches, full weeks, splits, Chuseok.</summary>
public sealed class DeliveryPlannerTests
{
    private const int MondayToFriday = CalendarSettings.MondayToFriday;

    /// <summary>A Monday with no Korean holiday in its week or the next few.</summary>
    private static readonly DateOnly Monday = new(2026, 11, 2);

    private static readonly Dictionary<(long, DateOnly), decimal> NothingBooked = [];

    private static IReadOnlyList<LinePromise> Plan(DateOnly today, WorkingCalendar calendar, ProductionFacts facts, params PlanLine[] lines) =>
        Plan(today, calendar, facts, NothingBooked, lines);

    private static IReadOnlyList<LinePromise> Plan(DateOnly today, WorkingCalendar calendar, ProductionFacts facts, Dictionary<(long, DateOnly), decimal> booked, params PlanLine[] lines) =>
        DeliveryPlanner.Plan(today, lines, new Dictionary<long, ProductionFacts> { [facts.ProductId] = facts }, booked, calendar);

    [Fact]
    public void A_week_with_holidays_makes_proportionally_less()
    {
        var calendar = new WorkingCalendar(MondayToFriday, [Monday.AddDays(7 + 2), Monday.AddDays(7 + 3)]);

        Assert.Equal(100m, DeliveryPlanner.WeekCapacity(100m, Monday, calendar));
        Assert.Equal(60m, DeliveryPlanner.WeekCapacity(100m, Monday.AddDays(7), calendar));
        Assert.Equal(66.6666m, DeliveryPlanner.WeekCapacity(100m, Monday, new WorkingCalendar(0b0001110, [Monday.AddDays(2)])));
        Assert.Equal(0m, DeliveryPlanner.WeekCapacity(100m, Monday, new WorkingCalendar(0b0000010, [Monday])));

        // 150 wanted by the holiday week's Friday: lead time allows the week before it (100) and the holiday week (60).
        var answer = Plan(Monday, calendar, new ProductionFacts(1, 3, 100m, null), new PlanLine(1, 150m, Monday.AddDays(11))).Single();

        Assert.True(answer.MeetsRequest);
        Assert.Equal(Monday.AddDays(11), answer.PromisedDate);
        Assert.Equal([new WeekBooking(Monday, 90m), new WeekBooking(Monday.AddDays(7), 60m)], answer.Bookings);
        Assert.Equal([new WeekLoad(Monday, 100m, 0m, 100m), new WeekLoad(Monday.AddDays(7), 60m, 0m, 60m)], answer.Weeks);
    }

    [Fact]
    public void A_line_below_the_minimum_batch_books_a_whole_batch()
    {
        var calendar = new WorkingCalendar(MondayToFriday, []);

        var answer = Plan(Monday, calendar, new ProductionFacts(1, 5, 1000m, 500m), new PlanLine(1, 120m, Monday.AddDays(21))).Single();

        Assert.True(answer.MeetsRequest);
        Assert.Equal(120m, answer.Quantity);
        Assert.Equal(500m, answer.BookedQuantity);
        Assert.Equal([new WeekBooking(Monday.AddDays(21), 500m)], answer.Bookings);
        Assert.Equal([PromiseReason.MinimumBatch], answer.Reasons);
    }

    [Fact]
    public void Full_weeks_push_the_promise_out_and_are_listed()
    {
        var calendar = new WorkingCalendar(MondayToFriday, []);
        var booked = new Dictionary<(long, DateOnly), decimal>
        {
            [(1, Monday)] = 100m,
            [(1, Monday.AddDays(7))] = 100m,
            [(1, Monday.AddDays(14))] = 40m,
        };

        var answer = Plan(Monday, calendar, new ProductionFacts(1, 2, 100m, null), booked, new PlanLine(1, 80m, Monday.AddDays(11))).Single();

        Assert.False(answer.MeetsRequest);
        Assert.Equal([PromiseReason.Capacity], answer.Reasons);
        Assert.Equal(Monday.AddDays(21), answer.PromisedDate);
        Assert.Equal([new WeekBooking(Monday.AddDays(14), 60m), new WeekBooking(Monday.AddDays(21), 20m)], answer.Bookings);
        Assert.Equal([Monday, Monday.AddDays(7)], answer.Weeks.Where(w => w.Free == 0).Select(w => w.WeekStart));
        Assert.Null(answer.Split);
    }

    [Fact]
    public void What_fits_by_the_requested_date_is_offered_as_a_split()
    {
        var calendar = new WorkingCalendar(MondayToFriday, []);
        var booked = new Dictionary<(long, DateOnly), decimal> { [(1, Monday.AddDays(7))] = 50m };

        var answer = Plan(Monday, calendar, new ProductionFacts(1, 0, 100m, 20m), booked, new PlanLine(1, 250m, Monday.AddDays(9))).Single();

        Assert.False(answer.MeetsRequest);
        Assert.Equal(Monday.AddDays(14), answer.PromisedDate);
        Assert.Equal(new SplitOffer(150m, Monday.AddDays(9), 100m, Monday.AddDays(14)), answer.Split);
        Assert.Equal(250m, answer.BookedQuantity);
    }

    [Fact]
    public void No_split_is_offered_when_the_first_part_is_below_the_minimum_batch()
    {
        var calendar = new WorkingCalendar(MondayToFriday, []);
        var booked = new Dictionary<(long, DateOnly), decimal> { [(1, Monday)] = 90m };

        var answer = Plan(Monday, calendar, new ProductionFacts(1, 0, 100m, 50m), booked, new PlanLine(1, 100m, Monday.AddDays(4))).Single();

        Assert.Equal(Monday.AddDays(7), answer.PromisedDate);
        Assert.Null(answer.Split);
    }

    [Fact]
    public void The_Chuseok_week_makes_three_fifths_and_a_request_on_a_holiday_moves_to_the_day_before()
    {
        var calendar = new WorkingCalendar(MondayToFriday, KoreanHolidays.For(2026).Select(h => h.Date));
        var chuseokWeek = new DateOnly(2026, 9, 21);
        var today = new DateOnly(2026, 9, 14);

        Assert.Equal(300m, DeliveryPlanner.WeekCapacity(500m, chuseokWeek, calendar));
        var answers = Plan(today, calendar, new ProductionFacts(1, 3, 500m, null),
            new PlanLine(1, 200m, new DateOnly(2026, 9, 25)),
            new PlanLine(1, 200m, new DateOnly(2026, 9, 25)));

        // Chuseok Thursday and Friday are holidays: the first line is kept on Wednesday in the short week.
        Assert.Equal(new DateOnly(2026, 9, 23), answers[0].PromisedDate);
        Assert.Equal([new WeekBooking(chuseokWeek, 200m)], answers[0].Bookings);
        // The second sees the 100 left in the short week and takes the rest from the week before.
        Assert.True(answers[1].MeetsRequest);
        Assert.Equal([new WeekBooking(today, 100m), new WeekBooking(chuseokWeek, 100m)], answers[1].Bookings);
        Assert.Equal(new WeekLoad(chuseokWeek, 300m, 200m, 100m), answers[1].Weeks[^1]);
    }

    [Fact]
    public void Lead_time_counts_working_days_and_engineering_days_add_to_it()
    {
        // 2026-12-25 (Christmas) is a Friday holiday.
        var calendar = new WorkingCalendar(MondayToFriday, KoreanHolidays.For(2026).Concat(KoreanHolidays.For(2027)).Select(h => h.Date));
        var today = new DateOnly(2026, 12, 21);

        var answer = Plan(today, calendar, new ProductionFacts(1, 5, null, null), new PlanLine(1, 10m, today, EngineeringDays: 3)).Single();

        Assert.Equal([PromiseReason.LeadTime], answer.Reasons);
        // Eight working days after Monday 21 December, skipping Christmas and the weekends: Friday 1 January is New Year's Day.
        Assert.Equal(new DateOnly(2027, 1, 4), answer.EarliestDate);
        Assert.Equal(answer.EarliestDate, answer.PromisedDate);
        Assert.False(answer.MeetsRequest);
        // Without a capacity limit nothing is booked.
        Assert.Empty(answer.Bookings);
        Assert.Equal(0m, answer.BookedQuantity);
    }

    [Fact]
    public void A_one_day_working_week_keeps_the_request_on_the_last_working_day_before_a_holiday()
    {
        // Only Mondays are worked, and the Monday of the requested week is a holiday.
        var calendar = new WorkingCalendar(0b0000010, [Monday.AddDays(21)]);

        var answer = Plan(Monday, calendar, new ProductionFacts(1, 0, 100m, null), new PlanLine(1, 50m, Monday.AddDays(27))).Single();

        Assert.True(answer.MeetsRequest);
        Assert.Equal(Monday.AddDays(14), answer.PromisedDate);
        Assert.Equal([new WeekBooking(Monday.AddDays(14), 50m)], answer.Bookings);
    }

    [Fact]
    public void Without_a_lead_time_nothing_is_promised_or_booked()
    {
        var answer = Plan(Monday, new WorkingCalendar(MondayToFriday, []), new ProductionFacts(1, null, 100m, null), new PlanLine(1, 5m, Monday.AddDays(30))).Single();

        Assert.Null(answer.PromisedDate);
        Assert.Null(answer.EarliestDate);
        Assert.Equal([PromiseReason.NoLeadTime], answer.Reasons);
        Assert.Equal(0m, answer.BookedQuantity);
        Assert.Empty(answer.Bookings);
    }

    [Fact]
    public void More_than_two_years_of_capacity_is_beyond_the_horizon()
    {
        var answer = Plan(Monday, new WorkingCalendar(MondayToFriday, []), new ProductionFacts(1, 0, 10m, null), new PlanLine(1, 10m * DeliveryPlanner.HorizonWeeks + 1, Monday.AddDays(30))).Single();

        Assert.Null(answer.PromisedDate);
        Assert.Equal([PromiseReason.Capacity, PromiseReason.BeyondHorizon], answer.Reasons);
        Assert.Equal(0m, answer.BookedQuantity);
        Assert.Empty(answer.Bookings);
    }
}
