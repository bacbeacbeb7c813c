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
            .WithSummary("Opportunities at the accounts the caller may see, by title. Filters combine; `q` matches part of the title.");

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
            .WithSummary("Open a pursuit at an account the caller can see. Stage defaults to prospecting, status to open, the owner to the caller.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateOpportunity update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var opportunity = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, opportunity.Version);
                return opportunity;
            })
            .Accepts<OpportunityInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change an opportunity (JSON merge patch: sent fields change, null clears). A new stage restarts stageEnteredAt. Send If-Match to refuse stale edits.");

        g.MapDelete("/{id:long}", async (long id, DeleteOpportunity delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete an opportunity; activities and tasks about it stay, unlinked from the pursuit.");

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetOpportunity get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("opportunity", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed what and when, newest first.");
    }

    /// <summary>Query parameters of the opportunity list.</summary>
    public sealed record OpportunityQuery(
        string? Q, long? AccountId, string? Stage, string? Status, long? OwnerId, string? ProductCategory, int? Limit, string? Cursor)
    {
        public OpportunityFilter ToFilter() => new()
        {
            Q = Q,
            AccountId = AccountId,
            Stage = Stage,
            Status = QueryValues.Enum<OpportunityStatus>(Status, "status"),
            OwnerId = OwnerId,
            ProductCategory = ProductCategory,
        };
    }
}
