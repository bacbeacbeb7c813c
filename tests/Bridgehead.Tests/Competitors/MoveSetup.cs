using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Competitors;

/// <summary>Competitors, accounts and moves for the competitor move tests.</summary>
public static class MoveSetup
{
    public const string Moves = "/api/v1/competitor-moves";

    public static string MovePath(long id) => $"{Moves}/{id}";

    public static string Version(JsonNode node) => $"\"{node["version"]!.GetValue<long>()}\"";

    public static string Day(int daysAgo) =>
        DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A new rival with a unique name; every test scopes its feed to its own rival.</summary>
    public static async Task<long> NewCompetitorAsync(this HttpClient client, string name = "Rival") =>
        (await client.CreateAsync("/api/v1/competitors", new { name = Unique(name) })).Id();

    /// <summary>An account owned by the caller, in an industry (or none).</summary>
    public static async Task<JsonNode> NewAccountInAsync(this HttpClient client, string? industry, params long[] teamMemberIds)
    {
        var account = await client.NewAccountAsync(teamMemberIds);
        if (industry is null)
        {
            return account;
        }
        var patched = await client.PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { industry });
        await patched.ExpectAsync(HttpStatusCode.OK);
        return await patched.JsonAsync();
    }

    public static Task<JsonNode> NewMoveAsync(this HttpClient client, long competitorId, string title = "Cut list prices by 8%", string kind = "priceCut",
        long? accountId = null, long? opportunityId = null, string? industry = null, long? applicationId = null, string? impact = null, string? occurredOn = null) =>
        client.CreateAsync(Moves, new { competitorId, kind, title, accountId, opportunityId, industry, applicationId, impact, occurredOn });

    /// <summary>The ids in the feed for a query (first page of up to 500).</summary>
    public static async Task<List<long>> FeedIdsAsync(this HttpClient client, string query) =>
        [.. (await client.GetJsonAsync($"{Moves}?limit=500&{query}"))["items"]!.AsArray().Select(m => m!.Id())];
}
