using System.Globalization;
using Bridgehead.Perf;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args is ["soak", ..])
{
    return await Bridgehead.Perf.Soak.SoakRun.MainAsync(args[1..]);
}

var options = PerfOptions.Parse(args, out var error);
if (options is null || args.Contains("--help"))
{
    if (error is not null)
    {
        Console.Error.WriteLine("bridgehead-perf: " + error);
    }
    Console.Error.WriteLine(PerfOptions.Usage);
    return error is null ? 0 : 2;
}

var root = Directory.GetCurrentDirectory();
while (!File.Exists(Path.Combine(root, "Bridgehead.slnx")))
{
    root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run the bench inside the repository (no Bridgehead.slnx found above the current folder)");
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Console.Error.WriteLine("stopping...");
    cts.Cancel();
};
var ct = cts.Token;
var log = Console.Out;
var build = Directory.CreateTempSubdirectory("bridgehead-perf-bin-").FullName;
Postgres? pg = null;
try
{
    var dll = options.Bridgehead;
    if (dll is null)
    {
        log.WriteLine("building bridgehead (Release)...");
        var built = await Processes.RunAsync(Processes.Info("dotnet", ["build", "-c", "Release", Path.Combine(root, "src", "Bridgehead"), "-o", build, "-v", "q", "-nologo"]), ct);
        if (built.ExitCode != 0)
        {
            Console.Error.WriteLine("build failed:\n" + built.Out + built.Err);
            return 1;
        }
        dll = Path.Combine(build, "bridgehead.dll");
    }
    dll = Path.GetFullPath(dll);

    if (options.Sizes.Count > 0 || options.ImportRows > 0)
    {
        pg = await Postgres.StartAsync(options.PostgresPort, ct);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => pg.Stop();
    }
    var machine = Machine.Read(pg is null ? "not used" : await pg.VersionAsync(ct), args);
    log.WriteLine($"{machine.Cpu}, {machine.Cores} cores, {machine.RamGb:F1} GB; {machine.Os}; {machine.DotNet}; PostgreSQL {machine.Postgres}; load {machine.LoadStart}");

    var runner = new Runner(options, dll, log);
    var sizes = new List<SizeResult>();
    async Task One(Postgres? server, int size)
    {
        try
        {
            sizes.Add(await runner.RunAsync(server, size, ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.WriteLine($"   FAILED: {e.Message}");
            sizes.Add(new SizeResult(server is null ? "SQLite" : "PostgreSQL", size, 0, "", TimeSpan.Zero, "", 0, null, null, [], e.Message));
        }
    }
    foreach (var size in options.Sizes)
    {
        await One(pg, size);
    }
    if (options.Sqlite > 0)
    {
        await One(null, options.Sqlite);
    }
    var imports = pg is not null && options.ImportRows > 0
        ? await Import.RunAsync(root, dll, pg, options.ImportRows, options.ImportSqliteRows, log, ct)
        : [];

    var generated = Markdown.Generate(machine, options, sizes, imports, Runner.Load());
    var path = Path.IsPathRooted(options.Output) ? options.Output : Path.Combine(root, options.Output);
    var existing = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : null;
    await File.WriteAllTextAsync(path, Markdown.Merge(existing, generated), ct);
    log.WriteLine();
    log.WriteLine(generated);
    log.WriteLine("written to " + path);
    return sizes.Any(s => s.Failure is not null || s.Scenarios.Any(r => r.Api.Errors > 0)) ? 1 : 0;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
finally
{
    pg?.Stop();
    try
    {
        Directory.Delete(build, recursive: true);
    }
    catch (IOException)
    {
    }
}
