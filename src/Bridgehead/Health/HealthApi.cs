using Bridgehead.Identity;

namespace Bridgehead.Health;

/// <summary>
/// /api/v1/accounts/{id}/health: the account's health score, computed live, with the signals behind
/// it and the daily trend; and a refresh that stores a new score now. Sales readers of the account
/// (404 for an account they do not see); quality and product get 403.
/// </summary>
public static class HealthApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/accounts/{accountId:long}/health").WithTags("Account health").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/", async (long accountId, GetAccountHealth get, CancellationToken ct) => await get.HandleAsync(accountId, ct))
            .WithSummary("Score 0-100, band (healthy >= 70, watch 40-69, atRisk < 40), each signal with points lost, facts and a sentence in the caller's language, and the daily scores of the last 90 days (trend). Not a customer: 200 with score and band null and a reason.");

        g.MapPost("/refresh", async (long accountId, RefreshAccountHealth refresh, CancellationToken ct) => await refresh.HandleAsync(accountId, ct))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Rescore the account now and store it (today's snapshot; raises healthBandDropped when the band fell). 409 when the account is not a customer.");
    }
}
