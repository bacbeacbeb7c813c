using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Reports;

/// <summary>
/// Funnel and stage-to-stage conversion of the pursuits OPENED in the period (the At of their
/// Opened step, a UTC day from..to), under the other filters and the caller's visibility.
/// <list type="bullet">
/// <item>Stages: the eight standard pursuit stages; with a pipeline filter, that pipeline's active
/// stages under its names.</item>
/// <item><c>reached</c>: pursuits of the cohort with any step into the stage (opened in it,
/// advanced, overridden or moved back into it, reopened in it), at any time up to now.</item>
/// <item><c>wentOn</c>: of those, the ones that also reached a later stage of the list, or were
/// won (for the last stage: were won).</item>
/// <item><c>conversion</c>: wentOn / reached in percent (one decimal); empty when none reached.</item>
/// <item>Three more rows (stageKey won, lost, dropped): how many of the cohort have that status
/// today, in <c>reached</c>.</item>
/// </list>
/// No rows when nothing was opened in the period.
/// </summary>
public sealed class FunnelReport(BridgeheadDb db) : IReport
{
    public string Name => "funnel";

    public string Title => PipelineReportsText.Funnel_Title;

    public string Description => PipelineReportsText.Funnel_Description;

    public bool IsFor(Viewer viewer) => viewer.CanReadSales;

    public async Task<ReportResult> RunAsync(ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (start, end) = PipelineFacts.Instants(filter);
        var scope = filter.Opportunities(db);
        if (db.Viewer is { SeesAllAccounts: false })
        {
            // A rep or manager sees a few thousand pursuits of the book: naming them first keeps the
            // database from testing every step of the book against their visibility.
            var visible = await scope.AsNoTracking().Select(o => o.Id).ToListAsync(ct);
            scope = db.Opportunities.Where(o => EF.Parameter(visible).Contains(o.Id));
        }
        var cohort = scope
            .Where(o => db.StageChanges.Any(c => c.OpportunityId == o.Id && c.Move == StageMove.Opened && c.At >= start && c.At < end));
        // The database counts: the cohort by status, and its pursuits by the set of stages they reached.
        var statuses = await cohort.AsNoTracking().GroupBy(o => o.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var opened = statuses.Sum(s => s.Count);

        var stages = await PipelineFacts.StagesAsync(db, filter, ct);
        var columns = new ReportColumn[]
        {
            new("stageKey", PipelineReportsText.Column_StageKey, ReportColumnKind.Text),
            new("stage", PipelineReportsText.Column_Stage, ReportColumnKind.Text),
            new("reached", PipelineReportsText.Funnel_Reached, ReportColumnKind.Count),
            new("wentOn", PipelineReportsText.Funnel_WentOn, ReportColumnKind.Count),
            new("conversion", PipelineReportsText.Funnel_Conversion, ReportColumnKind.Percent),
        };
        var chart = new ReportChart(ReportChartKind.HorizontalBar, "stage", ["reached", "wentOn"]);
        if (opened == 0)
        {
            return new ReportResult(columns, [], chart, PipelineReportsText.Funnel_Note);
        }

        var reached = new int[stages.Count];
        var wentOn = new int[stages.Count];
        foreach (var (mask, won, count) in await ReachedAsync(cohort.Select(o => o.Id), stages, ct))
        {
            var top = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)mask);
            for (var i = 0; i < stages.Count; i++)
            {
                if ((mask & (1L << i)) != 0)
                {
                    reached[i] += count;
                    if (won || top > i)
                    {
                        wentOn[i] += count;
                    }
                }
            }
        }

        var rows = new List<object?[]>();
        for (var i = 0; i < stages.Count; i++)
        {
            rows.Add([stages[i].Key, stages[i].Name, reached[i], wentOn[i], PipelineFacts.Percent(wentOn[i], reached[i])]);
        }
        foreach (var status in new[] { OpportunityStatus.Won, OpportunityStatus.Lost, OpportunityStatus.Dropped })
        {
            rows.Add([Keys.Camel(status), Labels.Of(status), statuses.Where(s => s.Status == status).Sum(s => s.Count), null, null]);
        }
        return new ReportResult(columns, rows, chart,
            Validator.Format(PipelineReportsText.Funnel_Opened, opened) + " " + PipelineReportsText.Funnel_Note);
    }

    /// <summary>A step as the funnel weighs it: the bit of the listed stage it went into (0 for another stage) and whether it won.</summary>
    private sealed class Step
    {
        public long OpportunityId { get; init; }

        public long Bit { get; init; }

        public int Won { get; init; }
    }

    /// <summary>
    /// The cohort's pursuits grouped by the set of listed stages they stepped into (bit i: the
    /// i-th stage) and whether they were won, with how many share it. The database does the
    /// work: one pass over the cohort's steps, a handful of rows back.
    /// </summary>
    private async Task<List<(long Mask, bool Won, int Count)>> ReachedAsync(IQueryable<long> ids, IReadOnlyList<ReportStage> stages, CancellationToken ct)
    {
        if (stages.Count > 62)
        {
            throw new InvalidOperationException("The funnel lists at most 62 stages.");
        }
        // c => new Step { OpportunityId = c.OpportunityId, Bit = c.ToStage == k0 ? 1 : c.ToStage == k1 ? 2 : ... : 0, Won = c.Move == Won ? 1 : 0 }
        var c = Expression.Parameter(typeof(StageChange), "c");
        Expression bit = Expression.Constant(0L);
        for (var i = stages.Count - 1; i >= 0; i--)
        {
            bit = Expression.Condition(
                Expression.Equal(Expression.Property(c, nameof(StageChange.ToStage)), Expression.Constant(stages[i].Key)),
                Expression.Constant(1L << i), bit);
        }
        var won = Expression.Condition(
            Expression.Equal(Expression.Property(c, nameof(StageChange.Move)), Expression.Constant(StageMove.Won)),
            Expression.Constant(1), Expression.Constant(0));
        var step = Expression.Lambda<Func<StageChange, Step>>(
            Expression.MemberInit(Expression.New(typeof(Step)),
                Expression.Bind(typeof(Step).GetProperty(nameof(Step.OpportunityId))!, Expression.Property(c, nameof(StageChange.OpportunityId))),
                Expression.Bind(typeof(Step).GetProperty(nameof(Step.Bit))!, bit),
                Expression.Bind(typeof(Step).GetProperty(nameof(Step.Won))!, won)),
            c);
        var groups = await db.StageChanges.AsNoTracking()
            .Where(x => ids.Contains(x.OpportunityId))
            .Select(step)
            .GroupBy(s => s.OpportunityId)
            .Select(g => new { Mask = g.Select(s => s.Bit).Distinct().Sum(), Won = g.Max(s => s.Won) })
            .GroupBy(x => new { x.Mask, x.Won })
            .Select(g => new { g.Key.Mask, g.Key.Won, Count = g.Count() })
            .ToListAsync(ct);
        return [.. groups.Select(g => (g.Mask, g.Won == 1, g.Count))];
    }
}

/// <summary>Enum values as the API spells them.</summary>
internal static class Keys
{
    public static string Camel(Enum value) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
