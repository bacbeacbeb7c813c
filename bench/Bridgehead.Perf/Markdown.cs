using System.Globalization;
using System.Text;

namespace Bridgehead.Perf;

/// <summary>The tables of a run, and their place in docs/performance.md between the generated markers.</summary>
internal static class Markdown
{
    public const string Start = "<!-- generated:start -->";
    public const string End = "<!-- generated:end -->";

    private static string F(double? v, string format = "F1") =>
        v is { } x && !double.IsNaN(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string ConsoleLine(ScenarioResult r) =>
        $"   {r.Name,-34} {r.Viewer,-6} p50 {F(r.Api.P50),7} p95 {F(r.Api.P95),7} p99 {F(r.Api.P99),7} ms {F(r.Api.PerSecond, "F0"),6}/s err {r.Api.Errors}"
        + (r.Floor is { } f ? $" | floor p50 {F(f.P50)} p95 {F(f.P95)} p99 {F(f.P99)} ms {F(f.PerSecond, "F0")}/s ratio {F(r.Ratio, "F2")}" : "");

    /// <summary>The generated part: machine, one table per size, imports, targets.</summary>
    public static string Generate(Machine machine, PerfOptions o, IReadOnlyList<SizeResult> sizes, IReadOnlyList<ImportResult> imports, string loadEnd)
    {
        var b = new StringBuilder();
        b.AppendLine(CultureInfo.InvariantCulture, $"Run of {machine.Date:yyyy-MM-dd HH:mm} UTC: `dotnet run -c Release --project bench/Bridgehead.Perf -- {machine.Arguments}`.");
        b.AppendLine();
        b.AppendLine("| machine | |");
        b.AppendLine("| --- | --- |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {machine.Cpu}, {machine.Cores} cores |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| RAM | {machine.RamGb:F1} GB |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| OS | {machine.Os} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| .NET | {machine.DotNet} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| PostgreSQL | {machine.Postgres} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| load average | {machine.LoadStart} at the start, {loadEnd} at the end |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| load | {o.Clients} concurrent clients, closed loop, {o.WarmupSeconds} s warm-up then {o.Seconds} s measured per scenario; background jobs off (`Bridgehead__Background__IntervalSeconds=0`) |");
        b.AppendLine();
        foreach (var s in sizes)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"### {s.Provider}, {s.Size:N0} opportunities");
            b.AppendLine();
            if (s.Failure is not null)
            {
                var first = s.Failure.Split('\n', 2)[0].Trim();
                b.AppendLine(CultureInfo.InvariantCulture, $"Failed: {(first.Length > 300 ? first[..300] + "..." : first)} (the whole message is in the bench's output)");
                b.AppendLine();
                continue;
            }
            var seeded = s.SeedTime > TimeSpan.Zero
                ? string.Create(CultureInfo.InvariantCulture, $"Seeded by `{s.SeedCommand}` in {s.SeedTime.TotalSeconds:F1} s")
                : $"Seeded by `{s.SeedCommand}`";
            b.AppendLine(CultureInfo.InvariantCulture, $"{seeded} ({s.Opportunities:N0} opportunities in the database). "
                + $"Typical rep `{s.RepName}` (the median rep by visible opportunities) sees {s.RepVisible:N0}. "
                + $"Server memory: {F(s.RssAfterWarmupMb, "F0")} MB RSS after the first warm-up, peak {F(s.PeakMb, "F0")} MB (VmHWM).");
            b.AppendLine();
            var floor = s.Provider == "PostgreSQL";
            b.AppendLine(floor
                ? "| scenario | viewer | p50 ms | p95 ms | p99 ms | req/s | errors | floor p50 | floor p95 | floor p99 | floor req/s | API / floor |"
                : "| scenario | viewer | p50 ms | p95 ms | p99 ms | req/s | errors |");
            b.AppendLine(floor ? "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" : "| --- | --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var r in s.Scenarios)
            {
                b.Append(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Viewer} | {F(r.Api.P50)} | {F(r.Api.P95)} | {F(r.Api.P99)} | {F(r.Api.PerSecond, "F0")} | {r.Api.Errors} |");
                if (floor)
                {
                    b.Append(r.Floor is { } f
                        ? $" {F(f.P50)} | {F(f.P95)} | {F(f.P99)} | {F(f.PerSecond, "F0")} | {F(r.Ratio, "F2")} |"
                        : " | | | | n/a |");
                }
                b.AppendLine();
            }
            b.AppendLine();
        }
        if (imports.Count > 0)
        {
            b.AppendLine("### Import (bench/import/run.sh)");
            b.AppendLine();
            b.AppendLine("| provider | accounts | seconds | rows/s | psql \\copy rows/s | import / copy |");
            b.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var i in imports)
            {
                b.AppendLine(CultureInfo.InvariantCulture, $"| {i.Provider} | {i.Rows:N0} | {i.Seconds:F1} | {i.RowsPerSecond:N0} | {(i.CopyRowsPerSecond is { } c ? c.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {F(i.Ratio, "F2")} |");
            }
            b.AppendLine();
        }
        b.Append(Targets(sizes, imports));
        return b.ToString();
    }

    /// <summary>The issue's targets (meant for 1M on PostgreSQL), judged for every size measured.</summary>
    public static string Targets(IReadOnlyList<SizeResult> sizes, IReadOnlyList<ImportResult> imports)
    {
        var ok = sizes.Where(s => s.Failure is null).ToList();
        var b = new StringBuilder();
        b.AppendLine("### Targets");
        b.AppendLine();
        b.AppendLine("The issue sets them for 1,000,000 opportunities on PostgreSQL; every size is judged here. The figure is the worst scenario of the group.");
        b.AppendLine();
        b.AppendLine("| target | " + string.Join(" | ", ok.Select(s => $"{s.Provider} {s.Size:N0}")) + " |");
        b.AppendLine("| --- |" + string.Concat(ok.Select(_ => " --- |")));

        void Row(string target, Func<SizeResult, string> cell) =>
            b.AppendLine("| " + target + " | " + string.Join(" | ", ok.Select(cell)) + " |");

        string Worst(SizeResult s, Func<ScenarioResult, bool> which, Func<LoadResult, double> figure, double limit)
        {
            var worst = s.Scenarios.Where(which).OrderByDescending(r => figure(r.Api)).FirstOrDefault();
            return worst is null ? "–" : Judge(figure(worst.Api) <= limit, $"{F(figure(worst.Api))} ms, {worst.Name} ({worst.Viewer})");
        }

        Row("list and detail p95 ≤ 50 ms", s => Worst(s, r => r.Name.StartsWith("account detail", StringComparison.Ordinal) || r.Name.StartsWith("opportunity list", StringComparison.Ordinal), l => l.P95, 50));
        Row("board and search p99 ≤ 150 ms", s => Worst(s, r => r.Name.StartsWith("board", StringComparison.Ordinal) || r.Name.StartsWith("search", StringComparison.Ordinal), l => l.P99, 150));
        Row("every report p99 ≤ 300 ms", s => Worst(s, r => r.Name.StartsWith("report ", StringComparison.Ordinal), l => l.P99, 300));
        Row("API throughput ≥ 0.85 of the floor", s =>
        {
            var worst = s.Scenarios.Where(r => r.Ratio is not null).OrderBy(r => r.Ratio).FirstOrDefault();
            return worst is null ? "n/a (no floor)" : Judge(worst.Ratio >= 0.85, $"{F(worst.Ratio, "F2")}, {worst.Name} ({worst.Viewer})");
        });
        Row("server memory < 500 MB", s => s.PeakMb is { } m ? Judge(m < 500, $"{m:F0} MB") : "–");
        Row("no errors", s => Judge(s.Scenarios.All(r => r.Api.Errors == 0), $"{s.Scenarios.Sum(r => r.Api.Errors)} errors"));
        b.AppendLine();
        foreach (var i in imports.Where(i => i.Provider == "PostgreSQL"))
        {
            b.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Import at least half the speed of `psql \\copy` ({i.Rows:N0} accounts): ")
                + (i.Ratio is { } r ? Judge(r >= 0.5, $"{r:F2} ({i.RowsPerSecond:N0} against {i.CopyRowsPerSecond:N0} rows/s)") : "–") + ".");
            b.AppendLine();
        }
        return b.ToString();
    }

    private static string Judge(bool met, string figure) => (met ? "met" : "**missed**") + " (" + figure + ")";

    /// <summary>
    /// Puts the generated text between the markers of the document, keeping everything else (the
    /// hand-written findings); a document without markers gets them appended, a missing one a skeleton.
    /// </summary>
    public static string Merge(string? existing, string generated)
    {
        var block = Start + "\n" + generated.TrimEnd() + "\n" + End;
        if (string.IsNullOrEmpty(existing))
        {
            return "# Performance\n\n" + block + "\n\n## Findings\n\n(hand-written; the bench keeps this part)\n";
        }
        var s = existing.IndexOf(Start, StringComparison.Ordinal);
        var e = existing.IndexOf(End, StringComparison.Ordinal);
        if (s < 0 || e < s)
        {
            return existing.TrimEnd() + "\n\n" + block + "\n";
        }
        return existing[..s] + block + existing[(e + End.Length)..];
    }
}
