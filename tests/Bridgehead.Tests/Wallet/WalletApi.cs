using System.Globalization;
using System.Text.Json.Nodes;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Wallet;

/// <summary>Share of wallet and slips through the API, as the wallet tests drive them.</summary>
public static class WalletApi
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static string Day(int daysAgo) => Today.AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Shares(long accountId) => $"/api/v1/accounts/{accountId}/supplier-shares";

    public static string Slips(long accountId) => $"/api/v1/accounts/{accountId}/incumbent-events";

    public static async Task<long> NewCompetitorAsync(this HttpClient client, string name = "Rival") =>
        (await client.CreateAsync("/api/v1/competitors", new { name = Unique(name) })).Id();

    public static Task<JsonNode> NewShareAsync(this HttpClient client, long accountId, string category, long? competitorId, decimal share, int daysAgo,
        decimal? value = null, string currency = "KRW") =>
        client.CreateAsync(Shares(accountId), new
        {
            productCategory = category,
            supplier = competitorId is null ? "us" : "competitor",
            competitorId,
            sharePercent = share,
            annualValue = value is null ? null : new { amount = value, currency },
            asOf = Day(daysAgo),
        });

    public static Task<JsonNode> NewSlipAsync(this HttpClient client, long accountId, long competitorId, string kind, int daysAgo, string severity = "major") =>
        client.CreateAsync(Slips(accountId), new { competitorId, kind, severity, occurredOn = Day(daysAgo) });

    public static decimal Dec(this JsonNode? node, string field) => node![field]!.GetValue<decimal>();
}
