using Bridgehead.Accounts;
using Bridgehead.Care;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Care;

public sealed class DemoCareTests_Sqlite() : DemoCareTests(Provider.Sqlite);

public sealed class DemoCareTests_Postgres() : DemoCareTests(Provider.Postgres);

/// <summary>The demo's care: plans saved, strategic customers placed, one customer overdue, one due this week, others fine.</summary>
public abstract class DemoCareTests(Provider provider)
{
    [Fact]
    public async Task Demo_SavesThePlans_FlagsStrategicCustomers_AndHasOneOverdueOneDueThisWeekAndOthersFine()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();

        Assert.Equal(3, await db.CarePlans.CountAsync());
        var strategic = await db.Accounts.AsNoTracking().Where(a => a.IsStrategic && a.Status == AccountStatus.Customer).ToListAsync();
        Assert.InRange(strategic.Count, 1, 2);
        Assert.All(strategic, a => Assert.Equal(AccountTier.Strategic, a.Tier));
        Assert.Contains(strategic, a => a.ExecutiveSponsorId is not null);
        Assert.DoesNotContain(await db.Accounts.AsNoTracking().Where(a => a.Status == AccountStatus.Customer).Select(a => a.Tier).ToListAsync(), t => t is null);

        var today = CareDates.Today(db);
        var care = await CareSchedule.LoadAsync(db, db.Accounts);
        Assert.Contains(care.Values, c => c.IsOverdue(today));
        Assert.Contains(care.Values, c => !c.IsOverdue(today) && c.IsDueBy(CareDates.EndOfWeek(today)));
        Assert.Contains(care.Values, c => !c.IsOverdue(today) && !c.IsDueBy(CareDates.EndOfWeek(today)));
        Assert.True(await db.Activities.AnyAsync(x => x.Kind == Bridgehead.Activities.ActivityKind.BusinessReview));

        // Placement is settled: the job finds nothing to move.
        Assert.Equal(0, await CarePlacement.PlaceTiersAsync(db, Bridgehead.Forecasting.CurrencySettings.Default, null, CancellationToken.None));
    }
}
