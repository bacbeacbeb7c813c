using Bridgehead.Accounts;
using Bridgehead.Demo;
using Bridgehead.Health;
using Bridgehead.Notifications;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Health;

public sealed class DemoHealthTests_Sqlite() : DemoHealthTests(Provider.Sqlite);

public sealed class DemoHealthTests_Postgres() : DemoHealthTests(Provider.Postgres);

/// <summary>The demo scores every customer and shows one sliding out of healthy, with its alert.</summary>
public abstract class DemoHealthTests(Provider provider)
{
    [Fact]
    public async Task Demo_ScoresEveryCustomer_AndOneFellFromHealthyOverRecentWeeks()
    {
        // A server of its own: the test runs the hourly health job, which writes scores and snapshots.
        await using var app = await TestApp.StartAsync(provider);
        await using var db = app.OpenDb();
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        await new DemoData(db).LoadAsync(CancellationToken.None);

        var customers = await db.Accounts.Where(a => a.Status == AccountStatus.Customer).Select(a => a.Id).ToListAsync();
        var stored = await db.AccountHealth.AsNoTracking().ToListAsync();
        Assert.NotEmpty(customers);
        Assert.Equal(customers.Order(), stored.Select(h => h.AccountId).Order());

        var alert = await db.OutboxEvents.AsNoTracking().SingleAsync(e => e.Event == NotificationEvent.HealthBandDropped);
        var trend = await db.HealthSnapshots.AsNoTracking().Where(s => s.AccountId == alert.AccountId).OrderBy(s => s.ScoredOn).ToListAsync();
        Assert.True(trend.Count >= 5);
        Assert.Equal(HealthBand.Healthy, trend[0].Band);
        Assert.NotEqual(HealthBand.Healthy, trend[^1].Band);
        Assert.Equal(today, trend[^1].ScoredOn);
        Assert.Equal(trend.Count, trend.Select(s => s.ScoredOn).Distinct().Count());
        Assert.Equal(stored.Single(h => h.AccountId == alert.AccountId).Band, trend[^1].Band);
        Assert.Equal($"account:{alert.AccountId}:{today.AddDays(-3):yyyy-MM-dd}", alert.DedupKey);

        // The hourly job right after the demo has nothing new to say.
        await new HealthJob(Bridgehead.Forecasting.CurrencySettings.Default).RunAsync(db, CancellationToken.None);
        Assert.Equal(1, await db.OutboxEvents.CountAsync(e => e.Event == NotificationEvent.HealthBandDropped));
        Assert.Equal(trend.Count, await db.HealthSnapshots.CountAsync(s => s.AccountId == alert.AccountId));
    }
}
