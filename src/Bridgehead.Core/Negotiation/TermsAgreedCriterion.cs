using Bridgehead.Common;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Negotiation;

/// <summary>
/// Leaving negotiation: at least one term, and every term agreed within walk-away or with a
/// manager's approved exception. The reason names the terms still open.
/// </summary>
public sealed class TermsAgreedCriterion : IGateCriterion
{
    public string Key => "termsAgreed";

    public IReadOnlyCollection<string> Stages => ["negotiation"];

    public string Name => NegotiationText.Criterion_termsAgreed;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        // One query for the whole batch: the terms of every pursuit asked about.
        var terms = await query.Db.NegotiationTerms.AsNoTracking()
            .Where(t => query.OpportunityIds.Contains(t.OpportunityId))
            .OrderBy(t => t.Position).ThenBy(t => t.Id)
            .Select(t => new { t.OpportunityId, t.Kind, t.Label, t.Agreed, t.WalkAway, t.HigherIsBetter, t.Exception })
            .ToListAsync(ct);
        var byPursuit = terms.ToLookup(t => t.OpportunityId);
        return query.OpportunityIds.ToDictionary(id => id, id =>
        {
            var mine = byPursuit[id].ToList();
            if (mine.Count == 0)
            {
                return new Verdict(false, NegotiationText.Why_NoTerms);
            }
            var open = mine.Where(t => !NegotiationRules.IsSettled(t.Agreed, t.WalkAway, t.HigherIsBetter, t.Exception))
                .Select(t => Validator.Format(NegotiationText.Why_OpenTerm, NegotiationRules.NameOf(t.Kind, t.Label), t switch
                {
                    { Agreed: null } => NegotiationText.Why_NotAgreed,
                    { Exception: ApprovalState.Rejected } => NegotiationText.Why_ExceptionRejected,
                    _ => NegotiationText.Why_ExceptionPending,
                }))
                .ToList();
            if (open.Count > 0)
            {
                return new Verdict(false, Validator.Format(NegotiationText.Why_TermsOpen, string.Join(NegotiationText.ListSeparator, open)));
            }
            var exceptions = mine.Count(t => NegotiationRules.IsBeyond(t.Agreed!.Value, t.WalkAway, t.HigherIsBetter));
            return new Verdict(true, exceptions == 0
                ? Validator.Format(NegotiationText.Why_AllAgreed, mine.Count)
                : Validator.Format(NegotiationText.Why_AllAgreedWithExceptions, mine.Count, exceptions));
        });
    }
}
