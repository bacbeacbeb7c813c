using Bridgehead.Calendar;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>A day off inside a week of the load chart.</summary>
public sealed record WeekHoliday(DateOnly Date, string Name, string? NameKo)
{
    public string LocalName(System.Globalization.CultureInfo culture) => culture.TwoLetterISOLanguageName == "ko" ? NameKo ?? Name : Name;
}

/// <summary>
/// One week of a product's load across all accounts (quantities only): what the week can make
/// (null: not limited), what confirmed orders booked, what is free, and whether more is booked
/// than the week makes (capacity lowered, or a week that became a holiday after booking).
/// </summary>
public sealed record CapacityWeekDto(
    DateOnly WeekStart,
    decimal? Capacity,
    decimal Booked,
    decimal? Free,
    bool Overbooked,
    int WorkingDays,
    IReadOnlyList<WeekHoliday> Holidays);

/// <summary>GET /products/{id}/capacity: a product's load per week.</summary>
public sealed record ProductCapacityDto(long ProductId, string Sku, string Name, string Unit, decimal? WeeklyCapacity, int NormalWeekDays, IReadOnlyList<CapacityWeekDto> Weeks);

/// <summary>One product's row of the capacity overview.</summary>
public sealed record CapacityRowDto(long ProductId, string Sku, string Name, string Unit, decimal WeeklyCapacity, IReadOnlyList<CapacityWeekDto> Weeks);

/// <summary>The capacity overview: products with a weekly capacity, their load over the same weeks.</summary>
public sealed record CapacityOverviewDto(IReadOnlyList<DateOnly> Weeks, IReadOnlyList<CapacityRowDto> Products);

/// <summary>Which weeks a load is read for, and the calendar of those weeks.</summary>
public static class CapacityWeeks
{
    public const int DefaultWeeks = 12;
    public const int MaxWeeks = 52;

    /// <summary>The Monday of <paramref name="from"/> (default this week) and the number of weeks (1-52); 422 naming the field otherwise.</summary>
    public static (DateOnly First, int Count) Validate(BridgeheadDb db, DateOnly? from, int? weeks)
    {
        var v = new Validator();
        v.Range("weeks", weeks, 1, MaxWeeks);
        var first = WorkingCalendar.WeekStart(from ?? DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime));
        if (first.Year is < CalendarRules.FirstYear or >= CalendarRules.LastYear)
        {
            v.Add("from", Validator.Format(CalendarText.DateOutOfRange, CalendarRules.FirstYear, CalendarRules.LastYear - 1));
        }
        v.ThrowIfInvalid();
        return (first, weeks ?? DefaultWeeks);
    }

    /// <summary>The working week and the days off of the weeks read (the current and next year's public holidays loaded first).</summary>
    internal static async Task<(WorkingCalendar Calendar, List<Holiday> Holidays)> CalendarAsync(BridgeheadDb db, DateOnly first, int count, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        await WorkingCalendars.PreloadAsync(db, [today.Year, today.Year + 1], ct);
        var mask = await db.CalendarSettings.AsNoTracking().OrderBy(s => s.Id).Select(s => (int?)s.WorkingDayMask).FirstOrDefaultAsync(ct)
            ?? CalendarSettings.MondayToFriday;
        var last = first.AddDays(7 * count - 1);
        var holidays = await db.Holidays.AsNoTracking().Where(h => h.Date >= first && h.Date <= last).OrderBy(h => h.Date).ToListAsync(ct);
        return (new WorkingCalendar(mask, holidays.Select(h => h.Date)), holidays);
    }

    /// <summary>Booked quantities per product and week in the weeks read, across all accounts (summed here: SQLite cannot add decimals in SQL).</summary>
    internal static async Task<Dictionary<(long ProductId, DateOnly WeekStart), decimal>> BookedAsync(BridgeheadDb db, IReadOnlyCollection<long> productIds, DateOnly first, int count, CancellationToken ct)
    {
        var end = first.AddDays(7 * count);
        var rows = await db.CapacityBookings.AsNoTracking()
            .Where(b => productIds.Contains(b.ProductId) && b.WeekStart >= first && b.WeekStart < end)
            .Select(b => new { b.ProductId, b.WeekStart, b.Quantity })
            .ToListAsync(ct);
        return rows.GroupBy(r => (r.ProductId, r.WeekStart)).ToDictionary(g => g.Key, g => g.Sum(r => r.Quantity));
    }

    internal static List<CapacityWeekDto> Load(long productId, decimal? weekly, DateOnly first, int count, WorkingCalendar calendar,
        IReadOnlyList<Holiday> holidays, IReadOnlyDictionary<(long, DateOnly), decimal> booked)
    {
        var weeks = new List<CapacityWeekDto>(count);
        for (var i = 0; i < count; i++)
        {
            var week = first.AddDays(7 * i);
            var capacity = weekly is { } w ? DeliveryPlanner.WeekCapacity(w, week, calendar) : (decimal?)null;
            var used = booked.TryGetValue((productId, week), out var b) ? b : 0m;
            var off = holidays.Where(h => h.Date >= week && h.Date < week.AddDays(7) && calendar.IsWorkingWeekday(h.Date.DayOfWeek))
                .Select(h => new WeekHoliday(h.Date, h.Name, h.NameKo)).ToList();
            weeks.Add(new CapacityWeekDto(week, capacity, used, capacity is { } c ? Math.Max(0m, c - used) : null,
                capacity is { } cap && used > cap, calendar.WorkingDaysOfWeek(week).Count(), off));
        }
        return weeks;
    }
}

/// <summary>
/// A product's capacity load per week, for everyone who reads the catalogue: capacity is
/// plant-wide, so the booked quantities of all accounts count (no account, order or price shows).
/// </summary>
public sealed class GetProductCapacity(BridgeheadDb db)
{
    public async Task<ProductCapacityDto> HandleAsync(long productId, DateOnly? from, int? weeks, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var (first, count) = CapacityWeeks.Validate(db, from, weeks);
        var product = await db.Products.AsNoTracking().Where(p => p.Id == productId)
            .Select(p => new { p.Id, p.Sku, p.Name, p.Unit, p.WeeklyCapacity })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("product");
        var (calendar, holidays) = await CapacityWeeks.CalendarAsync(db, first, count, ct);
        var booked = await CapacityWeeks.BookedAsync(db, [productId], first, count, ct);
        return new ProductCapacityDto(product.Id, product.Sku, product.Name, product.Unit, product.WeeklyCapacity, calendar.NormalWeekDays,
            CapacityWeeks.Load(product.Id, product.WeeklyCapacity, first, count, calendar, holidays, booked));
    }
}

/// <summary>Every product on offer with a weekly capacity, and its load over the same weeks: where the plant is full.</summary>
public sealed class GetCapacityOverview(BridgeheadDb db)
{
    public const int OverviewWeeks = 9;

    /// <param name="q">Part of the name or SKU, in any case; null for all.</param>
    public async Task<CapacityOverviewDto> HandleAsync(DateOnly? from, int? weeks, string? q, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var (first, count) = CapacityWeeks.Validate(db, from, weeks ?? OverviewWeeks);
        var query = db.Products.AsNoTracking().Where(p => p.IsActive && p.WeeklyCapacity != null);
        if (Text.Clean(q) is { } term)
        {
            var pattern = Text.ContainsPattern(term);
            query = query.Where(p => EF.Functions.Like(p.SearchName, pattern, Text.LikeEscape) || EF.Functions.Like(p.SkuKey, pattern, Text.LikeEscape));
        }
        var products = await query
            .OrderBy(p => p.SearchName).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Sku, p.Name, p.Unit, WeeklyCapacity = p.WeeklyCapacity!.Value })
            .ToListAsync(ct);
        var (calendar, holidays) = await CapacityWeeks.CalendarAsync(db, first, count, ct);
        var booked = await CapacityWeeks.BookedAsync(db, [.. products.Select(p => p.Id)], first, count, ct);
        return new CapacityOverviewDto(
            [.. Enumerable.Range(0, count).Select(i => first.AddDays(7 * i))],
            [.. products.Select(p => new CapacityRowDto(p.Id, p.Sku, p.Name, p.Unit, p.WeeklyCapacity,
                CapacityWeeks.Load(p.Id, p.WeeklyCapacity, first, count, calendar, holidays, booked)))]);
    }
}
