using System.Globalization;
using System.Text.Json.Nodes;
using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Health;
using Bridgehead.Incidents;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Wallet;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Reports;

/// <summary>
/// Facts for the account reports, written through the system database with dates in the past (the
/// API cannot back-date them). The period is three whole months that ended at least two months ago,
/// so every figure is fixed whatever today is.
/// </summary>
public static class AccountReportsSeed
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>The first day of the period's first month (M0); M1 and M2 follow.</summary>
    public static DateOnly M0 => new DateOnly(Today.Year, Today.Month, 1).AddMonths(-5);

    public static DateOnly M1 => M0.AddMonths(1);

    public static DateOnly M2 => M0.AddMonths(2);

    /// <summary>The last day of month <paramref name="i"/> (0-2); E(2) is the period's end.</summary>
    public static DateOnly E(int i) => M0.AddMonths(i + 1).AddDays(-1);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Label(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The period M0-M2 as a query string.</summary>
    public static string Period => $"from={Iso(M0)}&to={Iso(E(2))}";

    public static async Task<long> AccountAsync(this HttpClient client, string? industry = null, long? applicationId = null) =>
        (await client.CreateAsync("/api/v1/accounts", new
        {
            name = Unique("Report"),
            status = "customer",
            industry,
            applicationIds = applicationId is { } id ? new[] { id } : null,
        })).Id();

    public static async Task<(long Id, string Name)> NamedCompetitorAsync(this TestApp app)
    {
        await using var db = app.OpenDb();
        var name = Unique("Rival");
        var rival = new Competitor { Name = name, SearchName = Text.SearchKey(name) };
        db.Competitors.Add(rival);
        await db.SaveChangesAsync();
        return (rival.Id, name);
    }

    public static async Task ShareAsync(this TestApp app, long accountId, string category, long? competitorId, decimal share, decimal? value, DateOnly asOf,
        string currency = "KRW")
    {
        await using var db = app.OpenDb();
        db.SupplierShares.Add(new SupplierShare
        {
            AccountId = accountId, ProductCategory = category, CategoryKey = Text.SearchKey(category), CompetitorId = competitorId, SharePercent = share,
            AnnualValue = value, Currency = value is null ? null : currency, AsOf = asOf,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>One line as the OTIF tests need it: due (promised) or only requested, what was delivered and when it was in full.</summary>
    public sealed record LineSpec(decimal Quantity, DateOnly Requested, DateOnly? Promised, decimal Delivered, DateOnly? DeliveredOn, bool Cancelled = false);

    /// <summary>An order with the lines given (unit price 1234.5, which no report of quality may show); returns the line ids in order.</summary>
    public static async Task<long[]> OrderAsync(this TestApp app, long accountId, long userId, long productId, OrderStatus status, params LineSpec[] lines)
    {
        await using var db = app.OpenDb();
        var order = new Order
        {
            AccountId = accountId, Kind = OrderKind.Spot, Status = status, Currency = "KRW", OrderedOn = M0.AddMonths(-1), CreatedById = userId,
            ConfirmedAt = status == OrderStatus.Draft ? null : DateTime.UtcNow, ConfirmedById = status == OrderStatus.Draft ? null : userId,
        };
        var position = 1;
        foreach (var l in lines)
        {
            order.Lines.Add(new OrderLine
            {
                AccountId = accountId, Position = position++, ProductId = productId, Quantity = l.Quantity, UnitPrice = 1234.5m,
                RequestedDate = l.Requested, PromisedDate = l.Promised, DeliveredQuantity = l.Delivered, DeliveredOn = l.DeliveredOn,
                Status = Fulfilment.LineStatus(l.Cancelled ? OrderLineStatus.Cancelled : OrderLineStatus.Open, l.Quantity, l.Delivered),
            });
        }
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return [.. order.Lines.OrderBy(l => l.Position).Select(l => l.Id)];
    }

    public static async Task DeliveryAsync(this TestApp app, long accountId, long lineId, long userId, decimal quantity, DateOnly on)
    {
        await using var db = app.OpenDb();
        var orderId = db.OrderLines.Where(l => l.Id == lineId).Select(l => l.OrderId).Single();
        db.Deliveries.Add(new Delivery { AccountId = accountId, OrderId = orderId, OrderLineId = lineId, Quantity = quantity, DeliveredOn = on, RecordedById = userId });
        await db.SaveChangesAsync();
    }

    /// <summary>An incident opened at 10:00 UTC on <paramref name="opened"/>, closed at 09:00 UTC on <paramref name="closed"/> (or still open).</summary>
    public static async Task IncidentAsync(this TestApp app, long accountId, long userId, IncidentSeverity severity, decimal defects, DateOnly opened, DateOnly? closed)
    {
        await using var db = app.OpenDb();
        var at = opened.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
        db.Incidents.Add(new Incident
        {
            AccountId = accountId, Title = "Cracked housing", Severity = severity, DefectQuantity = defects, OpenedAt = at, OpenedById = userId,
            ContainmentDueAt = at + Incident.ContainmentWindow,
            Status = closed is null ? IncidentStatus.Open : IncidentStatus.Closed,
            ClosedAt = closed?.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
        });
        await db.SaveChangesAsync();
    }

    public static async Task SnapshotAsync(this TestApp app, long accountId, DateOnly on, int score)
    {
        await using var db = app.OpenDb();
        db.HealthSnapshots.Add(new HealthSnapshot { AccountId = accountId, ScoredOn = on, Score = score, Band = HealthScorer.BandOf(score) });
        await db.SaveChangesAsync();
    }

    public static async Task CurrentHealthAsync(this TestApp app, long accountId, int score)
    {
        await using var db = app.OpenDb();
        db.AccountHealth.Add(new AccountHealth { AccountId = accountId, Score = score, Band = HealthScorer.BandOf(score), Signals = "[]", ScoredAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    /// <summary>The row of the month starting <paramref name="month"/>.</summary>
    public static JsonNode Month(this JsonNode report, DateOnly month) =>
        report["rows"]!.AsArray().Single(r => r!["month"]!.GetValue<string>() == Label(month))!;

    public static int Num(this JsonNode row, string key) => row[key]!.GetValue<int>();

    /// <summary>A number, or null when the member is null or absent.</summary>
    public static decimal? Dec(this JsonNode row, string key) => row[key] is { } value ? value.GetValue<decimal>() : null;

    public static string? Txt(this JsonNode row, string key) => row[key]?.GetValue<string>();
}
