using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

/// <summary>
/// The pursuit behind the records of its stages (buying center, needs, negotiation): found as
/// the caller may see it, and writable only while it is open.
/// </summary>
public static class PursuitRecords
{
    /// <summary>The pursuit's account and whether it is still open; 404 when the caller does not see it.</summary>
    public static async Task<(long AccountId, bool Open)> FindAsync(BridgeheadDb db, long opportunityId, CancellationToken ct)
    {
        var o = await db.Opportunities.AsNoTracking().Where(o => o.Id == opportunityId)
            .Select(o => new { o.AccountId, o.Status }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("opportunity");
        return (o.AccountId, o.Status == OpportunityStatus.Open);
    }

    /// <summary>
    /// The account of an open pursuit a sales writer sees; a closed pursuit's records stay as
    /// they were when it closed (409 with <paramref name="closedMessage"/>).
    /// </summary>
    public static async Task<long> WritableAsync(BridgeheadDb db, long opportunityId, string closedMessage, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var (accountId, open) = await FindAsync(db, opportunityId, ct);
        return open ? accountId : throw new ConflictException([closedMessage]);
    }
}
