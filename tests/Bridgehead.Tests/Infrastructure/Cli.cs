using System.Diagnostics;

namespace Bridgehead.Tests.Infrastructure;

/// <summary>Runs the real `bridgehead` program in its own process, with its own environment.</summary>
public static class Cli
{
    public sealed record Run(int ExitCode, string Out, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static async Task<Run> RunAsync(IDictionary<string, string> environment, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bridgehead.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment.Remove("BRIDGEHEAD_DATABASE");
        start.Environment.Remove("BRIDGEHEAD_DATA");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
