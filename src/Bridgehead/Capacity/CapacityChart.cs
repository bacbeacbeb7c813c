using System.Globalization;
using Bridgehead.Orders;

namespace Bridgehead.Capacity;

/// <summary>One week's bar of the load chart, in the chart's coordinates.</summary>
public sealed record ChartWeek(CapacityWeekDto Week, string X, string Width, string BarY, string BarHeight, string? CapacityY, string LabelX);

/// <summary>
/// The geometry of the server-drawn load chart: a slot per week, a bar for what is booked, a line
/// for what the week can make. Numbers are written invariantly for the SVG attributes; the look
/// comes from CSS classes (the pages allow no inline styles).
/// </summary>
public sealed class CapacityChart
{
    public const double Slot = 48;
    public const double Left = 56;
    public const double Top = 12;
    public const double Baseline = 172;
    public const double Height = 200;

    public CapacityChart(IReadOnlyList<CapacityWeekDto> weeks)
    {
        var largest = weeks.Select(w => Math.Max(w.Capacity ?? 0m, w.Booked)).DefaultIfEmpty(0m).Max();
        Scale = largest > 0 ? largest : 1m;
        Width = N(Left + Slot * weeks.Count + 8);
        Weeks = [.. weeks.Select((w, i) =>
        {
            var x = Left + Slot * i;
            var bar = Y(w.Booked);
            return new ChartWeek(w, N(x + 8), N(Slot - 16), N(bar), N(Baseline - bar), w.Capacity is { } c ? N(Y(c)) : null, N(x + Slot / 2));
        })];
    }

    /// <summary>The largest value drawn: the top of the axis.</summary>
    public decimal Scale { get; }

    public string Width { get; }

    public IReadOnlyList<ChartWeek> Weeks { get; }

    public static string SlotWidth => N(Slot);

    public static string BarTop => N(Top);

    public static string BaseY => N(Baseline);

    public static string AreaHeight => N(Baseline - Top);

    public static string ViewHeight => N(Height);

    public static string LabelY => N(Baseline + 16);

    public static string AxisX => N(Left - 6);

    /// <summary>The left edge of a week's slot.</summary>
    public static string SlotX(int index) => N(Left + Slot * index);

    public static string SlotEnd(int index) => N(Left + Slot * (index + 1));

    private double Y(decimal value) => Baseline - (double)(value / Scale) * (Baseline - Top);

    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
