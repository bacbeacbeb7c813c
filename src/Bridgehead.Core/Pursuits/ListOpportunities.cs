using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

/// <summary>Filters of the opportunity list; each is optional and they combine with AND.</summary>
public sealed record OpportunityFilter
{
    /// <summary>Part of the title, in any case.</summary>
    public string? Q { get; init; }
    public long? AccountId { get; init; }

    /// <summary>A pursuit stage key; any other is refused.</summary>
    public string? Stage { get; init; }
    public OpportunityStatus? Status { get; init; }
    public long? OwnerId { get; init; }
    public string? ProductCategory { get; init; }
}

/// <summary>The pursuits at the accounts the caller may see, by title, a page at a time.</summary>
public sealed class ListOpportunities(BridgeheadDb db)
{
    public Task<Page<OpportunityDto>> HandleAsync(OpportunityFilter filter, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var query = db.Opportunities.AsNoTracking();
        if (Text.Clean(filter.Q) is { } q)
        {
            var pattern = Text.ContainsPattern(q);
            query = query.Where(o => EF.Functions.Like(o.SearchName, pattern, Text.LikeEscape));
        }
        if (filter.AccountId is { } accountId)
        {
            query = query.Where(o => o.AccountId == accountId);
        }
        if (Text.Clean(filter.Stage) is { } stage)
        {
            if (!Stages.IsPursuitStage(stage))
            {
                throw new BadRequestException("stage", OpportunityInput.UnknownStage());
            }
            query = query.Where(o => o.Stage == stage);
        }
        if (filter.Status is { } status)
        {
            query = query.Where(o => o.Status == status);
        }
        if (filter.OwnerId is { } ownerId)
        {
            query = query.Where(o => o.OwnerId == ownerId);
        }
        if (Text.Clean(filter.ProductCategory) is { } category)
        {
            query = query.Where(o => o.ProductCategory == category);
        }
        return query.ToPageAsync(o => o.SearchName, o => o.Id, descending: false, page, OpportunityDto.Projection,
            dto => (Text.SearchKey(dto.Title), dto.Id), ct);
    }
}

/// <summary>One opportunity, if the caller may see its account and read pursuits at all.</summary>
public sealed class GetOpportunity(BridgeheadDb db)
{
    public async Task<OpportunityDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        return await db.Opportunities.AsNoTracking().Where(o => o.Id == id).Select(OpportunityDto.Projection).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("opportunity");
    }
}
