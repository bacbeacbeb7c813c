using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Competitors;

/// <summary>/api/v1/competitors: the rivals who hold shares, slip at accounts and win pursuits.</summary>
public static class CompetitorsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/competitors").WithTags("Competitors").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/", async (SearchCompetitors list, [AsParameters] CompetitorQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("Competitors by name. `q` matches part of the name; `pricePosition` is above, similar or below.");

        g.MapGet("/{id:long}", async (long id, GetCompetitor get, HttpResponse response, CancellationToken ct) =>
            {
                var competitor = await get.HandleAsync(id, ct);
                ETags.Set(response, competitor.Version);
                return competitor;
            })
            .WithSummary("One competitor; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (CompetitorInput body, CreateCompetitor create, HttpResponse response, CancellationToken ct) =>
            {
                var (competitor, created) = await create.HandleAsync(body, ct);
                ETags.Set(response, competitor.Version);
                return created
                    ? Results.Created($"/api/v1/competitors/{competitor.Id}", competitor)
                    : Results.Ok(competitor);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Add a competitor with its profile; a name already known (in any case) returns the existing one with 200, unchanged.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateCompetitor update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var competitor = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, competitor.Version);
                return competitor;
            })
            .Accepts<CompetitorInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change a competitor (JSON merge patch: sent fields change, null clears). A name another competitor has is 409. Send If-Match to refuse stale edits.");

        g.MapDelete("/{id:long}", async (long id, DeleteCompetitor delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete a competitor (managers and admins). Refused with 409, saying how many, while pursuits, shares of wallet or incumbent slips name it.");
    }

    /// <summary>Query parameters of the competitor list.</summary>
    public sealed record CompetitorQuery(string? Q, string? PricePosition, int? Limit, string? Cursor)
    {
        public CompetitorFilter ToFilter() => new()
        {
            Q = Q,
            PricePosition = QueryValues.Enum<PricePosition>(PricePosition, "pricePosition"),
        };
    }
}
