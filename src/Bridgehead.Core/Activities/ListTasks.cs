using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Activities;

/// <summary>Filters of the task list; each is optional and they combine with AND.</summary>
public sealed record TaskFilter
{
    public long? AssigneeId { get; init; }
    public long? AccountId { get; init; }
    public long? ContactId { get; init; }
    public long? OpportunityId { get; init; }
    public bool? Done { get; init; }

    /// <summary>Due on or before this day.</summary>
    public DateOnly? DueBefore { get; init; }
}

/// <summary>The tasks the caller may see, soonest due first, a page at a time.</summary>
public sealed class ListTasks(BridgeheadDb db)
{
    public Task<Page<TaskDto>> HandleAsync(TaskFilter filter, PageRequest page, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var query = db.Tasks.AsNoTracking();
        if (filter.AssigneeId is { } assigneeId)
        {
            query = query.Where(t => t.AssigneeId == assigneeId);
        }
        if (filter.AccountId is { } accountId)
        {
            query = query.Where(t => t.AccountId == accountId);
        }
        if (filter.ContactId is { } contactId)
        {
            query = query.Where(t => t.ContactId == contactId);
        }
        if (filter.OpportunityId is { } opportunityId)
        {
            query = query.Where(t => t.OpportunityId == opportunityId);
        }
        if (filter.Done is { } done)
        {
            query = done ? query.Where(t => t.CompletedAt != null) : query.Where(t => t.CompletedAt == null);
        }
        if (filter.DueBefore is { } dueBefore)
        {
            query = query.Where(t => t.DueOn <= dueBefore);
        }
        return query.ToPageAsync(t => t.DueOn, t => t.Id, descending: false, page, TaskDto.Projection(TaskDto.Today(db.Clock)),
            dto => (dto.DueOn, dto.Id), ct);
    }
}

/// <summary>One task, if the caller may see it.</summary>
public sealed class GetTask(BridgeheadDb db)
{
    public async Task<TaskDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        return await db.Tasks.AsNoTracking().Where(t => t.Id == id).Select(TaskDto.Projection(TaskDto.Today(db.Clock))).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("task");
    }
}
