using Bridgehead.Api;
using Bridgehead.Identity;

namespace Bridgehead.Pursuits;

/// <summary>/api/v1/opportunities/{id}/route: how we reach the customer, and the partner accounts to choose from.</summary>
public static class RouteApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/opportunities").WithTags("Opportunities").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/{id:long}/route", async (long id, GetRoute get, HttpResponse response, CancellationToken ct) =>
            {
                var route = await get.HandleAsync(id, ct);
                ETags.Set(response, route.Version);
                return route;
            })
            .WithSummary("The route decision: decision (direct, agent, distributor, consortium, drop or null), rationale, decidedAt and the partners with their names, roles and shares. The ETag is the opportunity's.");

        g.MapPost("/{id:long}/route", async (long id, RouteInput body, DecideRoute decide, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var route = await decide.HandleAsync(id, ETags.Expected(request), body, ct);
                ETags.Set(response, route.Version);
                return route;
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Decide the route with a rationale: direct (no partners), agent or distributor (a partner in that role), consortium (a consortium leader or member), or drop (closes the pursuit as dropped, reason weWithdrew, the rationale as its note). Partners are accounts of type partner, not the customer; shares total at most 100. Send If-Match to refuse stale decisions.");

        api.MapGet("/partner-accounts", async (string? q, ListPartnerChoices list, CancellationToken ct) =>
                new { items = await list.HandleAsync(q, ct), nextCursor = (string?)null })
            .WithTags("Opportunities")
            .RequireAuthorization(Policies.ReadSales)
            .WithSummary("Every account of type partner (id, name, country), for a route's partners: any sales user may put any partner on a route, even one whose account they cannot open. At most 500; `q` matches part of the name.");
    }
}
