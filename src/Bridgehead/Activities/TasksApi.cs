using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Activities;

/// <summary>/api/v1/tasks: to-dos with due dates, for anyone but the read-only viewer.</summary>
public static class TasksApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/tasks").WithTags("Tasks").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/", async (ListTasks list, [AsParameters] TaskQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("Tasks the caller may see, soonest due first. dueBefore is inclusive; overdue means not done and due before today (UTC).");

        g.MapGet("/{id:long}", async (long id, GetTask get, HttpResponse response, CancellationToken ct) =>
            {
                var task = await get.HandleAsync(id, ct);
                ETags.Set(response, task.Version);
                return task;
            })
            .WithSummary("One task; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (TaskInput body, CreateTask create, HttpResponse response, CancellationToken ct) =>
            {
                var task = await create.HandleAsync(body, ct);
                ETags.Set(response, task.Version);
                return TypedResults.Created($"/api/v1/tasks/{task.Id}", task);
            })
            .RequireAuthorization(Policies.KeepTasks)
            .WithSummary("Create a task. The assignee defaults to the caller; given only a contact or opportunity, the task takes its account.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateTask update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var task = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, task.Version);
                return task;
            })
            .Accepts<TaskInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.KeepTasks)
            .WithSummary("Change a task (JSON merge patch); done=true completes it, done=false reopens it. Send If-Match to refuse stale edits.");

        g.MapDelete("/{id:long}", async (long id, DeleteTask delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.KeepTasks)
            .WithSummary("Delete a task.");

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetTask get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("task", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed what and when, newest first.");
    }

    /// <summary>Query parameters of the task list.</summary>
    public sealed record TaskQuery(
        long? AssigneeId, long? AccountId, long? ContactId, long? OpportunityId, bool? Done, DateOnly? DueBefore,
        int? Limit, string? Cursor)
    {
        public TaskFilter ToFilter() => new()
        {
            AssigneeId = AssigneeId, AccountId = AccountId, ContactId = ContactId, OpportunityId = OpportunityId,
            Done = Done, DueBefore = DueBefore,
        };
    }
}
