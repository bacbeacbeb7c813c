using System.Text.Json;
using Bridgehead.Auditing;
using Bridgehead.Background;
using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Incidents;

/// <summary>What the defect rate groups by.</summary>
public enum PpmGrouping
{
    Account,
    Product,
}

/// <summary>The PPM question: a period (default the last 365 days up to today), a grouping, optionally one account or product.</summary>
public sealed record PpmQuery(DateOnly? From = null, DateOnly? To = null, PpmGrouping? By = null, long? AccountId = null, long? ProductId = null);

/// <summary>
/// One account or product: defective units of the incidents opened in the period, units delivered
/// in the period, and defects per million delivered (null when nothing was delivered).
/// </summary>
public sealed record PpmRowDto(long Key, string Name, decimal DefectQuantity, decimal DeliveredQuantity, decimal? Ppm);

/// <summary>The report: the period, the grouping, rows (worst first) and all rows together.</summary>
public sealed record PpmReportDto(DateOnly From, DateOnly To, PpmGrouping By, IReadOnlyList<PpmRowDto> Rows, PpmRowDto Overall);

/// <summary>
/// Defect rate in parts per million: defect quantity of the incidents opened in the period over
/// the quantity delivered in the period (recorded deliveries), times 1,000,000, per account or
/// product, over the records the caller sees. Rows with deliveries or defects only. Incidents
/// without a product count towards their account but no product.
/// </summary>
public sealed class GetIncidentPpm(BridgeheadDb db)
{
    public async Task<PpmReportDto> HandleAsync(PpmQuery query, CancellationToken ct)
    {
        IncidentAccess.RequireReader(db.Viewer);
        var today = DateOnly.FromDateTime(IncidentReader.Now(db));
        var to = query.To ?? today;
        // At the edges of the calendar (to in year 1, to on 9999-12-31) the default start and the
        // day after the end do not exist: clamp instead of failing.
        var from = query.From ?? (to.DayNumber >= 364 ? to.AddDays(-364) : DateOnly.MinValue);
        if (from > to)
        {
            throw ValidationException.For("from", IncidentsText.PeriodBackwards);
        }
        var by = query.By ?? PpmGrouping.Account;
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        var incidents = db.Incidents.AsNoTracking().Where(i => i.OpenedAt >= start);
        if (to < DateOnly.MaxValue)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            incidents = incidents.Where(i => i.OpenedAt < end);
        }
        var deliveries = db.Deliveries.AsNoTracking().Where(d => d.DeliveredOn >= from && d.DeliveredOn <= to);
        if (query.AccountId is { } accountId)
        {
            incidents = incidents.Where(i => i.AccountId == accountId);
            deliveries = deliveries.Where(d => d.AccountId == accountId);
        }
        if (query.ProductId is { } productId)
        {
            incidents = incidents.Where(i => i.ProductId == productId);
            deliveries = deliveries.Where(d => d.Line!.ProductId == productId);
        }

        List<(long Key, decimal Quantity)> defects;
        List<(long Key, decimal Quantity)> delivered;
        switch (by)
        {
            case PpmGrouping.Account:
                defects = [.. (await incidents.GroupBy(i => i.AccountId).Select(g => new { g.Key, Sum = g.Sum(i => i.DefectQuantity) }).ToListAsync(ct))
                    .Select(x => (x.Key, x.Sum))];
                delivered = [.. (await deliveries.GroupBy(d => d.AccountId).Select(g => new { g.Key, Sum = g.Sum(d => d.Quantity) }).ToListAsync(ct))
                    .Select(x => (x.Key, x.Sum))];
                break;
            case PpmGrouping.Product:
                defects = [.. (await incidents.Where(i => i.ProductId != null).GroupBy(i => i.ProductId!.Value)
                        .Select(g => new { g.Key, Sum = g.Sum(i => i.DefectQuantity) }).ToListAsync(ct))
                    .Select(x => (x.Key, x.Sum))];
                delivered = [.. (await deliveries.GroupBy(d => d.Line!.ProductId).Select(g => new { g.Key, Sum = g.Sum(d => d.Quantity) }).ToListAsync(ct))
                    .Select(x => (x.Key, x.Sum))];
                break;
            default:
                throw new BadRequestException("by", CommonText.UnknownValue);
        }
        var keys = defects.Select(d => d.Key).Union(delivered.Select(d => d.Key)).ToList();
        var names = by == PpmGrouping.Account
            ? await db.Accounts.AsNoTracking().Where(a => keys.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct)
            : await db.Products.AsNoTracking().Where(p => keys.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku + " · " + p.Name, ct);
        var rows = keys
            .Select(k => Row(k, names.GetValueOrDefault(k, ""), defects.Where(d => d.Key == k).Sum(d => d.Quantity), delivered.Where(d => d.Key == k).Sum(d => d.Quantity)))
            .Where(r => r.DefectQuantity > 0 || r.DeliveredQuantity > 0)
            .OrderByDescending(r => r.Ppm ?? decimal.MaxValue).ThenBy(r => r.Name, StringComparer.CurrentCulture).ThenBy(r => r.Key)
            .ToList();
        var overall = Row(0, "", rows.Sum(r => r.DefectQuantity), rows.Sum(r => r.DeliveredQuantity));
        return new PpmReportDto(from, to, by, rows, overall);
    }

    /// <summary>Defects per million delivered, rounded to whole parts; null when nothing was delivered.</summary>
    public static decimal? Ppm(decimal defects, decimal delivered) =>
        delivered > 0 ? decimal.Round(defects / delivered * 1_000_000m, 0, MidpointRounding.AwayFromZero) : null;

    private static PpmRowDto Row(long key, string name, decimal defects, decimal delivered) =>
        new(key, name, defects, delivered, Ppm(defects, delivered));
}

/// <summary>An entry of an incident's history, naming the record it is about (the incident or one of its steps).</summary>
public sealed record IncidentHistoryEntryDto(long Id, DateTime At, long? UserId, string UserName, AuditAction Action, string EntityType, long EntityId,
    IReadOnlyList<AuditChange> Changes);

/// <summary>The history of an incident and its 8D steps, newest first, for those who read the incident (quality too).</summary>
public sealed class GetIncidentHistory(BridgeheadDb db)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public async Task<Page<IncidentHistoryEntryDto>> HandleAsync(long incidentId, PageRequest page, CancellationToken ct)
    {
        IncidentAccess.RequireReader(db.Viewer);
        if (!await db.Incidents.AsNoTracking().AnyAsync(i => i.Id == incidentId, ct))
        {
            throw new NotFoundException("incident");
        }
        var stepIds = await db.IncidentSteps.AsNoTracking().Where(s => s.IncidentId == incidentId).Select(s => s.Id).ToListAsync(ct);
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(e => (e.EntityType == "incident" && e.EntityId == incidentId) || (e.EntityType == "incidentStep" && stepIds.Contains(e.EntityId)))
            .ToPageAsync(e => e.Id, e => e.Id, descending: true, page,
                e => new { e.Id, e.At, e.UserId, e.UserName, e.Action, e.EntityType, e.EntityId, e.Changes },
                e => (e.Id, e.Id), ct);
        var seesCosts = db.Viewer?.SeesCosts ?? false;
        var seesPrices = db.Viewer?.SeesPrices ?? false;
        return new Page<IncidentHistoryEntryDto>([.. rows.Items.Select(e => new IncidentHistoryEntryDto(e.Id, e.At, e.UserId, e.UserName, e.Action, e.EntityType, e.EntityId,
            [.. (JsonSerializer.Deserialize<List<AuditChange>>(e.Changes, Options) ?? [])
                .Where(c => (seesCosts || !GetHistory.CostFields.Contains(c.Field)) && (seesPrices || !GetHistory.PriceFields.Contains(c.Field)))]))],
            rows.NextCursor);
    }
}

/// <summary>
/// Every 5 minutes: incidents still open (not contained) past their containment due time and not
/// escalated yet are raised to level 1 with one incidentEscalated event each. Re-running finds
/// them escalated and does nothing.
/// </summary>
public sealed class IncidentEscalationJob : IBackgroundJob
{
    public string Name => "incident-escalation";

    public TimeSpan Every => TimeSpan.FromMinutes(5);

    public async Task RunAsync(BridgeheadDb db, CancellationToken ct)
    {
        var now = IncidentReader.Now(db);
        var due = await db.Incidents
            .Where(i => i.Status == IncidentStatus.Open && i.EscalationLevel == 0 && i.ContainmentDueAt < now)
            .OrderBy(i => i.Id)
            .Take(200)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return;
        }
        foreach (var incident in due)
        {
            // The reason is a fact, not a sentence: the notification renders it in the reader's language.
            EscalateIncident.Escalate(db, incident, now, "containmentOverdue");
        }
        await db.SaveAsync(ct);
    }
}
