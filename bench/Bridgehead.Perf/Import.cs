using System.Globalization;
using System.Text.RegularExpressions;

namespace Bridgehead.Perf;

/// <summary>Runs bench/import/run.sh and reads its figures.</summary>
internal static partial class Import
{
    public static async Task<List<ImportResult>> RunAsync(string root, string dll, Postgres pg, int pgRows, int sqliteRows, TextWriter log, CancellationToken ct)
    {
        var script = Path.Combine(root, "bench", "import", "run.sh");
        var env = new Dictionary<string, string?>
        {
            ["BRIDGEHEAD_BIN"] = dll,
            ["BRIDGEHEAD_BENCH_POSTGRES"] = new Npgsql.NpgsqlConnectionStringBuilder(pg.Server) { Database = null }.ConnectionString,
        };
        log.WriteLine($"== import: {pgRows:N0} accounts into PostgreSQL, {sqliteRows:N0} into SQLite (load {Runner.Load()})");
        var run = await Processes.RunAsync(Processes.Info("bash", [script, pgRows.ToString(CultureInfo.InvariantCulture), sqliteRows.ToString(CultureInfo.InvariantCulture)], env), ct);
        foreach (var line in run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            log.WriteLine("   " + line);
        }
        if (run.ExitCode != 0)
        {
            log.WriteLine("   import script failed: " + run.Err.Trim());
        }
        return Parse(run.Out);
    }

    /// <summary>
    /// The script's `RESULT provider key=value ...` lines; without them (the script as it was before
    /// issue 9) its "label: N rows in S s = R rows/s" lines.
    /// </summary>
    public static List<ImportResult> Parse(string output)
    {
        var results = new List<ImportResult>();
        foreach (Match m in ResultLine().Matches(output))
        {
            var kv = m.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1]);
            double? D(string key) => kv.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
            var provider = m.Groups[1].Value.Equals("postgres", StringComparison.OrdinalIgnoreCase) || m.Groups[1].Value.Equals("postgresql", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "SQLite";
            results.Add(new ImportResult(provider, (long)(D("import_rows") ?? 0), D("import_seconds") ?? 0, D("import_rows_per_s") ?? 0, D("copy_rows_per_s")));
        }
        if (results.Count > 0)
        {
            return results;
        }
        double? copy = null;
        foreach (Match m in TextLine().Matches(output))
        {
            var label = m.Groups[1].Value;
            var rows = long.Parse(m.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var seconds = double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            var perSecond = double.Parse(m.Groups[4].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            if (label.Contains("psql", StringComparison.OrdinalIgnoreCase))
            {
                copy = perSecond;
            }
            else
            {
                results.Add(new ImportResult(label.Contains("PostgreSQL", StringComparison.Ordinal) ? "PostgreSQL" : "SQLite", rows, seconds, perSecond, null));
            }
        }
        return [.. results.Select(r => r.Provider == "PostgreSQL" ? r with { CopyRowsPerSecond = copy } : r)];
    }

    [GeneratedRegex(@"^RESULT (\w+) (.*)$", RegexOptions.Multiline)]
    private static partial Regex ResultLine();

    [GeneratedRegex(@"^(.*?): ([\d,]+) rows in ([\d.]+) s = ([\d,]+) rows/s", RegexOptions.Multiline)]
    private static partial Regex TextLine();
}
