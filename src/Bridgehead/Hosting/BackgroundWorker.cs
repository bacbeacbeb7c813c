using Bridgehead.Background;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Hosting;

/// <summary>
/// Runs the background jobs (<see cref="IBackgroundJob"/>: health scores, alerts, emails, webhooks)
/// on a tick, on one instance only: every tick it takes or renews the "background" lease, and only
/// the holder runs jobs. Setting <c>Bridgehead:Background:IntervalSeconds</c> (default 15; 0 turns
/// the tick off, as the tests do, which then call <see cref="RunOnceAsync"/>).
/// </summary>
public sealed class BackgroundWorker(IServiceScopeFactory scopes, IConfiguration config, ILogger<BackgroundWorker> log, TimeProvider clock)
    : BackgroundService
{
    public const string LeaseName = "background";
    private readonly Dictionary<string, DateTime> _lastRun = [];
    private readonly SemaphoreSlim _running = new(1, 1);
    private bool _holding;
    private int _runs;

    /// <summary>Who this instance is, in the lease table.</summary>
    public string Holder { get; } = Truncate($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", Lease.MaxHolder);

    public TimeSpan Interval { get; } = TimeSpan.FromSeconds(Math.Max(0, config.GetValue("Bridgehead:Background:IntervalSeconds", 15)));

    /// <summary>How many times this instance held the lease and ran its jobs (the two-instance test reads it).</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>How long a taken lease lasts: three ticks, at least 30 s; a holder that dies is replaced after it.</summary>
    public TimeSpan LeaseFor => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, Interval.Ticks * 3));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval == TimeSpan.Zero)
        {
            return;
        }
        if (log.IsEnabled(LogLevel.Information))
        {
            log.LogInformation("Background work: instance {Holder} ticks every {Interval}; the one holding the \"{Lease}\" lease (for {LeaseFor}) runs the jobs",
                Holder, Interval, LeaseName, LeaseFor);
        }
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(force: false, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A failing tick (database restarting, say) is logged and tried again next tick.
                log.LogError(e, "Background work failed; trying again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Takes the lease and runs the jobs that are due (all of them when <paramref name="force"/>).
    /// Returns false, running nothing, when another instance holds the lease.
    /// </summary>
    public async Task<bool> RunOnceAsync(bool force = true, CancellationToken ct = default)
    {
        await _running.WaitAsync(ct);
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BridgeheadDb>();
                db.Viewer = Viewer.System;
                if (!await Leases.TryAcquireAsync(db, LeaseName, Holder, LeaseFor, ct))
                {
                    if (_holding)
                    {
                        _holding = false;
                        var other = await db.Leases.AsNoTracking().Where(l => l.Name == LeaseName).Select(l => l.Holder).FirstOrDefaultAsync(ct);
                        if (log.IsEnabled(LogLevel.Warning))
                        {
                            log.LogWarning("Background lease lost: instance {Other} runs the background work now, not {Holder}", other, Holder);
                        }
                    }
                    return false;
                }
                if (!_holding)
                {
                    _holding = true;
                    if (log.IsEnabled(LogLevel.Information))
                    {
                        log.LogInformation("Background lease taken: instance {Holder} runs the background work (lease renewed every tick, {LeaseFor} at a time)", Holder, LeaseFor);
                    }
                }
            }
            Interlocked.Increment(ref _runs);
            var jobNames = JobNames();
            foreach (var name in jobNames)
            {
                await using var scope = scopes.CreateAsyncScope();
                var job = scope.ServiceProvider.GetServices<IBackgroundJob>().First(j => j.Name == name);
                var now = clock.GetUtcNow().UtcDateTime;
                if (!force && _lastRun.TryGetValue(name, out var last) && now - last < job.Every)
                {
                    continue;
                }
                var db = scope.ServiceProvider.GetRequiredService<BridgeheadDb>();
                db.Viewer = Viewer.System;
                try
                {
                    var started = clock.GetTimestamp();
                    await job.RunAsync(db, ct);
                    if (log.IsEnabled(LogLevel.Debug))
                    {
                        log.LogDebug("Background job {Job} ran in {Elapsed} ms", name, (long)clock.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One failing job does not stop the others.
                    log.LogError(e, "Background job {Job} failed", name);
                }
                _lastRun[name] = now;
            }
            return true;
        }
        finally
        {
            _running.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Interval == TimeSpan.Zero)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BridgeheadDb>();
            db.Viewer = Viewer.System;
            await Leases.ReleaseAsync(db, LeaseName, Holder, cancellationToken);
            if (_holding)
            {
                if (log.IsEnabled(LogLevel.Information))
                {
                    log.LogInformation("Background lease given up by {Holder} on shutdown; another instance takes it on its next tick", Holder);
                }
                _holding = false;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not give up the background lease; another instance takes it when it expires");
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[^max..];

    private List<string> JobNames()
    {
        using var scope = scopes.CreateScope();
        return [.. scope.ServiceProvider.GetServices<IBackgroundJob>().Select(j => j.Name)];
    }
}
