using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Reports;

/// <summary>
/// On time in full by month of the lines' due date: the promised date, or the requested date for
/// a line never promised (an imported one). The judgement is the orders' own
/// (<see cref="Fulfilment.Score"/>, as in <see cref="GetOtif"/>): drafts and cancelled lines do not
/// count; a line counts once it is judged, i.e. delivered in full or past its due date. Per month:
/// <list type="bullet">
/// <item>lines: the judged lines due in the month (within the period);</item>
/// <item>OTIF: of those, delivered in full on or before the due date; OTIF % = OTIF / lines;</item>
/// <item>late: not delivered in full by the due date (delivered late, or not yet in full);</item>
/// <item>short: not delivered in full yet (past due). A past-due line not delivered is late and short.</item>
/// </list>
/// Filters narrow the accounts (<see cref="ReportFilter.Accounts"/>). Sales readers (their accounts'
/// orders) and quality (every account's); no price or value is in it.
/// </summary>
public sealed class OtifReport(BridgeheadDb db) : IReport
{
    public string Name => "otif";

    public string Title => AccountReportsText.Otif_Title;

    public string Description => AccountReportsText.Otif_Description;

    public bool IsFor(Viewer viewer) => viewer.CanReadSales || viewer.SeesAllOperations;

    public async Task<ReportResult> RunAsync(ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var accounts = filter.Accounts(db).Select(a => a.Id);
        var (from, to) = (filter.From, filter.To);
        var today = FulfilmentData.TodayOf(db);
        // The database judges and counts per due day (a few hundred rows travel, not every line
        // of the period), as Fulfilment.Score does with the due date as the promise: a line is
        // judged once delivered in full or past due; on time when in full and delivered by the
        // due date (on time implies in full, so OTIF = on time).
        var days = await db.OrderLines.AsNoTracking()
            .Where(l => l.Order!.Status != OrderStatus.Draft && l.Status != OrderLineStatus.Cancelled
                && ((l.PromisedDate != null && l.PromisedDate >= from && l.PromisedDate <= to)
                    || (l.PromisedDate == null && l.RequestedDate >= from && l.RequestedDate <= to))
                && accounts.Contains(l.AccountId))
            .Select(l => new
            {
                Due = l.PromisedDate ?? l.RequestedDate,
                InFull = l.DeliveredQuantity >= l.Quantity,
                OnTime = l.DeliveredQuantity >= l.Quantity && l.DeliveredOn != null && l.DeliveredOn <= (l.PromisedDate ?? l.RequestedDate),
            })
            .Where(x => x.InFull || x.Due < today)
            .GroupBy(x => x.Due)
            .Select(g => new { Due = g.Key, Lines = g.Count(), InFull = g.Count(x => x.InFull), OnTime = g.Count(x => x.OnTime) })
            .ToListAsync(ct);

        var months = MonthSlice.Of(filter);
        var sums = new (int Lines, int InFull, int OnTime)[months.Count];
        foreach (var d in days)
        {
            var index = MonthSlice.IndexOf(months, d.Due);
            if (index >= 0)
            {
                sums[index] = (sums[index].Lines + d.Lines, sums[index].InFull + d.InFull, sums[index].OnTime + d.OnTime);
            }
        }
        var rows = months.Select((month, i) =>
            {
                var (judged, inFull, onTime) = sums[i];
                var summary = new OtifSummaryDto(judged, onTime, inFull, onTime,
                    judged == 0 ? null : decimal.Round(100m * onTime / judged, 1, MidpointRounding.AwayFromZero));
                return new object?[] { month.Label, summary.Lines, summary.Otif, summary.OtifPercent, summary.Lines - summary.OnTime, summary.Lines - summary.InFull };
            })
            .ToList();
        return new ReportResult(
            [
                new("month", AccountReportsText.Month, ReportColumnKind.Text),
                new("lines", AccountReportsText.Otif_Lines, ReportColumnKind.Count),
                new("otif", AccountReportsText.Otif_Otif, ReportColumnKind.Count),
                new("otifPercent", AccountReportsText.Otif_OtifPercent, ReportColumnKind.Percent),
                new("late", AccountReportsText.Otif_Late, ReportColumnKind.Count),
                new("short", AccountReportsText.Otif_Short, ReportColumnKind.Count),
            ],
            rows,
            new ReportChart(ReportChartKind.Bar, "month", ["otif", "late", "short"]),
            AccountReportsText.Otif_Note);
    }
}
