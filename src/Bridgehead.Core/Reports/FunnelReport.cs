using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
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
        var cohort = filter.Opportunities(db)
            .Where(o => db.StageChanges.Any(c => c.OpportunityId == o.Id && c.Move == StageMove.Opened && c.At >= start && c.At < end));
        var opportunities = await cohort.AsNoTracking().Select(o => new { o.Id, o.Status }).ToListAsync(ct);
        var ids = cohort.Select(o => o.Id);
        var steps = await db.StageChanges.AsNoTracking()
            .Where(c => ids.Contains(c.OpportunityId))
            .Select(c => new { c.OpportunityId, c.Move, c.ToStage })
            .ToListAsync(ct);

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
        if (opportunities.Count == 0)
        {
            return new ReportResult(columns, [], chart, PipelineReportsText.Funnel_Note);
        }

        var reachedBy = stages.ToDictionary(s => s.Key, _ => new HashSet<long>());
        foreach (var step in steps)
        {
            reachedBy.GetValueOrDefault(step.ToStage)?.Add(step.OpportunityId);
        }
        var won = steps.Where(s => s.Move == StageMove.Won).Select(s => s.OpportunityId).ToHashSet();

        var rows = new List<object?[]>();
        for (var i = 0; i < stages.Count; i++)
        {
            var reached = reachedBy[stages[i].Key];
            var later = new HashSet<long>(won);
            foreach (var next in stages.Skip(i + 1))
            {
                later.UnionWith(reachedBy[next.Key]);
            }
            var wentOn = reached.Count(later.Contains);
            rows.Add([stages[i].Key, stages[i].Name, reached.Count, wentOn, PipelineFacts.Percent(wentOn, reached.Count)]);
        }
        foreach (var status in new[] { OpportunityStatus.Won, OpportunityStatus.Lost, OpportunityStatus.Dropped })
        {
            rows.Add([Keys.Camel(status), Labels.Of(status), opportunities.Count(o => o.Status == status), null, null]);
        }
        return new ReportResult(columns, rows, chart,
            Validator.Format(PipelineReportsText.Funnel_Opened, opportunities.Count) + " " + PipelineReportsText.Funnel_Note);
    }
}

/// <summary>Enum values as the API spells them.</summary>
internal static class Keys
{
    public static string Camel(Enum value) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
