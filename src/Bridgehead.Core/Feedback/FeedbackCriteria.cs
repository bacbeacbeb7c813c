using Bridgehead.Common;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Feedback;

/// <summary>Leaving feedback: the customer's feedback is recorded and every item is answered or closed.</summary>
public sealed class FeedbackAnsweredCriterion : IGateCriterion
{
    public string Key => "feedbackAnswered";

    public IReadOnlyCollection<string> Stages => ["feedback"];

    public string Name => FeedbackText.Criterion_feedbackAnswered;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(query.Now);
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new
            {
                o.Id,
                Total = query.Db.Feedback.Count(f => f.OpportunityId == o.Id),
                Open = query.Db.Feedback.Count(f => f.OpportunityId == o.Id && f.Status == FeedbackStatus.Open),
                Overdue = query.Db.Feedback.Count(f => f.OpportunityId == o.Id && f.Status == FeedbackStatus.Open && f.DueOn != null && f.DueOn < today),
                Closed = query.Db.Feedback.Count(f => f.OpportunityId == o.Id && f.Status == FeedbackStatus.Closed),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => (r.Total, r.Open) switch
        {
            (0, _) => new Verdict(false, FeedbackText.Why_NoFeedback),
            (_, > 0) => new Verdict(false, Validator.Format(FeedbackText.Why_StillOpen, r.Open, r.Total, r.Overdue)),
            _ => new Verdict(true, Validator.Format(FeedbackText.Why_AllAnswered, r.Total, r.Total - r.Closed, r.Closed)),
        });
    }
}
