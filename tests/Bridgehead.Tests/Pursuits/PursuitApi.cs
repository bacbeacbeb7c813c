using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Pursuits;

/// <summary>
/// The pursuit engine through the API, as the engine tests drive it: opportunities, the records
/// that meet their gates (all written through the API, as a user would), moves and pipelines.
/// </summary>
public static class PursuitApi
{
    public static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    public static string PathOf(long opportunityId) => $"/api/v1/opportunities/{opportunityId}";

    public static string PathOf(JsonNode opportunity) => PathOf(opportunity.Id());

    /// <summary>An account owned by the caller, with these reps on its account team.</summary>
    public static Task<JsonNode> NewAccountAsync(this HttpClient client, params long[] teamMemberIds) =>
        client.CreateAsync("/api/v1/accounts", new { name = Unique("Account"), teamMemberIds });

    /// <summary>A new pursuit at the account, in the default pipeline unless one is named.</summary>
    public static Task<JsonNode> NewOpportunityAsync(this HttpClient client, long accountId, long? pipelineId = null, string title = "Deal") =>
        client.CreateAsync("/api/v1/opportunities", pipelineId is null
            ? new { accountId, title = Unique(title) }
            : new { accountId, title = Unique(title), pipelineId });

    public static Task<HttpResponseMessage> AdvanceAsync(this HttpClient client, long opportunityId, object? body = null) =>
        client.PostJsonAsync(PathOf(opportunityId) + "/advance", body ?? new { });

    public static Task<HttpResponseMessage> CloseAsync(this HttpClient client, long opportunityId, object body) =>
        client.PostJsonAsync(PathOf(opportunityId) + "/close", body);

    public static Task<HttpResponseMessage> ReopenAsync(this HttpClient client, long opportunityId, object body) =>
        client.PostJsonAsync(PathOf(opportunityId) + "/reopen", body);

    public static Task<JsonNode> GateAsync(this HttpClient client, long opportunityId) =>
        client.GetJsonAsync(PathOf(opportunityId) + "/gate");

    public static async Task<JsonArray> StageHistoryAsync(this HttpClient client, long opportunityId) =>
        (await client.GetJsonAsync(PathOf(opportunityId) + "/stage-history")).AsArray();

    /// <summary>Each criterion of a gate by key: met or not.</summary>
    public static Dictionary<string, bool> Verdicts(JsonNode gate) =>
        gate["criteria"]!.AsArray().ToDictionary(c => c!["key"]!.GetValue<string>(), c => c!["met"]!.GetValue<bool>());

    public static string Str(this JsonNode? node, string field) => node![field]!.GetValue<string>();

    /// <summary>The keys of the unmet criteria in a 409 from advance.</summary>
    public static async Task<List<string>> UnmetKeysAsync(HttpResponseMessage blocked)
    {
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        var problem = await blocked.JsonAsync();
        return [.. problem["unmet"]!.AsArray().Select(u => u!.Str("key")).Order(StringComparer.Ordinal)];
    }

    /// <summary>The id of the application "boilers" (machinery, ISIC 28) every test database starts with.</summary>
    public static async Task<long> BoilersAsync(this HttpClient client) =>
        (await client.GetJsonAsync("/api/v1/applications?industry=28"))["items"]!.AsArray()
            .Single(a => a!["nameEn"]!.GetValue<string>() == "boilers")!.Id();

    /// <summary>Leaving prospecting: the account's industry and application (accountProfiled).</summary>
    public static async Task ProfileAccountAsync(this HttpClient client, long accountId) =>
        await (await client.PatchJsonAsync($"/api/v1/accounts/{accountId}", new { industry = "28", applicationIds = new[] { await client.BoilersAsync() } }))
            .ExpectAsync(HttpStatusCode.OK);

    /// <summary>Leaving prospecting and needs: the pursuit's product category and application (categoryKnown).</summary>
    public static async Task NameCategoryAsync(this HttpClient client, long opportunityId) =>
        await (await client.PatchJsonAsync(PathOf(opportunityId), new { productCategory = "valves", applicationId = await client.BoilersAsync() }))
            .ExpectAsync(HttpStatusCode.OK);

    /// <summary>Leaving contact: someone at the account (contactKnown).</summary>
    public static Task<JsonNode> AddContactAsync(this HttpClient client, long accountId) =>
        client.CreateAsync("/api/v1/contacts", new { accountId, name = "Kim Buyer" });

    /// <summary>Leaving contact to testing: work on the pursuit in the last 30 days (recentActivity).</summary>
    public static Task<JsonNode> LogActivityAsync(this HttpClient client, long accountId, long opportunityId, DateTime? at = null) =>
        client.CreateAsync("/api/v1/activities", new { accountId, opportunityId, kind = "call", subject = "Checked in", occurredAt = at ?? DateTime.UtcNow });

    /// <summary>Leaving quote: estimated annual value and expected close date (valueEstimated).</summary>
    public static async Task EstimateValueAsync(this HttpClient client, long opportunityId) =>
        await (await client.PatchJsonAsync(PathOf(opportunityId), new { estimatedAnnualValue = new { amount = 50000000m, currency = "KRW" }, expectedCloseDate = "2027-06-30" }))
            .ExpectAsync(HttpStatusCode.OK);

    /// <summary>Leaving negotiation and testing: an open task on the pursuit (nextStepPlanned).</summary>
    public static Task<JsonNode> PlanNextStepAsync(this HttpClient client, long accountId, long opportunityId) =>
        client.CreateAsync("/api/v1/tasks", new
        {
            accountId, opportunityId, title = "Send the next sample", dueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7)).ToString("yyyy-MM-dd"),
        });

    /// <summary>Leaving prospecting: why now and how we get in (entryAngle).</summary>
    public static async Task StateEntryAngleAsync(this HttpClient client, long opportunityId) =>
        await (await client.PatchJsonAsync(PathOf(opportunityId), new { entryAngle = "The incumbent missed two deliveries this quarter." }))
            .ExpectAsync(HttpStatusCode.OK);

    /// <summary>Leaving contact: the route decided with a rationale (routeDecided); direct unless told.</summary>
    public static async Task DecideRouteAsync(this HttpClient client, long opportunityId, object? body = null) =>
        await (await client.PostJsonAsync(PathOf(opportunityId) + "/route", body ?? new { decision = "direct", rationale = "We know the buyer and ship from Korea." }))
            .ExpectAsync(HttpStatusCode.OK);

    /// <summary>
    /// Every criterion of prospecting met: the account's profile, the pursuit's category, a share
    /// of wallet for it (written through the database) and the entry angle.
    /// </summary>
    public static async Task MeetProspectingGateAsync(this TestApp app, HttpClient client, long accountId, long opportunityId)
    {
        await client.ProfileAccountAsync(accountId);
        await client.NameCategoryAsync(opportunityId);
        await app.RecordShareAsync(accountId);
        await client.StateEntryAngleAsync(opportunityId);
    }

    /// <summary>
    /// Every criterion of contact met: a contact, recent activity, purchasing and engineering in
    /// the buying center with pains (written through the database) and the route decided.
    /// </summary>
    public static async Task MeetContactGateAsync(this TestApp app, HttpClient client, long accountId, long opportunityId)
    {
        await client.AddContactAsync(accountId);
        await client.LogActivityAsync(accountId, opportunityId);
        await app.MapBuyingCenterAsync(accountId, opportunityId);
        await client.DecideRouteAsync(opportunityId);
    }

    /// <summary>Every criterion the product knows, met for this pursuit.</summary>
    public static async Task MeetEveryGateAsync(this TestApp app, HttpClient client, long accountId, long opportunityId)
    {
        await app.MeetProspectingGateAsync(client, accountId, opportunityId);
        await app.MeetContactGateAsync(client, accountId, opportunityId);
        await client.EstimateValueAsync(opportunityId);
        await client.PlanNextStepAsync(accountId, opportunityId);
        await Needs.NeedsSetup.MeetNeedsGateAsync(client, opportunityId);
        await ProductRequests.RequestSetup.MeetDevelopmentGateAsync(app, client, accountId, opportunityId);
        await Bridgehead.Tests.Quotes.QuoteSetup.MeetQuoteGateAsync(app, client, accountId, opportunityId);
        await Feedback.FeedbackSetup.MeetFeedbackGateAsync(client, opportunityId);
        await Negotiation.NegotiationGate.MeetNegotiationGateAsync(client, opportunityId);
        await Trials.TrialsSetup.MeetTestingTrialsAsync(app, client, accountId, opportunityId);
        await Contracts.ContractSetup.MeetContractGateAsync(app, client, accountId, opportunityId);
    }

    /// <summary>The default pipeline (the first of the list).</summary>
    public static async Task<JsonNode> DefaultPipelineAsync(this HttpClient client)
    {
        var first = (await client.GetJsonAsync("/api/v1/pipelines"))["items"]![0]!;
        Assert.True(first["isDefault"]!.GetValue<bool>());
        return first;
    }

    /// <summary>
    /// An admin's copy of the default pipeline: tests that change pipeline settings change their
    /// own, never the shared default other tests rely on.
    /// </summary>
    public static async Task<JsonNode> NewPipelineAsync(this TestApp app, TestUser? admin = null, object? stages = null)
    {
        admin ??= await app.CreateUserAsync(Role.Admin);
        using var client = app.Client(admin);
        var standard = await client.DefaultPipelineAsync();
        var pipeline = await client.CreateAsync("/api/v1/pipelines", new { nameEn = Unique("Line"), copyFrom = standard.Id() });
        if (stages is null)
        {
            return pipeline;
        }
        var changed = await client.PatchJsonAsync($"/api/v1/pipelines/{pipeline.Id()}", new { stages });
        await changed.ExpectAsync(HttpStatusCode.OK);
        return await changed.JsonAsync();
    }

    /// <summary>A stage of a pipeline by key.</summary>
    public static JsonNode StageOf(JsonNode pipeline, string key) =>
        pipeline["stages"]!.AsArray().Single(s => s!.Str("key") == key)!;
}
