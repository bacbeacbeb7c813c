using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bridgehead.Perf;

/// <summary>Child processes: run to the end and capture, or start and keep.</summary>
internal static class Processes
{
    public sealed record Outcome(int ExitCode, string Out, string Err, TimeSpan Elapsed);

    public static ProcessStartInfo Info(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            if (v is null)
            {
                info.Environment.Remove(k);
            }
            else
            {
                info.Environment[k] = v;
            }
        }
        return info;
    }

    public static async Task<Outcome> RunAsync(ProcessStartInfo info, CancellationToken ct, Action<string>? onErrLine = null)
    {
        var clock = Stopwatch.StartNew();
        using var p = new Process { StartInfo = info };
        var output = new StringBuilder();
        var errors = new StringBuilder();
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
                onErrLine?.Invoke(e.Data);
            }
        };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        try
        {
            await p.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            Kill(p);
            throw;
        }
        p.WaitForExit();
        return new Outcome(p.ExitCode, output.ToString(), errors.ToString(), clock.Elapsed);
    }

    public static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>VmRSS and VmHWM of a process, in MB (null when it has gone).</summary>
    public static (double? Rss, double? Peak) Memory(int pid)
    {
        try
        {
            double? rss = null, hwm = null;
            foreach (var line in File.ReadAllLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kb(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kb(line);
                }
            }
            return (rss, hwm);
        }
        catch (IOException)
        {
            return (null, null);
        }

        static double Kb(string line) =>
            double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
