using System.Globalization;

namespace Bridgehead.Reports;

/// <summary>
/// One calendar month of a report's period, cut to the period: the first and last month may be
/// partial. <see cref="End"/> is the month's last day or the period's end, whichever is earlier:
/// the date a month's "as of" figures are taken on.
/// </summary>
/// <param name="Label">yyyy-MM, the row's label.</param>
public sealed record MonthSlice(string Label, DateOnly Start, DateOnly End)
{
    /// <summary>The months that touch the period, oldest first.</summary>
    public static IReadOnlyList<MonthSlice> Of(ReportFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var months = new List<MonthSlice>();
        var first = new DateOnly(filter.From.Year, filter.From.Month, 1);
        for (var month = first; ; month = month.AddMonths(1))
        {
            // The calendar's last month has no next one to count back from.
            var last = month.Year == DateOnly.MaxValue.Year && month.Month == 12 ? DateOnly.MaxValue : month.AddMonths(1).AddDays(-1);
            months.Add(new MonthSlice(
                month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                month < filter.From ? filter.From : month,
                last > filter.To ? filter.To : last));
            if (last >= filter.To)
            {
                return months;
            }
        }
    }

    /// <summary>The index of the month holding <paramref name="date"/>, or -1 when it is outside the period.</summary>
    public static int IndexOf(IReadOnlyList<MonthSlice> months, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(months);
        if (months.Count == 0 || date < months[0].Start || date > months[^1].End)
        {
            return -1;
        }
        return ((date.Year - months[0].Start.Year) * 12) + date.Month - months[0].Start.Month;
    }
}
