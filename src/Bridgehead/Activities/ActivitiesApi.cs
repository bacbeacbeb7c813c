using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Activities;

/// <summary>/api/v1/activities: the timeline of meetings, calls, emails, visits and notes.</summary>
public static class ActivitiesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/activities").WithTags("Activities").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/", async (ListActivities list, [AsParameters] ActivityQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("The timeline, newest first. Filter by accountId, contactId or opportunityId for that record's timeline; from and to (both inclusive) bound occurredAt.");

        g.MapGet("/{id:long}", async (long id, GetActivity get, HttpResponse response, CancellationToken ct) =>
            {
                var activity = await get.HandleAsync(id, ct);
                ETags.Set(response, activity.Version);
                return activity;
            })
            .WithSummary("One activity; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (ActivityInput body, CreateActivity create, HttpResponse response, CancellationToken ct) =>
            {
                var activity = await create.HandleAsync(body, ct);
                ETags.Set(response, activity.Version);
                return TypedResults.Created($"/api/v1/activities/{activity.Id}", activity);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Log an activity. The caller is the author; occurredAt defaults to now.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateActivity update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var activity = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, activity.Version);
                return activity;
            })
            .Accepts<ActivityInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change an activity (JSON merge patch); only its author, a manager or an admin may. Send If-Match to refuse stale edits.");

        g.MapDelete("/{id:long}", async (long id, DeleteActivity delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete an activity; only its author, a manager or an admin may.");

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetActivity get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("activity", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed what and when, newest first.");
    }

    /// <summary>Query parameters of the timeline.</summary>
    public sealed record ActivityQuery(
        long? AccountId, long? ContactId, long? OpportunityId, string? Kind, long? AuthorId,
        DateTime? From, DateTime? To, int? Limit, string? Cursor)
    {
        public ActivityFilter ToFilter() => new()
        {
            AccountId = AccountId, ContactId = ContactId, OpportunityId = OpportunityId, Kind = QueryValues.Enum<ActivityKind>(Kind, "kind"),
            AuthorId = AuthorId, From = From, To = To,
        };
    }
}
