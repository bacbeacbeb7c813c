using System.Globalization;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Reports;

/// <summary>A stage as a pipeline report lists it: its key and its name in the UI language.</summary>
internal sealed record ReportStage(string Key, string Name);

/// <summary>What the pipeline reports (funnel, velocity, forecast by category, win-loss) share.</summary>
internal static class PipelineFacts
{
    /// <summary>The moves that put a pursuit into a stage (a visit starts); won, lost and dropped end a visit without starting one, and a pipeline change keeps the stage.</summary>
    public static readonly StageMove[] Entering = [StageMove.Opened, StageMove.Advanced, StageMove.Overridden, StageMove.MovedBack, StageMove.Reopened];

    /// <summary>The period as UTC instants: from the start of <see cref="ReportFilter.From"/> up to (not including) the day after <see cref="ReportFilter.To"/>.</summary>
    public static (DateTime Start, DateTime End) Instants(ReportFilter filter) =>
        (filter.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), filter.To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    /// <summary>
    /// The stages a report lists: with a pipeline filter, that pipeline's active pursuit stages
    /// under its own names; otherwise the eight standard pursuit stages under their standard names.
    /// </summary>
    public static async Task<IReadOnlyList<ReportStage>> StagesAsync(BridgeheadDb db, ReportFilter filter, CancellationToken ct)
    {
        if (filter.PipelineId is { } id && (await GateEngine.LoadPipelinesAsync(db, ct)).FirstOrDefault(p => p.Id == id) is { } pipeline)
        {
            return [.. PipelineRules.ActiveStages(pipeline).Select(s => new ReportStage(s.Key, s.Name))];
        }
        return [.. Stages.Pursuit.Select(s => new ReportStage(s.Key, s.Name))];
    }

    /// <summary>The admins' exchange rates into the base currency, by code; the base currency converts at 1.</summary>
    public static async Task<Dictionary<string, decimal>> RatesAsync(BridgeheadDb db, CurrencySettings settings, CancellationToken ct)
    {
        var rates = await db.ExchangeRates.AsNoTracking().ToDictionaryAsync(r => r.Currency, r => r.Rate, StringComparer.Ordinal, ct);
        rates[settings.BaseCurrency] = 1m;
        return rates;
    }

    /// <summary>An amount in the base currency, or null when the currency has no rate.</summary>
    public static decimal? Convert(IReadOnlyDictionary<string, decimal> rates, decimal amount, string? currency) =>
        currency is { } code && rates.TryGetValue(code.Trim(), out var rate) ? amount * rate : null;

    /// <summary>Money keeps the four decimals it is stored with, without trailing zeros (files show 480000, not 480000.000000).</summary>
    public static decimal Money(decimal value) => Plain(decimal.Round(value, 4, MidpointRounding.AwayFromZero));

    /// <summary>The same value without trailing zeros.</summary>
    public static decimal Plain(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>A share in percent with one decimal; null when there is nothing to divide by.</summary>
    public static decimal? Percent(decimal part, decimal whole) =>
        whole == 0 ? null : Plain(decimal.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero));

    /// <summary>Days with one decimal.</summary>
    public static decimal Days(double days) => Plain(decimal.Round((decimal)days, 1, MidpointRounding.AwayFromZero));

    /// <summary>The middle value (the mean of the two middle values for an even count).</summary>
    public static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>"USD (2), EUR (1)": currencies without a rate and how many records each left out.</summary>
    public static string? Unconverted(IReadOnlyDictionary<string, int> unconverted) =>
        unconverted.Count == 0 ? null : string.Join(", ", unconverted.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => string.Create(CultureInfo.InvariantCulture, $"{u.Key} ({u.Value})")));
}
