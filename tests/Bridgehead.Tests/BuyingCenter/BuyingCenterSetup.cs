using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.BuyingCenter;

/// <summary>A pursuit with people at its account, made through the API by its owner.</summary>
public sealed record Pursuit(TestUser Owner, HttpClient Api, long AccountId, long OpportunityId)
{
    public string Path => $"/api/v1/opportunities/{OpportunityId}/buying-center";

    public string PathOf(long memberId) => $"{Path}/{memberId}";

    public Task<JsonNode> PersonAsync(string name, object? values = null)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(values ?? new { }))!.AsObject();
        body["accountId"] = AccountId;
        body["name"] = Unique(name);
        return Api.CreateAsync("/api/v1/contacts", body);
    }

    /// <summary>Adds a new person at the account to the buying center with these member values.</summary>
    public async Task<JsonNode> MemberAsync(string name, object? values = null)
    {
        var contact = await PersonAsync(name);
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(values ?? new { }))!.AsObject();
        body["contactId"] = contact.Id();
        return await Api.CreateAsync(Path, body);
    }

    /// <summary>Logs a touch with the person on the timeline at <paramref name="at"/>.</summary>
    public Task<JsonNode> TouchAsync(long contactId, DateTime at) =>
        Api.CreateAsync("/api/v1/activities", new { accountId = AccountId, contactId, kind = "call", subject = "Talked", occurredAt = at });

    public Task<JsonNode> CenterAsync(string query = "") => Api.GetJsonAsync(Path + query);

    public static async Task<Pursuit> NewAsync(TestApp app, TestUser? owner = null)
    {
        owner ??= await app.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var api = app.Client(owner);
        var account = await api.NewAccountAsync();
        var opportunity = await api.NewOpportunityAsync(account.Id());
        return new Pursuit(owner, api, account.Id(), opportunity.Id());
    }
}
