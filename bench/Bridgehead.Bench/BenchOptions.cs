using System.Globalization;

namespace Bridgehead.Bench;

/// <summary>The command line: <c>--opportunities N --runs K --accounts A --seed S --sql --sql-file PATH --keep</c>.</summary>
internal sealed record BenchOptions
{
    public const string PostgresVariable = "BRIDGEHEAD_BENCH_POSTGRES";

    public const string Usage = """
        usage: dotnet run -c Release --project bench/Bridgehead.Bench -- [options]

          --opportunities N   open opportunities to seed (default 10000; a quarter as many closed ones are added)
          --accounts N        accounts to spread them over (default 200; one rep in ten owns each)
          --runs K            timed calls per scenario after one warm-up (default 20)
          --seed S            seed of the data generator (default 1)
          --sql               also print every SQL command of each scenario with its median time
          --sql-file PATH     write the full text of those commands to PATH (one file per provider), for EXPLAIN
          --keep              keep the databases (SQLite file, PostgreSQL database) instead of removing them

        BRIDGEHEAD_BENCH_POSTGRES=Host=...   also measure PostgreSQL, in a new database on that server
        """;

    public int Opportunities { get; init; } = 10_000;

    public int Accounts { get; init; } = 200;

    public int Runs { get; init; } = 20;

    public int Seed { get; init; } = 1;

    public bool ShowSql { get; init; }

    public string? SqlFile { get; init; }

    public bool Keep { get; init; }

    public bool Help { get; init; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            int Number(int least)
            {
                if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < least)
                {
                    throw new ArgumentException($"{args[i]} needs a whole number of at least {least}.");
                }
                i++;
                return n;
            }
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"{args[i]} needs a value.");
                }
                return args[++i];
            }
            options = args[i] switch
            {
                "--opportunities" or "-n" => options with { Opportunities = Number(1) },
                "--accounts" => options with { Accounts = Number(10) },
                "--runs" or "-k" => options with { Runs = Number(1) },
                "--seed" => options with { Seed = Number(0) },
                "--sql" => options with { ShowSql = true },
                "--sql-file" => options with { SqlFile = Value() },
                "--keep" => options with { Keep = true },
                "--help" or "-h" or "-?" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        return options;
    }
}
