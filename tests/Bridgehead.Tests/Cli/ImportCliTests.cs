using System.Diagnostics;
using System.Text;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Cli;

public sealed class ImportCliTests_Sqlite() : ImportCliTests(Provider.Sqlite);

public sealed class ImportCliTests_Postgres() : ImportCliTests(Provider.Postgres);

/// <summary>`bridgehead import` as a real process against the test server's database: auto-mapping, summary, error report, helpful errors, and a killed run resumed.</summary>
public abstract class ImportCliTests(Provider provider) : AppTests(provider)
{
    private Dictionary<string, string> Environment(string folder) => new()
    {
        ["BRIDGEHEAD_DATABASE"] = App.ConnectionString,
        ["BRIDGEHEAD_DATA"] = folder,
    };

    private async Task<string> EmailOfNewRepAsync()
    {
        var user = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var email = user.UserName + "@example.com";
        await using var db = App.OpenDb();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, email));
        return email;
    }

    private static string WriteCsv(string folder, string prefix, int rows, string? badRow = null)
    {
        var path = Path.Combine(folder, prefix + ".csv");
        var text = new StringBuilder("External id,Company,country\r\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(prefix).Append('-').Append(i).Append(',').Append(prefix).Append(" Company ").Append(i).Append(",KR\r\n");
        }
        if (badRow is not null)
        {
            text.Append(badRow).Append("\r\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private async Task<int> CountAsync(string prefix)
    {
        await using var db = App.OpenDb();
        return await db.Accounts.CountAsync(a => a.ExternalId!.StartsWith(prefix + "-"));
    }

    [Fact]
    public async Task Import_MapsHeadersByLabel_PrintsASummary_AndWritesTheErrorReport()
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-import-cli-").FullName;
        var email = await EmailOfNewRepAsync();
        var prefix = "cli" + Guid.NewGuid().ToString("N")[..8];
        var file = WriteCsv(folder, prefix, 120, badRow: $"{prefix}-bad,Bad one,XX");

        var run = await Infrastructure.Cli.RunAsync(Environment(folder), null, "import", file, "--entity", "accounts", "--as", email.ToUpperInvariant(), "--map", "Company=name", "--batch-size", "50");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("120 created", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 with errors", run.Out, StringComparison.Ordinal);
        Assert.Contains("rows/s", run.Error, StringComparison.Ordinal);
        Assert.Equal(120, await CountAsync(prefix));
        var report = File.ReadAllText(file + ".errors.csv");
        Assert.Contains($"{prefix}-bad,Bad one,XX,121,Country: ", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_NamesWhatIsWrong()
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-import-cli-").FullName;
        var email = await EmailOfNewRepAsync();
        var file = WriteCsv(folder, "x" + Guid.NewGuid().ToString("N")[..8], 1);

        var kind = await Infrastructure.Cli.RunAsync(Environment(folder), null, "import", file, "--entity", "planets", "--as", email);
        var user = await Infrastructure.Cli.RunAsync(Environment(folder), null, "import", file, "--entity", "accounts", "--as", "nobody@example.com");
        var unmapped = await Infrastructure.Cli.RunAsync(Environment(folder), null, "import", file, "--entity", "accounts", "--as", email);

        Assert.Equal(2, kind.ExitCode);
        Assert.Contains("planets", kind.Error, StringComparison.Ordinal);
        Assert.Equal(1, user.ExitCode);
        Assert.Contains("nobody@example.com", user.Error, StringComparison.Ordinal);
        Assert.Equal(1, unmapped.ExitCode);
        Assert.Contains("mapping", unmapped.Error, StringComparison.Ordinal);
        Assert.Contains("\"Name\"", unmapped.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKilledRun_ResumesWithoutDuplicates()
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-import-cli-").FullName;
        var email = await EmailOfNewRepAsync();
        var prefix = "kill" + Guid.NewGuid().ToString("N")[..8];
        // Big enough that the kill lands mid-run: the engine is fast now (issue 9), 4,000 rows in batches of 100 finished between two looks.
        const int rows = 20_000;
        var file = WriteCsv(folder, prefix, rows);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "bridgehead.dll"), "import", file, "--entity", "accounts", "--as", email, "--map", "Company=name", "--batch-size", "100" })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["LANG"] = "C.UTF-8";
        foreach (var (key, value) in Environment(folder))
        {
            start.Environment[key] = value;
        }
        long jobId;
        using (var process = Process.Start(start)!)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var until = DateTime.UtcNow.AddSeconds(120);
            ImportJob? job = null;
            while (DateTime.UtcNow < until)
            {
                await using var db = App.OpenDb();
                job = await db.ImportJobs.AsNoTracking().Where(j => j.FileName == prefix + ".csv").FirstOrDefaultAsync();
                if (job is { ProcessedRows: >= 300 } || process.HasExited)
                {
                    break;
                }
                await Task.Delay(20);
            }
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.NotNull(job);
            jobId = job.Id;
        }
        await using (var db = App.OpenDb())
        {
            var killed = await db.ImportJobs.AsNoTracking().FirstAsync(j => j.Id == jobId);
            Assert.True(killed.Status == ImportStatus.Running && killed.ProcessedRows < rows, $"{killed.Status} {killed.ProcessedRows}: the run finished before the kill");
            Assert.Equal(killed.ProcessedRows, await CountAsync(prefix));
        }

        var resumed = await Infrastructure.Cli.RunAsync(Environment(folder), null, "import", file, "--entity", "accounts", "--as", email, "--resume", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Out);
        Assert.Equal(rows, await CountAsync(prefix));
        await using (var db = App.OpenDb())
        {
            var done = await db.ImportJobs.AsNoTracking().FirstAsync(j => j.Id == jobId);
            Assert.Equal((ImportStatus.Completed, rows, rows), (done.Status, done.ProcessedRows, done.CreatedRows));
        }
    }
}
