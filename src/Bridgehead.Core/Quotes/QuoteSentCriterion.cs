using Bridgehead.Common;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Quotes;

/// <summary>
/// Leaving quote: a version went to the customer with at least one value proposition, so the
/// offer is more than a price. A version counts once it was sent, whatever the customer did with
/// it since (accepted, rejected, expired, superseded): a rejection is exactly the feedback the
/// next stage is about.
/// </summary>
public sealed class QuoteSentCriterion : IGateCriterion
{
    public string Key => "quoteSent";

    public IReadOnlyCollection<string> Stages => ["quote"];

    public string Name => QuotesText.Criterion_quoteSent;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        var db = query.Db;
        var rows = await db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new
            {
                o.Id,
                Quotes = db.Quotes.Count(q => q.OpportunityId == o.Id),
                Sent = db.Quotes.Count(q => q.OpportunityId == o.Id && q.SentAt != null),
                WithValue = db.Quotes.Where(q => q.OpportunityId == o.Id && q.SentAt != null && q.ValuePropositions.Any())
                    .OrderByDescending(q => q.Number).Select(q => (int?)q.Number).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => r switch
        {
            { WithValue: { } number } => new Verdict(true, Validator.Format(QuotesText.Why_QuoteSent, number)),
            { Sent: > 0 } => new Verdict(false, QuotesText.Why_SentWithoutValue),
            { Quotes: > 0 } => new Verdict(false, QuotesText.Why_NotSent),
            _ => new Verdict(false, QuotesText.Why_NoQuote),
        });
    }
}
