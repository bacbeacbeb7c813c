using System.Net;
using Bridgehead.Data;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.ScaleOut;
using Microsoft.Data.Sqlite;

namespace Bridgehead.Tests.Faults;

/// <summary>
/// A real `bridgehead serve` process on a SQLite file (WAL), killed with SIGKILL while writers
/// create accounts: afterwards the file passes <c>PRAGMA integrity_check</c>, every write the
/// server acknowledged is in it (the writers' ledger), none twice, and a new process on the same
/// file serves again (reads what was written, writes more).
/// </summary>
public sealed class SqliteKilledMidWriteTests_Sqlite : IAsyncDisposable
{
    private const int Writers = 4;

    /// <summary>Generous: starting a process on a busy 2-core CI machine took over a minute.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(150);

    private readonly string _folder = Directory.CreateTempSubdirectory("bridgehead-sqlite-kill-").FullName;

    [Fact]
    public async Task KilledMidWrite_TheFileIsIntact_KeepsEveryAcknowledgedWrite_AndServesAgain()
    {
        var connection = Database.DefaultSqlite(_folder);
        var environment = new Dictionary<string, string>
        {
            ["BRIDGEHEAD_DATABASE"] = connection,
            ["BRIDGEHEAD_DATA"] = _folder,
            ["Bridgehead__Background__IntervalSeconds"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var ledger = new WriteLedger($"sqlkill-{Guid.NewGuid():N}-"[..16]);
        string token;
        await using (var server = ServeProcess.Start(environment))
        {
            await server.WaitReadyAsync(Bound);
            token = await WriteLedger.RepTokenAsync(connection);
            using var api = WriteLedger.Client(server.BaseAddress, token);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(() => ledger.WriteAsync(api, stop.Token, endOnLostConnection: true, finish: false))).ToArray();
            await Os.WaitUntilAsync(() => Task.FromResult(ledger.AcknowledgedCount >= 40 || writers.Any(w => w.IsCompleted)), Bound, "writes acknowledged");
            Assert.True(writers.All(w => !w.IsCompleted), $"A writer stopped before the kill: {server.Output}");

            await server.CrashAsync();
            await Task.WhenAll(writers).WaitAsync(Bound);
            Assert.True(ledger.Unexpected.Count == 0, string.Join(" | ", ledger.Unexpected.Take(5)));
        }

        SqliteConnection.ClearAllPools();
        await using (var file = new SqliteConnection(connection))
        {
            await file.OpenAsync();
            await using var check = file.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
        }
        await ledger.VerifyAsync(connection);
        SqliteConnection.ClearAllPools();

        await using (var again = ServeProcess.Start(environment))
        {
            await again.WaitReadyAsync(Bound);
            using var api = WriteLedger.Client(again.BaseAddress, token);
            var (_, id) = ledger.Acknowledged.First();
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/accounts/{id}")).StatusCode);
            await (await api.PostJsonAsync("/api/v1/accounts", new { name = ledger.Prefix + "after" })).ExpectAsync(HttpStatusCode.Created);
        }
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
