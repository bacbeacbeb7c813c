using Bridgehead.Common;

namespace Bridgehead.Calendar;

/// <summary>A day the plant does not work although it is a working weekday: a public holiday or a company shutdown.</summary>
public sealed class Holiday : Entity, IAudited
{
    public const int MaxName = 100;

    public DateOnly Date { get; set; }

    /// <summary>The name in English (or in the only language the admin wrote).</summary>
    public required string Name { get; set; }

    /// <summary>The name in Korean, when known.</summary>
    public string? NameKo { get; set; }

    /// <summary>True for a Korean public holiday loaded by Bridgehead; false for one an admin added.</summary>
    public bool Preloaded { get; set; }

    long? IAudited.AuditAccountId => null;
}

/// <summary>The company's working week: which weekdays the plant works. One row.</summary>
public sealed class CalendarSettings : Entity, IAudited
{
    /// <summary>Monday to Friday: one bit per <see cref="DayOfWeek"/> (Sunday is bit 0).</summary>
    public const int MondayToFriday = 0b0111110;

    public int WorkingDayMask { get; set; } = MondayToFriday;

    long? IAudited.AuditAccountId => null;
}

/// <summary>
/// A year whose Korean public holidays have been loaded, so a holiday an admin deleted (the plant
/// works that day) is not loaded again.
/// </summary>
public sealed class CalendarYear
{
    public int Year { get; set; }

    public DateTime LoadedAt { get; set; }
}
