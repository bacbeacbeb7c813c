using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>The body of POST /orders/{id}/lines/{lineId}/deliveries.</summary>
/// <param name="DeliveredOn">Left out, today. Not in the future, not before the order was placed.</param>
/// <param name="AllowOver">More than the line still lacks is refused (422) unless this is true: the customer took the extra (a full pallet, a batch rounded up).</param>
public sealed record DeliveryInput(decimal? Quantity, DateOnly? DeliveredOn = null, string? Note = null, bool? AllowOver = null);

/// <summary>
/// Records goods that left against one line of a confirmed order, then sets the line's delivered
/// quantity, its status and (once in full) its delivery date, and the order's status (confirmed,
/// partly delivered, delivered).
/// </summary>
public sealed class RecordDelivery(BridgeheadDb db)
{
    public async Task<(OrderDto Order, long DeliveryId)> HandleAsync(long orderId, long lineId, DeliveryInput input, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var order = await OrderReader.ForChangeAsync(db, orderId, ct);
        var line = order.Lines.FirstOrDefault(l => l.Id == lineId) ?? throw new NotFoundException("orderLine");
        switch (order.Status)
        {
            case OrderStatus.Draft:
                throw new ConflictException([OrderText.Rule_ConfirmBeforeDelivery]);
            case OrderStatus.Cancelled:
                throw new ConflictException([OrderText.Rule_CancelledNoDelivery]);
            case OrderStatus.Confirmed:
            case OrderStatus.PartlyDelivered:
            case OrderStatus.Delivered:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(orderId));
        }
        if (line.Status == OrderLineStatus.Cancelled)
        {
            throw new ConflictException([OrderText.Rule_LineCancelled]);
        }

        var v = new Validator();
        var today = FulfilmentData.TodayOf(db);
        var on = input.DeliveredOn ?? today;
        if (on > today)
        {
            v.Add("deliveredOn", OrderText.DeliveredInFuture);
        }
        else if (on < order.OrderedOn)
        {
            v.Add("deliveredOn", OrderText.DeliveredBeforeOrdered);
        }
        var note = Text.Clean(input.Note);
        v.MaxLength("note", note, Delivery.MaxNote);
        if (input.Quantity is not { } quantity)
        {
            v.Add("quantity", CommonText.Required);
        }
        else if (quantity <= 0 || quantity > OrderInput.MaxQuantity)
        {
            v.Add("quantity", OrderText.QuantityPositive);
        }
        else if (decimal.Round(quantity, 4) != quantity)
        {
            v.Add("quantity", CommonText.TooManyDecimals);
        }
        else if (line.DeliveredQuantity + quantity > line.Quantity && input.AllowOver != true)
        {
            var left = Math.Max(0m, line.Quantity - line.DeliveredQuantity);
            v.Add("quantity", Validator.Format(OrderText.OverDelivery, QuoteDisplayNumber(left)));
        }
        v.ThrowIfInvalid();

        var delivery = new Delivery
        {
            AccountId = order.AccountId,
            OrderId = order.Id,
            OrderLineId = line.Id,
            Quantity = input.Quantity!.Value,
            DeliveredOn = on,
            Note = note,
            RecordedById = viewer.UserId ?? throw new ForbiddenException(CommonText.SystemNeedsOwner),
        };
        db.Deliveries.Add(delivery);
        var others = await db.Deliveries.AsNoTracking().Where(d => d.OrderLineId == line.Id).Select(d => new { d.Quantity, d.DeliveredOn }).ToListAsync(ct);
        Settle(order, line, [.. others.Select(d => (d.Quantity, d.DeliveredOn)), (delivery.Quantity, delivery.DeliveredOn)]);
        await db.SaveAsync(ct);
        return (await OrderReader.ReadAsync(db, order.Id, ct), delivery.Id);
    }

    private static string QuoteDisplayNumber(decimal value) => value.ToString("#,0.####", System.Globalization.CultureInfo.CurrentCulture);

    /// <summary>Sets the line's delivered quantity, date and status from its deliveries, then the order's status.</summary>
    internal static void Settle(Order order, OrderLine line, IReadOnlyCollection<(decimal Quantity, DateOnly DeliveredOn)> deliveries)
    {
        line.DeliveredQuantity = deliveries.Sum(d => d.Quantity);
        line.Status = Fulfilment.LineStatus(line.Status, line.Quantity, line.DeliveredQuantity);
        // The day it was delivered in full: the latest delivery's date, once in full.
        line.DeliveredOn = line.DeliveredQuantity >= line.Quantity && deliveries.Count > 0 ? deliveries.Max(d => d.DeliveredOn) : null;
        order.Status = Fulfilment.OrderStatusOf(order.Status, [.. order.Lines.Select(l => (l.Status, l.DeliveredQuantity))]);
    }
}

/// <summary>One delivery (404 when the caller may not see its order).</summary>
public sealed class GetDelivery(BridgeheadDb db)
{
    public async Task<DeliveryDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var orderId = await db.Deliveries.AsNoTracking().Where(d => d.Id == id).Select(d => (long?)d.OrderId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("delivery");
        var order = await OrderReader.ReadAsync(db, orderId, ct);
        return order.Deliveries.Single(d => d.Id == id);
    }
}

/// <summary>
/// Undoes a delivery recorded by mistake: the delivery goes (its history stays) and the line's and
/// the order's figures and statuses are worked out again. A cancelled order keeps its deliveries (409).
/// </summary>
public sealed class UndoDelivery(BridgeheadDb db)
{
    public async Task<OrderDto> HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("delivery");
        Concurrency.Expect(db, delivery, expectedVersion);
        var order = await OrderReader.ForChangeAsync(db, delivery.OrderId, ct);
        if (order.Status == OrderStatus.Cancelled)
        {
            throw new ConflictException([OrderText.Rule_CancelledKeepsDeliveries]);
        }
        var line = order.Lines.Single(l => l.Id == delivery.OrderLineId);
        db.Deliveries.Remove(delivery);
        var rest = await db.Deliveries.AsNoTracking().Where(d => d.OrderLineId == line.Id && d.Id != id).Select(d => new { d.Quantity, d.DeliveredOn }).ToListAsync(ct);
        RecordDelivery.Settle(order, line, [.. rest.Select(d => (d.Quantity, d.DeliveredOn))]);
        await db.SaveAsync(ct);
        return await OrderReader.ReadAsync(db, order.Id, ct);
    }
}
