using System.Diagnostics;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Notifications;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Tests.Background;

public sealed class BackgroundInstancesTests_Sqlite() : BackgroundInstancesTests(Provider.Sqlite);

public sealed class BackgroundInstancesTests_Postgres() : BackgroundInstancesTests(Provider.Postgres)
{
    [Fact]
    public Task TwoInstances_OnOneDatabase_DeliverEachEventOnce_AndTheOtherTakesOverWhenTheHolderIsGone() => TwoInstancesAsync();
}

/// <summary>
/// The background work with its tick on (every second), as servers run it: one instance delivers
/// webhooks; with two instances on one PostgreSQL database, only the lease holder works, each event
/// arrives once, and when the holder is gone the other takes over once its lease has run out.
/// </summary>
public abstract class BackgroundInstancesTests(Provider provider)
{
    private static readonly Dictionary<string, string?> Tick = new() { ["Bridgehead:Background:IntervalSeconds"] = "1" };

    protected Provider Provider { get; } = provider;

    private static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(clock.Elapsed < timeout, $"Not within {timeout.TotalSeconds} s: {what}");
            await Task.Delay(200);
        }
    }

    private static async Task<List<long>> RaiseAsync(TestApp app, int count, string title)
    {
        await using var db = app.OpenDb();
        var raised = Enumerable.Range(1, count)
            .Select(i => Events.Raise(db, NotificationEvent.OrderAtRisk, "order", i, null, new { lineId = i, product = title, promisedDate = "2026-12-01" }, $"test:{title}:{i}"))
            .ToList();
        await db.SaveChangesAsync();
        return [.. raised.Select(e => e.Id)];
    }

    private static async Task<long> SubscribeAsync(TestApp app, WebhookReceiver receiver)
    {
        using var admin = app.Client(await app.CreateUserAsync(Role.Admin));
        return (await admin.CreateAsync("/api/v1/webhooks", new { url = receiver.Url.ToString(), events = new[] { "orderAtRisk" } })).Id();
    }

    private static Task<int> DeliveredAsync(TestApp app, long webhookId) =>
        Task.Run(async () =>
        {
            await using var db = app.OpenDb();
            return await db.WebhookDeliveries.CountAsync(d => d.WebhookId == webhookId && d.Status == DeliveryStatus.Delivered);
        });

    [Fact]
    public async Task OneInstance_WithTheTickOn_DeliversEachEventOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await TestApp.StartAsync(Provider, Tick);
        var webhook = await SubscribeAsync(app, receiver);

        var events = await RaiseAsync(app, 5, "one");
        await WaitUntilAsync(async () => await DeliveredAsync(app, webhook) == 5, TimeSpan.FromSeconds(30), "5 deliveries");
        await Task.Delay(1500);

        Assert.Equal(events.Order(), receiver.Requests.Select(r => r.EventId).Order());
        await using var db = app.OpenDb();
        var lease = await db.Leases.AsNoTracking().SingleAsync(l => l.Name == BackgroundWorker.LeaseName);
        Assert.Equal(app.Web.Services.GetRequiredService<BackgroundWorker>().Holder, lease.Holder);
    }

    protected async Task TwoInstancesAsync()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = await TestApp.StartAsync(Provider, Tick);
        TestApp? second = null;
        try
        {
            // A second server on the same database: no migration, no seed, just another instance.
            second = await TestApp.StartAsync(Provider, Tick, first.ConnectionString);
            var workers = new[] { first, second }.ToDictionary(a => a, a => a.Web.Services.GetRequiredService<BackgroundWorker>());
            Assert.NotEqual(workers[first].Holder, workers[second].Holder);
            var webhook = await SubscribeAsync(second, receiver);

            var events = await RaiseAsync(first, 10, "two");
            await WaitUntilAsync(async () => await DeliveredAsync(first, webhook) == 10, TimeSpan.FromSeconds(30), "10 deliveries");
            await Task.Delay(2000);

            // Each event arrived exactly once, though both instances tick every second.
            Assert.Equal(events.Order(), receiver.Requests.Select(r => r.EventId).Order());
            await using var db = first.OpenDb();
            var lease = await db.Leases.AsNoTracking().SingleAsync(l => l.Name == BackgroundWorker.LeaseName);
            var holder = workers.Single(w => w.Value.Holder == lease.Holder).Key;
            var other = holder == first ? second : first;
            Assert.True(workers[holder].Runs > 1, "The holder ran the jobs every tick.");
            Assert.Equal(0, workers[other].Runs);
            Assert.All(await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhook).ToListAsync(), d => Assert.Equal(1, d.Attempts));

            // The holder is gone. A stopping instance gives the lease up, but one that crashes does
            // not: put its lease back for a few seconds, as a crash would have left it.
            await holder.Web.StopAsync();
            var expires = DateTime.UtcNow.AddSeconds(5);
            await db.Leases.Where(l => l.Name == BackgroundWorker.LeaseName)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, workers[holder].Holder).SetProperty(l => l.ExpiresAt, expires));
            await Task.Delay(300);
            var runsBefore = workers[other].Runs;
            var late = Assert.Single(await RaiseAsync(first, 1, "after"));

            await Task.Delay(1500);
            Assert.Equal(runsBefore, workers[other].Runs);
            Assert.DoesNotContain(receiver.Requests, r => r.EventId == late);

            await WaitUntilAsync(() => Task.FromResult(receiver.Requests.Any(r => r.EventId == late)), TimeSpan.FromSeconds(30), "the takeover's delivery");
            Assert.True(DateTime.UtcNow >= expires, "Taken over only after the dead holder's lease ran out.");
            await Task.Delay(1500);
            Assert.Single(receiver.Requests, r => r.EventId == late);
            Assert.Equal(11, receiver.Requests.Count);
            Assert.True(workers[other].Runs > runsBefore);
            var taken = await db.Leases.AsNoTracking().SingleAsync(l => l.Name == BackgroundWorker.LeaseName);
            Assert.Equal(workers[other].Holder, taken.Holder);
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }
            await first.DisposeAsync();
        }
    }
}
