using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Competitors;

/// <summary>/api/v1/competitor-moves: what rivals do in the market and at our accounts (the market watch).</summary>
public static class CompetitorMovesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/competitor-moves").WithTags("Competitor moves").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/", async (ListCompetitorMoves list, [AsParameters] MoveQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("The market watch feed, newest first. Market moves reach every sales role, moves at an account only those who see it. "
                + "Filters: `competitorId`, `accountId`, `opportunityId`, `kind`, `impact`, `industry` (an ISIC code; a section also finds its divisions; "
                + "a move at an account without an industry of its own matches by the account's industry), `applicationId` (likewise by the account's "
                + "applications), `from`/`to` (occurredOn, inclusive).");

        g.MapGet("/{id:long}", async (long id, GetCompetitorMove get, HttpResponse response, CancellationToken ct) =>
            {
                var move = await get.HandleAsync(id, ct);
                ETags.Set(response, move.Version);
                return move;
            })
            .WithSummary("One competitor move; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (CompetitorMoveInput body, CreateCompetitorMove create, HttpResponse response, CancellationToken ct) =>
            {
                var move = await create.HandleAsync(body, ct);
                ETags.Set(response, move.Version);
                return Results.Created($"/api/v1/competitor-moves/{move.Id}", move);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Record a competitor move. `competitorId`, `kind` and `title` are required; `impact` defaults to medium, `occurredOn` to today "
                + "(not after today, not before 2000). `accountId` must be an account you see; `opportunityId` needs it and must be a pursuit there; "
                + "`industry` defaults to the account's. Honours Idempotency-Key.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateCompetitorMove update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var move = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, move.Version);
                return move;
            })
            .Accepts<CompetitorMoveInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change a move (JSON merge patch, the same rules as recording it). Its recorder, a manager who sees it or an admin (403 otherwise). Send If-Match to refuse stale edits.");

        g.MapDelete("/{id:long}", async (long id, DeleteCompetitorMove delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete a move: its recorder, a manager who sees it or an admin (403 otherwise). Send If-Match to refuse stale deletes.");

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetCompetitorMove get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("competitorMove", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed what and when, newest first. A move at an account keeps its history under the account (read by those who see the account); market moves' history is for admins.");
    }

    /// <summary>Query parameters of the feed.</summary>
    public sealed record MoveQuery(
        long? CompetitorId,
        long? AccountId,
        long? OpportunityId,
        string? Kind,
        string? Impact,
        string? Industry,
        long? ApplicationId,
        DateOnly? From,
        DateOnly? To,
        int? Limit,
        string? Cursor)
    {
        public CompetitorMoveFilter ToFilter() => new()
        {
            CompetitorId = CompetitorId,
            AccountId = AccountId,
            OpportunityId = OpportunityId,
            Kind = QueryValues.Enum<CompetitorMoveKind>(Kind, "kind"),
            Impact = QueryValues.Enum<MoveImpact>(Impact, "impact"),
            Industry = Industry,
            ApplicationId = ApplicationId,
            From = From,
            To = To,
        };
    }
}
