using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Quotes;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Reports;

/// <summary>
/// Win-loss: pursuits CLOSED in the period (won, lost or dropped, ClosedAt on a UTC day from..to),
/// in one table with two cuts told apart by the <c>dimension</c> column:
/// <list type="bullet">
/// <item>By reason (key "reason.won", "reason.price"... "reason.none" for a close without a
/// reason): a row for the won ones first, then one per close reason of the lost and dropped ones.
/// <c>share</c>: percent of all pursuits closed in the period.</item>
/// <item>By winning competitor (key "competitor.{id}", "competitor.none" when no winner was
/// named): the LOST pursuits only; <c>share</c>: percent of the lost ones.</item>
/// </list>
/// <c>count</c>; <c>value</c>: their estimated annual value in the base currency (pursuits in a
/// currency without a rate are counted but not valued; the note names the currencies).
/// For managers and admins only, two more columns on the won row: <c>margin</c>, the summed
/// margin of each won pursuit's latest accepted quote (else its latest sent one) in the base
/// currency, and <c>marginPercent</c>, that margin over those quotes' summed totals. Everyone
/// else gets no such columns at all. No rows when nothing closed in the period.
/// </summary>
public sealed class WinLossReport(BridgeheadDb db, CurrencySettings settings) : IReport
{
    public string Name => "win-loss";

    public string Title => PipelineReportsText.WinLoss_Title;

    public string Description => PipelineReportsText.WinLoss_Description;

    public bool IsFor(Viewer viewer) => viewer.CanReadSales;

    /// <summary>Closed pursuits alike in what the table cuts by, counted and summed by the database.</summary>
    private sealed record Closed(OpportunityStatus Status, CloseReason? Reason, long? CompetitorId, string? CompetitorName, string? Currency, int Count, int Valued, decimal? Amount);

    private sealed class Sum
    {
        public int Count;
        public decimal Value;

        public void Add(int count, decimal? value)
        {
            Count += count;
            Value += value ?? 0;
        }
    }

    public async Task<ReportResult> RunAsync(ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var seesCosts = Access.Require(db.Viewer).SeesCosts;
        var (start, end) = PipelineFacts.Instants(filter);
        var closedQuery = filter.Opportunities(db).AsNoTracking()
            .Where(o => o.Status != OpportunityStatus.Open && o.ClosedAt >= start && o.ClosedAt < end);
        // Few rows travel: one per status, reason, winner and currency.
        var closed = await closedQuery
            .LeftJoin(db.Competitors, o => o.WinningCompetitorId, c => (long?)c.Id,
                (o, c) => new { o.Status, o.CloseReason, o.WinningCompetitorId, CompetitorName = c == null ? null : c.Name, o.Currency, o.EstimatedAnnualValue })
            .GroupBy(x => new { x.Status, x.CloseReason, x.WinningCompetitorId, x.CompetitorName, x.Currency })
            .Select(g => new Closed(g.Key.Status, g.Key.CloseReason, g.Key.WinningCompetitorId, g.Key.CompetitorName, g.Key.Currency,
                g.Count(), g.Count(x => x.EstimatedAnnualValue != null), g.Sum(x => x.EstimatedAnnualValue)))
            .ToListAsync(ct);
        var rates = await PipelineFacts.RatesAsync(db, settings, ct);
        var unconverted = new Dictionary<string, int>(StringComparer.Ordinal);
        decimal? Value(Closed c)
        {
            if (c.Valued == 0 || c.Amount is not { } amount)
            {
                return null;
            }
            var converted = PipelineFacts.Convert(rates, amount, c.Currency);
            if (converted is null)
            {
                var code = c.Currency?.Trim() ?? "";
                unconverted[code] = unconverted.GetValueOrDefault(code) + c.Valued;
            }
            return converted;
        }

        var columns = new List<ReportColumn>
        {
            new("dimension", PipelineReportsText.WinLoss_Dimension, ReportColumnKind.Text),
            new("key", PipelineReportsText.WinLoss_Key, ReportColumnKind.Text),
            new("label", PipelineReportsText.WinLoss_Label, ReportColumnKind.Text),
            new("count", PipelineReportsText.WinLoss_Count, ReportColumnKind.Count),
            new("value", PipelineReportsText.WinLoss_Value, ReportColumnKind.Money),
            new("share", PipelineReportsText.WinLoss_Share, ReportColumnKind.Percent),
        };
        if (seesCosts)
        {
            columns.Add(new("margin", PipelineReportsText.WinLoss_Margin, ReportColumnKind.Money));
            columns.Add(new("marginPercent", PipelineReportsText.WinLoss_MarginPercent, ReportColumnKind.Percent));
        }
        var chart = new ReportChart(ReportChartKind.Bar, "label", ["count"]);
        var notes = new List<string> { Validator.Format(PipelineReportsText.InBaseCurrency, settings.BaseCurrency) };
        var closedCount = closed.Sum(c => c.Count);
        if (closedCount == 0)
        {
            return new ReportResult(columns, [], chart, string.Join(" ", notes));
        }

        var values = closed.ToDictionary(c => c, Value);
        var rows = new List<object?[]>();
        object?[] Row(string dimension, string key, string label, Sum sum, int whole, (decimal Margin, decimal? Percent)? margin = null)
        {
            var row = new List<object?> { dimension, key, label, sum.Count, PipelineFacts.Money(sum.Value), PipelineFacts.Percent(sum.Count, whole) };
            if (seesCosts)
            {
                row.Add(margin is { } m ? PipelineFacts.Money(m.Margin) : null);
                row.Add(margin?.Percent);
            }
            return [.. row];
        }

        // By reason: won first, then the reasons in their order, then closes without one.
        var won = new Sum();
        var reasons = new SortedDictionary<int, Sum>();
        foreach (var c in closed)
        {
            if (c.Status == OpportunityStatus.Won)
            {
                won.Add(c.Count, values[c]);
            }
            else
            {
                var slot = c.Reason is { } r ? (int)r : int.MaxValue;
                if (!reasons.TryGetValue(slot, out var sum))
                {
                    reasons[slot] = sum = new Sum();
                }
                sum.Add(c.Count, values[c]);
            }
        }
        var reasonDimension = PipelineReportsText.WinLoss_ByReason;
        rows.Add(Row(reasonDimension, "reason.won", Labels.Of(OpportunityStatus.Won), won, closedCount,
            seesCosts ? await MarginAsync(closedQuery.Where(o => o.Status == OpportunityStatus.Won).Select(o => o.Id), won.Count, rates, notes, ct) : null));
        foreach (var (slot, sum) in reasons)
        {
            var (key, label) = slot == int.MaxValue
                ? ("reason.none", PipelineReportsText.WinLoss_NoReason)
                : ("reason." + Keys.Camel((CloseReason)slot), Labels.Of((CloseReason)slot));
            rows.Add(Row(reasonDimension, key, label, sum, closedCount));
        }

        // By winning competitor: the lost ones, the most frequent winner first.
        var lost = closed.Where(c => c.Status == OpportunityStatus.Lost).ToList();
        var lostCount = lost.Sum(c => c.Count);
        var competitorDimension = PipelineReportsText.WinLoss_ByCompetitor;
        foreach (var g in lost.GroupBy(c => (c.CompetitorId, c.CompetitorName))
                     .OrderBy(g => g.Key.CompetitorId is null ? 1 : 0).ThenByDescending(g => g.Sum(c => c.Count)).ThenBy(g => g.Key.CompetitorName, StringComparer.CurrentCulture))
        {
            var sum = new Sum();
            foreach (var c in g)
            {
                sum.Add(c.Count, values[c]);
            }
            var (key, label) = g.Key.CompetitorId is { } id
                ? ("competitor." + id.ToString(CultureInfo.InvariantCulture), g.Key.CompetitorName ?? "")
                : ("competitor.none", PipelineReportsText.WinLoss_NoCompetitor);
            rows.Add(Row(competitorDimension, key, label, sum, lostCount));
        }

        if (PipelineFacts.Unconverted(unconverted) is { } missing)
        {
            notes.Add(Validator.Format(PipelineReportsText.Unconverted, missing));
        }
        return new ReportResult(columns, rows, chart, string.Join(" ", notes));
    }

    /// <summary>The won pursuits' margin: each one's latest accepted quote, else its latest sent one, in the base currency.</summary>
    private async Task<(decimal Margin, decimal? Percent)?> MarginAsync(IQueryable<long> wonIds, int wonCount, Dictionary<string, decimal> rates, List<string> notes, CancellationToken ct)
    {
        if (wonCount == 0)
        {
            return null;
        }
        var quotes = await db.Quotes.AsNoTracking()
            .Where(q => wonIds.Contains(q.OpportunityId) && (q.Status == QuoteStatus.Accepted || q.Status == QuoteStatus.Sent))
            .Select(q => new { q.OpportunityId, q.Number, q.Status, q.Currency, q.Margin, q.Total })
            .ToListAsync(ct);
        var chosen = quotes.GroupBy(q => q.OpportunityId)
            .Select(g => g.OrderBy(q => q.Status == QuoteStatus.Accepted ? 0 : 1).ThenByDescending(q => q.Number).First())
            .ToList();
        if (chosen.Count == 0)
        {
            return null;
        }
        decimal margin = 0, total = 0;
        var unconverted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var q in chosen)
        {
            if (PipelineFacts.Convert(rates, q.Margin, q.Currency) is { } m && PipelineFacts.Convert(rates, q.Total, q.Currency) is { } t)
            {
                margin += m;
                total += t;
            }
            else
            {
                unconverted[q.Currency.Trim()] = unconverted.GetValueOrDefault(q.Currency.Trim()) + 1;
            }
        }
        notes.Add(Validator.Format(PipelineReportsText.WinLoss_MarginNote, chosen.Count, wonCount));
        if (PipelineFacts.Unconverted(unconverted) is { } missing)
        {
            notes.Add(Validator.Format(PipelineReportsText.WinLoss_MarginUnconverted, missing));
        }
        return (margin, PipelineFacts.Percent(margin, total));
    }
}
