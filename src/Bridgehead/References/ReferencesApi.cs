using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.References;

/// <summary>/api/v1/references: the library of reference cases, and the matches for a pursuit.</summary>
public static class ReferencesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/references").WithTags("References").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/", async (ListReferenceCases list, [AsParameters] ReferenceQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("The reference library by title; every sales role reads every case. `q` matches part of the title; `industry` (a section also finds its divisions), `applicationId`, `productId`, `accountId`, `mayBeNamed` filter.");

        g.MapGet("/{id:long}", async (long id, GetReferenceCase get, HttpResponse response, CancellationToken ct) =>
            {
                var reference = await get.HandleAsync(id, ct);
                ETags.Set(response, reference.Version);
                return reference;
            })
            .WithSummary("One reference case; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (ReferenceInput body, CreateReferenceCase create, HttpResponse response, CancellationToken ct) =>
            {
                var reference = await create.HandleAsync(body, ct);
                ETags.Set(response, reference.Version);
                return Results.Created($"/api/v1/references/{reference.Id}", reference);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Add a reference case about a customer you have access to (status customer). `industry` defaults to the customer's.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateReferenceCase update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var reference = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, reference.Version);
                return reference;
            })
            .Accepts<ReferenceInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change a reference case (JSON merge patch). Only for customers you have access to (403 otherwise). Send If-Match to refuse stale edits.");

        g.MapDelete("/{id:long}", async (long id, DeleteReferenceCase delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete a reference case about a customer you have access to (403 otherwise).");

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetReferenceCase get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("referenceCase", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed what and when, newest first. The history follows the customer's visibility: for a customer you cannot see it is empty.");

        api.MapGet("/opportunities/{id:long}/reference-matches", async (long id, int? limit, GetReferenceMatches matches, CancellationToken ct) =>
                new { items = await matches.HandleAsync(id, limit ?? GetReferenceMatches.Limit, ct) })
            .WithTags("References")
            .RequireAuthorization(Policies.ReadSales)
            .WithSummary("The reference cases most like the pursuit (top 20, or `limit`): same industry +3, same section only +1, same application +3, a product in its category +3; cases at its own customer left out. Each with score and reasons.");
    }

    /// <summary>Query parameters of the library list.</summary>
    public sealed record ReferenceQuery(string? Q, string? Industry, long? ApplicationId, long? ProductId, long? AccountId, bool? MayBeNamed, int? Limit, string? Cursor)
    {
        public ReferenceFilter ToFilter() => new()
        {
            Q = Q,
            Industry = Industry,
            ApplicationId = ApplicationId,
            ProductId = ProductId,
            AccountId = AccountId,
            MayBeNamed = MayBeNamed,
        };
    }
}
