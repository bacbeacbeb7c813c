using System.Globalization;
using Bridgehead.Bench;

// Bridgehead bench: seeds a fresh database with N open opportunities and times the pipeline board
// and the Openings list against the naive versions a simple CRM would build, side by side. See bench/README.md.

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo("en");
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var runner = new Runner(options, Console.Out);
await using (var sqlite = await BenchDatabase.CreateSqliteAsync(options.Keep, cancel.Token))
{
    await runner.RunAsync(sqlite, cancel.Token);
}
if (Environment.GetEnvironmentVariable(BenchOptions.PostgresVariable) is { Length: > 0 } postgres)
{
    await using var pg = await BenchDatabase.CreatePostgresAsync(postgres, options.Keep, cancel.Token);
    await runner.RunAsync(pg, cancel.Token);
}
else
{
    Console.WriteLine($"PostgreSQL skipped: set {BenchOptions.PostgresVariable} to a Host=... connection string to measure it too.");
}
return runner.Disagreements == 0 ? 0 : 1;
