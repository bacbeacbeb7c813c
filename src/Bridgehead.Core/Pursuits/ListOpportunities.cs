using System.Linq.Expressions;
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
    public long? PipelineId { get; init; }
    public ForecastCategory? ForecastCategory { get; init; }

    /// <summary>The account's industry, an ISIC code: a section also matches its divisions (as on the board).</summary>
    public string? Industry { get; init; }

    /// <summary>The pursuit's application.</summary>
    public long? ApplicationId { get; init; }

    /// <summary>True: open pursuits longer in their stage than their pipeline allows; false: the others.</summary>
    public bool? Stalled { get; init; }
}

/// <summary>The pursuits at the accounts the caller may see, by title, a page at a time.</summary>
public sealed class ListOpportunities(BridgeheadDb db)
{
    public async Task<Page<OpportunityDto>> HandleAsync(OpportunityFilter filter, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var query = await MatchingAsync(db, filter, ct);
        return await query.ToPageAsync(o => o.SearchName, o => o.Id, descending: false, page, OpportunityDto.Projection,
            dto => (Text.SearchKey(dto.Title), dto.Id), ct);
    }

    /// <summary>The pursuits the caller sees that pass the filter; exports read the same. An unknown stage is 400.</summary>
    public static async Task<IQueryable<Opportunity>> MatchingAsync(BridgeheadDb db, OpportunityFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        // An owner or an account already picks few rows through its own index; otherwise start
        // from the caller's linked accounts (reps and managers; see NearViewer).
        var query = filter.OwnerId is null && filter.AccountId is null
            ? db.NearViewer(db.Opportunities.AsNoTracking(), o => o.AccountId)
            : db.Opportunities.AsNoTracking();
        if (filter.PipelineId is { } pipelineId)
        {
            query = query.Where(o => o.PipelineId == pipelineId);
        }
        if (filter.ForecastCategory is { } forecast)
        {
            query = query.Where(o => o.ForecastCategory == forecast);
        }
        if (filter.Stalled is { } stalled)
        {
            query = Stall.Filter(query, await GateEngine.LoadPipelinesAsync(db, ct), db.Clock.GetUtcNow().UtcDateTime, stalled);
        }
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
        if (Text.Clean(filter.Industry) is { } industry)
        {
            var codes = Industries.IsicCatalogue.Find(industry) is { } known ? Industries.IsicCatalogue.Covered(known.Code) : [industry];
            query = query.Where(o => o.Account!.Industry != null && codes.Contains(o.Account.Industry));
        }
        if (filter.ApplicationId is { } applicationId)
        {
            query = query.Where(o => o.ApplicationId == applicationId);
        }
        if (Text.Clean(filter.ProductCategory) is { } category)
        {
            query = query.Where(o => o.ProductCategory == category);
        }
        return query;
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

/// <summary>Stalled pursuits in SQL: per pipeline and stage, entered before that stage's threshold.</summary>
internal static class Stall
{
    public static IQueryable<Opportunity> Filter(IQueryable<Opportunity> query, IReadOnlyList<Pipeline> pipelines, DateTime now, bool stalled)
    {
        // A handful of pipelines x eight stages: one OR-ed condition per stage with a threshold.
        var o = Expression.Parameter(typeof(Opportunity), "o");
        Expression any = Expression.Constant(false);
        foreach (var pipeline in pipelines)
        {
            foreach (var stage in pipeline.Stages.Where(s => s.StalledAfterDays is not null))
            {
                // More than N whole days in the stage: entered at least N + 1 days ago.
                var before = now.AddDays(-(stage.StalledAfterDays!.Value + 1));
                var one = Expression.AndAlso(
                    Expression.AndAlso(
                        Expression.Equal(Expression.Property(o, nameof(Opportunity.PipelineId)), Expression.Constant(pipeline.Id)),
                        Expression.Equal(Expression.Property(o, nameof(Opportunity.Stage)), Expression.Constant(stage.Key))),
                    Expression.LessThanOrEqual(Expression.Property(o, nameof(Opportunity.StageEnteredAt)), Expression.Constant(before)));
                any = Expression.OrElse(any, one);
            }
        }
        var isStalled = Expression.Lambda<Func<Opportunity, bool>>(
            Expression.AndAlso(Expression.Equal(Expression.Property(o, nameof(Opportunity.Status)), Expression.Constant(OpportunityStatus.Open)), any), o);
        var negated = Expression.Lambda<Func<Opportunity, bool>>(Expression.Not(isStalled.Body), o);
        return query.Where(stalled ? isStalled : negated);
    }
}
