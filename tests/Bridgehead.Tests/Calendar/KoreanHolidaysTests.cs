using Bridgehead.Calendar;

namespace Bridgehead.Tests.Calendar;

/// <summary>The computed Korean public holidays against the published lists of 2025-2027.</summary>
public sealed class KoreanHolidaysTests
{
    private static string[] Days(int year) => [.. KoreanHolidays.For(year).Select(h => h.Date.ToString("MM-dd"))];

    [Fact]
    public void Year2025_has_the_published_days_including_the_substitutes_for_overlaps()
    {
        // Buddha's Birthday fell on Children's Day (substitute 6 May); Chuseok began on a Sunday (substitute 8 Oct).
        Assert.Equal(
            ["01-01", "01-28", "01-29", "01-30", "03-01", "03-03", "05-05", "05-06", "06-06", "08-15", "10-03", "10-05", "10-06", "10-07", "10-08", "10-09", "12-25"],
            Days(2025));
    }

    [Fact]
    public void Year2026_has_the_published_days_including_the_local_elections()
    {
        Assert.Equal(
            ["01-01", "02-16", "02-17", "02-18", "03-01", "03-02", "05-05", "05-24", "05-25", "06-03", "06-06", "08-15", "08-17", "09-24", "09-25", "09-26", "10-03", "10-05", "10-09", "12-25"],
            Days(2026));
    }

    [Fact]
    public void Year2027_has_the_published_days()
    {
        Assert.Equal(
            ["01-01", "02-06", "02-07", "02-08", "02-09", "03-01", "05-05", "05-13", "06-06", "08-15", "08-16", "09-14", "09-15", "09-16", "10-03", "10-04", "10-09", "10-11", "12-25", "12-27"],
            Days(2027));
    }

    [Fact]
    public void Year2023_substitutes_Buddhas_Birthday_on_a_Saturday_from_the_first_year_it_counts()
    {
        // Seollal began on a Saturday with Sunday inside (substitute 24 Jan); Buddha's Birthday fell on Saturday 27 May.
        // The temporary holiday of 2 October was a one-off decision and is not predicted.
        Assert.Equal(
            ["01-01", "01-21", "01-22", "01-23", "01-24", "03-01", "05-05", "05-27", "05-29", "06-06", "08-15", "09-28", "09-29", "09-30", "10-03", "10-09", "12-25"],
            Days(2023));
    }

    [Fact]
    public void Year2024_has_the_published_days_without_the_one_off_holidays()
    {
        // Seollal spanned a weekend (substitute 12 Feb); Children's Day fell on a Sunday (substitute 6 May).
        // Election day (10 Apr) and Armed Forces Day (1 Oct) were one-off holidays.
        Assert.Equal(
            ["01-01", "02-09", "02-10", "02-11", "02-12", "03-01", "05-05", "05-06", "05-15", "06-06", "08-15", "09-16", "09-17", "09-18", "10-03", "10-09", "12-25"],
            Days(2024));
    }

    [Fact]
    public void Year2028_gives_one_substitute_when_Chuseok_meets_National_Foundation_Day_on_a_weekday()
    {
        // The new moon of Seollal 2028 falls just after midnight in Korea (a day later than in China): 27 January.
        Assert.Equal(
            ["01-01", "01-26", "01-27", "01-28", "03-01", "05-02", "05-05", "06-06", "08-15", "10-02", "10-03", "10-04", "10-05", "10-09", "12-25"],
            Days(2028));
    }

    [Fact]
    public void Year2029_substitutes_Childrens_Day_on_a_Saturday_and_Buddhas_Birthday_and_Chuseok_on_a_Sunday()
    {
        Assert.Equal(
            ["01-01", "02-12", "02-13", "02-14", "03-01", "05-05", "05-07", "05-20", "05-21", "06-06", "08-15", "09-21", "09-22", "09-23", "09-24", "10-03", "10-09", "12-25"],
            Days(2029));
    }

    [Fact]
    public void Substitute_days_are_weekdays_that_are_no_holiday_and_dates_are_unique()
    {
        for (var year = 2014; year <= 2040; year++)
        {
            var days = KoreanHolidays.For(year);
            Assert.Equal(days.Count, days.Select(d => d.Date).Distinct().Count());
            Assert.All(days, d => Assert.Equal(year, d.Date.Year));
            Assert.Equal(days.Select(d => d.Date).Order(), days.Select(d => d.Date));
            Assert.All(days.Where(d => d.NameKo == "대체공휴일"), d => Assert.True(d.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), $"{d.Date} is a weekend substitute"));
            // Seollal and Chuseok are three days each (a day shared with another holiday keeps the other's name).
            Assert.InRange(days.Count(d => d.NameKo == "설날"), 2, 3);
            Assert.InRange(days.Count(d => d.NameKo == "추석"), 2, 3);
        }
    }

    [Fact]
    public void Every_day_has_an_english_and_a_korean_name()
    {
        Assert.All(KoreanHolidays.For(2026).Concat(KoreanHolidays.For(2027)), h =>
        {
            Assert.False(string.IsNullOrWhiteSpace(h.Name));
            Assert.False(string.IsNullOrWhiteSpace(h.NameKo));
        });
    }
}
