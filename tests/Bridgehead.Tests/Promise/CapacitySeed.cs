using System.Text.Json.Nodes;
using Bridgehead.Calendar;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Promise;

/// <summary>Products with production facts, and capacity bookings written straight into the database the way a confirmed order leaves them.</summary>
public static class CapacitySeed
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<JsonNode> ProductAsync(this TestApp app, int? leadTime, decimal? capacity, decimal? batch = null, bool active = true)
    {
        using var admin = app.Client(await app.CreateUserAsync(Role.Admin));
        return await admin.CreateAsync("/api/v1/products", new
        {
            sku = Bridgehead.Tests.Products.ProductsApiTests.NewSku("CTP"),
            name = "Promise test product",
            unit = "pcs",
            currency = "KRW",
            listPrice = new { amount = 98765m, currency = "KRW" },
            unitCost = new { amount = 54321m, currency = "KRW" },
            productionLeadTimeDays = leadTime,
            weeklyCapacity = capacity,
            minimumBatch = batch,
            isActive = active,
        });
    }

    /// <summary>Books the quantities for the product through a confirmed order of an account of its own (another team's, to the caller).</summary>
    public static async Task BookAsync(this TestApp app, long productId, params (DateOnly WeekStart, decimal Quantity)[] weeks)
    {
        var owner = await app.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        await using var db = app.OpenDb();
        var account = new Bridgehead.Accounts.Account { Name = "Booked " + Guid.NewGuid().ToString("N")[..8], SearchName = "", OwnerId = owner.Id };
        account.SearchName = Bridgehead.Common.Text.SearchKey(account.Name);
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        var order = new Order
        {
            AccountId = account.Id,
            Kind = OrderKind.Spot,
            Status = OrderStatus.Confirmed,
            Currency = "KRW",
            OrderedOn = Today,
            CreatedById = owner.Id,
        };
        var line = new OrderLine
        {
            AccountId = account.Id,
            Position = 1,
            ProductId = productId,
            Quantity = weeks.Sum(w => w.Quantity),
            RequestedDate = weeks.Max(w => w.WeekStart),
            PromisedDate = weeks.Max(w => w.WeekStart),
        };
        order.Lines.Add(line);
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        db.CapacityBookings.AddRange(weeks.Select(w => new CapacityBooking { ProductId = productId, WeekStart = w.WeekStart, Quantity = w.Quantity, OrderLineId = line.Id }));
        await db.SaveChangesAsync();
    }

    /// <summary>The bookings of a product as stored: (week, quantity) in order.</summary>
    public static async Task<List<(DateOnly, decimal)>> BookingsAsync(this TestApp app, long productId)
    {
        await using var db = app.OpenDb();
        var rows = await db.CapacityBookings.AsNoTracking().Where(b => b.ProductId == productId).OrderBy(b => b.WeekStart).ThenBy(b => b.Id)
            .Select(b => new { b.WeekStart, b.Quantity }).ToListAsync();
        return [.. rows.Select(r => (r.WeekStart, r.Quantity))];
    }

    /// <summary>The calendar promises are computed with, read from the database.</summary>
    public static async Task<WorkingCalendar> CalendarAsync(this TestApp app)
    {
        await using var db = app.OpenDb();
        return await WorkingCalendars.LoadAsync(db, CancellationToken.None);
    }
}
