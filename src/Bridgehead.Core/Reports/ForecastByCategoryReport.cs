using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Reports;

/// <summary>
/// Forecast by category and month: OPEN pursuits whose expected close date falls in the period,
/// one row per calendar month touching the period ("2026-11"), and per forecast category
/// (pipeline, best case, commit) and in total: how many, and their weighted value = estimated
/// annual value x effective probability (the owner's, else the pipeline stage's) / 100, converted
/// into the base currency with the admins' exchange rates (as the forecast page does).
/// A pursuit without an estimated value, or in a currency without a rate, is in no count and no
/// sum; the note names how many and which currencies. No rows when no pursuit is counted.
/// </summary>
public sealed class ForecastByCategoryReport(BridgeheadDb db, CurrencySettings settings) : IReport
{
    public string Name => "forecast-by-category";

    public string Title => PipelineReportsText.ForecastByCategory_Title;

    public string Description => PipelineReportsText.ForecastByCategory_Description;

    public bool IsFor(Viewer viewer) => viewer.CanReadSales;

    public async Task<ReportResult> RunAsync(ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (from, to) = (filter.From, filter.To);
        // The database groups by month, currency, category and effective probability: few rows travel.
        var groups = await filter.Opportunities(db).AsNoTracking()
            .Where(o => o.Status == OpportunityStatus.Open && o.ExpectedCloseDate >= from && o.ExpectedCloseDate <= to)
            .LeftJoin(db.PipelineStages, o => new { o.PipelineId, Key = o.Stage }, s => new { s.PipelineId, s.Key },
                (o, s) => new
                {
                    o.ExpectedCloseDate!.Value.Year,
                    o.ExpectedCloseDate.Value.Month,
                    o.Currency,
                    o.ForecastCategory,
                    Probability = o.Probability ?? (s == null ? 0 : s.Probability),
                    o.EstimatedAnnualValue,
                })
            .GroupBy(x => new { x.Year, x.Month, x.Currency, x.ForecastCategory, x.Probability })
            .Select(g => new
            {
                g.Key.Year, g.Key.Month, g.Key.Currency, g.Key.ForecastCategory, g.Key.Probability,
                Count = g.Count(), Valued = g.Count(x => x.EstimatedAnnualValue != null), Amount = g.Sum(x => x.EstimatedAnnualValue),
            })
            .ToListAsync(ct);
        var rates = await PipelineFacts.RatesAsync(db, settings, ct);

        var categories = Enum.GetValues<ForecastCategory>();
        var cells = new Dictionary<(int Year, int Month, ForecastCategory Category), (int Count, decimal Weighted)>();
        var unconverted = new Dictionary<string, int>(StringComparer.Ordinal);
        var noValue = 0;
        foreach (var g in groups)
        {
            noValue += g.Count - g.Valued;
            if (g.Valued == 0 || g.Amount is not { } amount)
            {
                continue;
            }
            var weighted = PipelineFacts.Convert(rates, amount * g.Probability / 100m, g.Currency);
            if (weighted is not { } w)
            {
                var code = g.Currency?.Trim() ?? "";
                unconverted[code] = unconverted.GetValueOrDefault(code) + g.Valued;
                continue;
            }
            var key = (g.Year, g.Month, g.ForecastCategory);
            var cell = cells.GetValueOrDefault(key);
            cells[key] = (cell.Count + g.Valued, cell.Weighted + w);
        }

        var columns = new List<ReportColumn> { new("month", PipelineReportsText.ForecastByCategory_Month, ReportColumnKind.Text) };
        foreach (var c in categories)
        {
            var key = Keys.Camel(c);
            columns.Add(new(key + "Count", Validator.Format(PipelineReportsText.ForecastByCategory_CountOf, Labels.Of(c)), ReportColumnKind.Count));
            columns.Add(new(key + "Weighted", Validator.Format(PipelineReportsText.ForecastByCategory_WeightedOf, Labels.Of(c)), ReportColumnKind.Money));
        }
        columns.Add(new("totalCount", PipelineReportsText.ForecastByCategory_TotalCount, ReportColumnKind.Count));
        columns.Add(new("totalWeighted", PipelineReportsText.ForecastByCategory_TotalWeighted, ReportColumnKind.Money));

        var rows = new List<object?[]>();
        if (cells.Count > 0)
        {
            for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
            {
                var row = new List<object?> { month.ToString("yyyy-MM", CultureInfo.InvariantCulture) };
                int count = 0;
                decimal weighted = 0;
                foreach (var c in categories)
                {
                    var cell = cells.GetValueOrDefault((month.Year, month.Month, c));
                    row.Add(cell.Count);
                    row.Add(PipelineFacts.Money(cell.Weighted));
                    count += cell.Count;
                    weighted += cell.Weighted;
                }
                row.Add(count);
                row.Add(PipelineFacts.Money(weighted));
                rows.Add([.. row]);
            }
        }

        var note = new List<string> { Validator.Format(PipelineReportsText.InBaseCurrency, settings.BaseCurrency) };
        if (PipelineFacts.Unconverted(unconverted) is { } missing)
        {
            note.Add(Validator.Format(PipelineReportsText.Unconverted, missing));
        }
        if (noValue > 0)
        {
            note.Add(Validator.Format(PipelineReportsText.ForecastByCategory_NoValue, noValue));
        }
        return new ReportResult(columns, rows,
            new ReportChart(ReportChartKind.StackedBar, "month", [.. categories.Select(c => Keys.Camel(c) + "Weighted")]),
            string.Join(" ", note));
    }
}
