using Bridgehead.Calendar;

namespace Bridgehead.Orders;

/// <summary>What the plant knows about making a product.</summary>
/// <param name="LeadTimeDays">Working days from order to goods ready; null means no date can be promised.</param>
/// <param name="WeeklyCapacity">Units a full working week makes; null means not limited (bought in, made from stock).</param>
/// <param name="MinimumBatch">The smallest run worth making: a smaller line still takes a whole batch of capacity.</param>
public sealed record ProductionFacts(long ProductId, int? LeadTimeDays, decimal? WeeklyCapacity, decimal? MinimumBatch);

/// <summary>A line to promise: product, quantity, the customer's date, and engineering days before production (made-to-order).</summary>
public sealed record PlanLine(long ProductId, decimal Quantity, DateOnly RequestedDate, int EngineeringDays = 0);

/// <summary>Why a line's promise is not simply the requested date.</summary>
public enum PromiseReason
{
    /// <summary>The requested date is earlier than lead time (and engineering days) allow.</summary>
    LeadTime,

    /// <summary>The weeks up to the requested date have too little free capacity.</summary>
    Capacity,

    /// <summary>The quantity is below the minimum batch: a whole batch of capacity is booked.</summary>
    MinimumBatch,

    /// <summary>The product has no production lead time: no date can be promised.</summary>
    NoLeadTime,

    /// <summary>Not enough free capacity within the planning horizon.</summary>
    BeyondHorizon,
}

/// <summary>Capacity of one product in one week: what the week can make (fewer on holiday weeks), what is booked, what is free.</summary>
public sealed record WeekLoad(DateOnly WeekStart, decimal Capacity, decimal Booked, decimal Free);

/// <summary>Capacity a promise takes in one week.</summary>
public sealed record WeekBooking(DateOnly WeekStart, decimal Quantity);

/// <summary>What could be met instead: part of the quantity by the requested date, the rest later.</summary>
public sealed record SplitOffer(decimal Quantity, DateOnly Date, decimal RestQuantity, DateOnly RestDate);

/// <summary>The answer for one line.</summary>
/// <param name="EarliestDate">The first date lead time and engineering allow, ignoring capacity.</param>
/// <param name="PromisedDate">The earliest date we can keep for the whole quantity; null when none can be promised.</param>
/// <param name="BookedQuantity">The capacity the promise takes: the quantity, or a whole minimum batch; 0 without a promise or a capacity limit. The bookings add up to it.</param>
/// <param name="Weeks">The weeks that decided the answer (from the earliest week to the requested one, or to the promised one), with their load before this line.</param>
public sealed record LinePromise(
    int Index,
    long ProductId,
    decimal Quantity,
    DateOnly RequestedDate,
    DateOnly? EarliestDate,
    DateOnly? PromisedDate,
    bool MeetsRequest,
    decimal BookedQuantity,
    IReadOnlyList<WeekBooking> Bookings,
    IReadOnlyList<PromiseReason> Reasons,
    IReadOnlyList<WeekLoad> Weeks,
    SplitOffer? Split);

/// <summary>
/// Capable-to-promise: for each line the earliest date that respects the production lead time,
/// the capacity already booked per product and week, and the working calendar.
///
/// The rules, in the words a planner would use:
/// - Lead time counts working days from the day of ordering; made-to-order adds engineering days.
/// - Capacity is kept per product and week (Monday to Sunday). A week with holidays makes
///   proportionally less: capacity x its working days / a normal week's working days.
/// - A line that can be met is made as late as possible (in the weeks up to its requested date,
///   latest first), so earlier weeks stay free for urgent orders. One that cannot is made as early
///   as possible, and is promised on the first working day of the last week it needs, never before
///   the lead-time date.
/// - Lines of one request are planned in order; each sees what the ones before it took.
/// - A line below the minimum batch takes a whole batch of capacity.
/// - A product without a weekly capacity is not limited: it takes no capacity (booked quantity 0,
///   no bookings, no minimum batch to round up to). A line without a promise books nothing either.
/// The planner is a pure function: the same lines, facts, bookings and calendar give the same answer.
/// </summary>
public static class DeliveryPlanner
{
    /// <summary>How far ahead capacity is searched: two years of weeks.</summary>
    public const int HorizonWeeks = 104;

    public static IReadOnlyList<LinePromise> Plan(
        DateOnly today,
        IReadOnlyList<PlanLine> lines,
        IReadOnlyDictionary<long, ProductionFacts> facts,
        IReadOnlyDictionary<(long ProductId, DateOnly WeekStart), decimal> booked,
        WorkingCalendar calendar)
    {
        var taken = new Dictionary<(long, DateOnly), decimal>();
        var answers = new List<LinePromise>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var fact = facts.TryGetValue(line.ProductId, out var f) ? f : new ProductionFacts(line.ProductId, null, null, null);
            answers.Add(PlanLine(i, line, fact, booked, taken, calendar, today));
        }
        return answers;
    }

    /// <summary>What a product can make in a week: its weekly capacity scaled by the week's working days, rounded down.</summary>
    public static decimal WeekCapacity(decimal weeklyCapacity, DateOnly weekStart, WorkingCalendar calendar)
    {
        var days = calendar.WorkingDaysOfWeek(weekStart).Count();
        return days == calendar.NormalWeekDays ? weeklyCapacity : Math.Floor(weeklyCapacity * days / calendar.NormalWeekDays * 10000m) / 10000m;
    }

    private static LinePromise PlanLine(
        int index,
        PlanLine line,
        ProductionFacts fact,
        IReadOnlyDictionary<(long, DateOnly), decimal> booked,
        Dictionary<(long, DateOnly), decimal> taken,
        WorkingCalendar calendar,
        DateOnly today)
    {
        if (fact.LeadTimeDays is not { } leadTime)
        {
            return new LinePromise(index, line.ProductId, line.Quantity, line.RequestedDate, null, null, false, 0, [], [PromiseReason.NoLeadTime], [], null);
        }

        var reasons = new List<PromiseReason>();
        var earliest = calendar.AddWorkingDays(today, leadTime + line.EngineeringDays);
        // The requested date, moved back to a working day, if lead time allows it at all. The
        // walk ends at the latest on the lead-time date, itself a working day (a fixed week-long
        // window would miss the working day before a holiday week on a one-day working week).
        DateOnly? target = null;
        if (line.RequestedDate >= earliest)
        {
            var working = line.RequestedDate;
            while (!calendar.IsWorkingDay(working))
            {
                working = working.AddDays(-1);
            }
            target = working;
        }
        else
        {
            reasons.Add(PromiseReason.LeadTime);
        }

        if (fact.WeeklyCapacity is not { } weekly)
        {
            // Not limited by capacity: only lead time and the calendar decide, and no capacity is
            // taken (booked quantity 0, so the bookings still add up to it).
            var date = target ?? earliest;
            return new LinePromise(index, line.ProductId, line.Quantity, line.RequestedDate, earliest, date, target is not null, 0, [], reasons, [], null);
        }

        var need = line.Quantity;
        if (fact.MinimumBatch is { } batch && batch > need)
        {
            need = batch;
            reasons.Add(PromiseReason.MinimumBatch);
        }

        WeekLoad Load(DateOnly week)
        {
            var capacity = WeekCapacity(weekly, week, calendar);
            var used = (booked.TryGetValue((line.ProductId, week), out var b) ? b : 0m) + (taken.TryGetValue((line.ProductId, week), out var t) ? t : 0m);
            return new WeekLoad(week, capacity, used, Math.Max(0m, capacity - used));
        }

        var firstWeek = WorkingCalendar.WeekStart(earliest);
        if (target is { } wanted)
        {
            var weeks = Weeks(firstWeek, WorkingCalendar.WeekStart(wanted)).Select(Load).ToList();
            if (weeks.Sum(w => w.Free) >= need)
            {
                // Just in time: latest weeks first.
                var bookings = Take(weeks.AsEnumerable().Reverse(), need);
                Book(taken, line.ProductId, bookings);
                return new LinePromise(index, line.ProductId, line.Quantity, line.RequestedDate, earliest, wanted, true, need,
                    [.. bookings.OrderBy(b => b.WeekStart)], reasons, weeks, null);
            }
            reasons.Add(PromiseReason.Capacity);
        }

        // As soon as possible: earliest weeks first, as far as the horizon.
        var ahead = Weeks(firstWeek, firstWeek.AddDays(7 * (HorizonWeeks - 1))).Select(Load).ToList();
        var covered = 0m;
        var used = new List<WeekLoad>();
        foreach (var week in ahead)
        {
            used.Add(week);
            covered += week.Free;
            if (covered >= need)
            {
                break;
            }
        }
        if (covered < need)
        {
            reasons.Add(PromiseReason.BeyondHorizon);
            // Nothing can be promised, so nothing would be booked.
            return new LinePromise(index, line.ProductId, line.Quantity, line.RequestedDate, earliest, null, false, 0, [], reasons, used, null);
        }
        var taking = Take(used, need);
        Book(taken, line.ProductId, taking);
        var lastWeek = taking.Max(b => b.WeekStart);
        var firstDay = calendar.WorkingDaysOfWeek(lastWeek).First();
        var promised = firstDay > earliest ? firstDay : earliest;
        if (promised > earliest && target is null && !reasons.Contains(PromiseReason.Capacity))
        {
            reasons.Add(PromiseReason.Capacity);
        }

        SplitOffer? split = null;
        if (target is { } by)
        {
            var early = taking.Where(b => b.WeekStart <= WorkingCalendar.WeekStart(by)).Sum(b => b.Quantity);
            var part = Math.Min(early, line.Quantity);
            if (part > 0 && part < line.Quantity && (fact.MinimumBatch is not { } min || part >= min))
            {
                split = new SplitOffer(part, by, line.Quantity - part, promised);
            }
        }
        return new LinePromise(index, line.ProductId, line.Quantity, line.RequestedDate, earliest, promised, false, need, taking, reasons, used, split);
    }

    private static IEnumerable<DateOnly> Weeks(DateOnly first, DateOnly last)
    {
        for (var w = first; w <= last; w = w.AddDays(7))
        {
            yield return w;
        }
    }

    private static List<WeekBooking> Take(IEnumerable<WeekLoad> weeks, decimal need)
    {
        var bookings = new List<WeekBooking>();
        var left = need;
        foreach (var week in weeks)
        {
            if (left <= 0)
            {
                break;
            }
            var take = Math.Min(week.Free, left);
            if (take > 0)
            {
                bookings.Add(new WeekBooking(week.WeekStart, take));
                left -= take;
            }
        }
        return bookings;
    }

    private static void Book(Dictionary<(long, DateOnly), decimal> taken, long productId, IEnumerable<WeekBooking> bookings)
    {
        foreach (var b in bookings)
        {
            taken[(productId, b.WeekStart)] = (taken.TryGetValue((productId, b.WeekStart), out var t) ? t : 0m) + b.Quantity;
        }
    }
}
