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
/// so the ids vary from call to call. A warm-up runs first and is not recorded. Every call started
/// in the measured window is recorded, the slow ones that end after it too (no new call starts once
/// the window closes); throughput is those calls over the time from the window's start to the last
/// one's end. When every call is slower than the warm-up and the window together, the window stays
/// open until at least one call has started in it.
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
        var phase = 0; // 0 warm-up, 1 measured, 2 closed
        var lists = Enumerable.Range(0, clients).Select(_ => new List<double>(4096)).ToArray();
        var clock = Stopwatch.StartNew();
        var measureFrom = TimeSpan.Zero;
        long lastEnd = 0;
        var startedInWindow = 0;

        async Task Worker(int w)
        {
            while (Volatile.Read(ref phase) < 2 && !ct.IsCancellationRequested)
            {
                var recorded = Volatile.Read(ref phase) == 1;
                if (recorded)
                {
                    Interlocked.Increment(ref startedInWindow);
                }
                var i = Interlocked.Increment(ref counter);
                var started = Stopwatch.GetTimestamp();
                bool ok;
                string? error;
                try
                {
                    (ok, error) = await call(w, i, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
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
                if (!recorded)
                {
                    continue;
                }
                lists[w].Add(ms);
                var end = clock.Elapsed.Ticks;
                long seen;
                while ((seen = Interlocked.Read(ref lastEnd)) < end && Interlocked.CompareExchange(ref lastEnd, end, seen) != seen)
                {
                }
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
            Volatile.Write(ref phase, 1);
            await Task.Delay(measured, ct);
            // Calls slower than warm-up and window together: keep the window open until one starts in it.
            while (Volatile.Read(ref startedInWindow) == 0)
            {
                await Task.Delay(20, ct);
            }
        }
        finally
        {
            Volatile.Write(ref phase, 2);
            await Task.WhenAll(workers);
        }
        var all = lists.SelectMany(l => l).ToList();
        all.Sort();
        var seconds = Math.Max(measured.TotalSeconds, (new TimeSpan(Interlocked.Read(ref lastEnd)) - measureFrom).TotalSeconds);
        return new LoadResult(all, seconds, errors, firstError);
    }
}
