using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Orders;

/// <summary>/api/v1/orders and /api/v1/deliveries: orders, their confirmation against capacity, deliveries and on-time-in-full.</summary>
public static class OrdersApi
{
    private const string PriceNote = " `unitPrice`, `lineTotal` and `total` are absent for quality and product (the currency stays).";

    public static void Map(RouteGroupBuilder api)
    {
        // Reads are open to every signed-in role: the record filters decide (quality reads all
        // orders, the product role none: 404 on one, 403 on lists).
        var g = api.MapGroup("/orders").WithTags("Orders").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/", async (ListOrders list, [AsParameters] OrderQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("Orders of the accounts the caller sees (quality, viewer and admin: all), newest first. Filters: `accountId`, `status`, `kind`, `productId`, `atRisk` (true: a line at risk of being late), `late` (true: a line past its promised date)." + PriceNote);

        g.MapGet("/otif", async (DateOnly? from, DateOnly? to, string? by, long? accountId, long? productId, GetOtif otif, CancellationToken ct) =>
                await otif.HandleAsync(new OtifQuery(from, to, QueryValues.Enum<OtifGrouping>(by, "by"), accountId, productId), ct))
            .WithSummary("On time in full over the lines promised from `from` to `to` (default the last 12 months), grouped `by` account (default), product or order, worst first, with `overall` for all of them. A line counts once due or delivered in full; optional `accountId`, `productId`.");

        g.MapGet("/{id:long}", async (long id, GetOrder get, HttpResponse response, CancellationToken ct) =>
            {
                var order = await get.HandleAsync(id, ct);
                ETags.Set(response, order.Version);
                return order;
            })
            .WithSummary("One order with its lines (requested and promised dates, delivered, OTIF, late, at risk with the reasons), deliveries and OTIF summary; the ETag is `version`." + PriceNote);

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetOrderHistory history, CancellationToken ct) =>
                await history.HandleAsync(id, PageRequest.Of(limit, cursor), ct))
            .WithSummary("Changes to the order, its lines and its deliveries, newest first; prices dropped for quality, costs for all but managers and admins.");

        g.MapPost("/", async (OrderInput body, CreateOrder create, HttpResponse response, CancellationToken ct) =>
            {
                var order = await create.HandleAsync(body, ct);
                ETags.Set(response, order.Version);
                return Results.Created($"/api/v1/orders/{order.Id}", order);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Write a draft (sales roles). Scheduled: `contractId` (signed, not ended, same account) and `lines` or a `callOffPlan` { productId, quantityPerCallOff, firstDate, rhythm, count 1-52 } expanded into one line per call-off at the contract's price; call-offs beyond the contract's remaining volume are 422 naming the field. Made-to-order: `specification` and `engineeringDays` (0-365). `currency` defaults to the contract's, else the base currency. Honours Idempotency-Key.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateOrder update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var order = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, order.Version);
                return order;
            })
            .Accepts<OrderInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change a draft (JSON merge patch; `lines` replace the whole list). Once confirmed only `notes` and `customerReference` change (409 otherwise).");

        g.MapPost("/{id:long}/confirm", async (long id, ConfirmInput? body, ConfirmOrder confirm, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await confirm.HandleAsync(id, ETags.Expected(request), body ?? new ConfirmInput(), ct), response))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Confirm a draft: promise each line as of today (lead time, engineering days, booked capacity, calendar) and book its capacity. 409 naming a line that cannot be promised; with `expectedPromises` [{ lineId, promisedDate }], 409 listing the new `promises` when any differs. Nothing is saved on 409.");

        g.MapPost("/{id:long}/cancel", async (long id, CancelInput body, CancelOrder cancel, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await cancel.HandleAsync(id, ETags.Expected(request), body, ct), response))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Cancel with a `reason`: lines not delivered in full are cancelled and their capacity freed. 409 once delivered in full.");

        g.MapPost("/{id:long}/lines/{lineId:long}/deliveries", async (long id, long lineId, DeliveryInput body, RecordDelivery record, HttpResponse response, CancellationToken ct) =>
            {
                var (order, deliveryId) = await record.HandleAsync(id, lineId, body, ct);
                ETags.Set(response, order.Version);
                return Results.Created($"/api/v1/deliveries/{deliveryId}", order);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Record a delivery against a line of a confirmed order: `quantity` > 0, `deliveredOn` (default today, not in the future), `note`. More than the line still lacks is 422 unless `allowOver` is true. Answers the order with the line's and order's new status.");

        var d = api.MapGroup("/deliveries").WithTags("Orders").RequireAuthorization(Policies.ReadAccounts);

        d.MapGet("/{id:long}", async (long id, GetDelivery get, HttpResponse response, CancellationToken ct) =>
            {
                var delivery = await get.HandleAsync(id, ct);
                ETags.Set(response, delivery.Version);
                return delivery;
            })
            .WithSummary("One delivery.");

        d.MapDelete("/{id:long}", async (long id, UndoDelivery undo, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await undo.HandleAsync(id, ETags.Expected(request), ct), response))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Undo a delivery recorded by mistake (If-Match optional): the line's and the order's figures are worked out again. Answers the order. 409 on a cancelled order.");
    }

    private static OrderDto Done(OrderDto order, HttpResponse response)
    {
        ETags.Set(response, order.Version);
        return order;
    }

    /// <summary>Query parameters of the order list.</summary>
    public sealed record OrderQuery(long? AccountId, string? Status, string? Kind, long? ProductId, bool? AtRisk, bool? Late, int? Limit, string? Cursor)
    {
        public OrderFilter ToFilter() => new()
        {
            AccountId = AccountId,
            Status = QueryValues.Enum<OrderStatus>(Status, "status"),
            Kind = QueryValues.Enum<OrderKind>(Kind, "kind"),
            ProductId = ProductId,
            AtRisk = AtRisk,
            Late = Late,
        };
    }
}
