using System.Diagnostics;

namespace Bridgehead.Perf;

/// <summary>Latencies of one scenario: every measured call, sorted, and what failed.</summary>
internal sealed record LoadResult(IReadOnlyList<double> SortedMs, double Seconds, int Errors, string? FirstError)
{
    public int Count => SortedMs.Count;

    public double PerSecond => Seconds > 0 ? Count / Seconds : 0;

    public double P50 => Percentile.NearestRank(SortedMs, 50);

    public double P95 => Percentile.NearestRank(SortedMs, 95);

    public double P99 => Percentile.NearestRank(SortedMs, 99);
}

/// <summary>Percentiles by nearest rank: the smallest value with at least p% of the values at or below it.</summary>
internal static class Percentile
{
    public static double NearestRank(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}

/// <summary>
/// A closed loop: each of the clients sends its next call as soon as the last one answered. The
/// calls are numbered across all clients, and call i takes item i of the scenario's pool (modulo),
/// so the ids vary from call to call. A warm-up runs first and is not recorded.
/// </summary>
internal static class ClosedLoop
{
    /// <summary>One call: true when it succeeded, else false with what went wrong.</summary>
    public delegate Task<(bool Ok, string? Error)> Call(int worker, long index, CancellationToken ct);

    public static async Task<LoadResult> RunAsync(int clients, TimeSpan warmup, TimeSpan measured, Call call, CancellationToken ct)
    {
        long counter = -1;
        var errors = 0;
        string? firstError = null;
        var recording = false;
        var lists = Enumerable.Range(0, clients).Select(_ => new List<double>(4096)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();
        var measureFrom = TimeSpan.Zero;

        async Task Worker(int w)
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref counter);
                var started = Stopwatch.GetTimestamp();
                bool ok;
                string? error;
                try
                {
                    (ok, error) = await call(w, i, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // a failed call is counted and the loop goes on
                catch (Exception e)
                {
                    (ok, error) = (false, e.GetType().Name + ": " + e.Message);
                }
#pragma warning restore CA1031
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!Volatile.Read(ref recording) || stop.IsCancellationRequested)
                {
                    continue;
                }
                lists[w].Add(ms);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, error ?? "error", null);
                }
            }
        }

        var workers = Enumerable.Range(0, clients).Select(w => Task.Run(() => Worker(w), CancellationToken.None)).ToArray();
        try
        {
            await Task.Delay(warmup, ct);
            measureFrom = clock.Elapsed;
            Volatile.Write(ref recording, true);
            await Task.Delay(measured, ct);
        }
        finally
        {
            Volatile.Write(ref recording, false);
            var seconds = (clock.Elapsed - measureFrom).TotalSeconds;
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            measureFrom = TimeSpan.FromSeconds(seconds);
        }
        var all = lists.SelectMany(l => l).ToList();
        all.Sort();
        return new LoadResult(all, measureFrom.TotalSeconds, errors, firstError);
    }
}
