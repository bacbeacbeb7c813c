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

        db.Accounts.AddRange(world.MakeAccounts(DemoCompanies.All.Where(c => c.Parent is null)));
        await db.SaveChangesAsync(ct);
        db.Accounts.AddRange(world.MakeAccounts(DemoCompanies.All.Where(c => c.Parent is not null)));
        await db.SaveChangesAsync(ct);

        db.Contacts.AddRange(world.MakeContacts());
        var pipeline = await db.Pipelines.FirstAsync(p => p.IsDefault, ct);
        var deals = world.MakeOpportunities();
        foreach (var deal in deals)
        {
            deal.PipelineId = pipeline.Id;
        }
        db.Opportunities.AddRange(deals);
        await db.SaveChangesAsync(ct);

        db.Activities.AddRange(world.MakeActivities());
        db.Tasks.AddRange(world.MakeTasks());
        await db.SaveChangesAsync(ct);
    }
}
