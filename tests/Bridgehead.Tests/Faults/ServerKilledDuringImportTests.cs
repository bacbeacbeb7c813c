using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.ScaleOut;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Faults;

/// <summary>
/// A real `bridgehead serve` process killed with SIGKILL while it imports a CSV uploaded through
/// /api/v1/imports; a new process on the same database and data folder takes the job over by
/// itself once its heartbeat is older than Bridgehead:Imports:TakeOverAfterSeconds, resumes after
/// the last committed batch and completes it: one account per distinct external id of the file,
/// none twice. The first process runs without background work (IntervalSeconds 0: it only
/// imports what it is handed), so the new one need not wait for the background lease to expire;
/// small batches and a take-over after 2 s keep the test short (docs/reliability.md).
/// </summary>
public abstract class ServerKilledDuringImportTests(Provider provider) : IAsyncDisposable
{
    private const int Rows = 2_000;
    private const int Repeated = 50;
    private const int Batch = 50;

    /// <summary>Generous: starting a process on a busy 2-core CI machine took over a minute.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(150);

    private readonly string _folder = Directory.CreateTempSubdirectory("bridgehead-import-kill-").FullName;
    private PostgresServer? _postgres;
    private string? _database;

    [Fact]
    public async Task AServerKilledMidImport_IsResumedByTheNextOne_WithoutDuplicates()
    {
        var connection = await ConnectionAsync();
        var environment = new Dictionary<string, string>
        {
            ["BRIDGEHEAD_DATABASE"] = connection,
            ["BRIDGEHEAD_DATA"] = _folder,
            ["Bridgehead__Background__IntervalSeconds"] = "0",
            ["Bridgehead__Imports__BatchSize"] = Batch.ToString(CultureInfo.InvariantCulture),
            ["Bridgehead__Imports__TakeOverAfterSeconds"] = "2",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var run = Guid.NewGuid().ToString("N")[..8];
        long jobId;
        await using (var first = ServeProcess.Start(environment))
        {
            await first.WaitReadyAsync(Bound);
            var token = await WriteLedger.RepTokenAsync(connection);
            using var api = WriteLedger.Client(first.BaseAddress, token);
            var upload = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(run)));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            upload.Add(file, "file", "accounts.csv");
            var stored = await (await api.PostAsync("/api/v1/imports/files", upload)).JsonAsync();
            var started = await api.PostJsonAsync("/api/v1/imports", new
            {
                entity = "accounts",
                storedFile = stored["storedFile"]!.GetValue<string>(),
                fileName = "accounts.csv",
                mapping = new Dictionary<string, string> { ["externalId"] = "externalId", ["name"] = "name" },
            });
            await started.ExpectAsync(HttpStatusCode.Accepted);
            jobId = (await started.JsonAsync()).Id();

            // Killed as soon as some batches are committed (watched in the database, not through the busy server).
            await Os.WaitUntilAsync(async () => (await JobAsync(connection, jobId)).ProcessedRows >= 2 * Batch, Bound, "the first batches committed", () => first.Output);
            await first.CrashAsync();
        }

        var killed = await JobAsync(connection, jobId);
        Assert.Equal(ImportStatus.Running, killed.Status);
        Assert.True(killed.ProcessedRows < Rows, $"The run had finished ({killed.ProcessedRows} rows) before it was killed: nothing was resumed");
        Assert.Equal(killed.CreatedRows, (await ExternalIdsAsync(connection, run)).Count);

        // The next server does background work, which takes over the silent job.
        await using (var second = ServeProcess.Start(new Dictionary<string, string>(environment) { ["Bridgehead__Background__IntervalSeconds"] = "1" }))
        {
            await second.WaitReadyAsync(Bound);
            await Os.WaitUntilAsync(async () => (await JobAsync(connection, jobId)).Status is not (ImportStatus.Running or ImportStatus.Pending), Bound,
                "the job resumed by the new server and finished", () => second.Output);
        }

        var done = await JobAsync(connection, jobId);
        Assert.Equal(ImportStatus.Completed, done.Status);
        Assert.Equal(Rows + Repeated, done.ProcessedRows);
        Assert.Equal(Rows, done.CreatedRows);
        Assert.Equal(0, done.ErrorRows);
        var externalIds = await ExternalIdsAsync(connection, run);
        Assert.Equal(Rows, externalIds.Count);
        Assert.Equal(Rows, externalIds.Distinct().Count());
    }

    /// <summary>Rows distinct external ids, then the first <see cref="Repeated"/> again (updates, not new accounts).</summary>
    private static string Csv(string run)
    {
        var csv = new StringBuilder("externalId,name\n");
        foreach (var i in Enumerable.Range(0, Rows).Concat(Enumerable.Range(0, Repeated)))
        {
            csv.Append(CultureInfo.InvariantCulture, $"KILL-{run}-{i:D5},Killed import {run} {i}\n");
        }
        return csv.ToString();
    }

    private static async Task<List<string>> ExternalIdsAsync(string connection, string run)
    {
        await using var db = new BridgeheadDb(Database.Options(connection)) { Viewer = Viewer.System };
        var prefix = $"KILL-{run}-";
        return await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => a.ExternalId!.StartsWith(prefix)).Select(a => a.ExternalId!).ToListAsync();
    }

    private static async Task<ImportJob> JobAsync(string connection, long id)
    {
        await using var db = new BridgeheadDb(Database.Options(connection)) { Viewer = Viewer.System };
        return await db.ImportJobs.IgnoreQueryFilters().AsNoTracking().SingleAsync(j => j.Id == id);
    }

    private async Task<string> ConnectionAsync()
    {
        if (provider == Provider.Sqlite)
        {
            return Database.DefaultSqlite(_folder);
        }
        _postgres = await PostgresServer.InstanceAsync();
        if (_postgres.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
        _database = _postgres.NewDatabaseName();
        return _postgres.ConnectionString(_database);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgres is not null && _database is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await _postgres.DropDatabaseAsync(_database);
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class ServerKilledDuringImportTests_Sqlite() : ServerKilledDuringImportTests(Provider.Sqlite);

public sealed class ServerKilledDuringImportTests_Postgres() : ServerKilledDuringImportTests(Provider.Postgres);
