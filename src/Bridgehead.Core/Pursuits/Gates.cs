using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

/// <summary>The verdict of one criterion on one opportunity, with the reason in the reader's language.</summary>
public sealed record Verdict(bool Met, string Why);

/// <summary>What a criterion judges: a batch of opportunities, so a board of cards costs one query per criterion.</summary>
/// <param name="Db">The caller's database context (visibility filters apply).</param>
/// <param name="OpportunityIds">Opportunities the caller can see.</param>
/// <param name="Now">The moment of judgement (UTC).</param>
public sealed record GateQuery(BridgeheadDb Db, IReadOnlyCollection<long> OpportunityIds, DateTime Now);

/// <summary>
/// An exit criterion of one or more stages. A module contributes criteria by adding classes that
/// implement this interface; the engine finds them, and pipelines enable or disable them per stage.
/// </summary>
public interface IGateCriterion
{
    /// <summary>Stable key, camelCase, used in the API and in pipeline settings.</summary>
    string Key { get; }

    /// <summary>Keys of the stages this criterion must be met to leave.</summary>
    IReadOnlyCollection<string> Stages { get; }

    /// <summary>Short label in the current UI language, e.g. "Account has industry and application".</summary>
    string Name { get; }

    /// <summary>A verdict for every opportunity of the query.</summary>
    Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct);
}

/// <summary>One criterion's result on one opportunity.</summary>
public sealed record CriterionResult(string Key, string Name, bool Met, string Why);

/// <summary>The gate of an opportunity's current stage.</summary>
public sealed record Gate(long OpportunityId, string Stage, IReadOnlyList<CriterionResult> Criteria)
{
    public int MetCount => Criteria.Count(c => c.Met);

    public bool IsOpen => Criteria.All(c => c.Met);

    public IReadOnlyList<CriterionResult> Unmet => [.. Criteria.Where(c => !c.Met)];
}

/// <summary>An opportunity as the engine needs it: where it is.</summary>
public sealed record GateSubject(long OpportunityId, long PipelineId, string Stage);

/// <summary>
/// Judges gates: for each opportunity, the criteria of the stages it would leave that its pipeline
/// enables, one query per criterion for the whole batch.
/// </summary>
public sealed class GateEngine(BridgeheadDb db, IEnumerable<IGateCriterion> criteria)
{
    private readonly IReadOnlyList<IGateCriterion> _criteria = [.. criteria.OrderBy(c => c.Key, StringComparer.Ordinal)];

    /// <summary>Every criterion the product knows, for pipeline settings.</summary>
    public IReadOnlyList<IGateCriterion> Criteria => _criteria;

    /// <summary>The criteria a pipeline's stage applies.</summary>
    public IReadOnlyList<IGateCriterion> For(PipelineStage stage) =>
        [.. _criteria.Where(c => c.Stages.Contains(stage.Key) && !stage.DisabledCriteria.Contains(c.Key))];

    /// <summary>The gate of each subject's current stage.</summary>
    public Task<IReadOnlyDictionary<long, Gate>> JudgeAsync(IReadOnlyCollection<GateSubject> subjects, IReadOnlyList<Pipeline> pipelines, CancellationToken ct) =>
        JudgeAsync(subjects.Select(s => (s, (IReadOnlyList<string>)[s.Stage])).ToList(), pipelines, ct);

    /// <summary>
    /// The criteria of several stages per subject (moving forward past more than one stage must
    /// meet every gate on the way); the gate is named after the subject's current stage.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, Gate>> JudgeAsync(
        IReadOnlyList<(GateSubject Subject, IReadOnlyList<string> Stages)> requests, IReadOnlyList<Pipeline> pipelines, CancellationToken ct)
    {
        var applied = new Dictionary<long, List<IGateCriterion>>();
        foreach (var (subject, stages) in requests)
        {
            var pipeline = pipelines.First(p => p.Id == subject.PipelineId);
            applied[subject.OpportunityId] = [.. stages
                .Select(key => pipeline.Stages.First(s => s.Key == key))
                .SelectMany(For)
                .Distinct()];
        }

        var now = db.Clock.GetUtcNow().UtcDateTime;
        var verdicts = new Dictionary<string, IReadOnlyDictionary<long, Verdict>>();
        foreach (var criterion in applied.Values.SelectMany(c => c).Distinct())
        {
            var ids = applied.Where(a => a.Value.Contains(criterion)).Select(a => a.Key).ToList();
            verdicts[criterion.Key] = await criterion.JudgeAsync(new GateQuery(db, ids, now), ct);
        }

        return requests.ToDictionary(
            r => r.Subject.OpportunityId,
            r => new Gate(r.Subject.OpportunityId, r.Subject.Stage, [.. applied[r.Subject.OpportunityId].Select(c =>
            {
                var verdict = verdicts[c.Key].GetValueOrDefault(r.Subject.OpportunityId) ?? new Verdict(false, PursuitsText.GateNotJudged);
                return new CriterionResult(c.Key, c.Name, verdict.Met, verdict.Why);
            })]));
    }

    /// <summary>
    /// Every pipeline with its stages, the default first: a few rows, read once per database
    /// context (one request) and read again after any save. Read-only: do not change them.
    /// </summary>
    public static async Task<IReadOnlyList<Pipeline>> LoadPipelinesAsync(BridgeheadDb db, CancellationToken ct) =>
        db.LoadedPipelines ??= await db.Pipelines.AsNoTracking().Include(p => p.Stages.OrderBy(s => s.Number))
            .OrderByDescending(p => p.IsDefault).ThenBy(p => p.Id).ToListAsync(ct);
}
