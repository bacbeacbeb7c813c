using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Reports;

/// <summary>
/// Stage velocity: how long pursuits stay in each stage, and where open ones are stuck now.
/// <list type="bullet">
/// <item>A visit to a stage starts with a step into it (opened, advanced, overridden, moved back,
/// reopened) and ends with the pursuit's next step of any kind (a pipeline change keeps the stage
/// and does not end it). Counted: visits that ENDED in the period (the ending step's At on a UTC
/// day from..to), of the pursuits under the filters the caller sees.</item>
/// <item><c>visits</c>, <c>averageDays</c> and <c>medianDays</c> (days with one decimal, from
/// the exact times) of those visits; days empty when there were none.</item>
/// <item><c>open</c>: open pursuits in the stage now; <c>stalled</c>: of those, the ones longer in
/// it (whole days) than their pipeline's stall threshold for the stage. These two are today's,
/// whatever the period.</item>
/// <item>Stages: the eight standard ones; with a pipeline filter, that pipeline's active stages.</item>
/// </list>
/// </summary>
public sealed class VelocityReport(BridgeheadDb db) : IReport
{
    public string Name => "velocity";

    public string Title => PipelineReportsText.Velocity_Title;

    public string Description => PipelineReportsText.Velocity_Description;

    public bool IsFor(Viewer viewer) => viewer.CanReadSales;

    public async Task<ReportResult> RunAsync(ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (start, end) = PipelineFacts.Instants(filter);
        var opportunities = filter.Opportunities(db);
        // Pursuits with a step in the period; their history up to its end.
        var moved = opportunities
            .Where(o => db.StageChanges.Any(c => c.OpportunityId == o.Id && c.At >= start && c.At < end))
            .Select(o => o.Id);
        // Streamed, not listed: at a million pursuits a year's history is millions of steps, and
        // only the visit lengths per stage are kept.
        var steps = db.StageChanges.AsNoTracking()
            .Where(c => moved.Contains(c.OpportunityId) && c.At < end && c.Move != StageMove.PipelineChanged)
            .OrderBy(c => c.OpportunityId).ThenBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new { c.OpportunityId, c.Move, c.ToStage, c.At })
            .AsAsyncEnumerable();

        var visits = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        long? current = null;
        (string Stage, DateTime At)? visit = null;
        await foreach (var step in steps.WithCancellation(ct))
        {
            if (step.OpportunityId != current)
            {
                current = step.OpportunityId;
                visit = null;
            }
            if (visit is { } v && step.At >= start)
            {
                if (!visits.TryGetValue(v.Stage, out var days))
                {
                    visits[v.Stage] = days = [];
                }
                days.Add(Math.Max(0, (step.At - v.At).TotalDays));
            }
            visit = PipelineFacts.Entering.Contains(step.Move) ? (step.ToStage, step.At) : null;
        }

        var now = db.Clock.GetUtcNow().UtcDateTime;
        var pipelines = await GateEngine.LoadPipelinesAsync(db, ct);
        var stalledAfter = pipelines.SelectMany(p => p.Stages.Select(s => (p.Id, s.Key, s.StalledAfterDays)))
            .ToDictionary(x => (x.Id, x.Key), x => x.StalledAfterDays);

        var stages = await PipelineFacts.StagesAsync(db, filter, ct);
        // Open pursuits now: counted per stage while streaming (a quarter of a million at scale).
        var openHere = new Dictionary<string, (int Open, int Stalled)>(StringComparer.Ordinal);
        var open = opportunities.AsNoTracking()
            .Where(o => o.Status == OpportunityStatus.Open)
            .Select(o => new { o.PipelineId, o.Stage, o.StageEnteredAt })
            .AsAsyncEnumerable();
        // The stalled count moves with the clock: the answer holds until the first open pursuit
        // not yet stalled becomes so, and each of those instants is known (see Later).
        var stallsAt = new Dictionary<string, List<DateTime>>(StringComparer.Ordinal);
        await foreach (var o in open.WithCancellation(ct))
        {
            var isStalled = stalledAfter.GetValueOrDefault((o.PipelineId, o.Stage)) is { } limit
                && (int)Math.Max(0, (now - o.StageEnteredAt).TotalDays) > limit;
            if (!isStalled && stalledAfter.GetValueOrDefault((o.PipelineId, o.Stage)) is { } threshold && threshold >= 0)
            {
                // Stalled once (now - entered) reaches threshold + 1 whole days.
                if (!stallsAt.TryGetValue(o.Stage, out var instants))
                {
                    stallsAt[o.Stage] = instants = [];
                }
                instants.Add(o.StageEnteredAt.AddDays(threshold + 1));
            }
            var (count, stalledCount) = openHere.GetValueOrDefault(o.Stage);
            openHere[o.Stage] = (count + 1, stalledCount + (isStalled ? 1 : 0));
        }
        var rows = new List<object?[]>();
        foreach (var stage in stages)
        {
            var days = visits.GetValueOrDefault(stage.Key) ?? [];
            var (here, stalled) = openHere.GetValueOrDefault(stage.Key);
            rows.Add(
            [
                stage.Key, stage.Name, days.Count,
                days.Count == 0 ? null : PipelineFacts.Days(days.Average()),
                days.Count == 0 ? null : PipelineFacts.Days(PipelineFacts.Median(days)),
                here, stalled,
            ]);
        }
        if (rows.All(r => (int)r[2]! == 0 && (int)r[5]! == 0))
        {
            rows.Clear();
        }
        var pending = stallsAt.ToDictionary(s => s.Key, s => s.Value.Order().ToArray(), StringComparer.Ordinal);
        var result = new ReportResult(
            [
                new("stageKey", PipelineReportsText.Column_StageKey, ReportColumnKind.Text),
                new("stage", PipelineReportsText.Column_Stage, ReportColumnKind.Text),
                new("visits", PipelineReportsText.Velocity_Visits, ReportColumnKind.Count),
                new("averageDays", PipelineReportsText.Velocity_AverageDays, ReportColumnKind.Days),
                new("medianDays", PipelineReportsText.Velocity_MedianDays, ReportColumnKind.Days),
                new("open", PipelineReportsText.Velocity_Open, ReportColumnKind.Count),
                new("stalled", PipelineReportsText.Velocity_Stalled, ReportColumnKind.Count),
            ],
            rows,
            new ReportChart(ReportChartKind.Bar, "stage", ["averageDays"]),
            PipelineReportsText.Velocity_Note);
        return Later(result, rows, pending, now);
    }

    /// <summary>
    /// The answer at <paramref name="at"/> while the data stays as read: the pursuits not stalled
    /// when it was read stall at known instants (<paramref name="pending"/>, sorted, per stage), so
    /// the stalled column is the one read plus those due by then. It holds until the next of them.
    /// </summary>
    private static ReportResult Later(ReportResult read, IReadOnlyList<object?[]> rows, Dictionary<string, DateTime[]> pending, DateTime at)
    {
        var later = new List<object?[]>(rows.Count);
        DateTime? next = null;
        foreach (var row in rows)
        {
            var copy = (object?[])row.Clone();
            if (pending.TryGetValue((string)row[0]!, out var instants))
            {
                // The first instant after `at`: those before it have stalled by then.
                var due = UpperBound(instants, at);
                copy[6] = (int)row[6]! + due;
                if (due < instants.Length && (next is not { } n || instants[due] < n))
                {
                    next = instants[due];
                }
            }
            later.Add(copy);
        }
        return read with
        {
            Rows = later,
            ValidUntil = next,
            Later = next is null ? null : t => Later(read, rows, pending, t),
            ExtraSize = pending.Values.Sum(p => p.Length) / 32,
        };
    }

    /// <summary>How many of the sorted <paramref name="instants"/> are at or before <paramref name="at"/>.</summary>
    private static int UpperBound(DateTime[] instants, DateTime at)
    {
        int lo = 0, hi = instants.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (instants[mid] <= at)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
