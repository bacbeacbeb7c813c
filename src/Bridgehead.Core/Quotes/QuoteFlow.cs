using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Quotes;

/// <summary>The body of approve and reject: the manager's comment (required to reject).</summary>
public sealed record ApprovalDecisionInput(string? Comment);

/// <summary>How the customer answered a sent quote.</summary>
public enum CustomerAnswer
{
    Accepted,
    Rejected,
}

/// <summary>The body of POST /quotes/{id}/answer.</summary>
public sealed record AnswerInput(CustomerAnswer? Outcome);

/// <summary>
/// Asks for a manager's approval when the draft crosses a limit of the policy: the approval turns
/// Pending. A draft within the limits needs none (it stays NotNeeded and may be sent); a draft
/// already approved or pending stays as it is. A rejected draft may be submitted again.
/// </summary>
public sealed class SubmitQuote(BridgeheadDb db)
{
    public async Task<QuoteDto> HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var quote = await QuoteReader.ForChangeAsync(db, id, ct);
        Concurrency.Expect(db, quote, expectedVersion);
        QuoteRules.RequireDraft(quote, QuotesText.Rule_OnlyDraftSubmitted);
        if (quote.Lines.Count == 0)
        {
            throw new ConflictException([QuotesText.Rule_NoLines]);
        }
        var causes = QuoteApproval.Causes(quote, await QuoteLimits.LoadAsync(db, ct));
        quote.ApprovalReason = QuoteApproval.Write(causes);
        if (causes.Count == 0)
        {
            // Within the limits now (the admins may have moved them): an earlier decision no longer applies.
            ClearDecision(quote, ApprovalState.NotNeeded);
        }
        else if (quote.Approval is ApprovalState.NotNeeded or ApprovalState.Rejected)
        {
            ClearDecision(quote, ApprovalState.Pending);
            // The managers who may approve hear of it in the same transaction as the submission.
            var title = await db.Opportunities.Where(o => o.Id == quote.OpportunityId).Select(o => o.Title).FirstAsync(ct);
            Notifications.Events.Raise(db, Notifications.NotificationEvent.QuoteApprovalNeeded, "quote", quote.Id, quote.AccountId,
                new { title, opportunityId = quote.OpportunityId, version = quote.Number });
        }
        await db.SaveAsync(ct);
        return await QuoteReader.ReadAsync(db, id, ct);
    }

    private static void ClearDecision(Quote quote, ApprovalState state)
    {
        quote.Approval = state;
        quote.ApprovalComment = null;
        quote.ApprovedById = null;
        quote.ApprovedAt = null;
    }
}

/// <summary>A manager (of a team that sees the account) or an admin decides a pending approval, with a comment.</summary>
public abstract class DecideQuote(BridgeheadDb db)
{
    protected async Task<QuoteDto> DecideAsync(long id, long? expectedVersion, ApprovalDecisionInput input, bool approve, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        if (!viewer.ApprovesDeals)
        {
            throw new ForbiddenException(QuotesText.ApproversOnly);
        }
        var comment = Text.Clean(input.Comment);
        var v = new Validator();
        if (!approve)
        {
            v.Required("comment", comment, Quote.MaxText);
        }
        v.MaxLength("comment", comment, Quote.MaxText);
        var quote = await QuoteReader.ForChangeAsync(db, id, ct);
        Concurrency.Expect(db, quote, expectedVersion);
        if (quote.Status != QuoteStatus.Draft || quote.Approval != ApprovalState.Pending)
        {
            throw new ConflictException([QuotesText.Rule_NotPending]);
        }
        v.ThrowIfInvalid();
        quote.Approval = approve ? ApprovalState.Approved : ApprovalState.Rejected;
        quote.ApprovalComment = comment;
        quote.ApprovedById = viewer.UserId;
        quote.ApprovedAt = db.Clock.GetUtcNow().UtcDateTime;
        await db.SaveAsync(ct);
        return await QuoteReader.ReadAsync(db, id, ct);
    }
}

/// <summary>Approves a pending quote; it may then be sent.</summary>
public sealed class ApproveQuote(BridgeheadDb db) : DecideQuote(db)
{
    public Task<QuoteDto> HandleAsync(long id, long? expectedVersion, ApprovalDecisionInput input, CancellationToken ct) =>
        DecideAsync(id, expectedVersion, input, approve: true, ct);
}

/// <summary>Rejects a pending quote with a comment saying why; the rep changes it and submits again.</summary>
public sealed class RejectQuote(BridgeheadDb db) : DecideQuote(db)
{
    public Task<QuoteDto> HandleAsync(long id, long? expectedVersion, ApprovalDecisionInput input, CancellationToken ct) =>
        DecideAsync(id, expectedVersion, input, approve: false, ct);
}

/// <summary>
/// Sends a draft to the customer: it needs lines, a validity not yet past, and, when it crosses a
/// limit of the policy (checked again now), a manager's approval. The previously sent versions of
/// the pursuit become superseded.
/// </summary>
public sealed class SendQuote(BridgeheadDb db)
{
    public async Task<QuoteDto> HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var quote = await QuoteReader.ForChangeAsync(db, id, ct);
        Concurrency.Expect(db, quote, expectedVersion);
        QuoteRules.RequireDraft(quote, QuotesText.Rule_OnlyDraftSent);
        var rules = new List<string>();
        if (quote.Lines.Count == 0)
        {
            rules.Add(QuotesText.Rule_NoLines);
        }
        if (quote.ValidUntil < QuoteReader.Today(db))
        {
            rules.Add(QuotesText.Rule_ValidityPast);
        }
        var causes = QuoteApproval.Causes(quote, await QuoteLimits.LoadAsync(db, ct));
        switch (quote.Approval)
        {
            case ApprovalState.Pending:
                rules.Add(QuotesText.Rule_ApprovalPending);
                break;
            case ApprovalState.Rejected:
                rules.Add(QuotesText.Rule_ApprovalRejected);
                break;
            case ApprovalState.NotNeeded when causes.Count > 0:
                rules.Add(QuotesText.Rule_ApprovalNeeded);
                break;
            case ApprovalState.NotNeeded:
            case ApprovalState.Approved:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(id));
        }
        if (rules.Count > 0)
        {
            throw new ConflictException(rules);
        }
        var now = db.Clock.GetUtcNow().UtcDateTime;
        quote.Status = QuoteStatus.Sent;
        quote.SentAt = now;
        var earlier = await db.Quotes.Where(q => q.OpportunityId == quote.OpportunityId && q.Id != quote.Id && q.Status == QuoteStatus.Sent).ToListAsync(ct);
        foreach (var old in earlier)
        {
            old.Status = QuoteStatus.Superseded;
        }
        await db.SaveAsync(ct);
        return await QuoteReader.ReadAsync(db, id, ct);
    }
}

/// <summary>Records the customer's answer to a sent quote that is still valid: accepted or rejected.</summary>
public sealed class AnswerQuote(BridgeheadDb db)
{
    public async Task<QuoteDto> HandleAsync(long id, long? expectedVersion, AnswerInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var quote = await QuoteReader.ForChangeAsync(db, id, ct);
        Concurrency.Expect(db, quote, expectedVersion);
        var status = QuoteReader.Effective(quote.Status, quote.ValidUntil, QuoteReader.Today(db));
        if (status != QuoteStatus.Sent)
        {
            throw new ConflictException([Validator.Format(QuotesText.Rule_OnlySentAnswered, Labels.Of(status))]);
        }
        var v = new Validator();
        if (input.Outcome is null)
        {
            v.Add("outcome", CommonText.Required);
        }
        v.Defined("outcome", input.Outcome);
        v.ThrowIfInvalid();
        quote.Status = input.Outcome switch
        {
            CustomerAnswer.Accepted => QuoteStatus.Accepted,
            CustomerAnswer.Rejected => QuoteStatus.Rejected,
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };
        quote.AnsweredAt = db.Clock.GetUtcNow().UtcDateTime;
        await db.SaveAsync(ct);
        return await QuoteReader.ReadAsync(db, id, ct);
    }
}
