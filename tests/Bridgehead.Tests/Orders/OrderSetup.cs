using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Calendar;
using Bridgehead.Contracts;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Orders;

/// <summary>Products with production facts, contracts and orders for the order tests.</summary>
public static class OrderSetup
{
    public static string OrderPath(long id) => $"/api/v1/orders/{id}";

    /// <summary>Today as the server counts it (UTC).</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Inv(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string ETag(JsonNode order) => $"\"{order["version"]!.GetValue<long>()}\"";

    public static decimal Amount(JsonNode? money) => money!["amount"]!.GetValue<decimal>();

    public static DateOnly Date(JsonNode? node) => DateOnly.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);

    /// <summary>
    /// A catalogue product (list price, cost 600 KRW) made through the API, with its production
    /// facts written to the database, so the test does not depend on how the product form names them.
    /// </summary>
    public static async Task<long> NewOrderProductAsync(this TestApp app, int? leadTimeDays, decimal? weeklyCapacity, decimal? minimumBatch = null,
        decimal listPrice = 1000m, string currency = "KRW")
    {
        using var admin = app.Client(await app.CreateUserAsync(Role.Admin));
        var sku = "O-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var product = await admin.CreateAsync("/api/v1/products", new
        {
            sku,
            name = "Flange " + sku,
            unit = "pcs",
            currency,
            unitCost = new { amount = 600m, currency },
            listPrice = new { amount = listPrice, currency },
        });
        await using var db = app.OpenDb();
        var entity = await db.Products.SingleAsync(p => p.Id == product.Id());
        entity.ProductionLeadTimeDays = leadTimeDays;
        entity.WeeklyCapacity = weeklyCapacity;
        entity.MinimumBatch = minimumBatch;
        await db.SaveChangesAsync();
        return product.Id();
    }

    /// <summary>Changes a product's production facts behind the orders' back (capacity lowered, lead time raised).</summary>
    public static async Task SetFactsAsync(this TestApp app, long productId, int? leadTimeDays, decimal? weeklyCapacity)
    {
        await using var db = app.OpenDb();
        var entity = await db.Products.SingleAsync(p => p.Id == productId);
        entity.ProductionLeadTimeDays = leadTimeDays;
        entity.WeeklyCapacity = weeklyCapacity;
        await db.SaveChangesAsync();
    }

    /// <summary>A contract of the account, written to the database (contracts have their own module).</summary>
    public static async Task<long> NewContractAsync(this TestApp app, long accountId, long createdById, params (long ProductId, decimal Quantity, decimal UnitPrice)[] lines) =>
        await app.NewContractAsync(accountId, createdById, Today.AddDays(-30), Today.AddYears(1), isSigned: true, "KRW", lines);

    public static async Task<long> NewContractAsync(this TestApp app, long accountId, long createdById, DateOnly startsOn, DateOnly endsOn, bool isSigned, string currency,
        params (long ProductId, decimal Quantity, decimal UnitPrice)[] lines)
    {
        await using var db = app.OpenDb();
        var contract = new Contract
        {
            AccountId = accountId,
            Number = "C-" + Guid.NewGuid().ToString("N")[..8],
            StartsOn = startsOn,
            EndsOn = endsOn,
            SignedOn = isSigned ? startsOn : null,
            Currency = currency,
            CreatedById = createdById,
        };
        var position = 1;
        foreach (var (productId, quantity, unitPrice) in lines)
        {
            contract.Lines.Add(new ContractLine { AccountId = accountId, ProductId = productId, Quantity = quantity, UnitPrice = unitPrice, Position = position++ });
        }
        db.Contracts.Add(contract);
        await db.SaveChangesAsync();
        return contract.Id;
    }

    public static object Line(long productId, decimal quantity, DateOnly requested, decimal? unitPrice = null) =>
        unitPrice is { } price
            ? new { productId, quantity, requestedDate = Iso(requested), unitPrice = new { amount = price } }
            : new { productId, quantity, requestedDate = Iso(requested) };

    /// <summary>A spot draft for the account with the lines given.</summary>
    public static Task<JsonNode> NewSpotAsync(this HttpClient client, long accountId, params object[] lines) =>
        client.CreateAsync("/api/v1/orders", new { accountId, kind = "spot", lines });

    public static Task<HttpResponseMessage> ConfirmAsync(this HttpClient client, long orderId, object? body = null) =>
        client.PostJsonAsync(OrderPath(orderId) + "/confirm", body ?? new { });

    /// <summary>Confirms and returns the confirmed order (200 expected).</summary>
    public static async Task<JsonNode> ConfirmedAsync(this HttpClient client, long orderId)
    {
        var response = await client.ConfirmAsync(orderId);
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    public static Task<HttpResponseMessage> DeliverAsync(this HttpClient client, long orderId, long lineId, object body) =>
        client.PostJsonAsync($"{OrderPath(orderId)}/lines/{lineId}/deliveries", body);

    /// <summary>The capacity booked for a product, week by week, across all orders.</summary>
    public static async Task<Dictionary<DateOnly, decimal>> BookedAsync(this TestApp app, long productId)
    {
        await using var db = app.OpenDb();
        var rows = await db.CapacityBookings.AsNoTracking().Where(b => b.ProductId == productId).Select(b => new { b.WeekStart, b.Quantity }).ToListAsync();
        return rows.GroupBy(r => r.WeekStart).ToDictionary(g => g.Key, g => g.Sum(r => r.Quantity));
    }

    /// <summary>The working calendar as the server reads it now.</summary>
    public static async Task<WorkingCalendar> CalendarAsync(this TestApp app)
    {
        await using var db = app.OpenDb();
        return await WorkingCalendars.LoadAsync(db, CancellationToken.None);
    }

    /// <summary>Sets a line's promised date (and delivery facts) in the database, as if it had been confirmed and delivered on other days.</summary>
    public static async Task SetLineAsync(this TestApp app, long lineId, DateOnly? promised, decimal? delivered = null, DateOnly? deliveredOn = null)
    {
        await using var db = app.OpenDb();
        var line = await db.OrderLines.SingleAsync(l => l.Id == lineId);
        line.PromisedDate = promised;
        if (delivered is { } d)
        {
            line.DeliveredQuantity = d;
            line.DeliveredOn = deliveredOn;
            line.Status = d >= line.Quantity ? OrderLineStatus.Delivered : d > 0 ? OrderLineStatus.PartlyDelivered : OrderLineStatus.Open;
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// An order written straight to the database with the status and lines given (promised dates,
    /// deliveries already made), for reports over the past.
    /// </summary>
    public static async Task<(long OrderId, long[] LineIds)> InsertOrderAsync(this TestApp app, long accountId, long createdById, OrderStatus status,
        params (long ProductId, decimal Quantity, DateOnly Promised, decimal Delivered, DateOnly? DeliveredOn, OrderLineStatus? Status)[] lines)
    {
        await using var db = app.OpenDb();
        var order = new Order
        {
            AccountId = accountId,
            Kind = OrderKind.Spot,
            Status = status,
            Currency = "KRW",
            OrderedOn = Today.AddDays(-60),
            CreatedById = createdById,
            ConfirmedAt = status == OrderStatus.Draft ? null : DateTime.UtcNow.AddDays(-60),
        };
        var position = 1;
        foreach (var l in lines)
        {
            order.Lines.Add(new OrderLine
            {
                AccountId = accountId,
                Position = position++,
                ProductId = l.ProductId,
                Quantity = l.Quantity,
                UnitPrice = 1234.5m,
                RequestedDate = l.Promised,
                PromisedDate = status == OrderStatus.Draft ? null : l.Promised,
                DeliveredQuantity = l.Delivered,
                DeliveredOn = l.DeliveredOn,
                Status = l.Status ?? (l.Delivered >= l.Quantity ? OrderLineStatus.Delivered : l.Delivered > 0 ? OrderLineStatus.PartlyDelivered : OrderLineStatus.Open),
            });
        }
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return (order.Id, [.. order.Lines.OrderBy(l => l.Position).Select(l => l.Id)]);
    }
}
