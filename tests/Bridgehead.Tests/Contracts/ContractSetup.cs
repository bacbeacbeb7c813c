using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Contracts;

/// <summary>Contracts for the tests, written through the API as a user would.</summary>
public static class ContractSetup
{
    public const string ContractsUrl = "/api/v1/contracts";

    public static string ContractPath(long id) => $"{ContractsUrl}/{id}";

    public static string DraftPath(long opportunityId) => $"/api/v1/opportunities/{opportunityId}/contract-draft";

    public static string Day(int offset = 0) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string ETagOf(HttpResponseMessage response) => response.Headers.ETag!.Tag;

    public static string IfMatch(JsonNode contract) => $"\"{contract["version"]!.GetValue<long>()}\"";

    public static object Line(long productId, decimal quantity, decimal unitPrice, string? currency = null) =>
        currency is null
            ? new { productId, quantity, unitPrice = new { amount = unitPrice } }
            : new { productId, quantity, unitPrice = new { amount = unitPrice, currency } };

    /// <summary>
    /// Leaving testing (contractSigned): a contract signed today for the pursuit, for a year, without
    /// lines, recorded through the API without winning (the test then advances as it likes).
    /// </summary>
    public static async Task MeetContractGateAsync(this TestApp app, HttpClient client, long accountId, long opportunityId)
    {
        _ = app;
        var created = await client.PostJsonAsync(ContractsUrl, new
        {
            accountId,
            opportunityId,
            number = "C-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
            startsOn = Day(),
            endsOn = Day(364),
            signedOn = Day(),
            currency = "KRW",
            terms = "Price and volume as agreed in the negotiation.",
        });
        await created.ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>A rep in a new team with an account and a pursuit of their own, and an API client as them.</summary>
    public static async Task<(TestUser Rep, HttpClient Api, long AccountId, long OpportunityId)> NewPursuitAsync(this TestApp app, string? team = null)
    {
        var rep = await app.CreateUserAsync(Role.Rep, team ?? TestApp.NewTeam());
        var api = app.Client(rep);
        var account = await api.NewAccountAsync();
        var opportunity = await api.NewOpportunityAsync(account.Id());
        return (rep, api, account.Id(), opportunity.Id());
    }

    /// <summary>
    /// An admin's copy of the default pipeline whose last stage asks only for the signed contract,
    /// so a test can win with a contract alone, whatever other criteria testing has.
    /// </summary>
    public static async Task<long> ContractOnlyPipelineAsync(this TestApp app)
    {
        var pipeline = await app.NewPipelineAsync();
        var others = StageOf(pipeline, "testing")["criteria"]!.AsArray().Select(c => c!.Str("key")).Where(k => k != "contractSigned").ToArray();
        using var admin = app.Client(await app.CreateUserAsync(Role.Admin));
        await (await admin.PatchJsonAsync($"/api/v1/pipelines/{pipeline.Id()}", new { stages = new[] { new { key = "testing", disabledCriteria = others } } }))
            .ExpectAsync(HttpStatusCode.OK);
        return pipeline.Id();
    }

    /// <summary>A rep's pursuit in the contract-only pipeline, in its last stage (testing).</summary>
    public static async Task<(TestUser Rep, HttpClient Api, long AccountId, long OpportunityId)> PursuitAtLastStageAsync(this TestApp app)
    {
        var rep = await app.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var api = app.Client(rep);
        var account = await api.NewAccountAsync();
        var opportunity = await api.NewOpportunityAsync(account.Id(), await app.ContractOnlyPipelineAsync());
        await app.PutInStageAsync(opportunity.Id(), "testing");
        return (rep, api, account.Id(), opportunity.Id());
    }
}
