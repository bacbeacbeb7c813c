using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Reports;

/// <summary>
/// Quality by month: one row per month of the period, all figures in separate columns.
/// <list type="bullet">
/// <item>opened, minor, major, critical: incidents opened in the month (within the period), in all and by severity;</item>
/// <item>defects: their defect quantity; delivered: the quantity delivered in the month (recorded
/// deliveries); PPM: defects per million delivered (<see cref="GetIncidentPpm.Ppm"/>; empty when
/// nothing was delivered);</item>
/// <item>open 0-7, 8-30, 31-90, over 90 days: incidents open at the end of the month's last day
/// (the last row: at the end of the period), by days since opening. Open: opened by then and not
/// closed by then (an incident reopened later counts as open from its opening).</item>
/// </list>
/// Days are UTC days, as in the incident PPM report. Filters narrow the accounts
/// (<see cref="ReportFilter.Accounts"/>). Sales readers (their accounts) and quality (every
/// account); no cost or claim amount is in it.
/// </summary>
public sealed class QualityReport(BridgeheadDb db) : IReport
{
    /// <summary>The upper bound (days since opening, inclusive) of each age bucket but the last.</summary>
    public static readonly IReadOnlyList<int> AgeBuckets = [7, 30, 90];

    public string Name => "quality";

    public string Title => AccountReportsText.Quality_Title;

    public string Description => AccountReportsText.Quality_Description;

    public bool IsFor(Viewer viewer) => viewer.CanReadSales || viewer.SeesAllOperations;

    public async Task<ReportResult> RunAsync(ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var accounts = filter.Accounts(db).Select(a => a.Id);
        var (from, to) = (filter.From, filter.To);
        var start = Utc(from);
        var end = to == DateOnly.MaxValue ? DateTime.MaxValue : Utc(to.AddDays(1));
        // Every incident opened in the period or open at the end of one of its months: opened
        // before the period's end and, when closed, not closed before its start.
        var query = db.Incidents.AsNoTracking()
            .Where(i => (i.OpenedAt >= start || i.ClosedAt == null || i.ClosedAt >= start) && accounts.Contains(i.AccountId));
        if (to < DateOnly.MaxValue)
        {
            query = query.Where(i => i.OpenedAt < end);
        }
        var incidents = await query
            .Select(i => new { i.Severity, i.Status, i.OpenedAt, i.ClosedAt, i.DefectQuantity })
            .ToListAsync(ct);
        var delivered = await db.Deliveries.AsNoTracking()
            .Where(d => d.DeliveredOn >= from && d.DeliveredOn <= to && accounts.Contains(d.AccountId))
            .GroupBy(d => d.DeliveredOn)
            .Select(g => new { Day = g.Key, Quantity = g.Sum(d => d.Quantity) })
            .ToListAsync(ct);

        var months = MonthSlice.Of(filter);
        var rows = new List<object?[]>();
        foreach (var month in months)
        {
            var monthStart = Utc(month.Start);
            var monthEnd = month.End == DateOnly.MaxValue ? DateTime.MaxValue : Utc(month.End.AddDays(1));
            var opened = incidents.Where(i => i.OpenedAt >= monthStart && i.OpenedAt < monthEnd).ToList();
            var defects = opened.Sum(i => i.DefectQuantity);
            var quantity = delivered.Where(d => d.Day >= month.Start && d.Day <= month.End).Sum(d => d.Quantity);
            var ages = incidents
                .Where(i => i.OpenedAt < monthEnd && (i.ClosedAt is { } closed ? closed >= monthEnd : i.Status != IncidentStatus.Closed))
                .Select(i => month.End.DayNumber - DateOnly.FromDateTime(i.OpenedAt).DayNumber)
                .ToList();
            rows.Add(
            [
                month.Label,
                opened.Count,
                opened.Count(i => i.Severity == IncidentSeverity.Minor),
                opened.Count(i => i.Severity == IncidentSeverity.Major),
                opened.Count(i => i.Severity == IncidentSeverity.Critical),
                defects,
                quantity,
                GetIncidentPpm.Ppm(defects, quantity),
                ages.Count(a => a <= AgeBuckets[0]),
                ages.Count(a => a > AgeBuckets[0] && a <= AgeBuckets[1]),
                ages.Count(a => a > AgeBuckets[1] && a <= AgeBuckets[2]),
                ages.Count(a => a > AgeBuckets[2]),
            ]);
        }
        return new ReportResult(
            [
                new("month", AccountReportsText.Month, ReportColumnKind.Text),
                new("opened", AccountReportsText.Quality_Opened, ReportColumnKind.Count),
                new("minor", Labels.Of(IncidentSeverity.Minor), ReportColumnKind.Count),
                new("major", Labels.Of(IncidentSeverity.Major), ReportColumnKind.Count),
                new("critical", Labels.Of(IncidentSeverity.Critical), ReportColumnKind.Count),
                new("defects", AccountReportsText.Quality_Defects, ReportColumnKind.Number),
                new("delivered", AccountReportsText.Quality_Delivered, ReportColumnKind.Number),
                new("ppm", AccountReportsText.Quality_Ppm, ReportColumnKind.Number),
                new("open0To7", AccountReportsText.Quality_Open0To7, ReportColumnKind.Count),
                new("open8To30", AccountReportsText.Quality_Open8To30, ReportColumnKind.Count),
                new("open31To90", AccountReportsText.Quality_Open31To90, ReportColumnKind.Count),
                new("openOver90", AccountReportsText.Quality_OpenOver90, ReportColumnKind.Count),
            ],
            rows,
            new ReportChart(ReportChartKind.StackedBar, "month", ["minor", "major", "critical"]),
            AccountReportsText.Quality_Note);
    }

    private static DateTime Utc(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
