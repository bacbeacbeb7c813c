using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Health;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Reports;

/// <summary>
/// Account health distribution as of the period's end: how many accounts are in each band, with
/// their average score. Each account counts with its latest daily snapshot
/// (<see cref="HealthSnapshot"/>) on or before the end of the period; when the period ends today or
/// later, with its current score (<see cref="AccountHealth"/>), and the latest snapshot only if it
/// has none. Accounts without a score by then are not counted. The start of the period does not
/// apply. Filters narrow the accounts (<see cref="ReportFilter.Accounts"/>). Sales readers only.
/// </summary>
public sealed class HealthReport(BridgeheadDb db) : IReport
{
    public string Name => "health";

    public string Title => ReportsText.Health_Title;

    public string Description => ReportsText.Health_Description;

    public bool IsFor(Viewer viewer) => viewer.CanReadSales;

    public async Task<ReportResult> RunAsync(ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var accounts = filter.Accounts(db).Select(a => a.Id);
        var to = filter.To;
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var scores = (await db.HealthSnapshots.AsNoTracking()
                .Where(s => s.ScoredOn <= to && accounts.Contains(s.AccountId)
                    && !db.HealthSnapshots.Any(t => t.AccountId == s.AccountId && t.ScoredOn <= to
                        && (t.ScoredOn > s.ScoredOn || (t.ScoredOn == s.ScoredOn && t.Id > s.Id))))
                .Select(s => new { s.AccountId, s.Score, s.Band })
                .ToListAsync(ct))
            .ToDictionary(s => s.AccountId, s => (s.Score, s.Band));
        if (to >= today)
        {
            var current = await db.AccountHealth.AsNoTracking()
                .Where(h => accounts.Contains(h.AccountId))
                .Select(h => new { h.AccountId, h.Score, h.Band })
                .ToListAsync(ct);
            foreach (var h in current)
            {
                scores[h.AccountId] = (h.Score, h.Band);
            }
        }
        var rows = Enum.GetValues<HealthBand>()
            .Select(band => scores.Values.Where(s => s.Band == band).ToList() is { Count: > 0 } inBand
                ? new object?[] { Labels.Of(band), inBand.Count, Math.Round((decimal)inBand.Average(s => s.Score), 1) }
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
