using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Needs;

/// <summary>
/// Leaving needs: the customer's target price is known, at least one service requirement is
/// recorded, and a reference case is attached (or the reason why none fits is written down).
/// </summary>
public sealed class NeedsRecordedCriterion : IGateCriterion
{
    public string Key => "needsRecorded";

    public IReadOnlyCollection<string> Stages => ["needs"];

    public string Name => NeedsText.Criterion_needsRecorded;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new
            {
                o.Id,
                Needs = query.Db.OpportunityNeeds.Where(n => n.OpportunityId == o.Id)
                    .Select(n => new
                    {
                        n.TargetPrice,
                        n.Currency,
                        n.PriceUnit,
                        n.NoReferenceReason,
                        Services = n.ServiceRequirements.Count(),
                        MustHave = n.ServiceRequirements.Count(s => s.MustHave),
                        References = n.References.Count(),
                    })
                    .FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r =>
        {
            var n = r.Needs;
            var missing = new List<string>();
            if (n?.TargetPrice is null)
            {
                missing.Add(NeedsText.Missing_Target);
            }
            if (n is null || n.Services == 0)
            {
                missing.Add(NeedsText.Missing_Service);
            }
            var reason = Text.Clean(n?.NoReferenceReason);
            if (n is null || (n.References == 0 && reason is null))
            {
                missing.Add(NeedsText.Missing_Reference);
            }
            if (missing.Count > 0)
            {
                return new Verdict(false, Validator.Format(NeedsText.Why_NeedsMissing, string.Join(", ", missing)));
            }
            var target = n!.TargetPrice!.Value.ToString("#,0.####", CultureInfo.CurrentCulture) + " " + n.Currency
                + (n.PriceUnit is { } unit ? " / " + unit : "");
            var references = n.References > 0
                ? Validator.Format(NeedsText.Why_References, n.References)
                : Validator.Format(NeedsText.Why_NoReferenceReason, Text.Excerpt(reason!.TrimEnd('.'), EntryAngleCriterion.Quoted)!);
            return new Verdict(true, Validator.Format(NeedsText.Why_NeedsRecorded, target, n.Services, n.MustHave, references));
        });
    }
}
