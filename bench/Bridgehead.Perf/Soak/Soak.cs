using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Perf.Soak;

/// <summary>
/// The soak run (issue 10): many simulated users for minutes against one server with a mixed
/// workload; fails on any 5xx, any request without an answer, and any acknowledged write that is
/// not in the database exactly once (or an account whose notes are not those of its last acknowledged PATCH).
/// </summary>
internal static class SoakRun
{
    public static async Task<int> MainAsync(string[] args)
    {
        var options = SoakOptions.Parse(args, out var error);
        if (options is null || args.Contains("--help"))
        {
            if (error is not null)
            {
                Console.Error.WriteLine("bridgehead-perf soak: " + error);
            }
            Console.Error.WriteLine(SoakOptions.Usage);
            return error is null ? 0 : 2;
        }
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var folder = Directory.CreateTempSubdirectory("bridgehead-soak-").FullName;
        Postgres? pg = null;
        Server? server = null;
        try
        {
            Uri url;
            string database;
            if (options.Url is { } given)
            {
                (url, database) = (given, options.Database!);
            }
            else
            {
                var dll = options.Bridgehead ?? await BuildAsync(folder, cts.Token);
                if (options.Sqlite)
                {
                    database = Database.DefaultSqlite(folder);
                }
                else
                {
                    pg = await Postgres.StartAsync(options.PostgresPort, cts.Token);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => pg.Stop();
                    database = pg.Database($"bh_soak_{Environment.ProcessId}");
                }
                // The server as deployed: background jobs on (notifications, webhooks, care) beside the users.
                var cli = new BridgeheadCli(dll, options.Sqlite ? null : database, folder, background: true);
                var seeded = await cli.RunAsync(["seed", "--demo"], cts.Token);
                if (seeded.ExitCode != 0)
                {
                    throw new InvalidOperationException("seed --demo failed: " + seeded.Err + seeded.Out);
                }
                server = await cli.ServeAsync(FreePort(), cts.Token);
                url = server.Base;
                Console.WriteLine($"serving {url} from {(options.Sqlite ? "SQLite" : "PostgreSQL")} (pid {server.Pid})");
            }
            var code = await RunAsync(options, url, database, cts.Token);
            if (code != 0 && server is not null)
            {
                // A 500's problem+json holds only a trace id: the server's own lines say what failed.
                Console.WriteLine("Last lines of the server's output:\n" + server.Tail());
            }
            return code;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        finally
        {
            server?.Dispose();
            pg?.Stop();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<int> RunAsync(SoakOptions options, Uri url, string database, CancellationToken ct)
    {
        var run = "soak" + DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture);
        var people = await CreatePeopleAsync(database, run, options.Users, ct);
        Console.WriteLine($"{people.Count} users: {string.Join(", ", people.GroupBy(p => p.Role).Select(g => $"{g.Count()} {g.Key}"))}; run id {run}");
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Users,
            UseCookies = false,
            AllowAutoRedirect = false,
        })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        var stats = new SoakStats();
        var ledger = new Ledger();
        var shared = await PrepareAsync(http, people, run, ledger, ct);

        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromMinutes(options.Minutes);
        using var progress = new Timer(_ => Console.WriteLine($"  {clock.Elapsed:mm\\:ss}: {stats.Count(_ => true):N0} calls, {stats.Count(s => s >= 500):N0} 5xx, {stats.Count(s => s == 0):N0} without answer"),
            null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await Task.WhenAll(people.Select(p => new SoakUser(p, http, shared, stats, ledger, clock, options.ThinkMs).RunAsync(until, ct)));
        var measured = clock.Elapsed;

        Console.WriteLine();
        Console.WriteLine($"## Soak: {options.Users} users, {measured.TotalMinutes:N1} minutes, think time {options.ThinkMs} ms, {url}");
        Console.WriteLine();
        Console.WriteLine(stats.Report(measured));
        var check = await VerifyAsync(database, run, ledger, ct);
        Console.WriteLine(check.Report);
        var serverErrors = stats.Count(s => s >= 500);
        var unanswered = stats.Count(s => s == 0);
        if (stats.FirstServerError is { } first)
        {
            Console.WriteLine("First failure: " + first);
        }
        var passed = serverErrors == 0 && unanswered == 0 && check.Failures == 0;
        Console.WriteLine(passed
            ? "PASS: no 5xx, every request answered, every acknowledged write is in the database exactly once."
            : $"FAIL: {serverErrors} 5xx, {unanswered} without answer, {check.Failures} ledger failures.");
        return passed ? 0 : 1;
    }

    private static async Task<string> BuildAsync(string folder, CancellationToken ct)
    {
        var root = Directory.GetCurrentDirectory();
        while (!File.Exists(Path.Combine(root, "Bridgehead.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run the soak inside the repository or pass --bridgehead");
        }
        var output = Path.Combine(folder, "bin");
        Console.WriteLine("building bridgehead (Release)...");
        var built = await Processes.RunAsync(Processes.Info("dotnet", ["build", "-c", "Release", Path.Combine(root, "src", "Bridgehead"), "-o", output, "-v", "q", "-nologo"]), ct);
        return built.ExitCode == 0 ? Path.Combine(output, "bridgehead.dll") : throw new InvalidOperationException("build failed:\n" + built.Out + built.Err);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Users and tokens straight into the database (one password hash for all; the soak signs in by token):
    /// teams of 20 with a manager each, then per 20 users 2 quality and 2 viewers, the rest reps.
    /// </summary>
    private static async Task<List<Person>> CreatePeopleAsync(string database, string run, int count, CancellationToken ct)
    {
        await using var db = new BridgeheadDb(Database.Options(database)) { Viewer = Viewer.System };
        var teamCount = Math.Max(1, count / 20);
        var teams = Enumerable.Range(0, teamCount).Select(t => new Team { Name = $"{run}-team-{t + 1}" }).ToList();
        db.Teams.AddRange(teams);
        var hash = Passwords.Hash("Soak-" + run + "-password");
        var users = new List<(User User, int Team)>();
        for (var i = 0; i < count; i++)
        {
            var team = i % teamCount;
            var role = i < teamCount ? Role.Manager : (i % 10) switch { 3 => Role.Quality, 7 => Role.Viewer, _ => Role.Rep };
            var name = $"{run}-{role.ToString().ToLowerInvariant()}-{i + 1:D3}";
            var user = new User
            {
                UserName = name,
                NormalizedUserName = User.Normalize(name),
                DisplayName = name,
                Role = role,
                Team = role is Role.Rep or Role.Manager ? teams[team] : null,
                PasswordHash = hash,
                SecurityStamp = User.NewStamp(),
            };
            db.Users.Add(user);
            users.Add((user, team));
        }
        await db.SaveChangesAsync(ct);
        foreach (var (user, team) in users.Where(u => u.User.Role == Role.Manager))
        {
            teams[team].ManagerId = user.Id;
        }
        var tokens = users.Select(u => ApiToken.NewSecret()).ToList();
        db.ApiTokens.AddRange(users.Select((u, i) => new ApiToken { UserId = u.User.Id, Name = "soak", TokenHash = ApiToken.Hash(tokens[i]), ExpiresAt = DateTime.UtcNow.AddDays(2) }));
        await db.SaveChangesAsync(ct);
        return [.. users.Select((u, i) => new Person(i, u.User.Id, u.User.UserName, u.User.Role, u.Team, tokens[i]))];
    }

    /// <summary>Each manager opens three accounts with the team's reps on them (the records the team edits together); words, reports and products to pick from.</summary>
    private static async Task<Shared> PrepareAsync(HttpClient http, List<Person> people, string run, Ledger ledger, CancellationToken ct)
    {
        var teams = people.Select(p => p.Team).Distinct().Order().Select(_ => new TeamWork()).ToArray();
        foreach (var manager in people.Where(p => p.Role == Role.Manager))
        {
            var reps = people.Where(p => p.Role == Role.Rep && p.Team == manager.Team).Select(p => p.Id).ToArray();
            for (var i = 1; i <= 3; i++)
            {
                var name = $"{run}-shared-{manager.Team + 1}-{i}";
                var created = await SendJsonAsync(http, manager, HttpMethod.Post, "/api/v1/accounts", new { name, teamMemberIds = reps }, ct);
                var id = created.GetProperty("id").GetInt64();
                ledger.Create("account", name, id);
                teams[manager.Team].Accounts.Add(id);
            }
        }
        var viewer = people.First(p => p.Role == Role.Viewer);
        var accounts = await SendJsonAsync(http, viewer, HttpMethod.Get, "/api/v1/accounts?limit=200", null, ct);
        var names = accounts.GetProperty("items").EnumerateArray().Select(a => (Id: a.GetProperty("id").GetInt64(), Name: a.GetProperty("name").GetString()!)).ToList();
        var words = names.Select(a => a.Name.Split(' ', '-').OrderByDescending(w => w.Length).First()).Where(w => w.Length >= 3).Distinct().Take(40).Append(run).ToList();
        var reports = (await SendJsonAsync(http, viewer, HttpMethod.Get, "/api/v1/reports", null, ct)).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToList();
        var products = (await SendJsonAsync(http, viewer, HttpMethod.Get, "/api/v1/products?active=true&limit=50", null, ct)).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();
        if (reports.Count == 0 || products.Count == 0 || names.Count == 0)
        {
            throw new InvalidOperationException($"the database needs accounts, products and reports to read ({names.Count} accounts, {products.Count} products, {reports.Count} reports): seed it with `bridgehead seed --demo`");
        }
        Console.WriteLine($"prepared: {teams.Sum(t => t.Accounts.Count)} shared team accounts, {words.Count} search words, {reports.Count} reports, {products.Count} products");
        return new Shared(run, words, reports, products, [.. names.Select(a => a.Id).Concat(teams.SelectMany(t => t.Accounts))], teams);
    }

    private static async Task<JsonElement> SendJsonAsync(HttpClient http, Person person, HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", person.Token);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }
        using var response = await http.SendAsync(request, ct);
        var content = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(content).RootElement.Clone()
            : throw new InvalidOperationException($"{method} {path} as {person.UserName}: {(int)response.StatusCode} {content}");
    }

    private sealed record Verification(string Report, int Failures);

    /// <summary>Every ledger entry against the database: present with its id, exactly once; every patched account holds its last acknowledged notes.</summary>
    private static async Task<Verification> VerifyAsync(string database, string run, Ledger ledger, CancellationToken ct)
    {
        await using var db = new BridgeheadDb(Database.Options(database)) { Viewer = Viewer.System };
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var lines = new List<string> { "| written | acknowledged | found once | lost | duplicated | in the database, never acknowledged |", "| --- | ---: | ---: | ---: | ---: | ---: |" };
        var failures = 0;
        foreach (var (kind, (table, column)) in Ledger.Kinds)
        {
            var rows = await RowsAsync(connection, $"SELECT {column}, id FROM {table} WHERE {column} LIKE '{run}-%'", ct);
            var byText = rows.GroupBy(r => r.Text).ToDictionary(g => g.Key, g => g.Select(r => r.Id).ToList());
            var acknowledged = ledger.Created.Where(c => c.Kind == kind).ToList();
            var lost = acknowledged.Count(c => !byText.TryGetValue(c.Text, out var ids) || !ids.Contains(c.Id));
            var duplicated = acknowledged.Count(c => byText.TryGetValue(c.Text, out var ids) && ids.Count > 1);
            var known = acknowledged.Select(c => c.Text).ToHashSet();
            var unacknowledged = byText.Keys.Count(t => !known.Contains(t));
            failures += lost + duplicated;
            lines.Add($"| {kind} | {acknowledged.Count:N0} | {acknowledged.Count - lost - duplicated:N0} | {lost} | {duplicated} | {unacknowledged} |");
        }
        var patched = ledger.Notes;
        var wrongNotes = 0;
        if (patched.Count > 0)
        {
            var current = (await RowsAsync(connection, $"SELECT notes, id FROM accounts WHERE id IN ({string.Join(',', patched.Keys)})", ct)).ToDictionary(r => r.Id, r => r.Text);
            wrongNotes = patched.Count(p => !current.TryGetValue(p.Key, out var notes) || notes != p.Value.Notes);
        }
        failures += wrongNotes;
        lines.Add("");
        lines.Add($"Edited accounts: {patched.Count}, each holding the notes of its last acknowledged PATCH: {patched.Count - wrongNotes}, not: {wrongNotes}.");
        return new Verification(string.Join('\n', lines), failures);
    }

    private static async Task<List<(string Text, long Id)>> RowsAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(string, long)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetInt64(1)));
        }
        return rows;
    }
}
