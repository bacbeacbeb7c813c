using Npgsql;

namespace Bridgehead.Perf;

/// <summary>
/// The PostgreSQL server of the run: BRIDGEHEAD_BENCH_POSTGRES, or a throw-away cluster made with
/// initdb and started with pg_ctl (as user postgres when the bench runs as root), stopped on dispose.
/// </summary>
internal sealed class Postgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string? _folder;
    private readonly bool _asPostgres;
    private int _stopped;

    /// <summary>A connection string to the server (database postgres).</summary>
    public string Server { get; }

    public bool Throwaway => _folder is not null;

    private Postgres(string server, string? folder, bool asPostgres)
    {
        Server = server;
        _folder = folder;
        _asPostgres = asPostgres;
    }

    public static async Task<Postgres> StartAsync(int port, CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable("BRIDGEHEAD_BENCH_POSTGRES") is { Length: > 0 } given)
        {
            return new Postgres(new NpgsqlConnectionStringBuilder(given) { Database = "postgres" }.ConnectionString, null, false);
        }
        var folder = Directory.CreateTempSubdirectory("bridgehead-perf-pg-").FullName;
        var asPostgres = Environment.UserName == "root";
        if (asPostgres && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
            await Processes.RunAsync(Processes.Info("chown", ["postgres:postgres", folder]), ct);
        }
        var pg = new Postgres($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres", folder, asPostgres);
        var init = await pg.PgAsync("initdb", ["-D", pg.Data, "-U", "postgres", "-A", "trust", "--encoding=UTF8", "--no-locale"], ct);
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException("initdb failed: " + init.Err);
        }
        var start = await pg.PgAsync("pg_ctl", ["-D", pg.Data, "-l", Path.Combine(folder, "server.log"), "-w", "start",
            "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1"], ct);
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException("pg_ctl start failed: " + start.Err + start.Out);
        }
        return pg;
    }

    private string Data => Path.Combine(_folder!, "data");

    private Task<Processes.Outcome> PgAsync(string tool, IEnumerable<string> args, CancellationToken ct) =>
        _asPostgres
            ? Processes.RunAsync(Processes.Info("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. args]), ct)
            : Processes.RunAsync(Processes.Info(Path.Combine(Bin, tool), args), ct);

    public string Database(string name) => new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;

    public async Task ExecuteAsync(string sql, string database = "postgres", CancellationToken ct = default)
    {
        await using var c = new NpgsqlConnection(Database(database));
        await c.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<string> VersionAsync(CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(Server);
        await c.OpenAsync(ct);
        // The version and the settings that move these figures most.
        await using var cmd = new NpgsqlCommand(
            "SELECT current_setting('server_version') || ' (same machine; shared_buffers ' || current_setting('shared_buffers') || ', work_mem ' || current_setting('work_mem') || ', server jit ' || current_setting('jit') || ')'", c);
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Stops the throw-away cluster (immediately) and removes its folder; safe to call twice.</summary>
    public void Stop()
    {
        if (_folder is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        var args = new[] { "-D", Data, "-m", "immediate", "stop" };
        var info = _asPostgres
            ? Processes.Info("runuser", ["-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), .. args])
            : Processes.Info(Path.Combine(Bin, "pg_ctl"), args);
        using (var p = System.Diagnostics.Process.Start(info)!)
        {
            p.WaitForExit(30_000);
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // left in /tmp
        }
        catch (UnauthorizedAccessException)
        {
            // left in /tmp
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
