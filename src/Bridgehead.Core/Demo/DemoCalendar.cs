using Bridgehead.Calendar;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// The demo plant's calendar: the Korean public holidays of this and next year, and a year-end
/// shutdown between Christmas and New Year (next year's, once this one is about to pass), so the
/// capacity chart and delivery promises show a short week.
/// </summary>
internal static class DemoCalendar
{
    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        await WorkingCalendars.PreloadAsync(db, [today.Year, today.Year + 1], ct);
        var year = today < new DateOnly(today.Year, 12, 20) ? today.Year : today.Year + 1;
        var days = Enumerable.Range(28, 4).Select(d => new DateOnly(year, 12, d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .ToList();
        var taken = await db.Holidays.AsNoTracking().Where(h => days.Contains(h.Date)).Select(h => h.Date).ToListAsync(ct);
        db.Holidays.AddRange(days.Except(taken).Select(d => new Holiday { Date = d, Name = "Year-end shutdown", NameKo = "연말 공장 휴무" }));
        await db.SaveChangesAsync(ct);
    }
}
