using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Reports;

/// <summary>The filters as asked; every one is optional.</summary>
/// <param name="From">Default: a year before <paramref name="To"/>.</param>
/// <param name="To">Default: today.</param>
public sealed record ReportQuery(DateOnly? From = null, DateOnly? To = null, long? TeamId = null, long? OwnerId = null, long? PipelineId = null, string? Industry = null, long? ApplicationId = null);

/// <summary>A report run: which report, the filter it ran with (defaults filled in) and its answer.</summary>
public sealed record ReportRun(IReport Report, ReportFilter Filter, ReportResult Result);

/// <summary>Lists the reports a caller may run and runs one with checked filters.</summary>
public sealed class RunReport(BridgeheadDb db, IEnumerable<IReport> reports, ReportCache cache)
{
    /// <summary>
    /// The data version on PostgreSQL, read on the connection that runs the report. On a primary:
    /// the session's snapshot (xmin:xmax:running xids). Two equal snapshots see exactly the same
    /// committed transactions, and a write's transaction id makes every later snapshot differ, so
    /// an equal version proves the data unchanged (read-only work such as other reports, vacuum or
    /// checkpoints does not move it). On a standby (pg_is_in_recovery): the WAL position replayed so
    /// far, which a commit's replay moves only after the commit is visible there.
    /// </summary>
    internal const string VersionSql = "SELECT CASE WHEN pg_is_in_recovery() THEN 'r' || pg_last_wal_replay_lsn()::text ELSE 's' || pg_current_snapshot()::text END AS \"Value\"";

    /// <summary>The longest period a report covers.</summary>
    public const int MaxMonths = 60;

    /// <summary>The reports this caller may run, by title.</summary>
    public IReadOnlyList<IReport> Available()
    {
        var viewer = Access.Require(db.Viewer);
        return [.. reports.Where(r => r.IsFor(viewer)).OrderBy(r => r.Title, StringComparer.CurrentCulture)];
    }

    /// <summary>Runs the report named <paramref name="name"/>: 404 for an unknown name, 403 when not for this caller, 422 naming the filter at fault.</summary>
    public async Task<ReportRun> HandleAsync(string name, ReportQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var viewer = Access.Require(db.Viewer);
        var report = reports.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException("report");
        if (!report.IsFor(viewer))
        {
            throw new ForbiddenException(ReportsText.NotForRole);
        }
        if (!cache.Enabled || db.IsSqlite || Filled(query) is not { } filled)
        {
            var filter = await CheckAsync(query, ct);
            return new ReportRun(report, filter, await report.RunAsync(filter, ct));
        }
        // One connection for the version and the report: on a multi-host connection string both
        // come from the same server. The version is read first: the answer is at least that new.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var version = await db.Database.SqlQueryRaw<string>(VersionSql).SingleAsync(ct);
            var now = db.Clock.GetUtcNow().UtcDateTime;
            var key = new ReportCache.Key(report.Name, filled, viewer,
                CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name, DateOnly.FromDateTime(now), version);
            var entry = await cache.GetOrComputeAsync(key, now, async () =>
            {
                // Checked on a miss only: an answer is kept only once its filter passed, and the
                // checks (does the team exist...) read the same data the version stands for.
                var filter = await CheckAsync(query, ct);
                return new ReportCache.Entry(filter, await report.RunAsync(filter, ct));
            }, ct);
            return new ReportRun(report, entry.Filter, entry.Result);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The filter <see cref="CheckAsync"/> would fill in, without asking the database (the cache's
    /// key), or null when the query has a fault the check would name (then nothing is cached).
    /// </summary>
    private ReportFilter? Filled(ReportQuery q)
    {
        var v = new Validator();
        var period = Period(q, v);
        var industry = Industry(q, v);
        return v.IsValid && period is { } p
            ? new ReportFilter(p.From, p.To, q.TeamId, q.OwnerId, q.PipelineId, industry, q.ApplicationId)
            : null;
    }

    /// <summary>
    /// The period asked for (from: a year up to <c>to</c> unless given; to: today unless given), its
    /// faults added to <paramref name="v"/>; null when a date lies outside the years reports cover.
    /// </summary>
    private (DateOnly From, DateOnly To)? Period(ReportQuery q, Validator v)
    {
        var to = q.To ?? DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        // The reports step through months and days past the period's end: the period stays within PeriodBounds.
        PeriodBounds.Check(v, "from", q.From);
        PeriodBounds.Check(v, "to", to);
        if (!v.IsValid)
        {
            return null;
        }
        var from = q.From ?? to.AddYears(-1).AddDays(1);
        if (to < from)
        {
            v.Add("to", ReportsText.ToBeforeFrom);
        }
        else if (from.AddMonths(MaxMonths) <= to)
        {
            v.Add("to", Validator.Format(ReportsText.PeriodTooLong, MaxMonths / 12));
        }
        return (from, to);
    }

    /// <summary>The industry filter as an ISIC code (a code or a name the catalogue knows), its fault added to <paramref name="v"/>.</summary>
    private static string? Industry(ReportQuery q, Validator v)
    {
        if (Text.Clean(q.Industry) is not { } industry)
        {
            return null;
        }
        var code = IsicCatalogue.Find(industry)?.Code;
        if (code is null)
        {
            v.Add("industry", CommonText.UnknownIndustry);
        }
        return code;
    }

    private async Task<ReportFilter> CheckAsync(ReportQuery q, CancellationToken ct)
    {
        var v = new Validator();
        var period = Period(q, v);
        if (period is null)
        {
            // A date outside the covered years (Period named it): answered before the other checks.
            v.ThrowIfInvalid();
        }
        var (from, to) = period!.Value;
        if (q.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct))
        {
            v.Add("teamId", ReportsText.UnknownTeam);
        }
        if (q.OwnerId is { } owner && !await db.Users.AnyAsync(u => u.Id == owner, ct))
        {
            v.Add("ownerId", ReportsText.UnknownOwner);
        }
        if (q.PipelineId is { } pipeline && !await db.Pipelines.AnyAsync(p => p.Id == pipeline, ct))
        {
            v.Add("pipelineId", ReportsText.UnknownPipeline);
        }
        var industry = Industry(q, v);
        if (q.ApplicationId is { } application && !await db.Applications.AnyAsync(a => a.Id == application, ct))
        {
            v.Add("applicationId", ReportsText.UnknownApplication);
        }
        v.ThrowIfInvalid();
        return new ReportFilter(from, to, q.TeamId, q.OwnerId, q.PipelineId, industry, q.ApplicationId);
    }
}
