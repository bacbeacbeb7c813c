using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Bridgehead.Reports;

/// <summary>
/// Where reports read (<see cref="RunReport"/> and every <see cref="IReport"/>): the main database
/// unless <c>BRIDGEHEAD_REPORTS_DATABASE</c> / <c>Bridgehead:ReportsDatabase</c> names another
/// PostgreSQL connection, typically a streaming standby listed with the primary:
/// <c>Host=primary:5432,standby:5432;...;Target Session Attributes=prefer-standby</c>, so that
/// reports read the standby and fall back to the primary while the standby is down.
/// The context this opens never writes: it tracks nothing, refuses SaveChanges, and its sessions
/// are read-only on the server (<c>default_transaction_read_only</c>), even on the primary.
/// A standby replays the primary's writes with a lag: a report may not yet show a write made a
/// moment ago.
/// </summary>
public static class ReportsDatabase
{
    public const string EnvironmentName = "BRIDGEHEAD_REPORTS_DATABASE";

    public const string SettingName = "Bridgehead:ReportsDatabase";

    /// <summary>The application name the reports' sessions show in pg_stat_activity and the server's log, unless the connection string names one.</summary>
    public const string ApplicationName = "bridgehead-reports";

    /// <summary>
    /// The connection string to use, completed (application name, read-only sessions), or null
    /// when not configured. Refuses (naming the setting) a non-PostgreSQL string or a SQLite main database.
    /// </summary>
    public static string? ConnectionString(string? configured, string mainConnectionString)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }
        if (!Database.IsPostgres(configured) || !Database.IsPostgres(mainConnectionString))
        {
            throw ValidationException.For(SettingName, ReportsText.ReportsDatabaseNotPostgres);
        }
        var b = new NpgsqlConnectionStringBuilder(configured);
        if (string.IsNullOrEmpty(b.ApplicationName))
        {
            b.ApplicationName = ApplicationName;
        }
        const string readOnly = "-c default_transaction_read_only=on";
        if (b.Options?.Contains("default_transaction_read_only", StringComparison.Ordinal) != true)
        {
            b.Options = string.IsNullOrWhiteSpace(b.Options) ? readOnly : b.Options + " " + readOnly;
        }
        return b.ConnectionString;
    }

    /// <summary>Options of a read-only context on <paramref name="connectionString"/> (from <see cref="ConnectionString"/>).</summary>
    public static DbContextOptions<BridgeheadDb> Options(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<BridgeheadDb>();
        Database.Configure(builder, connectionString);
        // Reads only, so safe to repeat: a standby that went away mid-use is retried, and the
        // next connection goes to the host still there (prefer-standby falls back to the primary).
        builder.UseNpgsql(o => o.EnableRetryOnFailure(3, TimeSpan.FromSeconds(1), null));
        builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        builder.AddInterceptors(RefuseSaves.Instance);
        return builder.Options;
    }

    /// <summary>A report that tried to save would be a bug: the standby could not take it anyway.</summary>
    private sealed class RefuseSaves : SaveChangesInterceptor
    {
        public static readonly RefuseSaves Instance = new();

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
            throw new InvalidOperationException("The reports database is read-only.");

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The reports database is read-only.");
    }
}
