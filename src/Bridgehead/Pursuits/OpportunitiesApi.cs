using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Pursuits;

/// <summary>/api/v1/opportunities: pursuits of a supply position at an account.</summary>
public static class OpportunitiesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/opportunities").WithTags("Opportunities").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/", async (ListOpportunities list, [AsParameters] OpportunityQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("Opportunities at the accounts the caller may see, by title. Filters combine; `q` matches part of the title; `industry` is the account's (a section covers its divisions), `applicationId` the pursuit's.");

        g.MapGet("/{id:long}", async (long id, GetOpportunity get, HttpResponse response, CancellationToken ct) =>
            {
                var opportunity = await get.HandleAsync(id, ct);
                ETags.Set(response, opportunity.Version);
                return opportunity;
            })
            .WithSummary("One opportunity; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (OpportunityInput body, CreateOpportunity create, HttpResponse response, CancellationToken ct) =>
            {
                var opportunity = await create.HandleAsync(body, ct);
                ETags.Set(response, opportunity.Version);
                return TypedResults.Created($"/api/v1/opportunities/{opportunity.Id}", opportunity);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Open a pursuit at an account the caller can see, in the first stage of its pipeline (the default pipeline unless pipelineId is given). The owner defaults to the caller.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateOpportunity update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var opportunity = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, opportunity.Version);
                return opportunity;
            })
            .Accepts<OpportunityInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change an opportunity (JSON merge patch: sent fields change, null clears). Stage and status are read-only here (use advance, close, reopen); probability is the owner's override and needs probabilityReason. Send If-Match to refuse stale edits.");

        g.MapDelete("/{id:long}", async (long id, DeleteOpportunity delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete an opportunity; activities and tasks about it stay, unlinked from the pursuit.");

        g.MapGet("/{id:long}/gate", async (long id, GetGate gate, CancellationToken ct) => await gate.HandleAsync(id, ct))
            .WithSummary("The criteria to leave the current stage, each met or not, with why.");

        g.MapPost("/{id:long}/advance", async (long id, AdvanceInput body, AdvanceOpportunity advance, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Moved(await advance.HandleAsync(id, ETags.Expected(request), body, ct), response))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Move to the next stage (or toStage). Forward needs every gate on the way: 409 lists the unmet criteria unless a manager sends override.reason. Back needs a reason. Past the last stage the pursuit is won.");

        g.MapPost("/{id:long}/close", async (long id, CloseInput body, CloseOpportunity close, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Moved(await close.HandleAsync(id, ETags.Expected(request), body, ct), response))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Close an open pursuit as lost or dropped, with a reason (price, service, capacity, relationship, competitorChosen, projectCancelled, weWithdrew, other) and the winning competitor.");

        g.MapPost("/{id:long}/reopen", async (long id, ReopenInput body, ReopenOpportunity reopen, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Moved(await reopen.HandleAsync(id, ETags.Expected(request), body, ct), response))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("A manager or admin opens a closed pursuit again in the stage where it closed, with a reason.");

        g.MapGet("/{id:long}/stage-history", async (long id, GetStageHistory history, CancellationToken ct) => await history.HandleAsync(id, ct))
            .WithSummary("Every stage step, oldest first: who moved it, when, from and to, overrides with their reasons, and days spent in each stage.");

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetOpportunity get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("opportunity", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed what and when, newest first.");
    }

    private static OpportunityDto Moved(OpportunityDto opportunity, HttpResponse response)
    {
        ETags.Set(response, opportunity.Version);
        return opportunity;
    }

    /// <summary>Query parameters of the opportunity list.</summary>
    public sealed record OpportunityQuery(
        string? Q, long? AccountId, long? PipelineId, string? Stage, string? Status, long? OwnerId, string? ProductCategory,
        string? ForecastCategory, bool? Stalled, string? Industry, long? ApplicationId, int? Limit, string? Cursor)
    {
        public OpportunityFilter ToFilter() => new()
        {
            Q = Q,
            AccountId = AccountId,
            PipelineId = PipelineId,
            Stage = Stage,
            Status = QueryValues.Enum<OpportunityStatus>(Status, "status"),
            OwnerId = OwnerId,
            ProductCategory = ProductCategory,
            ForecastCategory = QueryValues.Enum<ForecastCategory>(ForecastCategory, "forecastCategory"),
            Stalled = Stalled,
            Industry = Industry,
            ApplicationId = ApplicationId,
        };
    }
}
