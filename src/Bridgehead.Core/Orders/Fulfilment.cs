using Bridgehead.Calendar;

namespace Bridgehead.Orders;

/// <summary>What a line is, as far as judging its delivery goes.</summary>
/// <param name="Delivered">The quantity delivered so far.</param>
/// <param name="DeliveredOn">The day it was delivered in full (the latest delivery's date), null until then.</param>
public sealed record LineState(
    long ProductId,
    OrderKind Kind,
    int EngineeringDays,
    OrderStatus OrderStatus,
    OrderLineStatus Status,
    decimal Quantity,
    decimal Delivered,
    DateOnly? PromisedDate,
    DateOnly? DeliveredOn);

/// <summary>Why a line is at risk of being late.</summary>
public enum RiskKind
{
    /// <summary>Due within the next three working days and nothing delivered yet.</summary>
    DueSoon,

    /// <summary>A week the line is made in (or its promised week) now holds more than it can make: capacity lowered or a holiday added since.</summary>
    WeekOverbooked,

    /// <summary>Made to order: the promised date is sooner than engineering and lead time now allow, and nothing is delivered.</summary>
    LeadTime,
}

/// <summary>One reason with the figures behind it.</summary>
/// <param name="Date">The promised date (due soon), the Monday of the week (overbooked) or the earliest date possible now (lead time).</param>
public sealed record RiskReason(RiskKind Kind, DateOnly Date, decimal? Booked = null, decimal? Capacity = null, int? Days = null);

/// <summary>
/// How a line stands. <see cref="OnTime"/>, <see cref="InFull"/> and <see cref="Otif"/> are null
/// until the line is due (its promised date has passed) or delivered in full.
/// </summary>
public sealed record LineJudgement(bool? OnTime, bool? InFull, bool? Otif, bool Late, bool AtRisk, IReadOnlyList<RiskReason> Reasons)
{
    public static readonly LineJudgement None = new(null, null, null, false, false, []);
}

/// <summary>
/// On-time-in-full and the risk of being late, in the words of the delivery desk:
/// - In full: the delivered quantity is at least the ordered one.
/// - On time: delivered in full on or before the promised date. OTIF: both.
/// - Late: the promised date has passed and the line is not delivered in full.
/// - At risk (flagged before the date): not delivered in full, not late, and one of: due within
///   the next three working days with nothing delivered yet; a week the line's capacity is booked
///   in (or its promised week) now holds more than that week can make; made to order and the
///   promised date is sooner than engineering plus lead time allow from today, nothing delivered.
/// Pure: the same line, day, calendar and bookings give the same answer.
/// </summary>
public static class Fulfilment
{
    /// <summary>Working days ahead in which an undelivered line counts as due soon.</summary>
    public const int DueSoonDays = 3;

    /// <param name="fact">The product's production facts today; null when unknown.</param>
    /// <param name="booked">Capacity booked per product and week (all accounts).</param>
    /// <param name="lineWeeks">The weeks this line's own capacity is booked in.</param>
    public static LineJudgement Judge(
        LineState line,
        DateOnly today,
        WorkingCalendar calendar,
        ProductionFacts? fact,
        IReadOnlyDictionary<(long ProductId, DateOnly WeekStart), decimal> booked,
        IEnumerable<DateOnly> lineWeeks)
    {
        if (line.OrderStatus == OrderStatus.Draft || line.Status == OrderLineStatus.Cancelled)
        {
            return LineJudgement.None;
        }
        var (onTime, full, otif) = Score(line, today);
        var inFull = line.Delivered >= line.Quantity;
        var late = !inFull && line.PromisedDate is { } p && p < today;
        if (inFull || late || line.PromisedDate is not { } date || line.OrderStatus == OrderStatus.Cancelled)
        {
            return new LineJudgement(onTime, full, otif, late, false, []);
        }

        var reasons = new List<RiskReason>();
        if (line.Delivered == 0 && date <= calendar.AddWorkingDays(today, DueSoonDays))
        {
            reasons.Add(new RiskReason(RiskKind.DueSoon, date));
        }
        if (fact?.WeeklyCapacity is { } weekly)
        {
            var thisWeek = WorkingCalendar.WeekStart(today);
            foreach (var week in lineWeeks.Append(WorkingCalendar.WeekStart(date)).Where(w => w >= thisWeek).Distinct().Order())
            {
                var load = booked.TryGetValue((line.ProductId, week), out var b) ? b : 0m;
                var capacity = DeliveryPlanner.WeekCapacity(weekly, week, calendar);
                if (load > capacity)
                {
                    reasons.Add(new RiskReason(RiskKind.WeekOverbooked, week, load, capacity));
                }
            }
        }
        if (line.Kind == OrderKind.MadeToOrder && line.Delivered == 0 && fact?.LeadTimeDays is { } lead)
        {
            var days = lead + line.EngineeringDays;
            var earliest = calendar.AddWorkingDays(today, days);
            if (date < earliest)
            {
                reasons.Add(new RiskReason(RiskKind.LeadTime, earliest, Days: days));
            }
        }
        return new LineJudgement(onTime, full, otif, false, reasons.Count > 0, reasons);
    }

    /// <summary>On time, in full and both; all null until the line is due (promised date passed) or delivered in full, and for drafts and cancelled lines.</summary>
    public static (bool? OnTime, bool? InFull, bool? Otif) Score(LineState line, DateOnly today)
    {
        if (line.OrderStatus == OrderStatus.Draft || line.Status == OrderLineStatus.Cancelled)
        {
            return (null, null, null);
        }
        var inFull = line.Delivered >= line.Quantity;
        if (!inFull && !(line.PromisedDate is { } p && p < today))
        {
            return (null, null, null);
        }
        var onTime = inFull && line.PromisedDate is { } promised && line.DeliveredOn is { } on && on <= promised;
        return (onTime, inFull, onTime && inFull);
    }

    /// <summary>A line's status from what was delivered; a cancelled line stays cancelled.</summary>
    public static OrderLineStatus LineStatus(OrderLineStatus current, decimal quantity, decimal delivered) =>
        current == OrderLineStatus.Cancelled ? OrderLineStatus.Cancelled
        : delivered >= quantity ? OrderLineStatus.Delivered
        : delivered > 0 ? OrderLineStatus.PartlyDelivered
        : OrderLineStatus.Open;

    /// <summary>
    /// A confirmed order's status from its lines: delivered when every line still wanted is
    /// delivered in full, partly delivered once anything left, confirmed before that. Drafts and
    /// cancelled orders keep their status.
    /// </summary>
    public static OrderStatus OrderStatusOf(OrderStatus current, IReadOnlyCollection<(OrderLineStatus Status, decimal Delivered)> lines)
    {
        if (current is OrderStatus.Draft or OrderStatus.Cancelled)
        {
            return current;
        }
        var wanted = lines.Where(l => l.Status != OrderLineStatus.Cancelled).ToList();
        if (wanted.Count > 0 && wanted.All(l => l.Status == OrderLineStatus.Delivered))
        {
            return OrderStatus.Delivered;
        }
        return lines.Any(l => l.Delivered > 0) ? OrderStatus.PartlyDelivered : OrderStatus.Confirmed;
    }
}
