using Bridgehead.Identity;

namespace Bridgehead.Competitors;

/// <summary>/api/v1/competitors: the rivals lost pursuits name.</summary>
public static class CompetitorsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/competitors").WithTags("Competitors").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/", async (ListCompetitors list, CancellationToken ct) => new { items = await list.HandleAsync(ct), nextCursor = (string?)null })
            .WithSummary("Every competitor, by name.");

        g.MapPost("/", async (CompetitorInput body, CreateCompetitor create, CancellationToken ct) =>
            {
                var (competitor, created) = await create.HandleAsync(body, ct);
                return created
                    ? Results.Created($"/api/v1/competitors/{competitor.Id}", competitor)
                    : Results.Ok(competitor);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Add a competitor; a name already known (in any case) returns the existing one with 200.");
    }
}
