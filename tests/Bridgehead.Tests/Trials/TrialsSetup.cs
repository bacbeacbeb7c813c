using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Trials;

/// <summary>A pursuit whose trials a test drives through the API: its owner (a rep in a new team) plans, a quality user records.</summary>
public sealed record Trial(TestUser Owner, HttpClient Api, TestUser QualityUser, HttpClient Quality, long AccountId, long OpportunityId)
{
    public string Path => PlanPath(OpportunityId);

    public static string PlanPath(long opportunityId) => $"/api/v1/opportunities/{opportunityId}/trials";

    public static string PhasePath(long phaseId) => $"/api/v1/trials/{phaseId}";

    public static string FindingPath(long findingId) => $"/api/v1/trial-findings/{findingId}";

    public Task<JsonNode> GetAsync(HttpClient? as_ = null) => (as_ ?? Api).GetJsonAsync(Path);

    /// <summary>A pilot round (the next) testing these products on these lines.</summary>
    public Task<JsonNode> PilotAsync(long[] productIds, string[] lines, int? round = null) =>
        Api.CreateAsync(Path, round is null
            ? new { kind = "pilot", scope = new { productIds, lines } }
            : new { kind = "pilot", round, scope = new { productIds, lines } });

    public Task<JsonNode> RunAsync(decimal? plannedOutput = 10000m) =>
        Api.CreateAsync(Path, new { kind = "massProduction", plannedOutput, plannedStart = "2030-03-01", plannedEnd = "2030-03-05" });

    public Task<JsonNode> AuditAsync() =>
        Api.CreateAsync(Path, new { kind = "audit", plannedStart = "2030-04-01", plannedEnd = "2030-04-02" });

    /// <summary>Quality records a result (issues given for failed and conditional).</summary>
    public async Task<JsonNode> RecordAsync(long phaseId, string result, object? more = null)
    {
        var response = await Quality.PatchJsonAsync(PhasePath(phaseId), more ?? (result is "failed" or "conditional"
            ? new { result, issues = "Burrs on the flange face." }
            : new { result }));
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    public static async Task<Trial> NewAsync(TestApp app, TestUser? owner = null)
    {
        owner ??= await app.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var api = app.Client(owner);
        var account = await api.NewAccountAsync();
        var opportunity = await api.NewOpportunityAsync(account.Id());
        var quality = await app.CreateUserAsync(Role.Quality);
        return new Trial(owner, api, quality, app.Client(quality), account.Id(), opportunity.Id());
    }
}

public static class TrialsSetup
{
    /// <summary>A catalogue product made by an admin of the app (with a list price and a cost, which trials never show).</summary>
    public static async Task<long> NewTrialProductAsync(this TestApp app, string? name = null)
    {
        using var admin = app.Client(await app.CreateUserAsync(Role.Admin));
        var sku = "T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var product = await admin.CreateAsync("/api/v1/products", new
        {
            sku,
            name = name ?? "Gasket " + sku,
            unit = "pcs",
            currency = "KRW",
            unitCost = new { amount = 700m, currency = "KRW" },
            listPrice = new { amount = 1300m, currency = "KRW" },
        });
        return product.Id();
    }

    /// <summary>
    /// Leaving testing (trialsPassed): one pilot round, the mass-production run and the audit,
    /// planned by the caller (a sales writer) and recorded as passed by a quality user.
    /// </summary>
    public static async Task MeetTestingTrialsAsync(this TestApp app, HttpClient client, long accountId, long opportunityId)
    {
        _ = accountId;
        var product = await app.NewTrialProductAsync();
        using var quality = app.Client(await app.CreateUserAsync(Role.Quality));
        var path = Trial.PlanPath(opportunityId);
        var phases = new[]
        {
            await client.CreateAsync(path, new { kind = "pilot", scope = new { productIds = new[] { product }, lines = new[] { "Line 1" } } }),
            await client.CreateAsync(path, new { kind = "massProduction" }),
            await client.CreateAsync(path, new { kind = "audit" }),
        };
        foreach (var phase in phases)
        {
            await (await quality.PatchJsonAsync(Trial.PhasePath(phase.Id()), new { result = "passed" })).ExpectAsync(HttpStatusCode.OK);
        }
    }
}
