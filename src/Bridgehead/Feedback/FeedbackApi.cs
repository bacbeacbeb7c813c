using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Feedback;

/// <summary>/api/v1/opportunities/{id}/feedback: what the customer said about our offer, and our answers.</summary>
public static class FeedbackApi
{
    /// <summary>Query parameters of the list.</summary>
    public sealed record FeedbackQuery(string? Status, string? Category, bool? Overdue, int? Limit, string? Cursor)
    {
        public FeedbackFilter ToFilter() =>
            new(QueryValues.Enum<FeedbackStatus>(Status, "status"), QueryValues.Enum<FeedbackCategory>(Category, "category"), Overdue);
    }

    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/opportunities/{id:long}/feedback").WithTags("Feedback").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/", async (long id, [AsParameters] FeedbackQuery q, ListFeedback list, CancellationToken ct) =>
                await list.HandleAsync(id, q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("The pursuit's feedback, newest received first. Filters: `status` (open, answered, closed), `category` (price, service, capacity, roadmap, quality, other), `overdue` (true/false).");

        g.MapGet("/{feedbackId:long}", async (long id, long feedbackId, GetFeedback get, HttpResponse response, CancellationToken ct) =>
            {
                var item = await get.HandleAsync(id, feedbackId, ct);
                ETags.Set(response, item.Version);
                return item;
            })
            .WithSummary("One piece of feedback; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (long id, FeedbackInput body, CreateFeedback create, HttpResponse response, CancellationToken ct) =>
            {
                var item = await create.HandleAsync(id, body, ct);
                ETags.Set(response, item.Version);
                return TypedResults.Created($"/api/v1/opportunities/{id}/feedback/{item.Id}", item);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Record feedback: category and text required; receivedOn defaults to today, ownerId to the pursuit's owner, status to open (answered when a response is given). Answered and closed need a response. A closed pursuit's feedback is read-only (409).");

        g.MapPatch("/{feedbackId:long}", async (long id, long feedbackId, JsonObject body, UpdateFeedback update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var item = await update.HandleAsync(id, feedbackId, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, item.Version);
                return item;
            })
            .Accepts<FeedbackInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change feedback (JSON merge patch). A response given to open feedback answers it; respondedAt is set by the server when the response is first given. Send If-Match to refuse stale edits.");

        g.MapDelete("/{feedbackId:long}", async (long id, long feedbackId, DeleteFeedback delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, feedbackId, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete feedback recorded by mistake; its history stays.");

        g.MapGet("/{feedbackId:long}/history", async (long id, long feedbackId, int? limit, string? cursor, GetFeedback get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, feedbackId, ct);
                return await history.HandleAsync("feedbackItem", feedbackId, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed what of the feedback and when, newest first.");
    }
}
