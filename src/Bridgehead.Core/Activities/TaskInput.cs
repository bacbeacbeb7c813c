using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Activities;

/// <summary>The fields of a task that people edit; the body of POST and, merged, of PATCH.</summary>
public sealed record TaskInput
{
    public string? Title { get; init; }
    public string? Notes { get; init; }
    public DateOnly? DueOn { get; init; }

    /// <summary>Who does it; the caller when not given.</summary>
    public long? AssigneeId { get; init; }

    /// <summary>The account it is about; taken from the contact or opportunity when only one of those is given.</summary>
    public long? AccountId { get; init; }
    public long? ContactId { get; init; }
    public long? OpportunityId { get; init; }

    /// <summary>True marks the task completed now; false reopens it.</summary>
    public bool? Done { get; init; }

    public static TaskInput From(TaskItem t) => new()
    {
        Title = t.Title,
        Notes = t.Notes,
        DueOn = t.DueOn,
        AssigneeId = t.AssigneeId,
        AccountId = t.AccountId,
        ContactId = t.ContactId,
        OpportunityId = t.OpportunityId,
        Done = t.CompletedAt is not null,
    };

    /// <summary>Checks every field (and the assignee and links against the database), then throws all errors together.</summary>
    internal async Task<TaskInput> ValidateAsync(BridgeheadDb db, TaskItem? existing, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        var v = new Validator();
        v.Required("title", Title, TaskItem.MaxTitle);
        v.MaxLength("notes", Notes, TaskItem.MaxNotes);
        if (DueOn is null)
        {
            v.Add("dueOn", CommonText.Required);
        }

        var assigneeId = AssigneeId ?? existing?.AssigneeId ?? Access.DefaultOwner(viewer, v, "assigneeId");
        // Keeping the current assignee is always allowed, even after they left or became a viewer.
        if (!v.HasError("assigneeId") && assigneeId != existing?.AssigneeId
            && !await db.Users.AnyAsync(u => u.Id == assigneeId && u.IsActive && u.Role != Role.Viewer, ct))
        {
            v.Add("assigneeId", CommonText.AssigneeNotEligible);
        }

        var current = existing is null ? null : new LinkIds(existing.AccountId, existing.ContactId, existing.OpportunityId);
        var accountId = await Links.ValidateAsync(db, v, new LinkIds(AccountId, ContactId, OpportunityId), current, ct);

        v.ThrowIfInvalid();
        return this with
        {
            Title = Title!.Trim(),
            Notes = Text.Clean(Notes),
            AssigneeId = assigneeId,
            AccountId = accountId,
            Done = Done ?? existing?.CompletedAt is not null,
        };
    }

    /// <summary>Copies validated values onto the record; a task already done keeps the time it was completed.</summary>
    internal void ApplyTo(TaskItem t, DateTime now)
    {
        t.Title = Title!;
        t.Notes = Notes;
        t.DueOn = DueOn!.Value;
        t.AssigneeId = AssigneeId!.Value;
        t.AccountId = AccountId;
        t.ContactId = ContactId;
        t.OpportunityId = OpportunityId;
        t.CompletedAt = Done!.Value ? t.CompletedAt ?? now : null;
    }
}
