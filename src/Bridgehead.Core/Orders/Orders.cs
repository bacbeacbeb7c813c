using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>Who may do what with orders, beyond which ones they see (the record filters).</summary>
public static class OrderAccess
{
    /// <summary>Sales roles and the viewer read the orders of the accounts they see; quality and admin all (without prices for quality).</summary>
    public static bool ReadsOrders(Viewer viewer) => viewer.CanReadSales || viewer.SeesAllOperations;

    public static Viewer RequireReader(Viewer? viewer)
    {
        var v = Access.Require(viewer);
        return ReadsOrders(v) ? v : throw new ForbiddenException(OrderText.NoOrders);
    }
}

/// <summary>Filters of the order list; they combine with AND.</summary>
public sealed record OrderFilter
{
    public long? AccountId { get; init; }

    public OrderStatus? Status { get; init; }

    /// <summary>Any of these statuses (for the open orders of a panel); combines with <see cref="Status"/>.</summary>
    public IReadOnlyList<OrderStatus>? Statuses { get; init; }

    public OrderKind? Kind { get; init; }

    /// <summary>Orders with a line of this product.</summary>
    public long? ProductId { get; init; }

    /// <summary>true: orders with a line at risk of being late; false: none.</summary>
    public bool? AtRisk { get; init; }

    /// <summary>true: orders with a late line; false: none.</summary>
    public bool? Late { get; init; }
}

/// <summary>Orders at the accounts the caller sees (all accounts for quality, viewer and admin), newest first.</summary>
public sealed class ListOrders(BridgeheadDb db)
{
    /// <summary>Orders judged per round when the list filters on risk, which only the judged lines tell.</summary>
    private const int Batch = 200;

    public async Task<Page<OrderDto>> HandleAsync(OrderFilter filter, PageRequest page, CancellationToken ct)
    {
        OrderAccess.RequireReader(db.Viewer);
        var today = FulfilmentData.TodayOf(db);
        var query = Matching(db, filter, today);
        if (filter.AtRisk is not { } atRisk)
        {
            var rows = await query.ToPageAsync(o => o.Id, o => o.Id, descending: true, page, OrderReader.Projection(db), r => (r.Id, r.Id), ct);
            return new Page<OrderDto>(await OrderReader.ToDtosAsync(db, rows.Items, ct), rows.NextCursor);
        }

        // At risk is judged line by line against the calendar and the bookings: read the orders
        // that could be, judge a batch at a time, and stop once the page is full.
        if (atRisk)
        {
            query = query.Where(o => (o.Status == OrderStatus.Confirmed || o.Status == OrderStatus.PartlyDelivered)
                && o.Lines.Any(l => (l.Status == OrderLineStatus.Open || l.Status == OrderLineStatus.PartlyDelivered) && l.PromisedDate >= today));
        }
        var found = new List<OrderDto>();
        var cursor = page.Cursor;
        while (true)
        {
            var batch = await query.ToPageAsync(o => o.Id, o => o.Id, descending: true, new PageRequest(Batch, cursor), OrderReader.Projection(db), r => (r.Id, r.Id), ct);
            foreach (var order in await OrderReader.ToDtosAsync(db, batch.Items, ct))
            {
                if (order.AtRisk != atRisk)
                {
                    continue;
                }
                if (found.Count == page.Limit)
                {
                    return new Page<OrderDto>(found, Keyset.Encode(found[^1].Id, found[^1].Id));
                }
                found.Add(order);
            }
            if (batch.NextCursor is null)
            {
                return new Page<OrderDto>(found, null);
            }
            cursor = batch.NextCursor;
        }
    }

    /// <summary>An order with a line past its promised date and not delivered in full.</summary>
    internal static System.Linq.Expressions.Expression<Func<Order, bool>> Late(DateOnly today) => o =>
        (o.Status == OrderStatus.Confirmed || o.Status == OrderStatus.PartlyDelivered)
        && o.Lines.Any(l => (l.Status == OrderLineStatus.Open || l.Status == OrderLineStatus.PartlyDelivered) && l.PromisedDate < today);

    private static System.Linq.Expressions.Expression<Func<Order, bool>> Not(System.Linq.Expressions.Expression<Func<Order, bool>> e) =>
        System.Linq.Expressions.Expression.Lambda<Func<Order, bool>>(System.Linq.Expressions.Expression.Not(e.Body), e.Parameters);

    /// <summary>The orders the caller sees that pass the filter, risk aside (it is judged line by line); exports read the same.</summary>
    internal static IQueryable<Order> Matching(BridgeheadDb db, OrderFilter filter, DateOnly today)
    {
        var query = db.Orders.AsNoTracking();
        if (filter.AccountId is { } accountId)
        {
            query = query.Where(o => o.AccountId == accountId);
        }
        if (filter.Status is { } status)
        {
            query = query.Where(o => o.Status == status);
        }
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            query = query.Where(o => statuses.Contains(o.Status));
        }
        if (filter.Kind is { } kind)
        {
            query = query.Where(o => o.Kind == kind);
        }
        if (filter.ProductId is { } productId)
        {
            query = query.Where(o => o.Lines.Any(l => l.ProductId == productId));
        }
        if (filter.Late is { } late)
        {
            query = late ? query.Where(Late(today)) : query.Where(Not(Late(today)));
        }
        return query;
    }
}

/// <summary>One order (404 for one the caller may not see, and for the product role).</summary>
public sealed class GetOrder(BridgeheadDb db)
{
    public Task<OrderDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        return OrderReader.ReadAsync(db, id, ct);
    }
}

/// <summary>Writes a draft order: it books no capacity until it is confirmed.</summary>
public sealed class CreateOrder(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<OrderDto> HandleAsync(OrderInput input, CancellationToken ct)
    {
        var order = await AddAsync(db, settings, input, ct);
        await db.SaveAsync(ct);
        return await OrderReader.ReadAsync(db, order.Id, ct);
    }

    /// <summary>Validates and adds the draft to the context, unsaved.</summary>
    internal static async Task<Order> AddAsync(BridgeheadDb db, CurrencySettings settings, OrderInput input, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var resolved = await ResolvedOrder.ValidateAsync(db, settings, input, null, ct);
        var order = new Order
        {
            AccountId = resolved.AccountId,
            Currency = resolved.Currency,
            Status = OrderStatus.Draft,
            CreatedById = viewer.UserId ?? throw new ForbiddenException(CommonText.SystemNeedsOwner),
        };
        resolved.ApplyTo(order);
        db.Orders.Add(order);
        return order;
    }
}

/// <summary>
/// Changes an order; <c>change</c> receives the current values and returns the wanted ones. A
/// draft changes as a whole (its lines replaced); a confirmed, delivered or cancelled order only
/// in its notes and the customer's reference (409 for anything else).
/// </summary>
public sealed class UpdateOrder(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<OrderDto> HandleAsync(long id, long? expectedVersion, Func<OrderInput, OrderInput> change, CancellationToken ct)
    {
        await ChangeAsync(db, settings, id, expectedVersion, change, ct);
        await db.SaveAsync(ct);
        return await OrderReader.ReadAsync(db, id, ct);
    }

    /// <summary>Applies the change to the tracked order, unsaved.</summary>
    internal static async Task<Order> ChangeAsync(BridgeheadDb db, CurrencySettings settings, long id, long? expectedVersion, Func<OrderInput, OrderInput> change, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var order = await OrderReader.ForChangeAsync(db, id, ct);
        Concurrency.Expect(db, order, expectedVersion);
        var current = OrderInput.From(order);
        var wanted = change(current);
        if (order.Status == OrderStatus.Draft)
        {
            var resolved = await ResolvedOrder.ValidateAsync(db, settings, wanted, order, ct);
            resolved.ApplyTo(order);
            return order;
        }
        if (current.DiffersBeyondNotes(wanted))
        {
            throw new ConflictException([Validator.Format(OrderText.Rule_OnlyNotesAfterConfirm, Common.Labels.Of(order.Status))]);
        }
        var v = new Validator();
        var reference = Text.Clean(wanted.CustomerReference);
        var notes = Text.Clean(wanted.Notes);
        v.MaxLength("customerReference", reference, Order.MaxReference);
        v.MaxLength("notes", notes, Order.MaxText);
        v.ThrowIfInvalid();
        order.CustomerReference = reference;
        order.Notes = notes;
        return order;
    }
}
