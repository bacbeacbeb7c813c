using System.Globalization;
using Bridgehead.Calendar;
using Bridgehead.Orders;

namespace Bridgehead.Tests.Promise;

/// <summary>The reasons of a promise as sentences, built from the planner's answer and the product's facts.</summary>
public sealed class PromiseWordsTests
{
    private static readonly DateOnly Monday = new(2026, 11, 2);

    private static readonly WorkingCalendar Calendar = new(CalendarSettings.MondayToFriday, []);

    private static LinePromiseDto Describe(string culture, ProductionFacts facts, Dictionary<(long, DateOnly), decimal> booked, PlanLine line)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            var answer = DeliveryPlanner.Plan(Monday, [line], new Dictionary<long, ProductionFacts> { [1] = facts }, booked, Calendar).Single();
            return PromiseWords.Describe(answer, "SKU-1", "pcs", facts, line.EngineeringDays);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }

    private static string Message(LinePromiseDto answer, PromiseReason code) => answer.Reasons.Single(r => r.Code == code).Message;

    [Fact]
    public void Three_full_weeks_are_listed_with_and_in_English_and_commas_in_Korean()
    {
        var booked = new Dictionary<(long, DateOnly), decimal> { [(1, Monday)] = 100m, [(1, Monday.AddDays(7))] = 100m, [(1, Monday.AddDays(14))] = 100m };
        var line = new PlanLine(1, 50m, Monday.AddDays(18));

        Assert.Equal("Weeks of 2026-11-02, 2026-11-09 and 2026-11-16 are full.", Message(Describe("en", new(1, 0, 100m, null), booked, line), PromiseReason.Capacity));
        Assert.Equal("2026-11-02, 2026-11-09, 2026-11-16 주는 생산 능력이 모두 찼습니다.", Message(Describe("ko", new(1, 0, 100m, null), booked, line), PromiseReason.Capacity));
    }

    [Fact]
    public void One_full_week_is_named_alone()
    {
        var booked = new Dictionary<(long, DateOnly), decimal> { [(1, Monday)] = 100m };

        var answer = Describe("en", new(1, 0, 100m, null), booked, new PlanLine(1, 50m, Monday.AddDays(4)));

        Assert.Equal("The week of 2026-11-02 is full.", Message(answer, PromiseReason.Capacity));
        Assert.True(answer.Weeks[0].Full);
        Assert.False(answer.Weeks[1].Full);
    }

    [Fact]
    public void Weeks_with_too_little_room_say_how_much_is_free()
    {
        var booked = new Dictionary<(long, DateOnly), decimal> { [(1, Monday)] = 40m, [(1, Monday.AddDays(7))] = 70m };

        var answer = Describe("en", new(1, 0, 100m, null), booked, new PlanLine(1, 1500m, Monday.AddDays(11)));

        Assert.Equal("Only 90 pcs of capacity are free by 2026-11-13.", Message(answer, PromiseReason.Capacity));
    }

    [Fact]
    public void When_lead_time_already_misses_the_date_capacity_speaks_of_the_weeks_before_the_promise()
    {
        var booked = new Dictionary<(long, DateOnly), decimal> { [(1, Monday.AddDays(7))] = 80m };

        var answer = Describe("en", new(1, 5, 100m, null), booked, new PlanLine(1, 50m, Monday));

        Assert.Equal(Monday.AddDays(14), answer.PromisedDate);
        Assert.Equal("Lead time is 5 working days: the earliest date is 2026-11-09.", Message(answer, PromiseReason.LeadTime));
        Assert.Equal("Only 20 pcs of capacity are free in the weeks before 2026-11-16.", Message(answer, PromiseReason.Capacity));
    }

    [Fact]
    public void Minimum_batch_engineering_and_the_horizon_are_explained_with_their_numbers()
    {
        var batch = Describe("en", new(1, 2, 100_000m, 1500m), [], new PlanLine(1, 20m, Monday, EngineeringDays: 3));
        Assert.Equal("Below the minimum batch of 1,500 pcs: a whole batch is booked.", Message(batch, PromiseReason.MinimumBatch));
        Assert.Equal("Lead time is 2 working days after 3 engineering days: the earliest date is 2026-11-09.", Message(batch, PromiseReason.LeadTime));

        var horizon = Describe("ko", new(1, 0, 1m, null), [], new PlanLine(1, 5000m, Monday.AddDays(400)));
        Assert.Equal("앞으로 104주 동안 남은 생산 능력으로는 5,000 pcs을(를) 만들 수 없습니다.", Message(horizon, PromiseReason.BeyondHorizon));
        Assert.Null(horizon.PromisedDate);
    }
}
