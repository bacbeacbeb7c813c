using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.ScaleOut;

/// <summary>Programs the scale-out tests run: commands to completion, as another OS user when the tests run as root.</summary>
public static class Os
{
    public static bool IsRoot => Environment.UserName == "root";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs <paramref name="program"/> to its end (as <paramref name="user"/> when root); fails with its output on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> args, string? user = null)
    {
        using var process = Process.Start(Start(program, args, user))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr} {await stdout}");
        }
        return await stdout;
    }

    public static ProcessStartInfo Start(string program, IEnumerable<string> args, string? user = null)
    {
        var asUser = user is not null && IsRoot;
        var start = new ProcessStartInfo(asUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asUser)
        {
            foreach (var a in (string[])["-u", user!, "--", program])
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        return start;
    }

    /// <summary>A temp folder the given user owns (when root), for a program that may not run as root.</summary>
    public static async Task<string> FolderForAsync(string user, string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        if (IsRoot)
        {
            await RunAsync("chown", [$"{user}:{user}", folder]);
        }
        return folder;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what, Func<string>? details = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed >= timeout)
            {
                Assert.Fail($"Not within {timeout.TotalSeconds} s: {what}. {details?.Invoke()}");
            }
            await Task.Delay(200);
        }
    }
}

/// <summary>One `bridgehead serve` process (the built program of the test's output) on a loopback port.</summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The instance's process id: the background lease's holder names it.</summary>
    public int ProcessId => _process.Id;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>The address nginx reports in X-Upstream for this instance.</summary>
    public string Upstream => $"127.0.0.1:{Port}";

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the program with the environment given (database, data folder, settings as Bridgehead__X__Y).</summary>
    public static ServeProcess Start(IDictionary<string, string> environment)
    {
        var port = Os.FreePort();
        var start = Os.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "bridgehead.dll"), "serve", "--urls", $"http://127.0.0.1:{port}"]);
        start.WorkingDirectory = Path.GetTempPath();
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return new ServeProcess(Process.Start(start)!, port);
    }

    /// <summary>Waits until /health answers ok (the program migrated the database and listens).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Os.WaitUntilAsync(async () =>
        {
            Assert.False(_process.HasExited, $"bridgehead serve on {Port} ended ({(_process.HasExited ? _process.ExitCode : 0)}): {Output}");
            try
            {
                return (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, timeout, $"bridgehead serve on {Port} answering /health", () => Output);
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash would: it gives nothing up.</summary>
    public async Task CrashAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    private void Keep(string? line)
    {
        if (line is not null && _output.Count < 2000)
        {
            _output.Enqueue(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CrashAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        _process.Dispose();
    }
}

/// <summary>
/// nginx from Debian as a load balancer in front of the instances: a config of its own in a temp
/// folder (no daemon, its own pid, logs and temp paths), round-robin over the instances, and an
/// X-Upstream header naming the instance that answered. Runs as www-data when the tests run as root.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    public const string InstallHint = "nginx not found: install it with `apt-get install nginx` (Debian) to run the scale-out test (several instances behind a load balancer).";

    private const string User = "www-data";

    private readonly Process _process;
    private readonly string _folder;

    private Nginx(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>The nginx binary, or null; BRIDGEHEAD_NGINX may name another.</summary>
    public static string? Binary()
    {
        var configured = Environment.GetEnvironmentVariable("BRIDGEHEAD_NGINX");
        return configured is { Length: > 0 } && File.Exists(configured) ? configured
            : File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx"
            : null;
    }

    /// <summary>The config the test writes; docs/operations.md shows the same shape for production.</summary>
    public static string Config(string folder, int port, IEnumerable<string> upstreams) => string.Create(CultureInfo.InvariantCulture, $$"""
        daemon off;
        worker_processes 1;
        pid {{folder}}/nginx.pid;
        error_log {{folder}}/error.log warn;
        events { worker_connections 256; }
        http {
            access_log {{folder}}/access.log;
            client_body_temp_path {{folder}}/client_body;
            proxy_temp_path {{folder}}/proxy;
            fastcgi_temp_path {{folder}}/fastcgi;
            uwsgi_temp_path {{folder}}/uwsgi;
            scgi_temp_path {{folder}}/scgi;
            upstream bridgehead {
        {{string.Join('\n', upstreams.Select(u => $"        server {u};"))}}
            }
            server {
                listen 127.0.0.1:{{port}};
                location / {
                    proxy_pass http://bridgehead;
                    proxy_set_header Host $http_host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    add_header X-Upstream $upstream_addr always;
                }
            }
        }
        """);

    public static async Task<Nginx> StartAsync(string binary, IEnumerable<string> upstreams)
    {
        var folder = await Os.FolderForAsync(User, "bridgehead-nginx-");
        var port = Os.FreePort();
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(folder, port, upstreams));
        if (Os.IsRoot)
        {
            await Os.RunAsync("chown", [$"{User}:{User}", config]);
        }
        var process = Process.Start(Os.Start(binary, ["-p", folder, "-c", config, "-e", Path.Combine(folder, "error.log")], User))!;
        var nginx = new Nginx(process, folder, port);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Os.WaitUntilAsync(async () =>
        {
            if (process.HasExited)
            {
                Assert.Fail($"nginx ended ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()} {nginx.ErrorLog()}");
            }
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), "nginx listening");
        return nginx;
    }

    public string ErrorLog()
    {
        var path = Path.Combine(_folder, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    public async ValueTask DisposeAsync()
    {
        var pidFile = Path.Combine(_folder, "nginx.pid");
        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            try
            {
                await Os.RunAsync("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// A PostgreSQL cluster of the test's own (for the standby test: a primary and a streaming
/// replica made by pg_basebackup -R), run as the postgres user when the tests run as root,
/// every statement logged with the session's application name.
/// </summary>
public sealed class PgCluster : IAsyncDisposable
{
    private const string User = "postgres";

    private readonly string _bin;
    private bool _running;

    private PgCluster(string bin, string folder, int port)
    {
        _bin = bin;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public string Data => Path.Combine(Folder, "data");

    public int Port { get; }

    public string LogFile => Path.Combine(Folder, "server.log");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15";

    /// <summary>The PostgreSQL binaries (the same search as <see cref="PostgresServer"/>); null when missing.</summary>
    public static string? Binaries()
    {
        if (Environment.GetEnvironmentVariable("BRIDGEHEAD_PG_BIN") is { Length: > 0 } configured && File.Exists(Path.Combine(configured, "pg_ctl")))
        {
            return configured;
        }
        const string root = "/usr/lib/postgresql";
        return !Directory.Exists(root) ? null : Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_basebackup")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    /// <summary>A new primary, ready for streaming replication (wal_level=replica, trust for replication on loopback).</summary>
    public static async Task<PgCluster> PrimaryAsync(string bin)
    {
        var cluster = new PgCluster(bin, await Os.FolderForAsync(User, "bridgehead-primary-"), Os.FreePort());
        await Os.RunAsync(Path.Combine(bin, "initdb"), ["-D", cluster.Data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"], User);
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>A hot standby of <paramref name="primary"/>: pg_basebackup -R (streams from the primary), started.</summary>
    public static async Task<PgCluster> StandbyOfAsync(PgCluster primary)
    {
        var cluster = new PgCluster(primary._bin, await Os.FolderForAsync(User, "bridgehead-standby-"), Os.FreePort());
        await Os.RunAsync(Path.Combine(primary._bin, "pg_basebackup"),
            ["-h", "127.0.0.1", "-p", primary.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-D", cluster.Data, "-R", "-X", "stream", "--no-sync"], User);
        await cluster.StartAsync();
        return cluster;
    }

    public async Task StartAsync()
    {
        var options = string.Join(' ',
            $"-p {Port} -k {Folder} -c listen_addresses=127.0.0.1",
            "-c fsync=off -c full_page_writes=off -c max_connections=100 -c shared_buffers=32MB",
            "-c wal_level=replica -c max_wal_senders=5 -c hot_standby=on",
            "-c log_statement=all -c log_line_prefix='[%a] '");
        await Os.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-o", options, "-l", LogFile, "-w", "-t", "60", "start"], User);
        _running = true;
    }

    public async Task StopAsync()
    {
        if (_running)
        {
            _running = false;
            await Os.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-m", "immediate", "-w", "stop"], User);
        }
    }

    /// <summary>The server's log so far (every statement, each line prefixed with its session's application name).</summary>
    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // A leftover folder in the temp folder is harmless.
        }
    }
}
