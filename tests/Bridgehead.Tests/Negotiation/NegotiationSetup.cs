using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Negotiation;

/// <summary>A pursuit whose negotiation a test drives through the API, made by its owner (a rep in a new team).</summary>
public sealed record Deal(TestUser Owner, HttpClient Api, long AccountId, long OpportunityId)
{
    public string Path => NegotiationPath(OpportunityId);

    public string TermPath(long termId) => $"{Path}/terms/{termId}";

    public string OfferPath(long offerId) => $"{Path}/offers/{offerId}";

    public string ConcessionPath(long concessionId) => $"{Path}/concessions/{concessionId}";

    public static string NegotiationPath(long opportunityId) => $"/api/v1/opportunities/{opportunityId}/negotiation";

    public Task<JsonNode> GetAsync(HttpClient? as_ = null) => (as_ ?? Api).GetJsonAsync(Path);

    /// <summary>A price term per piece: opening 1200, target 1100, walk-away 1000 unless told.</summary>
    public Task<JsonNode> PriceTermAsync(object? values = null) =>
        Api.CreateAsync(Path + "/terms", values ?? new { kind = "price", unit = "KRW/pcs", opening = 1200m, target = 1100m, walkAway = 1000m });

    /// <summary>Payment days (lower is better for us): opening 30, target 45, walk-away 60.</summary>
    public Task<JsonNode> PaymentTermAsync() =>
        Api.CreateAsync(Path + "/terms", new { kind = "payment", unit = "days", opening = 30m, target = 45m, walkAway = 60m });

    public Task<JsonNode> OfferAsync(long termId, string side, decimal value, int? round = null) =>
        Api.CreateAsync(Path + "/offers", round is null ? new { termId, side, value } : new { termId, side, value, round });

    public static async Task<Deal> NewAsync(TestApp app, TestUser? owner = null)
    {
        owner ??= await app.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var api = app.Client(owner);
        var account = await api.NewAccountAsync();
        var opportunity = await api.NewOpportunityAsync(account.Id());
        return new Deal(owner, api, account.Id(), opportunity.Id());
    }
}

public static class NegotiationGate
{
    /// <summary>Leaving negotiation: one term agreed within walk-away (termsAgreed).</summary>
    public static async Task MeetNegotiationGateAsync(this HttpClient client, long opportunityId)
    {
        var created = await client.PostJsonAsync(Deal.NegotiationPath(opportunityId) + "/terms",
            new { kind = "price", unit = "KRW/pcs", opening = 1200m, target = 1100m, walkAway = 1000m, agreed = 1150m });
        await created.ExpectAsync(HttpStatusCode.Created);
    }
}
