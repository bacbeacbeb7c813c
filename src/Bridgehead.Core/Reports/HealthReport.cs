using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Health;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Reports;

/// <summary>Account health distribution: how many scored accounts are in each band, with their average score.</summary>
public sealed class HealthReport(BridgeheadDb db) : IReport
{
    public string Name => "health";

    public string Title => ReportsText.Health_Title;

    public string Description => ReportsText.Health_Description;

    public bool IsFor(Viewer viewer) => viewer.CanReadSales;

    public async Task<ReportResult> RunAsync(ReportFilter filter, CancellationToken ct)
    {
        var accounts = filter.Accounts(db).Select(a => a.Id);
        var bands = await db.AccountHealth.AsNoTracking()
            .Where(h => accounts.Contains(h.AccountId))
            .GroupBy(h => h.Band)
            .Select(g => new { Band = g.Key, Count = g.Count(), Average = g.Average(h => (double)h.Score) })
            .ToListAsync(ct);
        var rows = Enum.GetValues<HealthBand>()
            .Select(band => bands.FirstOrDefault(b => b.Band == band) is { } b
                ? new object?[] { Labels.Of(band), b.Count, Math.Round((decimal)b.Average, 1) }
                : [Labels.Of(band), 0, null])
            .ToList();
        return new ReportResult(
            [
                new("band", ReportsText.Health_Band, ReportColumnKind.Text),
                new("accounts", ReportsText.Health_Accounts, ReportColumnKind.Count),
                new("averageScore", ReportsText.Health_AverageScore, ReportColumnKind.Number),
            ],
            rows,
            new ReportChart(ReportChartKind.Doughnut, "band", ["accounts"]),
            ReportsText.Health_Note);
    }
}
