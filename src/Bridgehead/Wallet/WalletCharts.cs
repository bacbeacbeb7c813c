using System.Globalization;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Wallet;

/// <summary>One coloured part of a stacked share bar.</summary>
/// <param name="X">Left edge, 0-100 (the bar's viewBox is 100 wide).</param>
public sealed record BarSegment(string CssClass, string Label, decimal X, decimal Width, decimal Percent);

/// <summary>
/// The numbers of the wallet charts, drawn as SVG by the pages: SVG attributes (x, width,
/// points) and CSS classes only, since the CSP forbids inline styles.
/// </summary>
public static class WalletCharts
{
    /// <summary>Rivals take these colours in turn; us and the open share have their own.</summary>
    public const int RivalColours = 5;

    public const int TrendWidth = 220;
    public const int TrendHeight = 70;

    // Room for the axis labels: percentages on the left, the first and last dates below.
    private const decimal Left = 26;
    private const decimal Right = 6;
    private const decimal Top = 6;
    private const decimal Bottom = 14;

    /// <summary>The y of a share in the trend chart.</summary>
    public static decimal TrendY(decimal percent) => decimal.Round(TrendHeight - Bottom - ((TrendHeight - Top - Bottom) * percent / 100m), 2);

    /// <summary>Where the axis labels go: left of the plot, and under its two ends.</summary>
    public static decimal AxisLabelX => Left - 3;

    public static decimal PlotLeft => Left;

    public static decimal PlotRight => TrendWidth - Right;

    public static decimal DateLabelY => TrendHeight - 3;

    /// <summary>Us first (highlighted), then each rival, then the open share.</summary>
    public static IReadOnlyList<BarSegment> Bar(WalletCategoryDto category)
    {
        var segments = new List<BarSegment>();
        decimal x = 0;
        var rival = 0;
        foreach (var s in category.Suppliers)
        {
            var css = s.Supplier == SupplierKind.Us ? "seg-us" : "seg-rival-" + (rival++ % RivalColours).ToString(CultureInfo.InvariantCulture);
            segments.Add(new BarSegment(css, AccountModel.SupplierName(s.Supplier, s.CompetitorName), x, s.SharePercent, s.SharePercent));
            x += s.SharePercent;
        }
        if (category.OpenShare > 0)
        {
            segments.Add(new BarSegment("seg-open", WalletPagesText.Open, x, category.OpenShare, category.OpenShare));
        }
        return segments;
    }

    /// <summary>The bar read aloud: "Us 40%, Acme 50%, Open 10%".</summary>
    public static string Describe(IEnumerable<BarSegment> segments) =>
        string.Join(", ", segments.Select(s => s.Label + " " + Display.Percent(s.Percent)));

    /// <summary>A point of the trend, placed in the chart's viewBox.</summary>
    public sealed record TrendPoint(decimal X, decimal Y, DateOnly AsOf, decimal Percent);

    /// <summary>
    /// Our share as a step line from the first entry's date to <paramref name="today"/>: the
    /// share holds until the next change.
    /// </summary>
    public static (IReadOnlyList<TrendPoint> Points, string Polyline, DateOnly Until) Trend(IReadOnlyList<SharePointDto> history, DateOnly today)
    {
        if (history.Count == 0)
        {
            return ([], "", today);
        }
        var first = history[0].AsOf.DayNumber;
        var last = Math.Max(today.DayNumber, history[^1].AsOf.DayNumber);
        var span = Math.Max(1, last - first);
        decimal X(int day) => decimal.Round(Left + ((TrendWidth - Left - Right) * (day - first) / span), 2);
        var points = history.Select(p => new TrendPoint(X(p.AsOf.DayNumber), TrendY(p.SharePercent), p.AsOf, p.SharePercent)).ToList();
        var line = new List<string>();
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            line.Add(Pair(p.X, p.Y));
            var nextX = i + 1 < points.Count ? points[i + 1].X : X(last);
            line.Add(Pair(nextX, p.Y));
        }
        return (points, string.Join(' ', line), DateOnly.FromDayNumber(last));
    }

    /// <summary>An SVG text label (Razor reserves the &lt;text&gt; tag, so it is built here); hidden from screen readers, which read the chart's label.</summary>
    public static IHtmlContent Label(string cssClass, string x, string y, string anchor, string content)
    {
        var tag = new TagBuilder("text");
        tag.AddCssClass(cssClass);
        tag.Attributes["x"] = x;
        tag.Attributes["y"] = y;
        tag.Attributes["text-anchor"] = anchor;
        tag.Attributes["aria-hidden"] = "true";
        tag.InnerHtml.Append(content);
        return tag;
    }

    public static string Num(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Pair(decimal x, decimal y) => Num(x) + "," + Num(y);
}
