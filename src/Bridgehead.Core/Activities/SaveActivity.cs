using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Activities;

/// <summary>Logs an activity on the timeline; the caller is its author.</summary>
public sealed class CreateActivity(BridgeheadDb db, GetActivity get)
{
    public async Task<ActivityDto> HandleAsync(ActivityInput input, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var valid = await input.ValidateAsync(db, existing: null, ct);
        var v = new Validator();
        var authorId = Access.DefaultOwner(viewer, v, "authorId");
        v.ThrowIfInvalid();
        var activity = new Activity { Subject = valid.Subject!, AuthorId = authorId };
        valid.ApplyTo(activity);
        db.Activities.Add(activity);
        await db.SaveAsync(ct);
        return await get.HandleAsync(activity.Id, ct);
    }
}

/// <summary>Changes an activity; <c>change</c> receives the current values and returns the wanted ones.</summary>
public sealed class UpdateActivity(BridgeheadDb db, GetActivity get)
{
    public async Task<ActivityDto> HandleAsync(long id, long? expectedVersion, Func<ActivityInput, ActivityInput> change, CancellationToken ct)
    {
        var activity = await ActivityEdits.FindAsync(db, id, ct);
        Concurrency.Expect(db, activity, expectedVersion);
        var valid = await change(ActivityInput.From(activity)).ValidateAsync(db, activity, ct);
        valid.ApplyTo(activity);
        await db.SaveAsync(ct);
        return await get.HandleAsync(activity.Id, ct);
    }
}

/// <summary>Removes an activity from the timeline; the audit trail keeps what it said.</summary>
public sealed class DeleteActivity(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        var activity = await ActivityEdits.FindAsync(db, id, ct);
        Concurrency.Expect(db, activity, expectedVersion);
        db.Activities.Remove(activity);
        await db.SaveAsync(ct);
    }
}

/// <summary>Who may change an activity: its author, or a manager or admin who sees it.</summary>
internal static class ActivityEdits
{
    public static async Task<Activity> FindAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var activity = await db.Activities.FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("activity");
        return activity.AuthorId == viewer.UserId || MayEditOthers(viewer.Role)
            ? activity
            : throw new ForbiddenException(CommonText.ActivityAuthorOnly);
    }

    private static bool MayEditOthers(Role role) => role switch
    {
        Role.Admin or Role.Manager => true,
        Role.Rep or Role.Quality or Role.Product or Role.Viewer => false,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
