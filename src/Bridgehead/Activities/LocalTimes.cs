using Bridgehead.Shared;

namespace Bridgehead.Activities;

/// <summary>
/// Times as people type and read them in forms and filters: in the company's time zone
/// (<see cref="Display.Zone"/>), to the minute; the core keeps UTC.
/// </summary>
public static class LocalTimes
{
    /// <summary>Now in the company's zone, to the minute (what a datetime-local field shows).</summary>
    public static DateTime Now(TimeProvider clock)
    {
        var local = Display.Local(clock.GetUtcNow().UtcDateTime);
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
    }

    /// <summary>Today's date in the company's zone.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Display.Local(clock.GetUtcNow().UtcDateTime));

    /// <summary>A wall-clock time in the company's zone as UTC; a time skipped by a clock change counts as an hour later.</summary>
    public static DateTime ToUtc(DateTime local)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Display.Zone.IsInvalidTime(wall))
        {
            wall = wall.AddHours(1);
        }
        return TimeZoneInfo.ConvertTimeToUtc(wall, Display.Zone);
    }

    /// <summary>The first moment of a local day, in UTC.</summary>
    public static DateTime StartOfDay(DateOnly day) => ToUtc(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>The last moment of a local day, in UTC (to the microsecond, as the database keeps times).</summary>
    public static DateTime EndOfDay(DateOnly day) => StartOfDay(day.AddDays(1)).AddTicks(-TimeSpan.TicksPerMicrosecond);

    /// <summary>An ISO 8601 time for a <c>&lt;time datetime&gt;</c> attribute.</summary>
    public static string Iso(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
