using Bridgehead.Accounts;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Bridgehead.Pursuits;

namespace Bridgehead.Reports;

/// <summary>
/// What every report is cut by. The period's meaning is each report's own (closed in, opened in,
/// delivered in...); the other filters narrow the records through their account or owner.
/// </summary>
/// <param name="Industry">An ISIC section or division: a section covers its divisions.</param>
public sealed record ReportFilter(DateOnly From, DateOnly To, long? TeamId, long? OwnerId, long? PipelineId, string? Industry, long? ApplicationId)
{
    /// <summary>Opportunities the caller sees, narrowed by owner (the opportunity's), team (its owner's), pipeline, the account's industry and the opportunity's application. The period is left to the report.</summary>
    public IQueryable<Opportunity> Opportunities(BridgeheadDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = db.Opportunities.AsQueryable();
        if (OwnerId is { } owner)
        {
            q = q.Where(o => o.OwnerId == owner);
        }
        if (TeamId is { } team)
        {
            q = q.Where(o => o.Owner!.TeamId == team);
        }
        if (PipelineId is { } pipeline)
        {
            q = q.Where(o => o.PipelineId == pipeline);
        }
        if (Industry is { } industry)
        {
            var codes = IsicCatalogue.Covered(industry).ToList();
            q = q.Where(o => o.Account!.Industry != null && codes.Contains(o.Account.Industry));
        }
        if (ApplicationId is { } application)
        {
            q = q.Where(o => o.ApplicationId == application);
        }
        return q;
    }

    /// <summary>Accounts the caller sees, narrowed by owner (the account's), team (its owner's), industry, application (tagged on the account) and pipeline (an opportunity of the account in it).</summary>
    public IQueryable<Account> Accounts(BridgeheadDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = db.Accounts.AsQueryable();
        if (OwnerId is { } owner)
        {
            q = q.Where(a => a.OwnerId == owner);
        }
        if (TeamId is { } team)
        {
            q = q.Where(a => a.Owner!.TeamId == team);
        }
        if (PipelineId is { } pipeline)
        {
            q = q.Where(a => db.Opportunities.Any(o => o.AccountId == a.Id && o.PipelineId == pipeline));
        }
        if (Industry is { } industry)
        {
            var codes = IsicCatalogue.Covered(industry).ToList();
            q = q.Where(a => a.Industry != null && codes.Contains(a.Industry));
        }
        if (ApplicationId is { } application)
        {
            q = q.Where(a => a.Applications.Any(x => x.ApplicationId == application));
        }
        return q;
    }
}

/// <summary>How a column's values read (the page formats them; files keep the raw value).</summary>
public enum ReportColumnKind
{
    Text,
    Count,
    Number,
    /// <summary>An amount in the base currency.</summary>
    Money,
    /// <summary>0-100.</summary>
    Percent,
    Days,
    Date,
}

/// <param name="Key">camelCase, stable: the JSON member and the file's header key.</param>
/// <param name="Label">In the caller's language: the page's column head and the file's header.</param>
public sealed record ReportColumn(string Key, string Label, ReportColumnKind Kind);

/// <summary>How the page draws the report.</summary>
public enum ReportChartKind
{
    Bar,
    HorizontalBar,
    StackedBar,
    Line,
    Doughnut,
}

/// <param name="LabelColumn">The column whose values label the bars, points or slices.</param>
/// <param name="Series">The numeric columns drawn, one series each.</param>
public sealed record ReportChart(ReportChartKind Kind, string LabelColumn, IReadOnlyList<string> Series);

/// <summary>A report's answer: a table (each row one value per column, in column order) and how to chart it.</summary>
/// <param name="Note">A line under the table in the caller's language (e.g. the base currency, what was left out), or null.</param>
public sealed record ReportResult(IReadOnlyList<ReportColumn> Columns, IReadOnlyList<object?[]> Rows, ReportChart? Chart, string? Note)
{
    /// <summary>
    /// The instant (UTC, on the database context's clock) from which the answer may differ without
    /// any write, because it reads the clock finer than today's date (velocity's stalled count);
    /// null when only the data and the date decide it. <see cref="ReportCache"/> keeps it no longer.
    /// </summary>
    public DateTime? ValidUntil { get; init; }

    /// <summary>
    /// With <see cref="ValidUntil"/>: the same answer at a later instant, worked out from what this
    /// one holds without asking the database (valid while the data has not changed).
    /// </summary>
    public Func<DateTime, ReportResult>? Later { get; init; }

    /// <summary>What the answer holds beyond its rows, in rows' worth (the cache's size of it is rows + 1 + this).</summary>
    public int ExtraSize { get; init; }
}

/// <summary>
/// A report: one class per report under Reports/, found by reflection. It reads through the
/// caller's visibility (the database's filters), and leaves out cost and margin columns for
/// callers who may not see them (<see cref="Viewer.SeesCosts"/>).
/// </summary>
public interface IReport
{
    /// <summary>The address key, e.g. "funnel" in /api/v1/reports/funnel.</summary>
    string Name { get; }

    /// <summary>In the current UI language.</summary>
    string Title { get; }

    /// <summary>One or two sentences on what the report counts and how the period applies, in the current UI language.</summary>
    string Description { get; }

    /// <summary>Whether this viewer may run the report (others get 403 and do not see it listed).</summary>
    bool IsFor(Viewer viewer);

    Task<ReportResult> RunAsync(ReportFilter filter, CancellationToken ct);
}
