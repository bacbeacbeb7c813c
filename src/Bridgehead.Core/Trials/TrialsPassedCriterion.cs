using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Trials;

/// <summary>
/// Leaving product testing (stage 8): at least one pilot round, every planned round passed, the
/// mass-production run passed and the customer's audit passed; a conditional pass counts once all
/// its findings are closed. The reason names what is missing ("round 2 pending", "audit
/// conditional: 2 findings open").
/// </summary>
public sealed class TrialsPassedCriterion : IGateCriterion
{
    public string Key => "trialsPassed";

    public IReadOnlyCollection<string> Stages => ["testing"];

    public string Name => TrialsText.Criterion_trialsPassed;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        // One query for the whole batch: every phase of the pursuits asked about, with its open findings counted.
        var phases = await query.Db.TrialPhases.AsNoTracking()
            .Where(p => query.OpportunityIds.Contains(p.OpportunityId))
            .Select(p => new
            {
                p.OpportunityId,
                p.Kind,
                p.Round,
                p.Result,
                Open = query.Db.TrialFindings.Count(f => f.PhaseId == p.Id && f.Status == FindingStatus.Open),
            })
            .ToListAsync(ct);
        var byPursuit = phases.ToLookup(p => p.OpportunityId);
        return query.OpportunityIds.ToDictionary(id => id, id =>
        {
            var mine = byPursuit[id].ToList();
            var summary = TrialRules.Judge(mine.Select(p => new TrialRules.PhaseState(p.Kind, p.Round, p.Result, p.Open)));
            return new Verdict(summary.Passed, TrialRules.Why(summary, mine.Count(p => p.Kind == TrialKind.Pilot)));
        });
    }
}
