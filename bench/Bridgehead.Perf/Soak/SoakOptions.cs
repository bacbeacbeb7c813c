using System.Globalization;

namespace Bridgehead.Perf.Soak;

/// <summary>The options of <c>bridgehead-perf soak</c> (bench/README.md, "The soak run").</summary>
internal sealed record SoakOptions
{
    public double Minutes { get; init; } = 10;

    public int Users { get; init; } = 200;

    public int ThinkMs { get; init; } = 1000;

    public bool Sqlite { get; init; }

    /// <summary>A running server to load instead of starting one; needs <see cref="Database"/>.</summary>
    public Uri? Url { get; init; }

    /// <summary>With --url: the server's database (users and tokens are made in it, the ledger is checked against it).</summary>
    public string? Database { get; init; }

    public string? Bridgehead { get; init; }

    public int PostgresPort { get; init; } = 55444;

    public const string Usage = """
        usage: bridgehead-perf soak [--minutes M] [--users N] [--think-ms T] [--sqlite]
                                    [--url URL --database CONNECTION] [--bridgehead DLL] [--pg-port P]
          --minutes M    how long the users work (default 10; fractions allowed)
          --users N      simulated users (default 200): reps, a manager per team of 20, quality and viewers
          --think-ms T   mean pause between a user's calls (default 1000; each pause 0.5-1.5 x T)
          --sqlite       serve from SQLite instead of a throw-away PostgreSQL cluster
          --url URL      load a server that is already running; --database (or BRIDGEHEAD_DATABASE) names its database
          --bridgehead   a built bridgehead.dll (default: a Release build of src/Bridgehead)
          --pg-port P    port of the throw-away PostgreSQL cluster (default 55444)
        Exit code 0 only when no request answered 5xx or failed to arrive and every acknowledged write is in the database exactly once.
        """;

    public static SoakOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var o = new SoakOptions { Database = Environment.GetEnvironmentVariable("BRIDGEHEAD_DATABASE") };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            try
            {
                o = args[i] switch
                {
                    "--minutes" => o with { Minutes = double.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--users" => o with { Users = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--think-ms" => o with { ThinkMs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--sqlite" => o with { Sqlite = true },
                    "--url" => o with { Url = new Uri(Next()) },
                    "--database" => o with { Database = Next() },
                    "--bridgehead" => o with { Bridgehead = Next() },
                    "--pg-port" => o with { PostgresPort = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--help" => o,
                    _ => throw new FormatException($"unknown option {args[i]}"),
                };
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }
        }
        error = o switch
        {
            { Minutes: <= 0 } => "--minutes must be above 0",
            { Users: < 5 } => "--users must be at least 5",
            { ThinkMs: < 0 } => "--think-ms must be 0 or more",
            { Url: not null, Database: null or "" } => "--url needs --database (or BRIDGEHEAD_DATABASE): the users are made and the writes checked there",
            _ => null,
        };
        return error is null ? o : null;
    }
}
