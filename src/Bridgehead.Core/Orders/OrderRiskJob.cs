using Bridgehead.Background;
using Bridgehead.Data;
using Bridgehead.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>
/// Every 15 minutes: the open order lines at risk of being late (the rule of <see cref="Fulfilment"/>,
/// read through <see cref="GetOrderAlerts"/>) each raise one orderAtRisk event per promised date.
/// A line already told about for that date raises nothing again; a new promised date is news.
/// </summary>
public sealed class OrderRiskJob(GetOrderAlerts alerts) : IBackgroundJob
{
    public string Name => "order-risk";

    public TimeSpan Every => TimeSpan.FromMinutes(15);

    public static string DedupKey(long lineId, DateOnly promisedDate) => $"orderLine:{lineId}:{promisedDate:yyyy-MM-dd}";

    public async Task RunAsync(BridgeheadDb db, CancellationToken ct)
    {
        var atRisk = (await alerts.HandleAsync(null, int.MaxValue, ct)).Lines.Where(l => l.AtRisk && !l.Late).ToList();
        if (atRisk.Count == 0)
        {
            return;
        }
        var keys = atRisk.Select(l => DedupKey(l.LineId, l.PromisedDate)).ToList();
        var known = (await db.OutboxEvents.AsNoTracking()
                .Where(e => e.Event == NotificationEvent.OrderAtRisk && e.DedupKey != null && keys.Contains(e.DedupKey))
                .Select(e => e.DedupKey!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var raised = new List<OutboxEvent>();
        foreach (var line in atRisk.Where(l => !known.Contains(DedupKey(l.LineId, l.PromisedDate))))
        {
            raised.Add(Events.Raise(db, NotificationEvent.OrderAtRisk, "order", line.OrderId, line.AccountId,
                new { lineId = line.LineId, product = $"{line.Sku} {line.ProductName}", promisedDate = line.PromisedDate },
                DedupKey(line.LineId, line.PromisedDate)));
        }
        if (raised.Count == 0)
        {
            return;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another run raised some of them in between (the key is unique): raise the rest one by one.
            foreach (var e in raised)
            {
                db.Entry(e).State = EntityState.Detached;
            }
            foreach (var first in raised)
            {
                var e = new OutboxEvent
                {
                    Event = first.Event, EntityType = first.EntityType, EntityId = first.EntityId, AccountId = first.AccountId,
                    ActorId = first.ActorId, Data = first.Data, DedupKey = first.DedupKey, OccurredAt = first.OccurredAt,
                };
                db.OutboxEvents.Add(e);
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    db.Entry(e).State = EntityState.Detached;
                }
            }
        }
    }
}
