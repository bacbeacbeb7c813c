using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Quotes;

/// <summary>
/// The arithmetic of a quote: rounding to the currency's minor unit, line totals, and the totals
/// and margin the server keeps on the quote.
/// </summary>
public static class QuoteMath
{
    /// <summary>ISO 4217 currencies without minor units (the won, the yen, the dong...).</summary>
    private static readonly HashSet<string> NoDecimals = new(StringComparer.Ordinal)
    {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    private static readonly HashSet<string> ThreeDecimals = new(StringComparer.Ordinal) { "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND" };

    /// <summary>Decimals of the currency's minor unit: 0 for KRW or JPY, 3 for KWD, 2 otherwise.</summary>
    public static int Decimals(string currency)
    {
        var code = currency.Trim();
        return NoDecimals.Contains(code) ? 0 : ThreeDecimals.Contains(code) ? 3 : 2;
    }

    /// <summary>An amount rounded to the currency's minor unit, halves away from zero (the commercial rule).</summary>
    public static decimal Round(decimal amount, string currency) => decimal.Round(amount, Decimals(currency), MidpointRounding.AwayFromZero);

    /// <summary>quantity x unit price less the discount, rounded to the currency.</summary>
    public static decimal LineTotal(decimal quantity, decimal unitPrice, decimal discountPercent, string currency) =>
        Round(quantity * unitPrice * (1m - (discountPercent / 100m)), currency);

    /// <summary>A percentage with two decimals.</summary>
    public static decimal Percent(decimal part, decimal whole) => decimal.Round(part / whole * 100m, 2, MidpointRounding.AwayFromZero);

    /// <summary>Whether every line has a unit cost, so the margin covers the whole quote.</summary>
    public static bool MarginComplete(IEnumerable<QuoteLine> lines) => lines.All(l => l.UnitCost is not null);

    /// <summary>
    /// Sets each line's total and the quote's subtotal, total, cost total, margin, margin percent
    /// and largest discount from its lines. Cost and margin cover the lines with a unit cost only
    /// (a line whose product has no cost leaves the margin incomplete, see <see cref="MarginComplete"/>).
    /// </summary>
    public static void Recompute(Quote quote)
    {
        var currency = quote.Currency.Trim();
        decimal subtotal = 0, total = 0, costed = 0, cost = 0, maxDiscount = 0;
        foreach (var line in quote.Lines)
        {
            line.LineTotal = LineTotal(line.Quantity, line.UnitPrice, line.DiscountPercent, currency);
            subtotal += Round(line.Quantity * line.UnitPrice, currency);
            total += line.LineTotal;
            maxDiscount = Math.Max(maxDiscount, line.DiscountPercent);
            if (line.UnitCost is { } unitCost)
            {
                costed += line.LineTotal;
                cost += line.Quantity * unitCost;
            }
        }
        quote.Subtotal = subtotal;
        quote.Total = total;
        quote.CostTotal = Round(cost, currency);
        quote.Margin = costed - quote.CostTotal;
        quote.MarginPercent = costed == 0 ? null : Percent(quote.Margin, costed);
        quote.MaxDiscountPercent = maxDiscount;
    }
}

/// <summary>
/// The admins' exchange rates, for moving a product's price and cost into a quote's currency:
/// 1 unit of a currency = rate units of the base currency; the base converts at 1.
/// </summary>
public sealed class CurrencyConverter
{
    private readonly Dictionary<string, decimal> _rates;

    private CurrencyConverter(Dictionary<string, decimal> rates) => _rates = rates;

    public static async Task<CurrencyConverter> LoadAsync(BridgeheadDb db, CurrencySettings settings, CancellationToken ct)
    {
        var rates = await db.ExchangeRates.AsNoTracking().ToDictionaryAsync(r => r.Currency.Trim(), r => r.Rate, StringComparer.Ordinal, ct);
        rates[settings.BaseCurrency] = 1m;
        return new CurrencyConverter(rates);
    }

    /// <summary>The amount in <paramref name="to"/>, unrounded; null when a rate is missing. The same currency needs no rate.</summary>
    public decimal? Convert(decimal amount, string from, string to)
    {
        from = from.Trim();
        to = to.Trim();
        if (from == to)
        {
            return amount;
        }
        return _rates.TryGetValue(from, out var fromRate) && _rates.TryGetValue(to, out var toRate)
            ? amount * fromRate / toRate
            : null;
    }

    /// <summary>The currency of the pair that has no rate (for the error message).</summary>
    public string Missing(string from, string to) => _rates.ContainsKey(from.Trim()) ? to.Trim() : from.Trim();
}

/// <summary>Which limit of the <see cref="QuotePolicy"/> a quote crosses.</summary>
public enum ApprovalCause
{
    /// <summary>The margin percent is below the floor.</summary>
    MarginBelowFloor,

    /// <summary>A line has no unit cost, so the margin cannot be checked against the floor.</summary>
    MarginUnknown,

    /// <summary>A line's discount is above the ceiling.</summary>
    DiscountAboveCeiling,
}

/// <summary>The admin limits in force (none when unset).</summary>
public sealed record QuoteLimits(decimal? MinMarginPercent, decimal? MaxDiscountPercent)
{
    public static readonly QuoteLimits None = new(null, null);

    public static async Task<QuoteLimits> LoadAsync(BridgeheadDb db, CancellationToken ct) =>
        await db.QuotePolicies.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new QuoteLimits(p.MinMarginPercent, p.MaxDiscountPercent)).FirstOrDefaultAsync(ct) ?? None;
}

/// <summary>
/// When a quote needs a manager's approval, and how the reason reads. The stored reason is the
/// list of causes (e.g. "marginBelowFloor;discountAboveCeiling"), never a margin figure, because
/// the quote's history is read by reps; the words are written at read time for the reader:
/// a manager reads the margin against the floor, a rep only that the margin is below the floor.
/// </summary>
public static class QuoteApproval
{
    public static IReadOnlyList<ApprovalCause> Causes(Quote quote, QuoteLimits limits)
    {
        var causes = new List<ApprovalCause>();
        if (quote.Lines.Count == 0)
        {
            return causes;
        }
        if (limits.MinMarginPercent is { } floor)
        {
            if (quote.MarginPercent is { } margin && margin < floor)
            {
                causes.Add(ApprovalCause.MarginBelowFloor);
            }
            if (!QuoteMath.MarginComplete(quote.Lines))
            {
                causes.Add(ApprovalCause.MarginUnknown);
            }
        }
        if (limits.MaxDiscountPercent is { } ceiling && quote.MaxDiscountPercent > ceiling)
        {
            causes.Add(ApprovalCause.DiscountAboveCeiling);
        }
        return causes;
    }

    public static string? Write(IReadOnlyList<ApprovalCause> causes) =>
        causes.Count == 0 ? null : string.Join(';', causes.Select(c => Auditing.Auditor.Write(c)));

    public static IReadOnlyList<ApprovalCause> Read(string? stored) =>
        [.. (stored ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Enum.TryParse<ApprovalCause>(s, ignoreCase: true, out var c) ? (ApprovalCause?)c : null)
            .OfType<ApprovalCause>()];

    /// <summary>The causes in words for the reader; the margin figure only for those who see costs.</summary>
    public static string? Describe(IReadOnlyList<ApprovalCause> causes, decimal? marginPercent, decimal maxDiscountPercent, QuoteLimits limits, bool seesCosts)
    {
        if (causes.Count == 0)
        {
            return null;
        }
        return string.Join(" ", causes.Select(c => c switch
        {
            ApprovalCause.MarginBelowFloor when seesCosts && marginPercent is { } m && limits.MinMarginPercent is { } floor =>
                Validator.Format(QuotesText.Reason_MarginBelowFloorNumbers, Pct(m), Pct(floor)),
            ApprovalCause.MarginBelowFloor => QuotesText.Reason_MarginBelowFloor,
            ApprovalCause.MarginUnknown => QuotesText.Reason_MarginUnknown,
            ApprovalCause.DiscountAboveCeiling when limits.MaxDiscountPercent is { } ceiling =>
                Validator.Format(QuotesText.Reason_DiscountAboveCeilingNumbers, Pct(maxDiscountPercent), Pct(ceiling)),
            ApprovalCause.DiscountAboveCeiling => QuotesText.Reason_DiscountAboveCeiling,
            _ => throw new ArgumentOutOfRangeException(nameof(causes)),
        }));
    }

    /// <summary>"12.5%": up to two decimals, no trailing zeros.</summary>
    public static string Pct(decimal value) => value.ToString("0.##", System.Globalization.CultureInfo.CurrentCulture) + "%";
}
