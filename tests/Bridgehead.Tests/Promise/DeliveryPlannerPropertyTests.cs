using System.Text.Json;
using Bridgehead.Calendar;
using Bridgehead.Orders;
using CsCheck;

namespace Bridgehead.Tests.Promise;

/// <summary>
/// The planner's promises hold for any calendar, facts, bookings and lines: never more booked than
/// a week makes, never earlier than lead time, the same answer for the same input, bookings that
/// add up, a met request kept, and a split that adds up.
/// </summary>
public sealed class DeliveryPlannerPropertyTests
{
    /// <summary>One random planning situation; the calendar is built from the mask and the holidays.</summary>
    public sealed record Scenario(
        DateOnly Today,
        int Mask,
        DateOnly[] Holidays,
        ProductionFacts[] Facts,
        (long ProductId, DateOnly WeekStart, decimal Quantity)[] Booked,
        PlanLine[] Lines)
    {
        public WorkingCalendar Calendar() => new(Mask, Holidays);

        public Dictionary<long, ProductionFacts> FactsById() => Facts.ToDictionary(f => f.ProductId);

        public Dictionary<(long ProductId, DateOnly WeekStart), decimal> BookedByWeek() =>
            Booked.GroupBy(b => (b.ProductId, b.WeekStart)).ToDictionary(g => g.Key, g => g.Sum(b => b.Quantity));

        public IReadOnlyList<LinePromise> Plan() => DeliveryPlanner.Plan(Today, Lines, FactsById(), BookedByWeek(), Calendar());

        public override string ToString() => JsonSerializer.Serialize(new
        {
            Today,
            Mask = Convert.ToString(Mask, 2),
            Holidays,
            Facts,
            Booked = Booked.Select(b => new { b.ProductId, b.WeekStart, b.Quantity }),
            Lines,
        });
    }

    private const int Products = 3;

    private static readonly Gen<ProductionFacts> GenFacts =
        Gen.Select(Gen.Int[-3, 40], Gen.Int[-2, 300], Gen.Int[-2, 100], Gen.Bool)
            .Select(t =>
            {
                var (lead, cap, batch, quarters) = t;
                decimal? capacity = cap <= 0 ? null : quarters ? cap * 0.25m : cap;
                decimal? minimum = batch <= 0 ? null
                    : capacity is { } c ? Math.Max(0.25m, decimal.Round(c * batch / 100m, 2)) : batch * 3m;
                return new ProductionFacts(0, lead < 0 ? null : lead, capacity, minimum);
            });

    private static readonly Gen<Scenario> GenScenario =
        from today in Gen.Int[0, 3 * 365].Select(d => new DateOnly(2026, 1, 1).AddDays(d))
        from mask in Gen.Int[1, 127]
        from holidays in Gen.Int[-14, 420].Array[0, 40]
        from facts in GenFacts.Array[Products]
        from booked in Gen.Select(Gen.Int[1, Products], Gen.Int[0, 60], Gen.Int[0, 400]).Array[0, 30]
        from lines in Gen.Select(Gen.Int[1, Products + 1], Gen.Int[1, 900], Gen.Int[-10, 300], Gen.Int[0, 15], Gen.Bool).Array[1, 6]
        select new Scenario(
            today,
            mask,
            [.. holidays.Select(today.AddDays)],
            [.. facts.Select((f, i) => f with { ProductId = i + 1 })],
            [.. booked.Select(b => ((long)b.Item1, WorkingCalendar.WeekStart(today).AddDays(7 * b.Item2), b.Item3 * 0.5m))],
            // Product 4 has no facts at all.
            [.. lines.Select(l => new PlanLine(l.Item1, l.Item5 ? l.Item2 : l.Item2 * 0.01m, today.AddDays(l.Item3), l.Item4))]);

    private static void Check(Action<Scenario, IReadOnlyList<LinePromise>> property, int iter = 400) =>
        GenScenario.Sample(s => property(s, s.Plan()), iter: iter, print: s => s.ToString());

    [Fact]
    public void Never_more_booked_than_a_week_makes()
    {
        Check((s, answers) =>
        {
            var calendar = s.Calendar();
            var existing = s.BookedByWeek();
            foreach (var product in s.Facts.Where(f => f.WeeklyCapacity is not null))
            {
                var weeks = answers.Where(a => a.ProductId == product.ProductId)
                    .SelectMany(a => a.Bookings)
                    .GroupBy(b => b.WeekStart);
                foreach (var week in weeks)
                {
                    var capacity = DeliveryPlanner.WeekCapacity(product.WeeklyCapacity!.Value, week.Key, calendar);
                    var before = existing.TryGetValue((product.ProductId, week.Key), out var b) ? b : 0m;
                    Assert.True(before + week.Sum(x => x.Quantity) <= Math.Max(capacity, before),
                        $"Week {week.Key} of product {product.ProductId}: {before} booked before, {week.Sum(x => x.Quantity)} now, capacity {capacity}.");
                    Assert.All(week, x => Assert.True(x.Quantity > 0));
                }
            }
        });
    }

    [Fact]
    public void Never_earlier_than_lead_time_and_always_on_a_working_day()
    {
        Check((s, answers) =>
        {
            var calendar = s.Calendar();
            foreach (var answer in answers)
            {
                var line = s.Lines[answer.Index];
                var facts = s.Facts.FirstOrDefault(f => f.ProductId == line.ProductId);
                if (facts?.LeadTimeDays is not { } lead)
                {
                    Assert.Null(answer.PromisedDate);
                    Assert.Equal([PromiseReason.NoLeadTime], answer.Reasons);
                    continue;
                }
                var earliest = calendar.AddWorkingDays(s.Today, lead + line.EngineeringDays);
                Assert.Equal(earliest, answer.EarliestDate);
                if (answer.PromisedDate is { } promised)
                {
                    Assert.True(promised >= earliest, $"Promised {promised} before the lead-time date {earliest}.");
                    Assert.True(calendar.IsWorkingDay(promised), $"Promised {promised}, not a working day.");
                    // Made in the weeks from the lead-time date to the promised date, on working weeks.
                    Assert.All(answer.Bookings, b =>
                    {
                        Assert.InRange(b.WeekStart, WorkingCalendar.WeekStart(earliest), WorkingCalendar.WeekStart(promised));
                        Assert.NotEmpty(calendar.WorkingDaysOfWeek(b.WeekStart));
                    });
                }
            }
        });
    }

    [Fact]
    public void Same_input_gives_the_same_answer_even_with_a_rebuilt_calendar()
    {
        Check((s, answers) =>
        {
            var again = s.Plan();
            var rebuilt = DeliveryPlanner.Plan(s.Today, [.. s.Lines], s.FactsById(), s.BookedByWeek(),
                new WorkingCalendar(s.Mask, s.Holidays.Reverse()));
            var first = JsonSerializer.Serialize(answers);
            Assert.Equal(first, JsonSerializer.Serialize(again));
            Assert.Equal(first, JsonSerializer.Serialize(rebuilt));
        }, iter: 200);
    }

    [Fact]
    public void Bookings_add_up_to_the_booked_quantity()
    {
        Check((s, answers) =>
        {
            foreach (var answer in answers)
            {
                Assert.Equal(answer.BookedQuantity, answer.Bookings.Sum(b => b.Quantity));
                var line = s.Lines[answer.Index];
                var facts = s.Facts.FirstOrDefault(f => f.ProductId == line.ProductId);
                if (answer.PromisedDate is not null && facts?.WeeklyCapacity is not null)
                {
                    var minimum = facts.MinimumBatch ?? 0m;
                    Assert.Equal(Math.Max(line.Quantity, minimum), answer.BookedQuantity);
                    Assert.Equal(line.Quantity < minimum, answer.Reasons.Contains(PromiseReason.MinimumBatch));
                }
                else
                {
                    // No promise, or a product without a capacity limit: nothing is taken.
                    Assert.Equal(0m, answer.BookedQuantity);
                }
                Assert.Equal(answer.Bookings.Select(b => b.WeekStart).Order(), answer.Bookings.Select(b => b.WeekStart));
                Assert.Equal(answer.Bookings.Count, answer.Bookings.Select(b => b.WeekStart).Distinct().Count());
            }
        });
    }

    [Fact]
    public void A_met_request_is_kept_and_an_unmet_one_says_why()
    {
        Check((s, answers) =>
        {
            foreach (var answer in answers)
            {
                var line = s.Lines[answer.Index];
                if (answer.MeetsRequest)
                {
                    Assert.NotNull(answer.PromisedDate);
                    Assert.True(answer.PromisedDate <= line.RequestedDate, $"Meets the request of {line.RequestedDate} but promised {answer.PromisedDate}.");
                    Assert.DoesNotContain(PromiseReason.LeadTime, answer.Reasons);
                    Assert.DoesNotContain(PromiseReason.Capacity, answer.Reasons);
                    Assert.Null(answer.Split);
                }
                else
                {
                    Assert.True(answer.PromisedDate is null || answer.PromisedDate > line.RequestedDate,
                        $"Misses the request of {line.RequestedDate} yet promised {answer.PromisedDate}.");
                    Assert.Contains(answer.Reasons, r => r is PromiseReason.LeadTime or PromiseReason.Capacity or PromiseReason.NoLeadTime or PromiseReason.BeyondHorizon);
                }
            }
        });
    }

    [Fact]
    public void A_split_adds_up_to_the_quantity_and_its_first_part_is_on_time()
    {
        Check((s, answers) =>
        {
            foreach (var answer in answers.Where(a => a.Split is not null))
            {
                var line = s.Lines[answer.Index];
                var split = answer.Split!;
                Assert.Equal(line.Quantity, split.Quantity + split.RestQuantity);
                Assert.True(split.Quantity > 0 && split.RestQuantity > 0);
                Assert.True(split.Date <= line.RequestedDate);
                Assert.True(split.Date < split.RestDate);
                Assert.Equal(answer.PromisedDate, split.RestDate);
                Assert.True(s.Calendar().IsWorkingDay(split.Date));
                Assert.False(answer.MeetsRequest);
            }
        });
    }

    [Fact]
    public void Lines_see_what_the_lines_before_them_took()
    {
        // Planning lines one by one, each with the bookings of the ones before it, gives the same answers.
        Check((s, answers) =>
        {
            var booked = s.BookedByWeek();
            for (var i = 0; i < s.Lines.Length; i++)
            {
                var alone = DeliveryPlanner.Plan(s.Today, [s.Lines[i]], s.FactsById(), booked, s.Calendar()).Single();
                Assert.Equal(JsonSerializer.Serialize(answers[i] with { Index = 0 }), JsonSerializer.Serialize(alone));
                foreach (var b in alone.Bookings)
                {
                    var key = (s.Lines[i].ProductId, b.WeekStart);
                    booked[key] = (booked.TryGetValue(key, out var q) ? q : 0m) + b.Quantity;
                }
            }
        }, iter: 200);
    }
}
