using Bridgehead.Data;
using Bridgehead.Notifications;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Something in the demo users' inboxes from the start: the latest few stage moves of open pursuits
/// are raised as stage-change events (the background work tells the owners' managers and account
/// teams on its first tick). The demo's order due in two days with nothing shipped is found at risk
/// by the order-risk job itself.
/// </summary>
internal static class DemoNotifications
{
    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var moves = await db.StageChanges.AsNoTracking()
            .Where(c => (c.Move == StageMove.Advanced || c.Move == StageMove.Overridden) && c.FromStage != null
                && c.Opportunity!.Status == OpportunityStatus.Open && c.Opportunity.Stage == c.ToStage)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Select(c => new { c.OpportunityId, c.Opportunity!.AccountId, c.Opportunity.Title, c.FromStage, c.ToStage })
            .Take(4)
            .ToListAsync(ct);
        foreach (var m in moves)
        {
            Events.Raise(db, NotificationEvent.StageChanged, "opportunity", m.OpportunityId, m.AccountId,
                new { title = m.Title, fromStage = m.FromStage, toStage = m.ToStage });
        }
        await db.SaveChangesAsync(ct);
    }
}
