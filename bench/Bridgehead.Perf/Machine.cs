using System.Runtime.InteropServices;

namespace Bridgehead.Perf;

/// <summary>What the figures were measured on.</summary>
internal sealed record Machine(DateTime Date, string Cpu, int Cores, double RamGb, string Os, string DotNet, string Postgres, string LoadStart, string Arguments)
{
    public static Machine Read(string postgres, IEnumerable<string> args)
    {
        var cpu = "unknown";
        double ram = 0;
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
            var mem = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            ram = double.Parse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024 / 1024;
        }
        catch (IOException)
        {
        }
        var os = RuntimeInformation.OSDescription;
        try
        {
            os = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
                + ", Linux " + File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
        }
        return new Machine(DateTime.UtcNow, cpu, Environment.ProcessorCount, ram, os, RuntimeInformation.FrameworkDescription, postgres, Runner.Load(), string.Join(' ', args));
    }
}
