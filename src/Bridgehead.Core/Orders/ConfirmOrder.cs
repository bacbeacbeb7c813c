using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>A promise the caller was shown for a line, to confirm only if it still holds.</summary>
public sealed record ExpectedPromise(long? LineId, DateOnly? PromisedDate);

/// <summary>The body of POST /orders/{id}/confirm.</summary>
public sealed record ConfirmInput(IReadOnlyList<ExpectedPromise>? ExpectedPromises = null);

/// <summary>A fresh promise for one line, as a 409 lists them when the shown ones no longer hold.</summary>
public sealed record PromiseChange(long? LineId, int Position, long ProductId, DateOnly RequestedDate, DateOnly? PromisedDate, bool MeetsRequest);

/// <summary>A line of an order (or of an order being written) with the promise capacity allows today, booking nothing.</summary>
public sealed record PlannedLine(int Position, long? LineId, long ProductId, string Sku, string Name, string Unit, decimal Quantity, DateOnly RequestedDate, LinePromise Promise);

/// <summary>
/// Confirms a draft: under the products' capacity lock and in one transaction, plans its lines as
/// of today (lead time, engineering days for made-to-order, capacity booked, the calendar), sets
/// each line's promised date and books its capacity week by week. A line that cannot be promised
/// (no lead time, no room within the horizon) is 409 naming it; when the caller sends the promises
/// it was shown and any differs from the fresh plan (someone booked in between), 409 lists the new
/// promises. Either way nothing is saved.
/// </summary>
public sealed class ConfirmOrder(BridgeheadDb db)
{
    public async Task<OrderDto> HandleAsync(long id, long? expectedVersion, ConfirmInput input, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var products = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == id).Select(l => l.ProductId).Distinct().ToListAsync(ct);
        await Booking.LockedAsync(db, products, async () =>
        {
            // Read under the lock, so a confirmation that just committed is seen (409, not a second booking).
            var order = await OrderReader.ForChangeAsync(db, id, ct);
            Concurrency.Expect(db, order, expectedVersion);
            var expected = Booking.ExpectedByLine(order, input.ExpectedPromises);
            await Booking.ConfirmAsync(db, viewer, order, expected, ct);
            await db.SaveAsync(ct);
            return order.Id;
        }, ct);
        return await OrderReader.ReadAsync(db, id, ct);
    }
}

/// <summary>
/// The order entry page's "Confirm order": writes the new order (or the changed draft) and
/// confirms it in one transaction, provided the promises are still the ones the page showed,
/// line by line in order. Nothing is saved when any rule refuses.
/// </summary>
public sealed class PlaceOrder(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<OrderDto> HandleAsync(long? draftId, long? expectedVersion, OrderInput input, IReadOnlyList<DateOnly?>? shown, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var ids = (input.Lines ?? []).Where(l => l?.ProductId is not null).Select(l => l.ProductId!.Value)
            .Concat(input.CallOffPlan?.ProductId is { } p ? [p] : []).Distinct().ToList();
        var id = await Booking.LockedAsync(db, ids, async () =>
        {
            var order = draftId is { } existing
                ? await UpdateOrder.ChangeAsync(db, settings, existing, expectedVersion, _ => input, ct)
                : await CreateOrder.AddAsync(db, settings, input, ct);
            if (order.Status != OrderStatus.Draft)
            {
                throw new ConflictException([Validator.Format(OrderText.Rule_OnlyDraftConfirmed, Labels.Of(order.Status))]);
            }
            await db.SaveAsync(ct);
            Func<IReadOnlyList<OrderLine>, IReadOnlyList<LinePromise>, bool>? expected = shown is null
                ? null
                : (lines, plan) => shown.Count == plan.Count && plan.Select((x, i) => x.PromisedDate == shown[i]).All(same => same);
            await Booking.ConfirmAsync(db, viewer, order, expected, ct);
            await db.SaveAsync(ct);
            return order.Id;
        }, ct);
        return await OrderReader.ReadAsync(db, id, ct);
    }
}

/// <summary>The order entry page's "Check dates": the order as written, validated, with each line's promise; nothing is saved or booked.</summary>
public sealed class PreviewOrder(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<IReadOnlyList<PlannedLine>> HandleAsync(OrderInput input, long? draftId, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var draft = draftId is { } id ? await OrderReader.ForChangeAsync(db, id, ct) : null;
        var resolved = await ResolvedOrder.ValidateAsync(db, settings, input, draft, ct);
        var lines = resolved.Lines.Select((l, i) => (Position: i + 1, LineId: (long?)null, l.ProductId, l.Quantity, l.RequestedDate)).ToList();
        return await Booking.PlanAsync(db, resolved.Kind, resolved.EngineeringDays, lines, ct);
    }
}

/// <summary>A draft's lines with the promise capacity allows today (what confirming would book), booking nothing.</summary>
public sealed class PlanDraft(BridgeheadDb db)
{
    public async Task<IReadOnlyList<PlannedLine>> HandleAsync(long id, CancellationToken ct)
    {
        OrderAccess.RequireReader(db.Viewer);
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, ct)
            ?? throw new NotFoundException("order");
        if (order.Status != OrderStatus.Draft)
        {
            return [];
        }
        var lines = order.Lines.OrderBy(l => l.Position).Select(l => (l.Position, LineId: (long?)l.Id, l.ProductId, l.Quantity, l.RequestedDate)).ToList();
        return await Booking.PlanAsync(db, order.Kind, order.EngineeringDays, lines, ct);
    }
}

/// <summary>The input of a cancellation: why (required).</summary>
public sealed record CancelInput(string? Reason);

/// <summary>
/// Cancels an order: the lines not delivered in full are cancelled and their capacity bookings
/// freed; lines delivered in full keep theirs. The reason is added to the notes. Not after full
/// delivery, and not twice (409).
/// </summary>
public sealed class CancelOrder(BridgeheadDb db)
{
    public const int MaxReason = 1000;

    public async Task<OrderDto> HandleAsync(long id, long? expectedVersion, CancelInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var order = await OrderReader.ForChangeAsync(db, id, ct);
        Concurrency.Expect(db, order, expectedVersion);
        var reason = Text.Clean(input.Reason);
        var v = new Validator();
        v.Required("reason", reason, MaxReason);
        switch (order.Status)
        {
            case OrderStatus.Cancelled:
                throw new ConflictException([OrderText.Rule_AlreadyCancelled]);
            case OrderStatus.Delivered:
                throw new ConflictException([OrderText.Rule_DeliveredNotCancelled]);
            case OrderStatus.Draft:
            case OrderStatus.Confirmed:
            case OrderStatus.PartlyDelivered:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(id));
        }
        v.ThrowIfInvalid();
        var freed = order.Lines.Where(l => l.DeliveredQuantity < l.Quantity).ToList();
        foreach (var line in freed)
        {
            line.Status = OrderLineStatus.Cancelled;
        }
        var freedIds = freed.Select(l => l.Id).ToList();
        db.CapacityBookings.RemoveRange(await db.CapacityBookings.Where(b => freedIds.Contains(b.OrderLineId)).ToListAsync(ct));
        order.Status = OrderStatus.Cancelled;
        var note = Validator.Format(OrderText.CancelledNote, FulfilmentData.TodayOf(db).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reason!);
        var room = Order.MaxText - note.Length - 2;
        order.Notes = order.Notes is null ? note : Text.Excerpt(order.Notes, Math.Max(1, room)) + "\n\n" + note;
        await db.SaveAsync(ct);
        return await OrderReader.ReadAsync(db, id, ct);
    }
}

/// <summary>Planning and booking capacity for orders, shared by confirmation and the previews.</summary>
internal static class Booking
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction (the caller's, or one of its own that commits
    /// when the work is done) holding the capacity lock of the products until after the commit, so
    /// two confirmations never both take the last free units. Nothing stays tracked when it fails.
    /// </summary>
    public static async Task<T> LockedAsync<T>(BridgeheadDb db, IReadOnlyCollection<long> productIds, Func<Task<T>> work, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await using (await CapacityPlanning.LockAsync(db, productIds, ct))
            {
                var result = await work();
                if (own is not null)
                {
                    await own.CommitAsync(ct);
                }
                return result;
            }
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>The promises of the lines as of today, with the products' names; nothing booked.</summary>
    public static async Task<IReadOnlyList<PlannedLine>> PlanAsync(BridgeheadDb db, OrderKind kind, int engineeringDays,
        IReadOnlyList<(int Position, long? LineId, long ProductId, decimal Quantity, DateOnly RequestedDate)> lines, CancellationToken ct)
    {
        var engineering = kind == OrderKind.MadeToOrder ? engineeringDays : 0;
        var plan = await CapacityPlanning.PlanAsync(db, FulfilmentData.TodayOf(db),
            [.. lines.Select(l => new PlanLine(l.ProductId, l.Quantity, l.RequestedDate, engineering))], ct);
        var names = await NamesAsync(db, lines.Select(l => l.ProductId), ct);
        return [.. lines.Select((l, i) =>
        {
            var (sku, name, unit) = names[l.ProductId];
            return new PlannedLine(l.Position, l.LineId, l.ProductId, sku, name, unit, l.Quantity, l.RequestedDate, plan[i]);
        })];
    }

    private static async Task<Dictionary<long, (string Sku, string Name, string Unit)>> NamesAsync(BridgeheadDb db, IEnumerable<long> productIds, CancellationToken ct)
    {
        var ids = productIds.Distinct().ToList();
        return await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => (p.Sku, p.Name, p.Unit), ct);
    }

    /// <summary>The API's expected promises checked against the order's lines (422 naming an unknown line); null when none were sent.</summary>
    public static Func<IReadOnlyList<OrderLine>, IReadOnlyList<LinePromise>, bool>? ExpectedByLine(Order order, IReadOnlyList<ExpectedPromise>? expected)
    {
        if (expected is null)
        {
            return null;
        }
        var v = new Validator();
        var byLine = new Dictionary<long, DateOnly>();
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            if (e?.LineId is not { } lineId || order.Lines.All(l => l.Id != lineId))
            {
                v.Add($"expectedPromises[{i}].lineId", OrderText.UnknownLine);
                continue;
            }
            if (e.PromisedDate is not { } date)
            {
                v.Add($"expectedPromises[{i}].promisedDate", CommonText.Required);
                continue;
            }
            byLine[lineId] = date;
        }
        v.ThrowIfInvalid();
        return (lines, plan) => lines.Select((l, i) => !byLine.TryGetValue(l.Id, out var date) || plan[i].PromisedDate == date).All(same => same);
    }

    /// <summary>Plans the draft's lines as of today, sets the promises, books the capacity and confirms it (the caller saves).</summary>
    public static async Task ConfirmAsync(BridgeheadDb db, Viewer viewer, Order order, Func<IReadOnlyList<OrderLine>, IReadOnlyList<LinePromise>, bool>? matches, CancellationToken ct)
    {
        if (order.Status != OrderStatus.Draft)
        {
            throw new ConflictException([Validator.Format(OrderText.Rule_OnlyDraftConfirmed, Labels.Of(order.Status))]);
        }
        var lines = order.Lines.OrderBy(l => l.Position).ToList();
        if (lines.Count == 0)
        {
            throw new ConflictException([OrderText.Rule_NoLines]);
        }
        var engineering = order.Kind == OrderKind.MadeToOrder ? order.EngineeringDays : 0;
        var plan = await CapacityPlanning.PlanAsync(db, FulfilmentData.TodayOf(db),
            [.. lines.Select(l => new PlanLine(l.ProductId, l.Quantity, l.RequestedDate, engineering))], ct);
        var names = await NamesAsync(db, lines.Select(l => l.ProductId), ct);

        var refused = lines.Select((l, i) => (Line: l, Promise: plan[i])).Where(x => x.Promise.PromisedDate is null).ToList();
        if (refused.Count > 0)
        {
            var conflict = new ConflictException([.. refused.Select(x => Validator.Format(
                x.Promise.Reasons.Contains(PromiseReason.NoLeadTime) ? OrderText.Rule_NoLeadTime : OrderText.Rule_BeyondHorizon,
                x.Line.Position, names[x.Line.ProductId].Sku))]);
            conflict.Extensions["lines"] = refused.Select(x => new { lineId = x.Line.Id, position = x.Line.Position, productId = x.Line.ProductId }).ToList();
            throw conflict;
        }
        if (matches is not null && !matches(lines, plan))
        {
            var conflict = new ConflictException([OrderText.Rule_PromisesChanged]);
            conflict.Extensions["promises"] = lines.Select((l, i) => new PromiseChange(l.Id == 0 ? null : l.Id, l.Position, l.ProductId, l.RequestedDate,
                plan[i].PromisedDate, plan[i].MeetsRequest)).ToList();
            throw conflict;
        }
        for (var i = 0; i < lines.Count; i++)
        {
            lines[i].PromisedDate = plan[i].PromisedDate;
            foreach (var booking in plan[i].Bookings)
            {
                db.CapacityBookings.Add(new CapacityBooking
                {
                    ProductId = lines[i].ProductId,
                    WeekStart = booking.WeekStart,
                    Quantity = booking.Quantity,
                    OrderLineId = lines[i].Id,
                });
            }
        }
        order.Status = OrderStatus.Confirmed;
        order.ConfirmedAt = db.Clock.GetUtcNow().UtcDateTime;
        order.ConfirmedById = viewer.UserId;
    }
}
