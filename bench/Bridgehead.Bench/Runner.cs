using System.Data.Common;
using System.Diagnostics;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Wallet;

namespace Bridgehead.Bench;

/// <summary>The figures of one scenario for one viewer.</summary>
/// <param name="Sql">SQL commands per call (the same on every run; the last run's).</param>
/// <param name="Rows">Rows or cards the call returned.</param>
/// <param name="Commands">Per command of a call, its median time over the runs.</param>
/// <param name="Failure">Why the call failed, if the database refused it (it is then not timed).</param>
internal sealed record Measurement(string Scenario, string Viewer, double MedianMs, double P95Ms, int Sql, int Rows, IReadOnlyList<SqlCommandTime> Commands, string? Failure = null);

/// <summary>Seeds one database, checks the board against the baseline, measures every scenario and prints the tables.</summary>
internal sealed class Runner(BenchOptions options, TextWriter output)
{
    /// <summary>Cases where the board and the naive board disagree (counts, sums, first cards or gate readiness): the exit code says so.</summary>
    public int Disagreements { get; private set; }

    public async Task RunAsync(BenchDatabase database, CancellationToken ct)
    {
        output.WriteLine();
        output.WriteLine($"== {database.Provider}: {database.Location}");
        output.WriteLine($"   {await database.DescribeAsync(ct)}; {Environment.ProcessorCount} cores{Load()}, .NET {Environment.Version}, {DateTime.Now:yyyy-MM-dd HH:mm}");
        var seeded = await new Seeder(v => database.Open(v, counted: false), options.Opportunities, options.Accounts, options.Seed).RunAsync(ct);
        await database.AnalyzeAsync(ct);
        output.WriteLine($"   seeded in {seeded.Elapsed.TotalSeconds:0.0} s: {seeded.Accounts:N0} accounts, {seeded.Open:N0} open + {seeded.Closed:N0} closed opportunities, "
            + $"{seeded.Contacts:N0} contacts, {seeded.Activities:N0} activities, {seeded.Tasks:N0} tasks, {seeded.StageChanges:N0} stage changes, "
            + $"{seeded.Competitors} competitors, {seeded.Shares:N0} share-of-wallet entries, {seeded.Slips:N0} slips ({seeded.RecentSlips:N0} in the last year), "
            + $"{seeded.BuyingCenterMembers:N0} buying-center members");
        output.WriteLine($"   admin sees all; rep '{seeded.Rep.Name}' sees {seeded.RepAccounts:N0} accounts with {seeded.RepOpen:N0} open opportunities; "
            + $"{GateCriteria.Count} gate criteria; {options.Runs} timed runs per scenario after one warm-up");

        var results = new List<Measurement>();
        foreach (var (label, viewer) in new[] { ("admin", seeded.Admin), ("rep", seeded.Rep) })
        {
            var (stage, cursor) = await CheckAgainstBaselineAsync(database, label, viewer, ct);
            await CheckOpeningsAsync(database, label, viewer, ct);
            foreach (var scenario in new[]
                     {
                         Scenarios.Board(), Scenarios.Naive(), Scenarios.ColumnPage(stage, cursor), Scenarios.Counts(), Scenarios.ProcessOverview(),
                         Scenarios.Openings(), Scenarios.NaiveOpenings(),
                     })
            {
                results.Add(await MeasureAsync(database, scenario, label, viewer, ct));
            }
        }
        Print(database.Provider, results);
    }

    /// <summary>
    /// The baseline is only a fair comparison if it shows the same board: the same counts and sums
    /// per column, the same first cards and the same gate readiness. Returns the fullest column and
    /// the cursor after its first page, for the "more" scenario.
    /// </summary>
    private async Task<(string Stage, string? Cursor)> CheckAgainstBaselineAsync(BenchDatabase database, string label, Viewer viewer, CancellationToken ct)
    {
        BoardDto board;
        IReadOnlyList<NaiveColumn> naive;
        await using (var db = database.Open(viewer, counted: false))
        {
            board = await new LoadBoard(db, Scenarios.Engine(db)).HandleAsync(new BoardFilter(), BoardData.DefaultPageSize, ct);
        }
        var fullest = board.Columns.MaxBy(c => c.Head.Count)!;
        try
        {
            await using var db = database.Open(viewer, counted: false);
            (_, naive) = await Scenarios.NaiveBoardAsync(db, ct);
        }
        catch (DbException e)
        {
            output.WriteLine($"   {label}: the baseline fails, so the board is not checked against it: {e.Message}");
            return (fullest.Head.Stage, fullest.Cards.NextCursor);
        }
        var problems = new List<string>();
        if (board.Columns.Count != naive.Count)
        {
            problems.Add($"{board.Columns.Count} columns vs {naive.Count}");
        }
        foreach (var (column, expected) in board.Columns.Zip(naive))
        {
            var stage = column.Head.Stage;
            if (column.Head.Count != expected.Count)
            {
                problems.Add($"{stage}: count {column.Head.Count} vs {expected.Count}");
            }
            if (!column.Head.Sums.SequenceEqual(expected.Sums))
            {
                problems.Add($"{stage}: sums {string.Join(", ", column.Head.Sums)} vs {string.Join(", ", expected.Sums)}");
            }
            if (!column.Cards.Items.Select(c => c.Id).SequenceEqual(expected.FirstPage))
            {
                problems.Add($"{stage}: first page differs");
            }
            problems.AddRange(column.Cards.Items.Where(c => expected.GateMet.GetValueOrDefault(c.Id, -1) != c.GateMet)
                .Select(c => $"{stage}: gate of #{c.Id} {c.GateMet} vs {expected.GateMet.GetValueOrDefault(c.Id, -1)}"));
        }
        var cards = board.Columns.Sum(c => c.Head.Count);
        var gateMet = board.Columns.SelectMany(c => c.Cards.Items).Count(c => c.GateMet == c.GateTotal);
        var shown = board.Columns.Sum(c => c.Cards.Items.Count);
        output.WriteLine(problems.Count == 0
            ? $"   {label}: board and baseline agree ({cards:N0} open in {board.Columns.Count} columns; {gateMet} of {shown} first-page cards have their gate met)"
            : $"   {label}: BOARD AND BASELINE DISAGREE: {string.Join("; ", problems.Take(10))}");
        Disagreements += problems.Count;
        return (fullest.Head.Stage, fullest.Cards.NextCursor);
    }

    /// <summary>
    /// The naive Openings list must rank the same accounts the same way: the same total and the same
    /// first page, every figure of each row included.
    /// </summary>
    private async Task CheckOpeningsAsync(BenchDatabase database, string label, Viewer viewer, CancellationToken ct)
    {
        OpeningsDto openings;
        (int Rows, int Total, IReadOnlyList<OpeningDto> FirstPage) naive;
        await using (var db = database.Open(viewer, counted: false))
        {
            openings = await Scenarios.OpeningsAsync(db, ct);
        }
        await using (var db = database.Open(viewer, counted: false))
        {
            naive = await Scenarios.NaiveOpeningsAsync(db, ct);
        }
        var problems = new List<string>();
        if (openings.Total != naive.Total)
        {
            problems.Add($"total {openings.Total} vs {naive.Total}");
        }
        if (openings.Items.Count != naive.FirstPage.Count)
        {
            problems.Add($"first page {openings.Items.Count} vs {naive.FirstPage.Count} rows");
        }
        problems.AddRange(openings.Items.Zip(naive.FirstPage).Select((p, i) => (p.First, p.Second, i)).Where(x => x.First != x.Second)
            .Select(x => $"row {x.i + 1}: {x.First} vs {x.Second}"));
        var top = openings.Items.Count > 0 ? openings.Items[0] : null;
        output.WriteLine(problems.Count == 0
            ? $"   {label}: openings and baseline agree ({openings.Total:N0} of {naive.Rows:N0} accounts qualify; first: signal {top?.Signal}, fit {top?.FitScore}, wallet score {top?.WalletScore}, combined {top?.Combined})"
            : $"   {label}: OPENINGS AND BASELINE DISAGREE: {string.Join("; ", problems.Take(5))}");
        Disagreements += problems.Count;
    }

    private async Task<Measurement> MeasureAsync(BenchDatabase database, Scenario scenario, string label, Viewer viewer, CancellationToken ct)
    {
        async Task<(TimeSpan Elapsed, int Rows, IReadOnlyList<SqlCommandTime> Commands)> OnceAsync()
        {
            database.Counter.Start();
            var clock = Stopwatch.StartNew();
            int rows;
            await using (var db = database.Open(viewer))
            {
                rows = await scenario.Run(db, ct);
            }
            clock.Stop();
            return (clock.Elapsed, rows, database.Counter.Commands);
        }

        try
        {
            await OnceAsync();
        }
        catch (DbException e)
        {
            return new Measurement(scenario.Name, label, double.NaN, double.NaN, database.Counter.Commands.Count, 0, database.Counter.Commands, e.Message);
        }
        var runs = new List<(TimeSpan Elapsed, int Rows, IReadOnlyList<SqlCommandTime> Commands)>();
        for (var i = 0; i < Math.Min(options.Runs, scenario.MaxRuns ?? int.MaxValue); i++)
        {
            runs.Add(await OnceAsync());
        }
        var times = runs.Select(r => r.Elapsed.TotalMilliseconds).ToList();
        var (_, rows, lastCommands) = runs[^1];
        var commands = lastCommands.Select((c, i) => new SqlCommandTime(c.Text,
            TimeSpan.FromMilliseconds(Median([.. runs.Where(r => r.Commands.Count > i).Select(r => r.Commands[i].Elapsed.TotalMilliseconds)])))).ToList();
        return new Measurement(scenario.Name, label, Median(times), Percentile(times, 95), lastCommands.Count, rows, commands);
    }

    private void Print(string provider, IReadOnlyList<Measurement> results)
    {
        output.WriteLine();
        var width = results.Max(r => r.Scenario.Length);
        output.WriteLine($"   {"scenario".PadRight(width)}  viewer  {"median ms",10}  {"p95 ms",9}  {"SQL/call",8}  {"rows",7}");
        foreach (var r in results)
        {
            output.WriteLine(r.Failure is null
                ? $"   {r.Scenario.PadRight(width)}  {r.Viewer,-6}  {r.MedianMs,10:N1}  {r.P95Ms,9:N1}  {r.Sql,8}  {r.Rows,7:N0}"
                : $"   {r.Scenario.PadRight(width)}  {r.Viewer,-6}  FAILED after {r.Sql} commands: {r.Failure}");
        }

        output.WriteLine();
        output.WriteLine($"   board vs baseline  viewer  {"board ms",9}  {"baseline ms",11}  {"ratio",7}  {"SQL",9}  {"rows",13}");
        foreach (var viewer in results.Select(r => r.Viewer).Distinct())
        {
            var board = results.First(r => r.Viewer == viewer && r.Scenario == Scenarios.Board().Name);
            var naive = results.First(r => r.Viewer == viewer && r.Scenario == Scenarios.Naive().Name);
            var (naiveMs, ratio) = naive.Failure is null ? ($"{naive.MedianMs:N1}", $"{naive.MedianMs / board.MedianMs:N1}x") : ("failed", "-");
            output.WriteLine($"   {"",-17}  {viewer,-6}  {board.MedianMs,9:N1}  {naiveMs,11}  {ratio,7}  "
                + $"{$"{board.Sql} vs {naive.Sql}",9}  {$"{board.Rows:N0} vs {naive.Rows:N0}",13}");
        }

        output.WriteLine();
        output.WriteLine($"   openings vs baseline  viewer  {"openings ms",11}  {"baseline ms",11}  {"ratio",7}  {"SQL",12}  {"rows",13}");
        foreach (var viewer in results.Select(r => r.Viewer).Distinct())
        {
            var built = results.First(r => r.Viewer == viewer && r.Scenario == Scenarios.Openings().Name);
            var naive = results.First(r => r.Viewer == viewer && r.Scenario == Scenarios.NaiveOpenings().Name);
            var (naiveMs, ratio) = naive.Failure is null ? ($"{naive.MedianMs:N1}", $"{naive.MedianMs / built.MedianMs:N1}x") : ("failed", "-");
            output.WriteLine($"   {"",-20}  {viewer,-6}  {built.MedianMs,11:N1}  {naiveMs,11}  {ratio,7}  "
                + $"{$"{built.Sql} vs {naive.Sql:N0}",12}  {$"{built.Rows:N0} vs {naive.Rows:N0}",13}");
        }

        if (options.SqlFile is { } file)
        {
            // The whole text of every command, for EXPLAIN: one file per provider, beside the path given.
            var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!,
                $"{Path.GetFileNameWithoutExtension(file)}.{provider.ToLowerInvariant()}{Path.GetExtension(file)}");
            File.WriteAllLines(path, results.SelectMany(r => new[] { $"-- {r.Scenario}, {r.Viewer}" }
                .Concat(r.Commands.Select(c => $"-- {c.Elapsed.TotalMilliseconds:N1} ms\n{c.Text};"))));
            output.WriteLine($"   SQL of every command written to {path}");
        }
        if (!options.ShowSql)
        {
            return;
        }
        foreach (var r in results)
        {
            output.WriteLine();
            output.WriteLine($"   -- {r.Scenario}, {r.Viewer}: {r.Sql} commands, median ms each");
            foreach (var c in r.Commands)
            {
                var text = string.Join(' ', c.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                output.WriteLine($"   {c.Elapsed.TotalMilliseconds,8:N1}  {(text.Length > 160 ? text[..160] + "..." : text)}");
            }
        }
    }

    /// <summary>The machine's 1-minute load average where Linux tells it: other work on the cores shows in the figures.</summary>
    private static string Load()
    {
        const string file = "/proc/loadavg";
        return File.Exists(file) ? $" (load {File.ReadAllText(file).Split(' ')[0]})" : "";
    }

    private static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    /// <summary>Nearest rank; the median of an even count is the mean of the middle two.</summary>
    private static double Percentile(IReadOnlyList<double> values, int percent)
    {
        if (values.Count == 0)
        {
            return 0;
        }
        var sorted = values.Order().ToList();
        if (percent == 50)
        {
            var mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
