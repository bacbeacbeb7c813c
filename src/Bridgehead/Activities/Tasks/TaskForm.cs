using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Activities.Tasks;

/// <summary>The task form as posted by the browser; converted to the core's <see cref="TaskInput"/>.</summary>
public sealed class TaskForm
{
    [Display(Name = nameof(TasksText.Title), ResourceType = typeof(TasksText))]
    public string? Title { get; set; }

    [Display(Name = nameof(TasksText.Notes), ResourceType = typeof(TasksText))]
    public string? Notes { get; set; }

    [Display(Name = nameof(TasksText.DueOn), ResourceType = typeof(TasksText))]
    public DateOnly? DueOn { get; set; }

    [Display(Name = nameof(TasksText.Assignee), ResourceType = typeof(TasksText))]
    public long? AssigneeId { get; set; }

    [Display(Name = nameof(TasksText.Account), ResourceType = typeof(TasksText))]
    public long? AccountId { get; set; }

    [Display(Name = nameof(TasksText.Contact), ResourceType = typeof(TasksText))]
    public long? ContactId { get; set; }

    [Display(Name = nameof(TasksText.Opportunity), ResourceType = typeof(TasksText))]
    public long? OpportunityId { get; set; }

    [Display(Name = nameof(TasksText.Done), ResourceType = typeof(TasksText))]
    public bool Done { get; set; }

    /// <summary>The version the form was opened on; a newer one in the database means someone else saved first.</summary>
    public long Version { get; set; }

    public LinkFields Links => new() { AccountId = AccountId, ContactId = ContactId, OpportunityId = OpportunityId };

    public TaskInput ToInput() => new()
    {
        Title = Title,
        Notes = Notes,
        DueOn = DueOn,
        AssigneeId = AssigneeId,
        AccountId = AccountId,
        ContactId = ContactId,
        OpportunityId = OpportunityId,
        Done = Done,
    };

    public static TaskForm From(TaskDto t) => new()
    {
        Title = t.Title,
        Notes = t.Notes,
        DueOn = t.DueOn,
        AssigneeId = t.AssigneeId,
        AccountId = t.AccountId,
        ContactId = t.ContactId,
        OpportunityId = t.OpportunityId,
        Done = t.Done,
        Version = t.Version,
    };

    /// <summary>Days from today a new task is due unless the user picks another day.</summary>
    public const int DefaultDueInDays = 3;

    /// <summary>A blank task for the caller, due in three days, about the given record.</summary>
    public static TaskForm New(TimeProvider clock, long? assigneeId, long? accountId, long? contactId, long? opportunityId) => new()
    {
        AssigneeId = assigneeId,
        DueOn = LocalTimes.Today(clock).AddDays(DefaultDueInDays),
        AccountId = accountId,
        ContactId = contactId,
        OpportunityId = opportunityId,
    };
}

/// <summary>Who may take a task: active users except the read-only viewer (and the current assignee, kept).</summary>
public static class Assignees
{
    public static async Task<IReadOnlyList<SelectListItem>> ChoicesAsync(ListUsers users, long? currentId, string? currentName, CancellationToken ct)
    {
        var options = (await users.HandleAsync(activeOnly: true, ct))
            .Where(u => u.Role != Role.Viewer)
            .Select(u => new SelectListItem(u.DisplayName, Key(u.Id)))
            .ToList();
        if (currentId is { } id && options.All(o => o.Value != Key(id)))
        {
            options.Insert(0, new SelectListItem(currentName ?? ActivitiesText.NotVisible, Key(id)));
        }
        return options;
    }

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One row of a task table, with the done toggle.</summary>
/// <param name="Task">The task.</param>
/// <param name="CanKeep">The caller may tick it (everyone but the viewer).</param>
/// <param name="Compact">In an embedded list: no "about" column (the page is about that record).</param>
/// <param name="Focus">The toggle takes the focus (after it was swapped in).</param>
/// <param name="Error">Why the last toggle was refused.</param>
/// <param name="SalesLinks">The caller may open opportunities.</param>
public sealed record TaskRowView(TaskDto Task, bool CanKeep, bool Compact, bool Focus, string? Error, bool SalesLinks);
