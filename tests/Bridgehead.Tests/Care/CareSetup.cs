using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bridgehead.Common;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Orders;
using Bridgehead.Wallet;

namespace Bridgehead.Tests.Care;

/// <summary>Customers, orders, wallet entries and touches for the care tests.</summary>
public static class CareSetup
{
    private static readonly ConcurrentDictionary<Provider, Lazy<Task<TestApp>>> OwnApps = new();

    /// <summary>
    /// A server of the care tests' own: saving a plan re-places every customer of the database, which
    /// must not move the tiers other test classes read on the shared server.
    /// </summary>
    public static async Task<TestApp> OwnAppAsync(Provider provider)
    {
        if (provider == Provider.Postgres && (await PostgresServer.InstanceAsync()).SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
        return await OwnApps.GetOrAdd(provider, p => new Lazy<Task<TestApp>>(async () =>
        {
            var app = await TestApp.StartAsync(p);
            Cleanup.AtExit(() => app.Web.StopAsync().GetAwaiter().GetResult());
            return app;
        })).Value;
    }

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static string Unique(string name) => name + " " + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A customer account of the client's user (status customer), optionally with more fields.</summary>
    public static async Task<JsonNode> CustomerAsync(this HttpClient client, string name = "Care", object? extra = null)
    {
        var body = new JsonObject { ["name"] = Unique(name), ["status"] = "customer" };
        if (extra is not null)
        {
            foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(extra, Http.Web)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }
        return await client.CreateAsync("/api/v1/accounts", body);
    }

    /// <summary>A visit (or other touch) logged on the account, so many days ago.</summary>
    public static async Task TouchAsync(this HttpClient client, long accountId, int daysAgo, string kind = "visit") =>
        await client.CreateAsync("/api/v1/activities", new { accountId, kind, subject = "Care " + kind, occurredAt = DateTime.UtcNow.AddDays(-daysAgo) });

    /// <summary>An order written straight to the database: one line per (quantity, unit price, line status).</summary>
    public static async Task OrderAsync(this TestApp app, long accountId, long userId, OrderStatus status, string currency, int orderedDaysAgo,
        params (decimal Quantity, decimal? Price, OrderLineStatus Status)[] lines)
    {
        var product = await app.NewOrderProductAsync(1, null);
        await using var db = app.OpenDb();
        var order = new Order
        {
            AccountId = accountId,
            Kind = OrderKind.Spot,
            Status = status,
            Currency = currency,
            OrderedOn = Today.AddDays(-orderedDaysAgo),
            CreatedById = userId,
            ConfirmedAt = status == OrderStatus.Draft ? null : DateTime.UtcNow.AddDays(-orderedDaysAgo),
        };
        var position = 1;
        foreach (var l in lines)
        {
            order.Lines.Add(new OrderLine
            {
                AccountId = accountId, Position = position++, ProductId = product, Quantity = l.Quantity, UnitPrice = l.Price,
                RequestedDate = Today, PromisedDate = status == OrderStatus.Draft ? null : Today, Status = l.Status,
            });
        }
        db.Orders.Add(order);
        await db.SaveChangesAsync();
    }

    /// <summary>A supplier-share entry with its annual value.</summary>
    public static async Task ShareAsync(this TestApp app, long accountId, string category, decimal percent, decimal annualValue, string currency, int daysAgo = 0, long? competitorId = null)
    {
        await using var db = app.OpenDb();
        db.SupplierShares.Add(new SupplierShare
        {
            AccountId = accountId, ProductCategory = category, CategoryKey = Text.SearchKey(category), CompetitorId = competitorId,
            SharePercent = percent, AnnualValue = annualValue, Currency = currency, AsOf = Today.AddDays(-daysAgo),
        });
        await db.SaveChangesAsync();
    }

    public static async Task RateAsync(this TestApp app, string currency, decimal rate)
    {
        await using var db = app.OpenDb();
        if (db.ExchangeRates.FirstOrDefault(r => r.Currency == currency) is { } existing)
        {
            existing.Rate = rate;
        }
        else
        {
            db.ExchangeRates.Add(new Bridgehead.Forecasting.ExchangeRate { Currency = currency, Rate = rate });
        }
        await db.SaveChangesAsync();
    }

    public static async Task<string?> TierAsync(this HttpClient client, long accountId) =>
        (await client.GetJsonAsync($"/api/v1/accounts/{accountId}"))["tier"]?.GetValue<string>();

    public static async Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await client.SendAsync(request);
    }

    public static async Task ExpectOkAsync(this HttpResponseMessage response) => await response.ExpectAsync(HttpStatusCode.OK);
}
