using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Bridgehead.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run, started from the server binaries installed on
/// the machine (as the postgres user when the tests run as root). Where the binaries are missing,
/// PostgreSQL tests are skipped with the package to install, unless BRIDGEHEAD_REQUIRE_POSTGRES=1
/// (set by CI), which turns the skip into a failure.
/// </summary>
public sealed class PostgresServer
{
    public const string InstallHint = "PostgreSQL server binaries not found: install them with `apt-get install postgresql` (Debian) to run the PostgreSQL tests.";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => StartAsync(durableCommits: false));

    private readonly string _folder;
    private readonly string _bin;
    private int _databases;

    public string? SkipReason { get; }

    public int Port { get; }

    private readonly bool _durableCommits;

    private PostgresServer(string folder, string bin, int port, string? skipReason, bool durableCommits = false)
    {
        _durableCommits = durableCommits;
        _folder = folder;
        _bin = bin;
        Port = port;
        SkipReason = skipReason;
    }

    public static Task<PostgresServer> InstanceAsync() => Shared.Value;

    /// <summary>
    /// A cluster of the caller's own, stopped at exit: for tests that read something cluster-wide
    /// (the report cache's data version moves with every write on the cluster, whichever database).
    /// </summary>
    /// <param name="durableCommits">
    /// synchronous_commit=on (the PostgreSQL default; the shared cluster turns it off for speed):
    /// a commit is acknowledged only once its WAL is written, so it survives the server processes
    /// being killed (fault tests). fsync stays off: the machine's own cache survives a process crash.
    /// </param>
    public static Task<PostgresServer> StartOwnAsync(bool durableCommits = false) => StartAsync(durableCommits);

    public static bool Required => Environment.GetEnvironmentVariable("BRIDGEHEAD_REQUIRE_POSTGRES") == "1";

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=40;Timeout=30";

    /// <summary>A new, empty database name on this cluster (created by the first migration).</summary>
    public string NewDatabaseName() => $"bh_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";

    public async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync(bool durableCommits)
    {
        var bin = FindBinaries();
        if (bin is null)
        {
            if (Required)
            {
                throw new InvalidOperationException(InstallHint + " (BRIDGEHEAD_REQUIRE_POSTGRES=1 forbids skipping.)");
            }
            return new PostgresServer("", "", 0, InstallHint);
        }
        var folder = Path.Combine(Path.GetTempPath(), $"bridgehead-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", folder], asPostgres: false);
        }
        var data = Path.Combine(folder, "data");
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"], asRoot);
        var server = new PostgresServer(folder, bin, FreePort(), null, durableCommits);
        await server.StartClusterAsync();
        Cleanup.AtExit(() => server.Stop(asRoot));
        return server;
    }

    private static bool AsRoot => Environment.UserName == "root";

    /// <summary>
    /// Starts the cluster (again, after <see cref="StopImmediateAsync"/>: on the same port, after
    /// crash recovery) and waits until it accepts connections. Only for a cluster of one's own.
    /// </summary>
    public Task StartClusterAsync()
    {
        var options = $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit={(_durableCommits ? "on" : "off")} -c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB";
        return RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-o", options, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "start"], AsRoot);
    }

    /// <summary>
    /// <c>pg_ctl stop -m immediate</c>: every server process ends at once, as in a crash (no
    /// checkpoint; the next start replays the WAL). Only for a cluster of one's own.
    /// </summary>
    public Task StopImmediateAsync() =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], AsRoot);

    private void Stop(bool asRoot)
    {
        try
        {
            RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], asRoot).GetAwaiter().GetResult();
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The machine cleans its temp folder; a leftover cluster folder is harmless.
        }
    }

    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("BRIDGEHEAD_PG_BIN") is { Length: > 0 } configured && File.Exists(Path.Combine(configured, "pg_ctl")))
        {
            return configured;
        }
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr} {await stdout}");
        }
    }
}
