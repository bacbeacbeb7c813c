using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Activities;

/// <summary>Creates a task, for the caller unless another assignee is named.</summary>
public sealed class CreateTask(BridgeheadDb db, GetTask get)
{
    public async Task<TaskDto> HandleAsync(TaskInput input, CancellationToken ct)
    {
        var viewer = TaskEdits.RequireKeeper(db);
        var valid = await input.ValidateAsync(db, existing: null, ct);
        var v = new Validator();
        var createdById = Access.DefaultOwner(viewer, v, "createdById");
        v.ThrowIfInvalid();
        var task = new TaskItem { Title = valid.Title!, CreatedById = createdById };
        valid.ApplyTo(task, db.Clock.GetUtcNow().UtcDateTime);
        db.Tasks.Add(task);
        await db.SaveAsync(ct);
        return await get.HandleAsync(task.Id, ct);
    }
}

/// <summary>Changes a task (including marking it done); <c>change</c> receives the current values and returns the wanted ones.</summary>
public sealed class UpdateTask(BridgeheadDb db, GetTask get)
{
    public async Task<TaskDto> HandleAsync(long id, long? expectedVersion, Func<TaskInput, TaskInput> change, CancellationToken ct)
    {
        var task = await TaskEdits.FindAsync(db, id, ct);
        Concurrency.Expect(db, task, expectedVersion);
        var valid = await change(TaskInput.From(task)).ValidateAsync(db, task, ct);
        valid.ApplyTo(task, db.Clock.GetUtcNow().UtcDateTime);
        await db.SaveAsync(ct);
        return await get.HandleAsync(task.Id, ct);
    }
}

/// <summary>Deletes a task; the audit trail keeps what it said.</summary>
public sealed class DeleteTask(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        var task = await TaskEdits.FindAsync(db, id, ct);
        Concurrency.Expect(db, task, expectedVersion);
        db.Tasks.Remove(task);
        await db.SaveAsync(ct);
    }
}

/// <summary>Everyone who sees a task may change it, except the read-only viewer.</summary>
internal static class TaskEdits
{
    public static Viewer RequireKeeper(BridgeheadDb db)
    {
        var viewer = Access.Require(db.Viewer);
        return viewer.CanKeepTasks ? viewer : throw new ForbiddenException(CommonText.ReadOnlyRole);
    }

    public static async Task<TaskItem> FindAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        RequireKeeper(db);
        return await db.Tasks.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("task");
    }
}
