using System.Globalization;

namespace Bridgehead.Common;

/// <summary>
/// The days a period filter may name (reports, OTIF, the forecast, the process overview):
/// 1900-01-01 to 2999-12-31. Wide enough for any history or plan, and far enough from the
/// calendar's ends that a default start a year back or the day after the end always exists
/// (at year 1 or 9999 that arithmetic overflowed into a 500).
/// </summary>
public static class PeriodBounds
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    public static readonly DateOnly Latest = new(2999, 12, 31);

    /// <summary>Adds a fault naming <paramref name="field"/> when <paramref name="date"/> lies outside the bounds.</summary>
    public static void Check(Validator v, string field, DateOnly? date)
    {
        if (date is { } day && (day < Earliest || day > Latest))
        {
            v.Add(field, Validator.Format(CommonText.OutOfRange,
                Earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Latest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Both ends checked; a 422 naming each one outside the bounds.</summary>
    public static void Require(DateOnly? from, DateOnly? to)
    {
        var v = new Validator();
        Check(v, "from", from);
        Check(v, "to", to);
        v.ThrowIfInvalid();
    }
}
