using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Activities;

/// <summary>Filters of the timeline; each is optional and they combine with AND.</summary>
public sealed record ActivityFilter
{
    public long? AccountId { get; init; }
    public long? ContactId { get; init; }
    public long? OpportunityId { get; init; }
    public ActivityKind? Kind { get; init; }
    public long? AuthorId { get; init; }

    /// <summary>Occurred at or after this time.</summary>
    public DateTime? From { get; init; }

    /// <summary>Occurred at or before this time.</summary>
    public DateTime? To { get; init; }
}

/// <summary>
/// The timeline: activities the caller may see, newest first, a page at a time. Filtered by
/// account, contact or opportunity it is that record's timeline.
/// </summary>
public sealed class ListActivities(BridgeheadDb db)
{
    public Task<Page<ActivityDto>> HandleAsync(ActivityFilter filter, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var query = db.Activities.AsNoTracking();
        if (filter.AccountId is { } accountId)
        {
            query = query.Where(x => x.AccountId == accountId);
        }
        if (filter.ContactId is { } contactId)
        {
            query = query.Where(x => x.ContactId == contactId);
        }
        if (filter.OpportunityId is { } opportunityId)
        {
            query = query.Where(x => x.OpportunityId == opportunityId);
        }
        if (filter.Kind is { } kind)
        {
            query = query.Where(x => x.Kind == kind);
        }
        if (filter.AuthorId is { } authorId)
        {
            query = query.Where(x => x.AuthorId == authorId);
        }
        if (filter.From is { } from)
        {
            var start = ActivityInput.ToUtc(from);
            query = query.Where(x => x.OccurredAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = ActivityInput.ToUtc(to);
            query = query.Where(x => x.OccurredAt <= end);
        }
        return query.ToPageAsync(x => x.OccurredAt, x => x.Id, descending: true, page, ActivityDto.Projection,
            dto => (dto.OccurredAt, dto.Id), ct);
    }
}

/// <summary>One activity, if the caller may see it.</summary>
public sealed class GetActivity(BridgeheadDb db)
{
    public async Task<ActivityDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        return await db.Activities.AsNoTracking().Where(x => x.Id == id).Select(ActivityDto.Projection).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("activity");
    }
}
