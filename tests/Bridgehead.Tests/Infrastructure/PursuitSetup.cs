using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Infrastructure;

/// <summary>
/// Test setup only: puts an opportunity where a test needs it, straight through the database.
/// The product moves stage and status only through advance, close and reopen; tests about
/// something else (lists, pages, reports) should not have to walk every gate to get there.
/// </summary>
public static class PursuitSetup
{
    /// <summary>
    /// Sets the opportunity's stage and status; it entered the stage at <paramref name="enteredAt"/>
    /// (now when not given), and a closed one closed then. It adds no step to the stage history
    /// (and writes the audit entry as the system), so tests of moves use advance, close and reopen.
    /// </summary>
    public static async Task PutInStageAsync(this TestApp app, long opportunityId, string stage,
        OpportunityStatus status = OpportunityStatus.Open, DateTime? enteredAt = null)
    {
        Assert.True(Stages.IsPursuitStage(stage), $"'{stage}' is not a pursuit stage.");
        await using var db = app.OpenDb();
        var opportunity = await db.Opportunities.SingleAsync(o => o.Id == opportunityId);
        var at = enteredAt ?? DateTime.UtcNow;
        opportunity.Stage = stage;
        opportunity.StageEnteredAt = at;
        opportunity.Status = status;
        opportunity.ClosedAt = status == OpportunityStatus.Open ? null : at;
        await db.SaveChangesAsync();
    }

    /// <summary>Moves the time the opportunity entered its current stage (e.g. back, to make it stalled).</summary>
    public static async Task SetStageEnteredAtAsync(this TestApp app, long opportunityId, DateTime enteredAt)
    {
        await using var db = app.OpenDb();
        var opportunity = await db.Opportunities.SingleAsync(o => o.Id == opportunityId);
        opportunity.StageEnteredAt = enteredAt;
        await db.SaveChangesAsync();
    }
}
