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
    public void Every_day_has_an_english_and_a_korean_name()
    {
        Assert.All(KoreanHolidays.For(2026).Concat(KoreanHolidays.For(2027)), h =>
        {
            Assert.False(string.IsNullOrWhiteSpace(h.Name));
            Assert.False(string.IsNullOrWhiteSpace(h.NameKo));
        });
    }
}
