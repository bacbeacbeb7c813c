using System.Diagnostics;
using System.Net.Http.Headers;

namespace Bridgehead.Perf;

/// <summary>
/// The product as a child process: its CLI verbs against one database, and `serve`. Background jobs
/// are off unless asked for (the HTTP bench measures only its own requests; the soak runs them).
/// </summary>
internal sealed class BridgeheadCli(string dll, string? database, string dataFolder, bool background = false)
{
    public IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["BRIDGEHEAD_DATABASE"] = database,
        ["BRIDGEHEAD_DATA"] = dataFolder,
        // Background jobs off while measuring: only the requests of the bench reach the database.
        ["Bridgehead__Background__IntervalSeconds"] = background ? null : "0",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    public Task<Processes.Outcome> RunAsync(IEnumerable<string> args, CancellationToken ct, Action<string>? onErrLine = null) =>
        Processes.RunAsync(Processes.Info("dotnet", [dll, .. args], Environment), ct, onErrLine);

    public async Task<string> TokenAsync(string user, CancellationToken ct)
    {
        var r = await RunAsync(["token", "create", user], ct);
        return r.ExitCode == 0
            ? r.Out.Trim().Split('\n')[^1].Trim()
            : throw new InvalidOperationException($"token create {user} failed: {r.Err}{r.Out}");
    }

    /// <summary>Starts `serve` and waits until /health answers 200.</summary>
    public async Task<Server> ServeAsync(int port, CancellationToken ct)
    {
        var url = $"http://127.0.0.1:{port}";
        var info = Processes.Info("dotnet", [dll, "serve", "--urls", url], Environment);
        var p = new Process { StartInfo = info };
        var tail = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 40)
                {
                    tail.Dequeue();
                }
            }
        }
        p.OutputDataReceived += (_, e) => Keep(e.Data);
        p.ErrorDataReceived += (_, e) => Keep(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var server = new Server(p, new Uri(url), () => { lock (tail) { return string.Join('\n', tail); } });
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < until)
        {
            if (p.HasExited)
            {
                throw new InvalidOperationException("serve exited: " + server.Tail());
            }
            try
            {
                using var r = await probe.GetAsync(new Uri(server.Base, "/health"), ct);
                if (r.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(250, ct);
        }
        server.Dispose();
        throw new InvalidOperationException("serve did not answer /health within 3 minutes: " + server.Tail());
    }
}

/// <summary>A running `bridgehead serve`; disposing kills it.</summary>
internal sealed class Server(Process process, Uri baseUri, Func<string> tail) : IDisposable
{
    public Uri Base { get; } = baseUri;

    public int Pid => process.Id;

    public string Tail() => tail();

    /// <summary>A client for the load: one handler, as many connections as clients.</summary>
    public HttpClient Client(int clients, string? token)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        var client = new HttpClient(handler) { BaseAddress = Base, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public void Dispose()
    {
        Processes.Kill(process);
        process.Dispose();
    }
}
