using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.ProductRequests;

/// <summary>Requests, their links and statuses for the product request tests.</summary>
public static class RequestSetup
{
    public const string Root = "/api/v1/product-requests";

    public static string ReqPath(long id) => $"{Root}/{id}";

    public static string Version(JsonNode node) => $"\"{node["version"]!.GetValue<long>()}\"";

    /// <summary>A request raised from the pursuits (blocking unless told) and/or accounts.</summary>
    public static Task<JsonNode> RaiseAsync(this HttpClient client, string title, long[]? opportunityIds = null, long[]? accountIds = null, bool? blocking = null) =>
        client.CreateAsync(Root, new { title, detail = "Needs a 40 bar rating", category = "valves", opportunityIds = opportunityIds ?? [], accountIds = accountIds ?? [], blocking });

    /// <summary>Moves the request (the client must be product or admin), expecting success.</summary>
    public static async Task<JsonNode> MoveAsync(this HttpClient product, long id, string status, string note = "Reviewed by development", long? productId = null)
    {
        var response = await product.PostJsonAsync(ReqPath(id) + "/status", new { status, statusNote = note, productId });
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    /// <summary>A POST that names the version it was made on.</summary>
    public static Task<HttpResponseMessage> PostIfMatchAsync(this HttpClient client, string path, object body, string ifMatch)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body, Http.Web), System.Text.Encoding.UTF8, "application/json"),
        };
        message.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(message);
    }

    public static IEnumerable<long> Ids(JsonNode node, string field) => node[field]!.AsArray().Select(x => x!.GetValue<long>());

    public static async Task<List<long>> ListIdsAsync(this HttpClient client, string query) =>
        [.. (await client.GetJsonAsync($"{Root}?{query}"))["items"]!.AsArray().Select(x => x!.Id())];

    /// <summary>Puts a pursuit into a stage by a direct write (stages move through gates otherwise).</summary>
    public static async Task PutInStageAsync(this TestApp app, long opportunityId, string stage)
    {
        await using var db = app.OpenDb();
        await db.Opportunities.Where(o => o.Id == opportunityId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Stage, stage));
    }

    /// <summary>The user's chosen UI language (the timeline speaks it).</summary>
    public static async Task SetLanguageAsync(this TestApp app, long userId, string? language)
    {
        await using var db = app.OpenDb();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, language));
    }

    /// <summary>
    /// Leaving development (productRequestsResolved): the needs say our standard range fits. The
    /// flag is written to the database directly so whatever else the needs hold stays as it is
    /// (the needs API replaces the whole document).
    /// </summary>
    public static async Task MeetDevelopmentGateAsync(this TestApp app, HttpClient client, long accountId, long opportunityId)
    {
        _ = client;
        await using var db = app.OpenDb();
        var needs = await db.OpportunityNeeds.FirstOrDefaultAsync(n => n.OpportunityId == opportunityId);
        if (needs is null)
        {
            db.OpportunityNeeds.Add(new global::Bridgehead.Needs.OpportunityNeeds { AccountId = accountId, OpportunityId = opportunityId, StandardProductFits = true });
        }
        else
        {
            needs.StandardProductFits = true;
        }
        await db.SaveChangesAsync();
    }

    /// <summary>A titled tag unique to a test, so lists can be filtered to its requests.</summary>
    public static string Tag() => Guid.NewGuid().ToString("N")[..10];

    public static string Title(string tag, string what) => $"{what} {tag}";
}
