using Bridgehead.Background;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Background;

public sealed class LeaseTests_Sqlite() : LeaseTests(Provider.Sqlite);

public sealed class LeaseTests_Postgres() : LeaseTests(Provider.Postgres);

/// <summary>The lease that makes background work run on one instance at a time.</summary>
public abstract class LeaseTests(Provider provider) : AppTests(provider)
{
    private static string NewName() => "test-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task TheFirstHolderKeepsTheLease_OthersAreRefused_UntilItExpires()
    {
        var name = NewName();
        await using var db = App.OpenDb();

        Assert.True(await Leases.TryAcquireAsync(db, name, "a", TimeSpan.FromMinutes(1)));
        Assert.False(await Leases.TryAcquireAsync(db, name, "b", TimeSpan.FromMinutes(1)));
        Assert.True(await Leases.TryAcquireAsync(db, name, "a", TimeSpan.FromMinutes(1)));

        // The holder dies: its lease runs out and the next caller takes it.
        await db.Leases.Where(l => l.Name == name).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
        Assert.True(await Leases.TryAcquireAsync(db, name, "b", TimeSpan.FromMinutes(1)));
        Assert.False(await Leases.TryAcquireAsync(db, name, "a", TimeSpan.FromMinutes(1)));
        Assert.Equal("b", (await db.Leases.AsNoTracking().SingleAsync(l => l.Name == name)).Holder);
    }

    [Fact]
    public async Task ReleasedLease_IsFreeAtOnce()
    {
        var name = NewName();
        await using var db = App.OpenDb();
        Assert.True(await Leases.TryAcquireAsync(db, name, "a", TimeSpan.FromMinutes(5)));

        await Leases.ReleaseAsync(db, name, "a");

        Assert.True(await Leases.TryAcquireAsync(db, name, "b", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task ManyRacingHolders_ExactlyOneWins()
    {
        var name = NewName();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await using var db = App.OpenDb();
            try
            {
                return await Leases.TryAcquireAsync(db, name, "holder-" + i, TimeSpan.FromMinutes(1));
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 5)
            {
                // SQLite busy: that racer did not get the lease.
                return false;
            }
        }));

        Assert.Single(results, r => r);
    }
}
