using Bridgehead.Calendar;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>
/// What judging a set of lines needs from the database, read once for all of them: today, the
/// working calendar, the products' production facts and the capacity booked from this week on
/// (plant-wide, past account visibility: a week is full whoever booked it).
/// </summary>
internal sealed class FulfilmentData
{
    private readonly Dictionary<long, ProductionFacts> _facts;
    private readonly Dictionary<(long, DateOnly), decimal> _booked;
    private readonly ILookup<long, DateOnly> _lineWeeks;

    private FulfilmentData(DateOnly today, WorkingCalendar calendar, Dictionary<long, ProductionFacts> facts,
        Dictionary<(long, DateOnly), decimal> booked, ILookup<long, DateOnly> lineWeeks)
    {
        Today = today;
        Calendar = calendar;
        _facts = facts;
        _booked = booked;
        _lineWeeks = lineWeeks;
    }

    public DateOnly Today { get; }

    public WorkingCalendar Calendar { get; }

    public static DateOnly TodayOf(BridgeheadDb db) => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Reads what the lines of these products need; nothing at all when no line is open.</summary>
    public static async Task<FulfilmentData> LoadAsync(BridgeheadDb db, IReadOnlyCollection<long> productIds, CancellationToken ct)
    {
        var today = TodayOf(db);
        var calendar = await WorkingCalendars.LoadAsync(db, ct);
        if (productIds.Count == 0)
        {
            return new FulfilmentData(today, calendar, [], [], Array.Empty<DateOnly>().ToLookup(_ => 0L));
        }
        var facts = await db.Products.AsNoTracking()
            .Where(p => productIds.Contains(p.Id))
            .Select(p => new ProductionFacts(p.Id, p.ProductionLeadTimeDays, p.WeeklyCapacity, p.MinimumBatch))
            .ToDictionaryAsync(f => f.ProductId, ct);
        var thisWeek = WorkingCalendar.WeekStart(today);
        // Summed here: SQLite cannot add up decimals in SQL.
        var rows = await db.CapacityBookings.AsNoTracking()
            .Where(b => productIds.Contains(b.ProductId) && b.WeekStart >= thisWeek)
            .Select(b => new { b.ProductId, b.WeekStart, b.Quantity, b.OrderLineId })
            .ToListAsync(ct);
        var booked = rows.GroupBy(r => (r.ProductId, r.WeekStart)).ToDictionary(g => g.Key, g => g.Sum(r => r.Quantity));
        return new FulfilmentData(today, calendar, facts, booked, rows.ToLookup(r => r.OrderLineId, r => r.WeekStart));
    }

    public LineJudgement Judge(long lineId, LineState line) =>
        Fulfilment.Judge(line, Today, Calendar, _facts.GetValueOrDefault(line.ProductId), _booked, _lineWeeks[lineId]);
}
