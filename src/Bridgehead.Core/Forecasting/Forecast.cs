using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Forecasting;

/// <summary>How the forecast groups expected close dates.</summary>
public enum ForecastPeriod
{
    Month,
    Quarter,
}

/// <summary>What to forecast; every filter is optional.</summary>
public sealed record ForecastQuery
{
    public ForecastPeriod By { get; init; } = ForecastPeriod.Quarter;

    /// <summary>First expected close date counted; default the first day of this quarter.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last expected close date counted; default the end of the fourth quarter from <see cref="From"/>'s.</summary>
    public DateOnly? To { get; init; }

    public long? OwnerId { get; init; }

    /// <summary>Opportunities owned by members of this team.</summary>
    public long? TeamId { get; init; }

    public long? PipelineId { get; init; }
}

/// <summary>Open opportunities of one forecast category in one period, in the base currency.</summary>
/// <param name="Count">Opportunities whose value is counted here (without value or rate they are reported apart).</param>
/// <param name="Weighted">Value x effective probability / 100, summed.</param>
public sealed record ForecastCellDto(int Count, Money Value, Money Weighted);

/// <summary>One month or quarter, clipped to the asked range.</summary>
/// <param name="Key">"2026-11" for a month, "2026-Q4" for a quarter.</param>
public sealed record ForecastPeriodDto(
    string Key, DateOnly Start, DateOnly End, ForecastCellDto Pipeline, ForecastCellDto BestCase, ForecastCellDto Commit, ForecastCellDto Total)
{
    public ForecastCellDto For(ForecastCategory category) => Forecasts.Pick(category, Pipeline, BestCase, Commit);
}

/// <summary>Every period together.</summary>
public sealed record ForecastTotalsDto(ForecastCellDto Pipeline, ForecastCellDto BestCase, ForecastCellDto Commit, ForecastCellDto Total)
{
    public ForecastCellDto For(ForecastCategory category) => Forecasts.Pick(category, Pipeline, BestCase, Commit);
}

/// <summary>Opportunities in the range whose currency has no exchange rate: counted here, in their own currency, not in the periods.</summary>
public sealed record UnconvertedDto(string Currency, int Count, decimal Amount, decimal Weighted);

/// <summary>The forecast: weighted value by period and forecast category, and what could not be counted.</summary>
/// <param name="Undated">Open opportunities (under the filters) without an expected close date: in no period.</param>
/// <param name="NoValue">Open opportunities in the range without an estimated value: in no sum.</param>
public sealed record ForecastDto(
    string BaseCurrency,
    ForecastPeriod By,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<ForecastPeriodDto> Periods,
    ForecastTotalsDto Totals,
    IReadOnlyList<UnconvertedDto> Unconverted,
    int Undated,
    int NoValue);

internal static class Forecasts
{
    /// <summary>Ten years of months at most.</summary>
    public const int MaxMonths = 120;

    public static ForecastCellDto Pick(ForecastCategory category, ForecastCellDto pipeline, ForecastCellDto bestCase, ForecastCellDto commit) => category switch
    {
        ForecastCategory.Pipeline => pipeline,
        ForecastCategory.BestCase => bestCase,
        ForecastCategory.Commit => commit,
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    public static DateOnly QuarterStart(DateOnly date) => new(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1);
}

/// <summary>
/// The forecast of open opportunities the caller can see: count, value and weighted value
/// (value x the owner's probability, else the stage's) by month or quarter of the expected
/// close date and by forecast category, converted to the base currency with the admins' rates.
/// The database groups and sums; only currency conversion and quarters happen here, on a few rows.
/// </summary>
public sealed class Forecast(BridgeheadDb db, CurrencySettings settings)
{
    /// <summary>One group the database returns: a month, a currency, a category and a probability.</summary>
    private sealed record Row(int? Year, int? Month, string? Currency, ForecastCategory Category, int Probability, int Count, decimal? Amount);

    /// <summary>A cell while it is summed: unrounded.</summary>
    private sealed class Sum
    {
        public int Count;
        public decimal Value;
        public decimal Weighted;

        public void Add(int count, decimal value, decimal weighted)
        {
            Count += count;
            Value += value;
            Weighted += weighted;
        }

        public ForecastCellDto ToDto(string currency) =>
            new(Count, new Money(Round(Value), currency), new Money(Round(Weighted), currency));
    }

    public async Task<ForecastDto> HandleAsync(ForecastQuery query, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        PeriodBounds.Require(query.From, query.To);
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var from = query.From ?? Forecasts.QuarterStart(today);
        var to = query.To ?? Forecasts.QuarterStart(from).AddMonths(12).AddDays(-1);
        var v = new Validator();
        if (to < from)
        {
            v.Add("to", ForecastingText.ToBeforeFrom);
        }
        else if (MonthIndex(to) - MonthIndex(from) >= Forecasts.MaxMonths)
        {
            v.Add("to", Validator.Format(ForecastingText.RangeTooLong, Forecasts.MaxMonths / 12));
        }
        v.Defined("by", (ForecastPeriod?)query.By);
        v.ThrowIfInvalid();

        var opportunities = db.Opportunities.AsNoTracking().Where(o => o.Status == OpportunityStatus.Open);
        if (query.OwnerId is { } ownerId)
        {
            opportunities = opportunities.Where(o => o.OwnerId == ownerId);
        }
        if (query.TeamId is { } teamId)
        {
            opportunities = opportunities.Where(o => o.Owner!.TeamId == teamId);
        }
        if (query.PipelineId is { } pipelineId)
        {
            opportunities = opportunities.Where(o => o.PipelineId == pipelineId);
        }

        // One query: the database groups by month, currency, category and effective probability
        // (undated pursuits come back as one group without a month), so only a few rows travel.
        var rows = await opportunities
            .Where(o => o.ExpectedCloseDate == null || (o.ExpectedCloseDate >= from && o.ExpectedCloseDate <= to))
            .LeftJoin(db.PipelineStages, o => new { o.PipelineId, Key = o.Stage }, s => new { s.PipelineId, s.Key },
                (o, s) => new
                {
                    Year = o.ExpectedCloseDate == null ? (int?)null : o.ExpectedCloseDate.Value.Year,
                    Month = o.ExpectedCloseDate == null ? (int?)null : o.ExpectedCloseDate.Value.Month,
                    o.Currency,
                    o.ForecastCategory,
                    Probability = o.Probability ?? (s == null ? 0 : s.Probability),
                    o.EstimatedAnnualValue,
                })
            .GroupBy(x => new { x.Year, x.Month, x.Currency, x.ForecastCategory, x.Probability })
            .Select(g => new Row(g.Key.Year, g.Key.Month, g.Key.Currency, g.Key.ForecastCategory, g.Key.Probability, g.Count(), g.Sum(x => x.EstimatedAnnualValue)))
            .ToListAsync(ct);

        var rates = await db.ExchangeRates.AsNoTracking().ToDictionaryAsync(r => r.Currency, r => r.Rate, ct);
        // The base currency converts at 1, whatever an old rate (from before a change of base) says.
        rates[settings.BaseCurrency] = 1m;

        var periods = Periods(from, to, query.By);
        var cells = periods.ToDictionary(p => p.Key, _ => Enum.GetValues<ForecastCategory>().ToDictionary(c => c, _ => new Sum()));
        var unconverted = new SortedDictionary<string, (int Count, decimal Amount, decimal Weighted)>(StringComparer.Ordinal);
        int undated = 0, noValue = 0;
        foreach (var row in rows)
        {
            if (row.Year is not { } year || row.Month is not { } month)
            {
                undated += row.Count;
                continue;
            }
            if (row.Amount is not { } amount || row.Currency is not { } currency)
            {
                noValue += row.Count;
                continue;
            }
            var weightedAmount = amount * row.Probability / 100m;
            if (!rates.TryGetValue(currency.Trim(), out var rate))
            {
                var u = unconverted.GetValueOrDefault(currency.Trim());
                unconverted[currency.Trim()] = (u.Count + row.Count, u.Amount + amount, u.Weighted + weightedAmount);
                continue;
            }
            var key = Key(new DateOnly(year, month, 1), query.By);
            cells[key][row.Category].Add(row.Count, amount * rate, weightedAmount * rate);
        }

        var baseCurrency = settings.BaseCurrency;
        var totals = Enum.GetValues<ForecastCategory>().ToDictionary(c => c, _ => new Sum());
        var periodDtos = new List<ForecastPeriodDto>();
        foreach (var (key, start, end) in periods)
        {
            var byCategory = cells[key];
            var total = new Sum();
            foreach (var (category, sum) in byCategory)
            {
                total.Add(sum.Count, sum.Value, sum.Weighted);
                totals[category].Add(sum.Count, sum.Value, sum.Weighted);
            }
            periodDtos.Add(new ForecastPeriodDto(key, start, end,
                byCategory[ForecastCategory.Pipeline].ToDto(baseCurrency),
                byCategory[ForecastCategory.BestCase].ToDto(baseCurrency),
                byCategory[ForecastCategory.Commit].ToDto(baseCurrency),
                total.ToDto(baseCurrency)));
        }
        var grand = new Sum();
        foreach (var sum in totals.Values)
        {
            grand.Add(sum.Count, sum.Value, sum.Weighted);
        }

        return new ForecastDto(baseCurrency, query.By, from, to, periodDtos,
            new ForecastTotalsDto(
                totals[ForecastCategory.Pipeline].ToDto(baseCurrency),
                totals[ForecastCategory.BestCase].ToDto(baseCurrency),
                totals[ForecastCategory.Commit].ToDto(baseCurrency),
                grand.ToDto(baseCurrency)),
            [.. unconverted.Select(u => new UnconvertedDto(u.Key, u.Value.Count, Round(u.Value.Amount), Round(u.Value.Weighted)))],
            undated,
            noValue);
    }

    /// <summary>Amounts keep the four decimals money is stored with.</summary>
    private static decimal Round(decimal value) => decimal.Round(value, 4, MidpointRounding.AwayFromZero);

    private static int MonthIndex(DateOnly d) => (d.Year * 12) + d.Month - 1;

    private static string Key(DateOnly monthStart, ForecastPeriod by) => by switch
    {
        ForecastPeriod.Month => monthStart.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        ForecastPeriod.Quarter => string.Create(CultureInfo.InvariantCulture, $"{monthStart.Year}-Q{((monthStart.Month - 1) / 3) + 1}"),
        _ => throw new ArgumentOutOfRangeException(nameof(by)),
    };

    /// <summary>Every month or quarter that touches the range, clipped to it, in order.</summary>
    private static List<(string Key, DateOnly Start, DateOnly End)> Periods(DateOnly from, DateOnly to, ForecastPeriod by)
    {
        var step = by switch
        {
            ForecastPeriod.Month => 1,
            ForecastPeriod.Quarter => 3,
            _ => throw new ArgumentOutOfRangeException(nameof(by)),
        };
        var start = by == ForecastPeriod.Month ? new DateOnly(from.Year, from.Month, 1) : Forecasts.QuarterStart(from);
        var list = new List<(string, DateOnly, DateOnly)>();
        for (var s = start; s <= to; s = s.AddMonths(step))
        {
            var end = s.AddMonths(step).AddDays(-1);
            list.Add((Key(s, by), s < from ? from : s, end > to ? to : end));
        }
        return list;
    }
}
