using System.Globalization;

namespace Bridgehead.Calendar;

/// <summary>One public holiday of a year, with its names.</summary>
public sealed record PublicHoliday(DateOnly Date, string Name, string NameKo);

/// <summary>
/// The Korean public holidays of a year, worked out from the rules: fixed solar days, the lunar
/// ones (Seollal, Buddha's Birthday, Chuseok) through .NET's Korean lunisolar calendar, and the
/// substitute holidays the law adds when a holiday falls on a weekend or on another holiday.
/// One-off days (elections, temporary holidays) are not predictable; admins add those, except the
/// ones listed in <see cref="OneOff"/>.
/// </summary>
public static class KoreanHolidays
{
    private static readonly KoreanLunisolarCalendar Lunar = new();

    /// <summary>Election days and other single holidays already announced.</summary>
    private static readonly PublicHoliday[] OneOff =
    [
        new(new DateOnly(2026, 6, 3), "Local elections day", "전국동시지방선거일"),
    ];

    public static IReadOnlyList<PublicHoliday> For(int year)
    {
        var days = new List<PublicHoliday>
        {
            new(new DateOnly(year, 1, 1), "New Year's Day", "신정"),
            new(new DateOnly(year, 3, 1), "Independence Movement Day", "삼일절"),
            new(new DateOnly(year, 5, 5), "Children's Day", "어린이날"),
            new(FromLunar(year, 4, 8), "Buddha's Birthday", "부처님오신날"),
            new(new DateOnly(year, 6, 6), "Memorial Day", "현충일"),
            new(new DateOnly(year, 8, 15), "Liberation Day", "광복절"),
            new(new DateOnly(year, 10, 3), "National Foundation Day", "개천절"),
            new(new DateOnly(year, 10, 9), "Hangul Day", "한글날"),
            new(new DateOnly(year, 12, 25), "Christmas Day", "기독탄신일"),
        };
        var seollal = Period(FromLunar(year, 1, 1));
        var chuseok = Period(FromLunar(year, 8, 15));
        days.AddRange(seollal.Select(d => new PublicHoliday(d, "Seollal (Lunar New Year)", "설날")));
        days.AddRange(chuseok.Select(d => new PublicHoliday(d, "Chuseok", "추석")));
        days.AddRange(OneOff.Where(d => d.Date.Year == year));

        // Each clash gives one substitute day: the first weekday after the holiday (or its
        // three-day period) that is no holiday itself. Clashes: a Sunday inside Seollal or Chuseok;
        // a Saturday or Sunday for the others under substitution; and two holidays on one day,
        // counted once for the pair.
        var groups = new List<(DateOnly[] Period, bool SaturdayCounts, int Since)>
        {
            (seollal, false, 2014),
            (chuseok, false, 2014),
            ([new DateOnly(year, 5, 5)], true, 2014),
            ([new DateOnly(year, 3, 1)], true, 2021),
            ([new DateOnly(year, 8, 15)], true, 2021),
            ([new DateOnly(year, 10, 3)], true, 2021),
            ([new DateOnly(year, 10, 9)], true, 2021),
            ([FromLunar(year, 4, 8)], true, 2023),
            ([new DateOnly(year, 12, 25)], true, 2023),
        };
        var clashes = new List<DateOnly>();
        foreach (var (period, saturdayCounts, since) in groups.Where(g => year >= g.Since))
        {
            clashes.AddRange(period
                .Where(d => d.DayOfWeek == DayOfWeek.Sunday || (saturdayCounts && d.DayOfWeek == DayOfWeek.Saturday))
                .Select(_ => period.Max()));
        }
        foreach (var shared in days.GroupBy(d => d.Date).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            var owners = groups.Where(g => year >= g.Since && g.Period.Contains(shared)).Select(g => g.Period.Max()).ToList();
            // On a weekend the weekend rule has counted it already.
            if (owners.Count > 0 && shared.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                clashes.Add(owners.Max());
            }
        }
        var taken = days.Select(d => d.Date).ToHashSet();
        var substitutes = new List<PublicHoliday>();
        foreach (var after in clashes.Order())
        {
            var next = after;
            do
            {
                next = next.AddDays(1);
            }
            while (next.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || taken.Contains(next));
            taken.Add(next);
            substitutes.Add(new PublicHoliday(next, "Substitute holiday", "대체공휴일"));
        }

        // Two holidays on one day are one day off: keep the first name (Buddha's Birthday on Children's Day...).
        return [.. days.Concat(substitutes).GroupBy(d => d.Date).Select(g => g.First()).OrderBy(d => d.Date)];
    }

    private static DateOnly[] Period(DateOnly day) => [day.AddDays(-1), day, day.AddDays(1)];

    /// <summary>A day of the lunar calendar in a solar year; the calendar counts a leap month as a month of its own.</summary>
    private static DateOnly FromLunar(int year, int month, int day)
    {
        var leap = Lunar.GetLeapMonth(year);
        var index = leap > 0 && month >= leap ? month + 1 : month;
        return DateOnly.FromDateTime(Lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }
}
