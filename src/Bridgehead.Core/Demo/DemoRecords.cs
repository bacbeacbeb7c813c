using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

public sealed partial class DemoData
{
    /// <summary>
    /// The customer base: accounts, their people, deals, a year of timeline and some to-dos (see
    /// <see cref="DemoWorld"/>). Saved in a few batches in dependency order, so that every foreign key
    /// the audit trail records is already a real id.
    /// </summary>
    private partial async Task CreateRecordsAsync(CancellationToken ct)
    {
        var users = await db.Users.Where(u => u.IsDemo).ToDictionaryAsync(u => u.UserName, ct);
        var world = new DemoWorld(users, db.Clock.GetUtcNow().UtcDateTime);
        var applications = DemoMarkets.MakeApplications();
        db.Applications.AddRange(applications);
        await db.SaveChangesAsync(ct);
        world.Applications = applications;

        db.Accounts.AddRange(world.MakeAccounts(DemoCompanies.All.Where(c => c.Parent is null)));
        await db.SaveChangesAsync(ct);
        db.Accounts.AddRange(world.MakeAccounts(DemoCompanies.All.Where(c => c.Parent is not null)));
        await db.SaveChangesAsync(ct);

        db.Contacts.AddRange(world.MakeContacts());
        var standard = await db.Pipelines.Include(p => p.Stages).FirstAsync(p => p.IsDefault, ct);
        var catalogue = DemoPursuits.CataloguePipeline();
        db.Pipelines.Add(catalogue);
        // Rates against the default base currency (KRW), so the demo forecast converts every deal.
        db.ExchangeRates.AddRange(
            new Forecasting.ExchangeRate { Currency = "USD", Rate = 1390m },
            new Forecasting.ExchangeRate { Currency = "EUR", Rate = 1510m });
        var competitors = DemoPursuits.MakeCompetitors();
        db.Competitors.AddRange(competitors);
        await db.SaveChangesAsync(ct);
        var pursuits = new DemoPursuits(users, standard, catalogue, competitors, db.Clock.GetUtcNow().UtcDateTime);
        var deals = world.MakeOpportunities();
        pursuits.Shape(deals);
        db.Opportunities.AddRange(deals);
        await db.SaveChangesAsync(ct);

        db.StageChanges.AddRange(pursuits.MakeHistory(deals));
        db.Activities.AddRange(world.MakeActivities());
        db.Tasks.AddRange(world.MakeTasks());
        await db.SaveChangesAsync(ct);
        await new DemoWallet(db, competitors).CreateAsync(ct);

        await new DemoBuyingCenter(db).AddAsync(ct);
        await DemoRoutes.AddAsync(db, users, db.Clock.GetUtcNow().UtcDateTime, ct);
        await DemoFit.CreateAsync(db, ct);
        await DemoProducts.CreateAsync(db, ct);
        await DemoReferences.AddAsync(db, ct);
        await DemoNegotiation.AddAsync(db, ct);
        await DemoQuotes.AddAsync(db, ct);
        await DemoProductRequests.AddAsync(db, ct);
        await DemoNeeds.AddAsync(db, ct);
        await DemoFeedback.AddAsync(db, ct);
        await DemoContracts.AddAsync(db, ct);
        await DemoTrials.AddAsync(db, ct);
        await DemoCalendar.AddAsync(db, ct);
        await DemoOrders.AddAsync(db, ct);
        await DemoMoves.AddAsync(db, ct);
        await DemoNotifications.AddAsync(db, ct);
        await DemoCare.AddAsync(db, ct);
        await DemoIncidents.AddAsync(db, ct);
        // Last: health reads every other demo record.
        await DemoHealth.AddAsync(db, ct);
    }
}
