using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Incidents;
using Bridgehead.Notifications;
using Bridgehead.Trials;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Home;

/// <summary>Incidents not yet closed of one severity.</summary>
/// <param name="Overdue">Still open (not contained) past their containment time.</param>
/// <param name="OldestDays">Whole days since the oldest of them was opened; null when there is none.</param>
public sealed record IncidentSeverityDto(IncidentSeverity Severity, int Open, int Overdue, int? OldestDays);

/// <summary>The defect rate of the last days: defects of the incidents opened then over the units delivered then.</summary>
public sealed record RecentPpmDto(DateOnly From, DateOnly To, decimal DefectQuantity, decimal DeliveredQuantity, decimal? Ppm);

/// <summary>The quality home's summary: incidents by severity (worst first) and the PPM of the last 90 days.</summary>
public sealed record QualityOverviewDto(IReadOnlyList<IncidentSeverityDto> Severities, RecentPpmDto Ppm)
{
    public int Open => Severities.Sum(s => s.Open);

    public int Overdue => Severities.Sum(s => s.Overdue);
}

/// <summary>
/// Incidents not closed by severity (count, past containment, age of the oldest) and the PPM of
/// the last 90 days, for the roles that run incidents. Queries: severities (1), PPM (the PPM use case: 3).
/// </summary>
public sealed class LoadQualityOverview(BridgeheadDb db, GetIncidentPpm ppm)
{
    public const int PpmDays = 90;

    public async Task<QualityOverviewDto> HandleAsync(CancellationToken ct)
    {
        IncidentAccess.RequireReader(db.Viewer);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var rows = await db.Incidents.AsNoTracking()
            .Where(i => i.Status != IncidentStatus.Closed)
            .GroupBy(i => i.Severity)
            .Select(g => new
            {
                Severity = g.Key,
                Count = g.Count(),
                Overdue = g.Count(i => i.Status == IncidentStatus.Open && i.ContainmentDueAt < now),
                Oldest = g.Min(i => i.OpenedAt),
            })
            .ToListAsync(ct);
        var severities = Enum.GetValues<IncidentSeverity>().OrderDescending().Select(s =>
        {
            var row = rows.FirstOrDefault(r => r.Severity == s);
            return row is null
                ? new IncidentSeverityDto(s, 0, 0, null)
                : new IncidentSeverityDto(s, row.Count, row.Overdue, Math.Max(0, (int)(now - row.Oldest).TotalDays));
        }).ToList();
        var today = DateOnly.FromDateTime(now);
        var report = await ppm.HandleAsync(new PpmQuery(today.AddDays(-(PpmDays - 1)), today), ct);
        return new QualityOverviewDto(severities,
            new RecentPpmDto(report.From, report.To, report.Overall.DefectQuantity, report.Overall.DeliveredQuantity, report.Overall.Ppm));
    }
}

/// <summary>A trial phase under way: started (or due to have started) and without a result yet.</summary>
/// <param name="Overdue">Its planned end has passed.</param>
public sealed record TrialInProgressDto(
    long Id, string Name, TrialKind Kind, long OpportunityId, string OpportunityTitle, long AccountId, string AccountName,
    DateOnly? Started, DateOnly? PlannedEnd, bool Overdue);

/// <summary>
/// Pilot rounds, runs and audits in progress: result pending, not ended, and started or planned
/// to have started by today; the soonest planned end first. Quality reads them at every account.
/// Queries: count (1), rows (1), the pursuits' titles (1).
/// </summary>
public sealed class ListTrialsInProgress(BridgeheadDb db)
{
    public const int DefaultLimit = 8;

    private static readonly DateOnly NoEnd = new(9999, 12, 31);

    public async Task<HomeList<TrialInProgressDto>> HandleAsync(int limit, CancellationToken ct)
    {
        TrialAccess.RequireReader(db.Viewer);
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var query = db.TrialPhases.AsNoTracking()
            .Where(p => p.Result == TrialResult.Pending && p.ActualEnd == null
                && (p.ActualStart != null || (p.PlannedStart != null && p.PlannedStart <= today)));
        var total = await query.CountAsync(ct);
        if (total == 0)
        {
            return HomeList.Empty<TrialInProgressDto>();
        }
        var rows = await query
            .OrderBy(p => p.PlannedEnd ?? NoEnd).ThenBy(p => p.Id).Take(limit)
            .Select(p => new { p.Id, p.Kind, p.Round, p.OpportunityId, p.AccountId, p.ActualStart, p.PlannedStart, p.PlannedEnd })
            .ToListAsync(ct);
        var pursuits = await TrialPursuits.FindManyAsync(db, [.. rows.Select(r => r.OpportunityId).Distinct()], ct);
        return new HomeList<TrialInProgressDto>([.. rows.Select(r =>
        {
            var pursuit = pursuits.GetValueOrDefault(r.OpportunityId);
            return new TrialInProgressDto(r.Id, TrialRules.NameOf(r.Kind, r.Round), r.Kind, r.OpportunityId, pursuit?.Title ?? "", r.AccountId,
                pursuit?.AccountName ?? "", r.ActualStart ?? r.PlannedStart, r.PlannedEnd, r.PlannedEnd is { } end && end < today);
        })], total);
    }
}

/// <summary>What an admin's home shows of the running system.</summary>
/// <param name="ImportsRunning">Import jobs waiting for a worker or running.</param>
/// <param name="EmailsFailed">Emails given up after their last attempt.</param>
/// <param name="WebhooksFailed">Webhook deliveries given up after their last attempt.</param>
public sealed record SystemStatusDto(int ImportsRunning, int EmailsFailed, int WebhooksFailed);

/// <summary>Counts an admin watches: imports under way, failed emails and webhook deliveries. Queries: 3 counts.</summary>
public sealed class LoadSystemStatus(BridgeheadDb db)
{
    public async Task<SystemStatusDto> HandleAsync(CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer);
        var imports = await db.ImportJobs.AsNoTracking().CountAsync(j => j.Status == ImportStatus.Pending || j.Status == ImportStatus.Running, ct);
        var emails = await db.EmailMessages.AsNoTracking().CountAsync(m => m.Status == DeliveryStatus.Failed, ct);
        var webhooks = await db.WebhookDeliveries.AsNoTracking().CountAsync(d => d.Status == DeliveryStatus.Failed, ct);
        return new SystemStatusDto(imports, emails, webhooks);
    }
}
