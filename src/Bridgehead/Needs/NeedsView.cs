using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Shared;

namespace Bridgehead.Needs;

/// <summary>How the needs read on the opportunity page: the price bar, the gap and the labels.</summary>
public sealed record NeedsView(long OpportunityId, NeedsDto Needs, bool CanEdit)
{
    /// <summary>Width of the price bar's drawing, in SVG units.</summary>
    public const int BarWidth = 300;

    public bool Writable => CanEdit && !Needs.ReadOnly;

    public string EditUrl => $"/opportunities/{OpportunityId}/needs";

    /// <summary>"per pcs" when a unit is known.</summary>
    public string Unit => Needs.PriceUnit is { } u ? " / " + u : "";

    public static string Price(Money? m) => m is null ? UiText.NotSet : Display.Money(m.Amount, m.Currency);

    /// <summary>The gap as people read it: "−400 KRW (−4%)", with a sign either way.</summary>
    public string? GapText()
    {
        if (Needs.Gap is not { } gap)
        {
            return null;
        }
        var currency = Needs.TargetPrice?.Currency ?? Needs.OurFloorPrice?.Currency;
        var amount = (gap.Amount > 0 ? "+" : "") + Display.Money(gap.Amount, currency);
        return gap.Percent is { } p
            ? $"{amount} ({(p > 0 ? "+" : "")}{p.ToString("0.##", CultureInfo.CurrentCulture)}%)"
            : amount;
    }

    public string PositionClass => Needs.Position switch
    {
        FloorPosition.WithinFloor => "within",
        FloorPosition.BelowFloor => "below",
        null => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(Needs)),
    };

    /// <summary>Where a price sits on the bar (0 to <see cref="BarWidth"/>): the higher of the two prices sits at 5/6 of the bar.</summary>
    public int X(decimal price)
    {
        var top = Math.Max(Needs.TargetPrice?.Amount ?? 0, Needs.OurFloorPrice?.Amount ?? 0);
        return top <= 0 ? 0 : (int)Math.Round(price / top * BarWidth * 5 / 6);
    }

    public static string Percent(decimal? value) =>
        value is { } v ? (v > 0 ? "+" : "") + v.ToString("0.##", CultureInfo.CurrentCulture) + "%" : "";
}
