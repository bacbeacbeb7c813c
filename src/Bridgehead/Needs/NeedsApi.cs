using Bridgehead.Api;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Needs;

/// <summary>/api/v1/opportunities/{id}/needs: the customer's target against our floor, the services asked for, the trades and the references.</summary>
public static class NeedsApi
{
    /// <summary>The body of POST .../needs/references.</summary>
    public sealed record AttachBody(long? ReferenceId);

    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/opportunities/{id:long}/needs").WithTags("Needs").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/", async (long id, GetNeeds get, HttpResponse response, CancellationToken ct) =>
            {
                var needs = await get.HandleAsync(id, ct);
                ETags.Set(response, needs.Version);
                return needs;
            })
            .WithSummary("The pursuit's needs with the computed gap (target minus floor, in money and percent of the floor), position (withinFloor, belowFloor) and mustHaveServices. Before anything is recorded: an empty document with version 0 and ETag \"0\".");

        g.MapPut("/", async (long id, NeedsInput body, SaveNeeds save, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var needs = await save.HandleAsync(id, ETags.Expected(request), body, ct);
                ETags.Set(response, needs.Version);
                return needs;
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Replace the whole needs document (fields left out are cleared). Send If-Match: \"0\" for the first save, else the current ETag; a stale one is 412. A closed pursuit's needs are read-only (409).");

        g.MapGet("/history", async (long id, int? limit, string? cursor, GetNeedsHistory history, CancellationToken ct) =>
                await history.HandleAsync(id, PageRequest.Of(limit, cursor), ct))
            .WithSummary("Who changed what of the needs and when, newest first; service requirements, trade-offs and references appear as added or removed values.");

        g.MapPost("/references", async (long id, AttachBody body, AttachReference attach, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var needs = await attach.HandleAsync(id, body.ReferenceId, ETags.Expected(request), ct);
                ETags.Set(response, needs.Version);
                return needs;
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Attach one reference case to the needs (recording the needs if there are none yet); attaching one already attached changes nothing. Honours If-Match like PUT.");

        g.MapDelete("/references/{referenceId:long}", async (long id, long referenceId, DetachReference detach, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var needs = await detach.HandleAsync(id, referenceId, ETags.Expected(request), ct);
                ETags.Set(response, needs.Version);
                return needs;
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Detach one reference case from the needs (404 when it is not attached). Honours If-Match like PUT.");
    }
}
