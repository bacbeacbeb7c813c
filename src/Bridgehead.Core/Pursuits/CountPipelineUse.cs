using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

/// <summary>How many open opportunities (that the caller can see) follow each pipeline, counted by the database.</summary>
public sealed class CountOpenByPipeline(BridgeheadDb db)
{
    public async Task<IReadOnlyDictionary<long, int>> HandleAsync(CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        return await db.Opportunities.AsNoTracking()
            .Where(o => o.Status == OpportunityStatus.Open)
            .GroupBy(o => o.PipelineId)
            .Select(g => new { PipelineId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.PipelineId, x => x.Count, ct);
    }
}
