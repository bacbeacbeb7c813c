using Bridgehead.Calendar;

namespace Bridgehead.Tests.Calendar;

/// <summary>The pure calendar: working weekdays less holidays, weeks from Monday.</summary>
public sealed class WorkingCalendarTests
{
    private static readonly DateOnly Monday = new(2026, 11, 2);

    [Fact]
    public void Weeks_start_on_Monday()
    {
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(Monday, WorkingCalendar.WeekStart(Monday.AddDays(i)));
        }
        Assert.Equal(Monday.AddDays(7), WorkingCalendar.WeekStart(Monday.AddDays(7)));
        Assert.Equal(Monday.AddDays(-7), WorkingCalendar.WeekStart(Monday.AddDays(-1)));
    }

    [Fact]
    public void Adding_working_days_skips_weekends_and_holidays_and_zero_gives_the_next_working_day()
    {
        var calendar = new WorkingCalendar(CalendarSettings.MondayToFriday, [Monday.AddDays(1)]);

        Assert.Equal(Monday, calendar.AddWorkingDays(Monday, 0));
        Assert.Equal(Monday.AddDays(2), calendar.AddWorkingDays(Monday, 1));
        Assert.Equal(Monday.AddDays(7), calendar.AddWorkingDays(Monday, 4));
        // From a Saturday: 0 days is Monday, 1 is Tuesday.
        Assert.Equal(Monday.AddDays(7), calendar.AddWorkingDays(Monday.AddDays(5), 0));
        Assert.Equal(Monday.AddDays(8), calendar.AddWorkingDays(Monday.AddDays(5), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.AddWorkingDays(Monday, -1));
    }

    [Fact]
    public void The_working_week_comes_from_the_mask_with_Sunday_as_bit_zero()
    {
        var saturdays = new WorkingCalendar(CalendarSettings.MondayToFriday | (1 << (int)DayOfWeek.Saturday), [Monday.AddDays(2)]);

        Assert.Equal(6, saturdays.NormalWeekDays);
        Assert.True(saturdays.IsWorkingDay(Monday.AddDays(5)));
        Assert.False(saturdays.IsWorkingDay(Monday.AddDays(6)));
        Assert.False(saturdays.IsWorkingDay(Monday.AddDays(2)));
        Assert.True(saturdays.IsWorkingWeekday(DayOfWeek.Wednesday));
        Assert.Equal([Monday, Monday.AddDays(1), Monday.AddDays(3), Monday.AddDays(4), Monday.AddDays(5)], saturdays.WorkingDaysOfWeek(Monday));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(0, []));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(1 << 7, []));
    }

    [Fact]
    public void The_last_working_day_on_or_before_a_date()
    {
        var calendar = new WorkingCalendar(CalendarSettings.MondayToFriday, [Monday.AddDays(4)]);

        Assert.Equal(Monday.AddDays(3), calendar.WorkingDayOnOrBefore(Monday.AddDays(6)));
        Assert.Equal(Monday, calendar.WorkingDayOnOrBefore(Monday));
        Assert.Null(new WorkingCalendar(0b0000010, [Monday]).WorkingDayOnOrBefore(Monday.AddDays(6)));
    }
}
