using System.Text.Json;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>An entry of an order's history, naming the record it is about (the order, a line or a delivery).</summary>
public sealed record OrderHistoryEntryDto(long Id, DateTime At, long? UserId, string UserName, AuditAction Action, string EntityType, long EntityId,
    IReadOnlyList<AuditChange> Changes);

/// <summary>
/// The history of an order with its lines and its recorded deliveries, newest first. Like every
/// history, prices are dropped for those who may not see them (quality) and costs for all but
/// managers and admins. An undone delivery shows in its line's delivered quantity.
/// </summary>
public sealed class GetOrderHistory(BridgeheadDb db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Page<OrderHistoryEntryDto>> HandleAsync(long orderId, PageRequest page, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        if (!await db.Orders.AsNoTracking().AnyAsync(o => o.Id == orderId, ct))
        {
            throw new NotFoundException("order");
        }
        var lineIds = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == orderId).Select(l => l.Id).ToListAsync(ct);
        var deliveryIds = await db.Deliveries.AsNoTracking().Where(d => d.OrderId == orderId).Select(d => d.Id).ToListAsync(ct);
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(e => (e.EntityType == "order" && e.EntityId == orderId)
                || (e.EntityType == "orderLine" && lineIds.Contains(e.EntityId))
                || (e.EntityType == "delivery" && deliveryIds.Contains(e.EntityId)))
            .ToPageAsync(e => e.Id, e => e.Id, descending: true, page,
                e => new { e.Id, e.At, e.UserId, e.UserName, e.Action, e.EntityType, e.EntityId, e.Changes },
                e => (e.Id, e.Id), ct);
        var seesCosts = db.Viewer?.SeesCosts ?? false;
        var seesPrices = db.Viewer?.SeesPrices ?? false;
        return new Page<OrderHistoryEntryDto>([.. rows.Items.Select(e => new OrderHistoryEntryDto(e.Id, e.At, e.UserId, e.UserName, e.Action, e.EntityType, e.EntityId,
            [.. (JsonSerializer.Deserialize<List<AuditChange>>(e.Changes, Json) ?? [])
                .Where(c => (seesCosts || !GetHistory.CostFields.Contains(c.Field)) && (seesPrices || !GetHistory.PriceFields.Contains(c.Field)))]))],
            rows.NextCursor);
    }
}
