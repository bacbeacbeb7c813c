using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bridgehead.Perf;

/// <summary>One size on one provider: a fresh database, the seed, tokens and samples, the server, every scenario.</summary>
internal sealed class Runner(PerfOptions options, string dll, TextWriter log)
{
    public async Task<SizeResult> RunAsync(Postgres? pg, int size, CancellationToken ct)
    {
        var provider = pg is null ? "SQLite" : "PostgreSQL";
        var folder = Directory.CreateTempSubdirectory("bridgehead-perf-").FullName;
        var dbName = $"bh_perf_{size}_{Environment.ProcessId}";
        string? connection = null;
        try
        {
            string? template = null;
            if (pg is not null)
            {
                await pg.ExecuteAsync($"DROP DATABASE IF EXISTS {dbName} WITH (FORCE)", ct: ct);
                if (options.Templates.TryGetValue(size, out template))
                {
                    await pg.ExecuteAsync($"CREATE DATABASE {dbName} TEMPLATE {template}", ct: ct);
                }
                else
                {
                    await pg.ExecuteAsync($"CREATE DATABASE {dbName}", ct: ct);
                }
                connection = pg.Database(dbName);
            }
            var cli = new BridgeheadCli(dll, connection, Path.Combine(folder, "data"));
            log.WriteLine($"== {provider}, {size:N0} opportunities (load {Load()})");

            // 1. Seed (or copy a database seeded beforehand; its seed time is not measured here).
            var seedArgs = options.Demo ? new[] { "seed", "--demo" } : ["seed", "--scale", size.ToString(CultureInfo.InvariantCulture)];
            var seeded = template is null ? await cli.RunAsync(seedArgs, ct, line => log.WriteLine("   seed: " + line)) : null;
            if (seeded is { ExitCode: not 0 })
            {
                throw new InvalidOperationException($"seed failed: {seeded.Err}{seeded.Out}");
            }
            var seedCommand = template is null ? "bridgehead " + string.Join(' ', seedArgs) : $"bridgehead {string.Join(' ', seedArgs)} (beforehand, into database {template}; copied)";
            var seedTime = seeded?.Elapsed ?? TimeSpan.Zero;
            log.WriteLine(template is null ? $"   seeded in {seedTime.TotalSeconds:F1} s: {seedCommand}" : $"   copied from {template}: {seedCommand}");
            if (pg is not null)
            {
                var analyze = Stopwatch.StartNew();
                await pg.ExecuteAsync("ANALYZE", dbName, ct);
                log.WriteLine($"   ANALYZE in {analyze.Elapsed.TotalSeconds:F1} s");
            }

            // 2. Samples and tokens.
            Samples samples;
            await using (var c = pg is null ? (DbConnection)new SqliteConnection(Bridgehead.Data.Database.DefaultSqlite(Path.Combine(folder, "data"))) : new NpgsqlConnection(connection))
            {
                await c.OpenAsync(ct);
                samples = await Samples.LoadAsync(c, options.Demo ? "admin" : "scale-admin", ct);
            }
            log.WriteLine($"   {samples.Opportunities:N0} opportunities; typical rep {samples.RepName} sees {samples.RepVisibleOpportunities:N0}; "
                + $"pools: {samples.Accounts.Count} accounts, {samples.OpenOpportunities.Count} open pursuits, {samples.Products.Count} products, "
                + $"{samples.Words.Count}/{samples.RepWords.Count} words, {samples.AdminLists.Count}/{samples.RepLists.Count} list filters");
            var adminToken = await cli.TokenAsync(options.Demo ? "admin" : "scale-admin", ct);
            var repToken = await cli.TokenAsync(samples.RepName, ct);

            // 3. Serve and measure.
            using var server = await cli.ServeAsync(options.HttpPort > 0 ? options.HttpPort : FreePort(), ct);
            using var admin = server.Client(options.Clients, adminToken);
            using var rep = server.Client(options.Clients, repToken);
            await using var source = pg is null ? null : new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connection)
            {
                MaxPoolSize = Math.Max(100, options.Clients * 2),
            }.ConnectionString).Build();
            var floor = source is null ? null : new Floor(source, samples, adminToken, repToken);
            var results = new List<ScenarioResult>();
            double? rssAfterWarmup = null;

            async Task Measure(string name, string viewer, ClosedLoop.Call api, ClosedLoop.Call? floorCall, int poolSize)
            {
                if (!options.Runs(name))
                {
                    return;
                }
                if (poolSize == 0)
                {
                    log.WriteLine($"   {name,-34} {viewer,-6} skipped: nothing to sample");
                    return;
                }
                var a = await ClosedLoop.RunAsync(options.Clients, TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.Seconds), api, ct);
                rssAfterWarmup ??= Processes.Memory(server.Pid).Rss;
                LoadResult? f = null;
                if (floorCall is not null)
                {
                    f = await ClosedLoop.RunAsync(options.Clients, TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.Seconds), floorCall, ct);
                }
                var r = new ScenarioResult(name, viewer, a, f);
                results.Add(r);
                log.WriteLine(Markdown.ConsoleLine(r));
                if (a.FirstError is not null)
                {
                    log.WriteLine("      first error: " + a.FirstError);
                }
                if (f?.FirstError is not null)
                {
                    log.WriteLine("      first floor error: " + f.FirstError);
                }
            }

            static ClosedLoop.Call Floor(Func<long, CancellationToken, Task<int>> read) => async (_, i, ct) =>
            {
                await read(i, ct);
                return (true, null);
            };

            if (floor is not null)
            {
                await CheckFloorAsync(floor, samples, admin, rep, ct);
            }

            var pick = HttpScenarios.Pick<long>;
            await Measure("account detail", "admin",
                HttpScenarios.Get(admin, i => "/api/v1/accounts/" + pick(samples.Accounts, i)),
                floor is null ? null : Floor((i, t) => floor.AccountAsync(pick(samples.Accounts, i), t)), samples.Accounts.Count);

            foreach (var (viewer, client, filters, isRep) in new[] { ("admin", admin, samples.AdminLists, false), ("rep", rep, samples.RepLists, true) })
            {
                await Measure("opportunity list (open, stage" + (isRep ? ")" : ", industry)"), viewer,
                    HttpScenarios.Get(client, i => HttpScenarios.ListUrl(HttpScenarios.Pick(filters, i))),
                    floor is null ? null : Floor((i, t) => floor.ListAsync(HttpScenarios.Pick(filters, i), isRep, null, t)), filters.Count);
                var cursors = await HttpScenarios.CursorsAsync(client, filters, ct);
                var keys = floor is null ? [] : await floor.FirstPageKeysAsync(filters, isRep, ct);
                await Measure("opportunity list, next page", viewer,
                    HttpScenarios.Get(client, i => HttpScenarios.ListUrl(HttpScenarios.Pick(cursors, i).Filter, HttpScenarios.Pick(cursors, i).Cursor)),
                    floor is null || keys.Count == 0 ? null : Floor((i, t) => floor.ListAsync(HttpScenarios.Pick(keys, i).Filter, isRep, HttpScenarios.Pick(keys, i), t)),
                    cursors.Count);
                await Measure("board (default pipeline)", viewer,
                    HttpScenarios.Get(client, _ => "/board", new Dictionary<string, string> { ["Accept"] = "text/html" }),
                    floor is null ? null : Floor((_, t) => floor.BoardAsync(isRep, t)), 1);
                var words = isRep ? samples.RepWords : samples.Words;
                await Measure("search", viewer,
                    HttpScenarios.Get(client, i => "/api/v1/search?q=" + Uri.EscapeDataString(HttpScenarios.Pick(words, i))),
                    floor is null ? null : Floor((i, t) => floor.SearchAsync(HttpScenarios.Pick(words, i), isRep, t)), words.Count);
            }

            await Measure("gate check", "admin",
                HttpScenarios.Get(admin, i => $"/api/v1/opportunities/{pick(samples.OpenOpportunities, i)}/gate"), null, samples.OpenOpportunities.Count);
            var requested = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(45);
            await Measure("delivery promise", "admin",
                HttpScenarios.Post(admin, "/api/v1/orders/promise", i => HttpScenarios.PromiseBody(pick(samples.Products, i), requested)), null, samples.Products.Count);
            foreach (var report in await HttpScenarios.ReportsAsync(admin, ct))
            {
                await Measure("report " + report, "admin", HttpScenarios.Get(admin, _ => "/api/v1/reports/" + report), null, 1);
            }

            var peak = Processes.Memory(server.Pid).Peak;
            log.WriteLine($"   server memory: RSS after warm-up {rssAfterWarmup:F0} MB, peak (VmHWM) {peak:F0} MB");
            return new SizeResult(provider, size, samples.Opportunities, seedCommand, seedTime,
                samples.RepName, samples.RepVisibleOpportunities, rssAfterWarmup, peak, results);
        }
        finally
        {
            if (pg is not null)
            {
                NpgsqlConnection.ClearAllPools();
                try
                {
                    await pg.ExecuteAsync($"DROP DATABASE IF EXISTS {dbName} WITH (FORCE)", ct: CancellationToken.None);
                }
                catch (NpgsqlException e)
                {
                    log.WriteLine("   could not drop " + dbName + ": " + e.Message);
                }
            }
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The floor is only a floor if it answers what the API answers: the same ids, in the same order, for every list filter and the first search words.</summary>
    private async Task CheckFloorAsync(Floor floor, Samples samples, HttpClient admin, HttpClient rep, CancellationToken ct)
    {
        var checks = 0;
        var differ = new List<string>();
        foreach (var (viewer, client, filters, isRep, words) in new[] { ("admin", admin, samples.AdminLists, false, samples.Words), ("rep", rep, samples.RepLists, true, samples.RepWords) })
        {
            foreach (var f in filters)
            {
                checks++;
                var api = await HttpScenarios.ListIdsAsync(client, f, ct);
                var sql = await floor.ListIdsAsync(f, isRep, ct);
                if (!api.SequenceEqual(sql))
                {
                    differ.Add($"list {viewer} {f}: API {api.Count} rows [{string.Join(',', api.Take(5))}...], floor {sql.Count} [{string.Join(',', sql.Take(5))}...]");
                }
            }
            foreach (var w in words.Take(10))
            {
                checks++;
                var api = await HttpScenarios.SearchIdsAsync(client, w, ct);
                var sql = await floor.SearchIdsAsync(w, isRep, ct);
                if (!api.Zip(sql).All(p => p.First.SequenceEqual(p.Second)))
                {
                    differ.Add($"search {viewer} '{w}': API {string.Join('/', api.Select(x => x.Count))} hits, floor {string.Join('/', sql.Select(x => x.Count))}");
                }
            }
        }
        log.WriteLine(differ.Count == 0
            ? $"   floor and API agree on {checks} list pages and searches"
            : $"   FLOOR AND API DIFFER on {differ.Count} of {checks}: " + string.Join("; ", differ.Take(3)));
    }

    /// <summary>A port nothing listens on now (the helpers' servers share this machine).</summary>
    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The load average (1, 5 and 15 minutes).</summary>
    public static string Load() => File.Exists("/proc/loadavg")
        ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "n/a";
}
