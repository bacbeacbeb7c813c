namespace Bridgehead.Perf;

/// <summary>One measured line: the API's figures and, where there is one, the floor's.</summary>
internal sealed record ScenarioResult(string Name, string Viewer, LoadResult Api, LoadResult? Floor, string? Note = null)
{
    /// <summary>API throughput over the floor's; null without a floor.</summary>
    public double? Ratio => Api.Count > 0 && Floor is { PerSecond: > 0 } f ? Api.PerSecond / f.PerSecond : null;
}

/// <summary>What the scenarios of one size were measured on and what they gave.</summary>
internal sealed record SizeResult(
    string Provider,
    int Size,
    long Opportunities,
    string SeedCommand,
    TimeSpan SeedTime,
    string RepName,
    long RepVisible,
    double? RssAfterWarmupMb,
    double? PeakMb,
    IReadOnlyList<ScenarioResult> Scenarios,
    string? Failure = null);

/// <summary>Import throughput parsed from bench/import/run.sh.</summary>
internal sealed record ImportResult(string Provider, long Rows, double Seconds, double RowsPerSecond, double? CopyRowsPerSecond)
{
    public double? Ratio => CopyRowsPerSecond is > 0 ? RowsPerSecond / CopyRowsPerSecond : null;
}
