using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Calendar;

/// <summary>
/// Reads the company's working calendar, loading the Korean public holidays of the current and
/// the next year the first time each year is needed (once per year, so an admin's deletion sticks).
/// </summary>
public static class WorkingCalendars
{
    public static async Task<WorkingCalendar> LoadAsync(BridgeheadDb db, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        await PreloadAsync(db, [today.Year, today.Year + 1], ct);
        var mask = await db.CalendarSettings.AsNoTracking().OrderBy(s => s.Id).Select(s => (int?)s.WorkingDayMask).FirstOrDefaultAsync(ct)
            ?? CalendarSettings.MondayToFriday;
        // Past holidays matter only for the week under way; later ones for the planning horizon.
        var from = today.AddDays(-14);
        var holidays = await db.Holidays.AsNoTracking().Where(h => h.Date >= from).Select(h => h.Date).ToListAsync(ct);
        return new WorkingCalendar(mask, holidays);
    }

    /// <summary>Loads the Korean public holidays of the given years that were never loaded; safe when two callers race.</summary>
    public static async Task PreloadAsync(BridgeheadDb db, IReadOnlyCollection<int> years, CancellationToken ct)
    {
        var loaded = await db.CalendarYears.AsNoTracking().Where(y => years.Contains(y.Year)).Select(y => y.Year).ToListAsync(ct);
        var missing = years.Except(loaded).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        // Loaded by the system, not by whoever happened to ask first.
        var viewer = db.Viewer;
        db.Viewer = Identity.Viewer.System;
        var added = new List<object>();
        try
        {
            foreach (var year in missing)
            {
                var known = await db.Holidays.AsNoTracking().Where(h => h.Date.Year == year).Select(h => h.Date).ToListAsync(ct);
                var holidays = KoreanHolidays.For(year)
                    .Where(h => !known.Contains(h.Date))
                    .Select(h => new Holiday { Date = h.Date, Name = h.Name, NameKo = h.NameKo, Preloaded = true })
                    .ToList();
                db.Holidays.AddRange(holidays);
                added.AddRange(holidays);
                var marker = new CalendarYear { Year = year, LoadedAt = db.Clock.GetUtcNow().UtcDateTime };
                db.CalendarYears.Add(marker);
                added.Add(marker);
            }
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request loaded the same year a moment ago. Only this load is forgotten: the
            // caller's own pending changes (an order being confirmed) stay tracked.
            foreach (var entity in added)
            {
                db.Entry(entity).State = EntityState.Detached;
            }
        }
        finally
        {
            db.Viewer = viewer;
        }
    }
}
