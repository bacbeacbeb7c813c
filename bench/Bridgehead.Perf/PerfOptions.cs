using System.Globalization;

namespace Bridgehead.Perf;

/// <summary>The command line of the HTTP bench.</summary>
internal sealed record PerfOptions
{
    public IReadOnlyList<int> Sizes { get; init; } = [10_000, 100_000, 1_000_000];

    /// <summary>Opportunities of the SQLite run; 0 skips it.</summary>
    public int Sqlite { get; init; } = 100_000;

    public int Seconds { get; init; } = 8;

    public int WarmupSeconds { get; init; } = 2;

    public int Clients { get; init; } = 16;

    /// <summary>Accounts imported into PostgreSQL by bench/import/run.sh; 0 skips the import.</summary>
    public int ImportRows { get; init; } = 1_000_000;

    public int ImportSqliteRows { get; init; } = 100_000;

    /// <summary>Seed with `seed --demo` (and its user names) instead of `seed --scale N`.</summary>
    public bool Demo { get; init; }

    /// <summary>A built bridgehead.dll; without it the bench makes a Release build first.</summary>
    public string? Bridgehead { get; init; }

    public string Output { get; init; } = "docs/performance.md";

    /// <summary>Port of the throw-away PostgreSQL cluster (when BRIDGEHEAD_BENCH_POSTGRES is not set).</summary>
    public int PostgresPort { get; init; } = 55443;

    /// <summary>Port of `bridgehead serve`; 0 takes a free one for each size.</summary>
    public int HttpPort { get; init; }

    /// <summary>PostgreSQL sizes whose database is copied from one seeded beforehand (CREATE DATABASE ... TEMPLATE) instead of seeded again.</summary>
    public IReadOnlyDictionary<int, string> Templates { get; init; } = new Dictionary<int, string>();

    /// <summary>Only the scenarios whose name contains one of these (empty: all).</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    public bool Runs(string scenario) => Only.Count == 0 || Only.Any(o => scenario.Contains(o, StringComparison.OrdinalIgnoreCase));

    public static string Usage => """
        usage: dotnet run -c Release --project bench/Bridgehead.Perf -- [options]
          --sizes 10000,100000,1000000  opportunities per PostgreSQL run (empty: none)
          --sqlite 100000               opportunities of the SQLite run (0: skip)
          --seconds 8                   measured seconds per scenario
          --warmup 2                    warm-up seconds per scenario
          --clients 16                  concurrent clients (closed loop)
          --import-rows 1000000         accounts imported into PostgreSQL by bench/import/run.sh (0: skip)
          --import-sqlite-rows 100000   accounts imported into SQLite by the same script
          --demo                        seed with `seed --demo` instead of `seed --scale N`
          --bridgehead PATH             a built bridgehead.dll (default: a Release build made first)
          --out docs/performance.md     where the tables go (between the generated markers)
          --pg-port 55443 --http-port 0 (0: a free port)
          --template 1000000=bh1m       copy that size's database from one seeded beforehand by
                                        `bridgehead seed --scale N` on the same server (repeatable)
          --only "search,next page"     only the scenarios whose name contains one of these words
        BRIDGEHEAD_BENCH_POSTGRES="Host=...;Username=..." uses that server (the user needs CREATEDB);
        otherwise a throw-away cluster is started with initdb/pg_ctl and stopped at the end.
        """;

    /// <summary>The options, or null with a message on a bad one.</summary>
    public static PerfOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var o = new PerfOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{name} needs a value");
                }
                return args[++i];
            }
            int Number(int least)
            {
                var text = Value().Replace("_", "", StringComparison.Ordinal);
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= least
                    ? n
                    : throw new FormatException($"{name} takes a whole number of at least {least}");
            }
            try
            {
                o = name switch
                {
                    "--sizes" => o with { Sizes = ParseSizes(Value()) },
                    "--sqlite" => o with { Sqlite = Number(0) },
                    "--seconds" => o with { Seconds = Number(1) },
                    "--warmup" => o with { WarmupSeconds = Number(0) },
                    "--clients" => o with { Clients = Number(1) },
                    "--import-rows" => o with { ImportRows = Number(0) },
                    "--import-sqlite-rows" => o with { ImportSqliteRows = Number(0) },
                    "--demo" => o with { Demo = true },
                    "--bridgehead" => o with { Bridgehead = Value() },
                    "--out" => o with { Output = Value() },
                    "--pg-port" => o with { PostgresPort = Number(1) },
                    "--http-port" => o with { HttpPort = Number(0) },
                    "--template" => o with { Templates = ParseTemplate(Value(), o.Templates) },
                    "--only" => o with { Only = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] },
                    _ => throw new FormatException($"unknown option {name}"),
                };
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }
        }
        return o;
    }

    public static IReadOnlyDictionary<int, string> ParseTemplate(string text, IReadOnlyDictionary<int, string> so)
    {
        var parts = text.Split('=', 2);
        if (parts.Length != 2 || !int.TryParse(parts[0].Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1
            || !System.Text.RegularExpressions.Regex.IsMatch(parts[1], "^[a-z_][a-z0-9_]*$"))
        {
            throw new FormatException($"--template: '{text}' is not SIZE=DATABASE (a lower-case database name)");
        }
        return new Dictionary<int, string>(so) { [size] = parts[1] };
    }

    public static IReadOnlyList<int> ParseSizes(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new FormatException($"--sizes: '{s}' is not a positive whole number"))];
}
