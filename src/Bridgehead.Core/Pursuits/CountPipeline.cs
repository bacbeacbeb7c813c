using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

/// <summary>How many open opportunities an owner has in each pursuit stage, counted by the database.</summary>
public sealed class CountPipeline(BridgeheadDb db)
{
    public async Task<IReadOnlyList<(Stage Stage, int Count)>> HandleAsync(long ownerId, CancellationToken ct)
    {
        var counts = await db.Opportunities.AsNoTracking()
            .Where(o => o.OwnerId == ownerId && o.Status == OpportunityStatus.Open)
            .GroupBy(o => o.Stage)
            .Select(g => new { Stage = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Stage, x => x.Count, ct);
        return [.. Stages.Pursuit.Select(s => (s, counts.GetValueOrDefault(s.Key)))];
    }
}
