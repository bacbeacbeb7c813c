namespace Bridgehead.Calendar;

/// <summary>
/// The plant's working days: the working weekdays less the holidays. Weeks start on Monday.
/// Pure and immutable, so a delivery promise computed twice from the same calendar is the same.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly int _mask;
    private readonly HashSet<DateOnly> _holidays;

    public WorkingCalendar(int workingDayMask, IEnumerable<DateOnly> holidays)
    {
        if ((workingDayMask & 0b1111111) == 0)
        {
            throw new ArgumentException("At least one weekday must be a working day.", nameof(workingDayMask));
        }
        _mask = workingDayMask & 0b1111111;
        _holidays = [.. holidays];
        NormalWeekDays = Enumerable.Range(0, 7).Count(d => (_mask & (1 << d)) != 0);
    }

    /// <summary>Working days in a week without holidays.</summary>
    public int NormalWeekDays { get; }

    public bool IsWorkingWeekday(DayOfWeek day) => (_mask & (1 << (int)day)) != 0;

    public bool IsWorkingDay(DateOnly day) => IsWorkingWeekday(day.DayOfWeek) && !_holidays.Contains(day);

    /// <summary>The Monday of the day's week.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The working day <paramref name="days"/> working days after <paramref name="from"/>; 0 gives the first working day on or after it.</summary>
    public DateOnly AddWorkingDays(DateOnly from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = from;
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }
        for (var left = days; left > 0;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                left--;
            }
        }
        return day;
    }

    /// <summary>The last working day on or before <paramref name="day"/>, or null if none in the week before it.</summary>
    public DateOnly? WorkingDayOnOrBefore(DateOnly day)
    {
        for (var d = day; d > day.AddDays(-7); d = d.AddDays(-1))
        {
            if (IsWorkingDay(d))
            {
                return d;
            }
        }
        return null;
    }

    /// <summary>The working days of the week starting on <paramref name="weekStart"/>, in order.</summary>
    public IEnumerable<DateOnly> WorkingDaysOfWeek(DateOnly weekStart) =>
        Enumerable.Range(0, 7).Select(weekStart.AddDays).Where(IsWorkingDay);
}
