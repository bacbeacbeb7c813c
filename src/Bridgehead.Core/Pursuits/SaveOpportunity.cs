using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

/// <summary>Opens a pursuit at an account the caller can see, driven by the caller unless another owner is named (and allowed).</summary>
public sealed class CreateOpportunity(BridgeheadDb db, GetOpportunity get)
{
    public async Task<OpportunityDto> HandleAsync(OpportunityInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var valid = await input.ValidateAsync(db, existing: null, ct);
        var opportunity = new Opportunity { Title = valid.Title!, SearchName = "", Stage = "" };
        var now = db.Clock.GetUtcNow().UtcDateTime;
        valid.ApplyTo(opportunity, now);
        db.Opportunities.Add(opportunity);
        Moves.Record(db, opportunity, StageMove.Opened, null, now);
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunity.Id, ct);
    }
}

/// <summary>
/// Changes an opportunity; <c>change</c> receives the current values and returns the wanted ones.
/// Stage and status move only through advance, close and reopen; a new pipeline is a step in the stage history.
/// </summary>
public sealed class UpdateOpportunity(BridgeheadDb db, GetOpportunity get)
{
    public async Task<OpportunityDto> HandleAsync(long id, long? expectedVersion, Func<OpportunityInput, OpportunityInput> change, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var opportunity = await db.Opportunities.Include(o => o.Partners).FirstOrDefaultAsync(o => o.Id == id, ct)
            ?? throw new NotFoundException("opportunity");
        Concurrency.Expect(db, opportunity, expectedVersion);
        var valid = await change(OpportunityInput.From(opportunity)).ValidateAsync(db, opportunity, ct);
        if (valid.AccountId != opportunity.AccountId
            && await db.BuyingCenterMembers.CountAsync(m => m.OpportunityId == id, ct) is > 0 and var members)
        {
            // The buying center is people of the account; at another account they would be strangers.
            throw new ConflictException([Validator.Format(PursuitsText.AccountChangeWithBuyingCenter, members)]);
        }
        if (valid.AccountId != opportunity.AccountId && await HasPursuitRecordsAsync(id, ct))
        {
            // Needs, quotes, feedback, negotiation and product requests were agreed with this account.
            throw new ConflictException([PursuitsText.AccountChangeWithRecords]);
        }
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var pipelineBefore = opportunity.PipelineId;
        var routeBefore = opportunity.Route;
        valid.ApplyTo(opportunity, now);
        if (opportunity.Route != routeBefore)
        {
            // The rationale and partners explained the old route: set without them, the route counts
            // as undecided (the routeDecided gate) until POST /route records why and with whom.
            opportunity.RouteRationale = null;
            opportunity.RouteDecidedAt = null;
            opportunity.Partners.Clear();
        }
        if (opportunity.PipelineId != pipelineBefore)
        {
            Moves.Record(db, opportunity, StageMove.PipelineChanged, opportunity.Stage, now);
        }
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunity.Id, ct);
    }

    private async Task<bool> HasPursuitRecordsAsync(long id, CancellationToken ct) =>
        await db.OpportunityNeeds.AnyAsync(n => n.OpportunityId == id, ct)
        || await db.Quotes.AnyAsync(q => q.OpportunityId == id, ct)
        || await db.Feedback.AnyAsync(f => f.OpportunityId == id, ct)
        || await db.NegotiationTerms.AnyAsync(t => t.OpportunityId == id, ct)
        || await db.Concessions.AnyAsync(c => c.OpportunityId == id, ct)
        || await db.ProductRequestOpportunities.AnyAsync(r => r.OpportunityId == id, ct);
}

/// <summary>Deletes an opportunity; the activities and tasks about it stay, no longer linked to the pursuit.</summary>
public sealed class DeleteOpportunity(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var opportunity = await db.Opportunities.FirstOrDefaultAsync(o => o.Id == id, ct)
            ?? throw new NotFoundException("opportunity");
        Concurrency.Expect(db, opportunity, expectedVersion);
        if (await db.Contracts.IgnoreQueryFilters().AnyAsync(c => c.OpportunityId == id, ct))
        {
            // The contract names the pursuit it closed; it is not deleted along with it.
            throw new ConflictException([Contracts.ContractsText.Rule_PursuitHasContract]);
        }

        // Through the change tracker, so each detached activity and task is in the audit trail.
        foreach (var activity in await db.Activities.IgnoreQueryFilters().Where(x => x.OpportunityId == id).ToListAsync(ct))
        {
            activity.OpportunityId = null;
        }
        foreach (var task in await db.Tasks.IgnoreQueryFilters().Where(t => t.OpportunityId == id).ToListAsync(ct))
        {
            task.OpportunityId = null;
        }
        db.Opportunities.Remove(opportunity);
        await db.SaveAsync(ct);
    }
}
