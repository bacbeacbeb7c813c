using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Reports;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using Npgsql;

namespace Bridgehead.Tests.ScaleOut;

/// <summary>
/// Reports from a streaming standby (Bridgehead:ReportsDatabase, Npgsql multi-host with
/// prefer-standby): a primary and a replica made by pg_basebackup -R, both logging every statement
/// with the session's application name. The report's SQL runs on the standby, never on the
/// primary; with the standby stopped, reports fall back to the primary. PostgreSQL only.
/// </summary>
public sealed partial class ReportsStandbyTests_Postgres : IAsyncLifetime
{
    private PgCluster? _primary;
    private PgCluster? _standby;
    private TestApp? _app;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Reports_ReadTheStandby_AndFallBackToThePrimaryWhenItStops()
    {
        var bin = PgCluster.Binaries();
        if (bin is null)
        {
            Assert.True(!PostgresServer.Required, PostgresServer.InstallHint + " (BRIDGEHEAD_REQUIRE_POSTGRES=1 forbids skipping.)");
            Assert.Skip(PostgresServer.InstallHint);
        }
        _primary = await PgCluster.PrimaryAsync(bin);
        _standby = await PgCluster.StandbyOfAsync(_primary);
        var connection = _primary.ConnectionString("bridgehead");
        await using (var db = new BridgeheadDb(Database.Options(connection)) { Viewer = Viewer.System })
        {
            await Database.MigrateAsync(db);
        }
        // The documented form: both hosts, the primary first; prefer-standby picks the standby.
        var reports = $"Host=127.0.0.1:{_primary.Port},127.0.0.1:{_standby.Port};Username=postgres;Database=bridgehead;Target Session Attributes=prefer-standby;Timeout=5";
        _app = await TestApp.StartAsync(Provider.Postgres, new Dictionary<string, string?> { [ReportsDatabase.SettingName] = reports }, connection);

        // Data written through the API goes to the primary.
        var rep = await _app.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var client = _app.Client(rep);
        var account = await client.NewAccountAsync();
        await client.NewOpportunityAsync(account.Id());
        await WaitForReplayAsync();

        var primaryBefore = _primary.Log().Length;
        var standbyBefore = _standby.Log().Length;
        var funnel = await client.GetJsonAsync($"/api/v1/reports/funnel?ownerId={rep.Id.ToString(CultureInfo.InvariantCulture)}");
        Assert.Equal(1, Reached(funnel));

        // The report's SQL (the funnel reads stage_changes) ran on the standby, in the reports'
        // read-only sessions, and not on the primary.
        Assert.NotEmpty(ReportStatements(_standby.Log()[standbyBefore..]));
        Assert.Empty(ReportStatements(_primary.Log()[primaryBefore..]));
        // (The reports' connection does look at the primary when it opens, e.g. SELECT version(),
        // to learn which host is the standby; it reads no data there.)
        Assert.DoesNotContain(Entries(_primary.Log()[primaryBefore..]), e => e.StartsWith("[" + ReportsDatabase.ApplicationName + "]", StringComparison.Ordinal)
            && (e.Contains("opportunities", StringComparison.Ordinal) || e.Contains("accounts", StringComparison.Ordinal)));

        // The standby stops: reports still answer, now from the primary.
        await _standby.StopAsync();
        primaryBefore = _primary.Log().Length;
        var fallback = await client.GetJsonAsync($"/api/v1/reports/funnel?ownerId={rep.Id.ToString(CultureInfo.InvariantCulture)}");
        Assert.Equal(1, Reached(fallback));
        Assert.NotEmpty(ReportStatements(_primary.Log()[primaryBefore..]));

        // Everything else still reads and writes the primary.
        var other = await client.NewAccountAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/accounts/{other.Id().ToString(CultureInfo.InvariantCulture)}")).StatusCode);
    }

    private static int Reached(JsonNode funnel) =>
        funnel["rows"]!.AsArray().Where(r => r!["stageKey"]!.GetValue<string>() is not ("won" or "lost" or "dropped")).Max(r => r!["reached"]!.GetValue<int>());

    /// <summary>Until the standby has replayed everything the primary has written so far.</summary>
    private async Task WaitForReplayAsync()
    {
        string lsn;
        await using (var primary = new NpgsqlConnection(_primary!.ConnectionString("postgres")))
        {
            await primary.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", primary);
            lsn = (string)(await command.ExecuteScalarAsync())!;
        }
        await using var standby = new NpgsqlConnection(_standby!.ConnectionString("postgres"));
        await standby.OpenAsync();
        await Os.WaitUntilAsync(async () =>
        {
            await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery() AND pg_last_wal_replay_lsn() >= @lsn::pg_lsn", standby);
            command.Parameters.AddWithValue("lsn", lsn);
            return (bool)(await command.ExecuteScalarAsync())!;
        }, TimeSpan.FromSeconds(30), $"the standby replaying up to {lsn}");
    }

    /// <summary>The log's entries: each starts with the "[application name] " prefix; a statement's further lines belong to it.</summary>
    private static List<string> Entries(string log) => [.. EntryStart().Split(log).Where(e => e.Length > 0)];

    /// <summary>Statements the reports' sessions ran that read stage changes (the funnel's SQL).</summary>
    private static List<string> ReportStatements(string log) =>
        [.. Entries(log).Where(e => e.StartsWith("[" + ReportsDatabase.ApplicationName + "]", StringComparison.Ordinal) && e.Contains("stage_changes", StringComparison.Ordinal))];

    [GeneratedRegex(@"\n(?=\[)")]
    private static partial Regex EntryStart();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        if (_standby is not null)
        {
            await _standby.DisposeAsync();
        }
        if (_primary is not null)
        {
            await _primary.DisposeAsync();
        }
    }
}
