using System.Collections.Concurrent;
using Bridgehead.Identity;
using Microsoft.Extensions.Caching.Memory;

namespace Bridgehead.Reports;

/// <summary>
/// Report answers kept per instance (<see cref="RunReport"/> asks it), so that a report asked again
/// before the data changed costs one cheap query instead of a pass over the book.
/// <list type="bullet">
/// <item>Correct: the key holds everything an answer depends on (the report, the filled-in filter,
/// the caller as the visibility filters read them, the cultures of the labels and of the ordering,
/// today's date) and the database's data version (<see cref="RunReport"/> reads it on the
/// connection that runs the report); any committed change gives a new version, so an answer is
/// never older than the data. An answer that changes with the clock alone (velocity's stalled
/// count) names the instant it stops holding (<see cref="ReportResult.ValidUntil"/>) and is
/// dropped then.</item>
/// <item>Single flight: identical requests at the same time await one computation.</item>
/// <item>Bounded: sized by rows (<see cref="RowsSetting"/>), dropped when unused for
/// <see cref="MinutesSetting"/> minutes; each instance keeps its own.</item>
/// </list>
/// </summary>
public sealed class ReportCache : IDisposable
{
    /// <summary>Minutes an unused answer is kept; 0 turns the cache off.</summary>
    public const string MinutesSetting = "Bridgehead:ReportCache:Minutes";

    /// <summary>How many table rows (plus one per answer) all kept answers may hold together.</summary>
    public const string RowsSetting = "Bridgehead:ReportCache:Rows";

    public const int DefaultMinutes = 10;

    public const long DefaultRows = 100_000;

    private readonly MemoryCache? _cache;
    private readonly TimeSpan _unused;
    private readonly ConcurrentDictionary<Key, Task<Entry>> _running = new();

    public ReportCache(TimeSpan unusedFor, long rows)
    {
        _unused = unusedFor;
        if (unusedFor > TimeSpan.Zero && rows > 0)
        {
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = rows, CompactionPercentage = 0.25 });
        }
    }

    /// <summary>No caching: every request computes (SQLite, tests that count a report's commands).</summary>
    public static ReportCache Off => new(TimeSpan.Zero, 0);

    public bool Enabled => _cache is not null;

    /// <summary>Answers kept now.</summary>
    public int Count => _cache?.Count ?? 0;

    /// <summary>What an answer depends on.</summary>
    /// <param name="Viewer">The caller: user id, role and team (what the visibility filters read).</param>
    /// <param name="Culture">The formatting/ordering culture and the UI culture of the labels.</param>
    /// <param name="Version">The database's data version at the start of the computation.</param>
    public sealed record Key(string Report, ReportFilter Filter, Viewer Viewer, string Culture, string UiCulture, DateOnly Today, string Version);

    /// <summary>A kept answer: the filter as checked and the result.</summary>
    public sealed record Entry(ReportFilter Filter, ReportResult Result);

    /// <summary>The kept answer for <paramref name="key"/>, or the one being computed, or <paramref name="compute"/>'s (kept for the next asker).</summary>
    /// <param name="now">The clock the report reads (the answer's <see cref="ReportResult.ValidUntil"/> is on it).</param>
    public async Task<Entry> GetOrComputeAsync(Key key, DateTime now, Func<Task<Entry>> compute, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(compute);
        if (_cache is null)
        {
            return await compute();
        }
        if (_cache.TryGetValue(key, out Entry? kept) && kept is not null)
        {
            if (kept.Result.ValidUntil is not { } until || until > now)
            {
                return kept;
            }
            if (kept.Result.Later is { } later)
            {
                // Only the clock moved (the version is the same): the answer works itself forward.
                var moved = kept with { Result = later(now) };
                Keep(key, moved, now);
                return moved;
            }
            _cache.Remove(key);
        }
        var mine = new TaskCompletionSource<Entry>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _running.GetOrAdd(key, mine.Task);
        if (running != mine.Task)
        {
            try
            {
                return await running.WaitAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException)
            {
                // The request computing it went away (cancelled, its scope disposed): compute here.
                return await compute();
            }
        }
        try
        {
            var entry = await compute();
            Keep(key, entry, now);
            mine.SetResult(entry);
            return entry;
        }
        catch (OperationCanceledException)
        {
            mine.SetCanceled(CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            // Waiters get the same answer (e.g. the same 422): nothing failed is kept.
            mine.SetException(e);
            _ = mine.Task.Exception;
            throw;
        }
        finally
        {
            _running.TryRemove(KeyValuePair.Create(key, mine.Task));
        }
    }

    private void Keep(Key key, Entry entry, DateTime now)
    {
        var options = new MemoryCacheEntryOptions { Size = entry.Result.Rows.Count + 1 + entry.Result.ExtraSize, SlidingExpiration = _unused };
        if (entry.Result.ValidUntil is { } until)
        {
            if (until <= now)
            {
                return;
            }
            // Dropped then (a hit also checks it against the report's own clock).
            options.AbsoluteExpirationRelativeToNow = until - now;
        }
        _cache!.Set(key, entry, options);
    }

    public void Dispose() => _cache?.Dispose();
}
