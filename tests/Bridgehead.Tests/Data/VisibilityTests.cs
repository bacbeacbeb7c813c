using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Data;

public sealed class VisibilityTests_Sqlite() : VisibilityTests(Provider.Sqlite);

public sealed class VisibilityTests_Postgres() : VisibilityTests(Provider.Postgres);

/// <summary>
/// The visibility rules themselves, read straight through the database context as each role:
/// what every list, search, export and history inherits.
/// </summary>
public abstract class VisibilityTests(Provider provider) : AppTests(provider)
{
    private sealed record World(TestUser RepA, TestUser RepB, TestUser Manager, TestUser OtherManager, TestUser Colleague, long AccountA, long AccountB);

    private async Task<World> BuildAsync()
    {
        var team = TestApp.NewTeam();
        var world = new World(
            await App.CreateUserAsync(Role.Rep, team),
            await App.CreateUserAsync(Role.Rep),
            await App.CreateUserAsync(Role.Manager, team),
            await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()),
            await App.CreateUserAsync(Role.Rep),
            0, 0);
        var a = await App.Client(world.RepA).CreateAsync("/api/v1/accounts", new { name = "Visible A", teamMemberIds = new[] { world.Colleague.Id } });
        var b = await App.Client(world.RepB).CreateAsync("/api/v1/accounts", new { name = "Visible B" });
        foreach (var (user, account) in new[] { (world.RepA, a.Id()), (world.RepB, b.Id()) })
        {
            var client = App.Client(user);
            var contact = await client.CreateAsync("/api/v1/contacts", new { accountId = account, name = "Person" });
            var opportunity = await client.CreateAsync("/api/v1/opportunities", new { accountId = account, title = "Deal" });
            await client.CreateAsync("/api/v1/activities", new { accountId = account, contactId = contact.Id(), opportunityId = opportunity.Id(), kind = "call", subject = "Call" });
            await client.CreateAsync("/api/v1/tasks", new { accountId = account, title = "Follow up", dueOn = "2027-01-15" });
        }
        return world with { AccountA = a.Id(), AccountB = b.Id() };
    }

    private sealed record Seen(int Accounts, int Contacts, int Opportunities, int Activities, int Tasks, int History);

    private async Task<Seen> SeenByAsync(Viewer viewer, World w)
    {
        long[] accounts = [w.AccountA, w.AccountB];
        await using var db = new BridgeheadDb(Database.Options(App.ConnectionString)) { Viewer = viewer };
        return new Seen(
            await db.Accounts.CountAsync(a => accounts.Contains(a.Id)),
            await db.Contacts.CountAsync(c => accounts.Contains(c.AccountId)),
            await db.Opportunities.CountAsync(o => accounts.Contains(o.AccountId)),
            await db.Activities.CountAsync(x => accounts.Contains(x.AccountId)),
            await db.Tasks.CountAsync(t => t.AccountId != null && accounts.Contains(t.AccountId.Value)),
            await db.AuditEntries.CountAsync(e => e.AccountId != null && accounts.Contains(e.AccountId.Value)));
    }

    private static Viewer As(TestUser user) => new(user.Id, user.Role, user.TeamId, user.UserName);

    [Fact]
    public async Task EachRole_SeesExactlyWhatTheRulesSay()
    {
        var w = await BuildAsync();
        // Per account: 1 account, 1 contact, 1 opportunity, 1 activity, 1 task; history: 5 created entries.
        var one = new Seen(1, 1, 1, 1, 1, 5);
        var both = new Seen(2, 2, 2, 2, 2, 10);
        var none = new Seen(0, 0, 0, 0, 0, 0);

        Assert.Equal(one, await SeenByAsync(As(w.RepA), w));
        Assert.Equal(one, await SeenByAsync(As(w.RepB), w));
        Assert.Equal(one, await SeenByAsync(As(w.Colleague), w));
        Assert.Equal(one, await SeenByAsync(As(w.Manager), w));
        Assert.Equal(none, await SeenByAsync(As(w.OtherManager), w));
        Assert.Equal(both, await SeenByAsync(As(await App.CreateUserAsync(Role.Admin)), w));
        Assert.Equal(both, await SeenByAsync(As(await App.CreateUserAsync(Role.Viewer)), w));
        // Quality and product: all accounts and contacts, no sales records; history of accounts and contacts only.
        Assert.Equal(new Seen(2, 2, 0, 0, 0, 4), await SeenByAsync(As(await App.CreateUserAsync(Role.Quality)), w));
        Assert.Equal(new Seen(2, 2, 0, 0, 0, 4), await SeenByAsync(As(await App.CreateUserAsync(Role.Product)), w));
    }

    [Fact]
    public async Task AContextWithoutAViewer_SeesNothing()
    {
        var w = await BuildAsync();
        await using var db = new BridgeheadDb(Database.Options(App.ConnectionString));
        Assert.False(await db.Accounts.AnyAsync(a => a.Id == w.AccountA));
        Assert.False(await db.Contacts.AnyAsync(c => c.AccountId == w.AccountA));
        Assert.False(await db.AuditEntries.AnyAsync(e => e.AccountId == w.AccountA));
    }

    [Fact]
    public async Task MovingARepToAnotherTeam_ChangesWhatTheManagerSees()
    {
        var w = await BuildAsync();
        Assert.Equal(1, (await SeenByAsync(As(w.Manager), w)).Accounts);
        await using (var db = App.OpenDb())
        {
            var rep = await db.Users.SingleAsync(u => u.Id == w.RepA.Id);
            rep.TeamId = null;
            await db.SaveChangesAsync();
        }
        Assert.Equal(0, (await SeenByAsync(As(w.Manager), w)).Accounts);
    }
}
