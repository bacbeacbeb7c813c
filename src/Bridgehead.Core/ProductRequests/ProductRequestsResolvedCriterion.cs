using Bridgehead.Common;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.ProductRequests;

/// <summary>
/// Leaving development (stage 4): no open product request blocks the pursuit, and either a
/// request it waited on was answered (released or declined) or its needs say our standard range
/// fits. The reason names the requests that still block.
/// </summary>
public sealed class ProductRequestsResolvedCriterion : IGateCriterion
{
    /// <summary>How many blocking requests the reason names before "and N more".</summary>
    public const int Named = 3;

    public string Key => "productRequestsResolved";

    public IReadOnlyCollection<string> Stages => ["development"];

    public string Name => ProductRequestsText.Criterion_productRequestsResolved;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        // A pursuit's links are visible to whoever reads the pursuit, and each link comes with its
        // account's link, so the requests are visible too.
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new
            {
                o.Id,
                Fits = query.Db.OpportunityNeeds.Any(n => n.OpportunityId == o.Id && n.StandardProductFits),
                Requests = query.Db.ProductRequestOpportunities.Where(l => l.OpportunityId == o.Id)
                    .Join(query.Db.ProductRequests, l => l.ProductRequestId, r => r.Id, (l, r) => new { r.Id, r.Title, r.Status, l.Blocking })
                    .ToList(),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r =>
        {
            var blocking = r.Requests.Where(x => x.Blocking && ProductRequest.IsOpen(x.Status)).OrderBy(x => x.Id).ToList();
            if (blocking.Count > 0)
            {
                var names = string.Join(", ", blocking.Take(Named).Select(x => $"'{x.Title}' ({Labels.Of(x.Status)})"));
                if (blocking.Count > Named)
                {
                    names += " " + Validator.Format(ProductRequestsText.Why_AndMore, blocking.Count - Named);
                }
                return new Verdict(false, Validator.Format(ProductRequestsText.Why_Blocked, names));
            }
            var answered = r.Requests.Where(x => !ProductRequest.IsOpen(x.Status)).OrderBy(x => x.Id).ToList();
            if (answered.Count > 0)
            {
                return new Verdict(true, Validator.Format(ProductRequestsText.Why_Answered,
                    string.Join(", ", answered.Take(Named).Select(x => $"'{x.Title}' ({Labels.Of(x.Status)})"))));
            }
            if (r.Fits)
            {
                return new Verdict(true, ProductRequestsText.Why_StandardFits);
            }
            return r.Requests.Count > 0
                ? new Verdict(false, ProductRequestsText.Why_OnlyOpenNonBlocking)
                : new Verdict(false, ProductRequestsText.Why_NothingRecorded);
        });
    }
}
