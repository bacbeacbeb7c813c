using Bridgehead.Data;
using Bridgehead.Demo;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Demo;

public sealed class DemoDataTests_Sqlite() : DemoDataTests(Provider.Sqlite);

public sealed class DemoDataTests_Postgres() : DemoDataTests(Provider.Postgres);

/// <summary>
/// The demo data set, loaded once into an empty database (<see cref="DemoApp"/>); the test of a second load
/// starts a server of its own.
/// </summary>
public abstract class DemoDataTests(Provider provider)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Load_CreatesOneLoginPerRole_WithWorkingOneTimePasswords()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();

        var logins = await DemoApp.LoginsAsync(provider);

        Assert.NotNull(logins);
        Assert.Equal(Enum.GetValues<Role>().Order(), logins.Select(l => l.Role).Distinct().Order());
        var users = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.UserName);
        Assert.All(logins, login =>
        {
            var user = users[login.UserName];
            Assert.Equal(login.Role, user.Role);
            Assert.True(user.IsDemo && user.MustChangePassword);
            Assert.NotNull(login.OneTimePassword);
            Assert.True(Passwords.Verify(login.OneTimePassword, user.PasswordHash, out _));
        });
    }

    [Fact]
    public async Task Load_FillsAnEmptyDatabase_WithABelievableConsistentCustomerBase()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

        var accounts = await db.Accounts.AsNoTracking().Include(a => a.TeamMembers).ToDictionaryAsync(a => a.Id);
        var contacts = await db.Contacts.AsNoTracking().ToDictionaryAsync(c => c.Id);
        var deals = await db.Opportunities.AsNoTracking().ToDictionaryAsync(o => o.Id);
        var activities = await db.Activities.AsNoTracking().ToListAsync();
        var tasks = await db.Tasks.AsNoTracking().ToListAsync();
        var userIds = await db.Users.Select(u => u.Id).ToHashSetAsync();

        Assert.InRange(accounts.Count, 35, 45);
        Assert.InRange(contacts.Count, 130, 170);
        Assert.InRange(deals.Count, 50, 70);
        Assert.Equal(Stages.Pursuit.Select(s => s.Key).Order(), deals.Values.Select(o => o.Stage).Distinct().Order());
        Assert.True(activities.Count >= 300, $"{activities.Count} activities");
        Assert.True((activities.Max(x => x.OccurredAt) - activities.Min(x => x.OccurredAt)).TotalDays >= 300);
        Assert.All(activities, x => Assert.True(x.OccurredAt <= db.Clock.GetUtcNow().UtcDateTime));
        Assert.Contains(tasks, t => t.DueOn < today && t.CompletedAt is null);
        Assert.Contains(tasks, t => t.CompletedAt is not null);

        // Names are searchable, groups hang together, owners and team members exist.
        Assert.Equal(accounts.Count, accounts.Values.Select(a => a.Name).Distinct().Count());
        Assert.All(accounts.Values, a => Assert.Equal(Bridgehead.Common.Text.SearchKey(a.Name), a.SearchName));
        Assert.InRange(accounts.Values.Count(a => a.ParentId is not null), 3, 10);
        Assert.All(accounts.Values, a =>
        {
            Assert.Contains(a.OwnerId, userIds);
            Assert.True(a.ParentId is null || accounts.ContainsKey(a.ParentId.Value));
            Assert.All(a.TeamMembers, m => Assert.Contains(m.UserId, userIds));
        });

        // Everything under an account points at one that exists, and what it links to is of the same account.
        Assert.All(contacts.Values, c => Assert.True(accounts.ContainsKey(c.AccountId)));
        Assert.All(deals.Values, o =>
        {
            Assert.True(accounts.ContainsKey(o.AccountId));
            Assert.Contains(o.OwnerId, userIds);
            Assert.True(o.StageEnteredAt <= db.Clock.GetUtcNow().UtcDateTime);
        });
        Assert.All(activities, x =>
        {
            Assert.True(accounts.ContainsKey(x.AccountId));
            Assert.Contains(x.AuthorId, userIds);
            Assert.True(x.ContactId is null || contacts[x.ContactId.Value].AccountId == x.AccountId);
            Assert.True(x.OpportunityId is null || deals[x.OpportunityId.Value].AccountId == x.AccountId);
        });
        Assert.All(tasks, t =>
        {
            Assert.True(t.AccountId is null || accounts.ContainsKey(t.AccountId.Value));
            Assert.True(t.ContactId is null || contacts[t.ContactId.Value].AccountId == t.AccountId);
            Assert.True(t.OpportunityId is null || deals[t.OpportunityId.Value].AccountId == t.AccountId);
        });

        // Every record created has its entry in the audit trail.
        var audited = await db.AuditEntries.CountAsync(e => e.Action == Bridgehead.Auditing.AuditAction.Created);
        Assert.True(audited >= accounts.Count + contacts.Count + deals.Count + activities.Count + tasks.Count);
    }

    [Fact]
    public async Task Load_GivesEveryDealATrueStageHistory_ClosingReasons_AndASecondPipeline()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();

        var pipelines = await db.Pipelines.AsNoTracking().Include(p => p.Stages).ToListAsync();
        var deals = await db.Opportunities.AsNoTracking().ToListAsync();
        var steps = (await db.StageChanges.AsNoTracking().ToListAsync()).GroupBy(c => c.OpportunityId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.At).ThenBy(c => c.Id).ToList());

        Assert.Equal(2, pipelines.Count);
        var catalogue = pipelines.Single(p => !p.IsDefault);
        Assert.True(catalogue.Stages.Single(s => s.Key == "development").Skipped);
        Assert.Contains(deals, d => d.PipelineId == catalogue.Id);
        Assert.DoesNotContain(deals, d => d.PipelineId == catalogue.Id && d.Stage == "development");
        Assert.All(deals, d =>
        {
            var history = steps[d.Id];
            Assert.Equal(StageMove.Opened, history[0].Move);
            Assert.Equal(d.Stage, history[^1].ToStage);
            Assert.Equal(d.Status, history[^1].Status);
            Assert.All(history, s => Assert.True(s.At <= db.Clock.GetUtcNow().UtcDateTime));
            Assert.All(history.Zip(history.Skip(1)), pair => Assert.True(pair.First.At <= pair.Second.At));
            Assert.DoesNotContain(history, s => s.PipelineId == catalogue.Id && s.ToStage == "development");
        });
        Assert.All(deals.Where(d => d.Status == OpportunityStatus.Lost), d => Assert.NotNull(d.WinningCompetitorId));
        Assert.All(deals.Where(d => d.Status is OpportunityStatus.Lost or OpportunityStatus.Dropped), d => Assert.NotNull(d.CloseReason));
        Assert.All(deals.Where(d => d.Status == OpportunityStatus.Won), d => Assert.Equal("testing", d.Stage));
        Assert.Contains(steps.Values.SelectMany(s => s), s => s.Move == StageMove.Overridden && s.Reason is not null);
        Assert.Contains(deals, d => d.Probability is not null && d.ProbabilityReason is not null);
        Assert.Contains(deals, d => d.ForecastCategory == ForecastCategory.Commit);
        var rated = await db.ExchangeRates.Select(r => r.Currency).ToListAsync();
        Assert.All(deals.Where(d => d.Currency is not null && d.Currency != "KRW"), d => Assert.Contains(d.Currency!.Trim(), rated));
    }

    [Fact]
    public async Task SecondLoad_CreatesNothing_AndReissuesOnlyPasswordsNotYetChanged()
    {
        // A server of its own: the subject is loading a second time, after a password change.
        await using var app = await TestApp.StartAsync(provider);
        await using (var first = app.OpenDb())
        {
            await new DemoData(first).LoadAsync(Ct);
            // The viewer has signed in and chosen a password of their own.
            var viewer = await first.Users.SingleAsync(u => u.UserName == "viewer");
            viewer.SetPassword(Passwords.Hash("Chosen-by-viewer-1"), oneTime: false);
            await first.SaveChangesAsync(Ct);
        }
        var before = await CountAllAsync(app);
        await using var db = app.OpenDb();
        var hashes = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.UserName, u => u.PasswordHash);

        var logins = await new DemoData(db).LoadAsync(Ct);

        Assert.NotNull(logins);
        Assert.Equal(before, await CountAllAsync(app));
        Assert.Null(Assert.Single(logins, l => l.UserName == "viewer").OneTimePassword);
        var after = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.UserName);
        Assert.Equal(hashes["viewer"], after["viewer"].PasswordHash);
        Assert.All(logins.Where(l => l.UserName != "viewer"), login =>
        {
            Assert.NotNull(login.OneTimePassword);
            Assert.NotEqual(hashes[login.UserName], after[login.UserName].PasswordHash);
            Assert.True(after[login.UserName].MustChangePassword);
        });
        var rep = Assert.Single(logins, l => l.UserName == "rep");
        Assert.True(Passwords.Verify(rep.OneTimePassword!, after["rep"].PasswordHash, out _));
    }

    [Fact]
    public async Task Rep_SeesOnlyTheirAccounts_AndWhatHangsOnThem()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var system = app.OpenDb();
        var users = await system.Users.ToDictionaryAsync(u => u.UserName);

        await using var asAdmin = ViewAs(app, users["admin"]);
        await using var asRep = ViewAs(app, users["rep"]);
        var all = await asAdmin.Accounts.CountAsync();
        var repsAccounts = await asRep.Accounts.Select(a => a.Id).ToListAsync();

        Assert.Equal(await system.Accounts.CountAsync(), all);
        Assert.NotEmpty(repsAccounts);
        Assert.True(repsAccounts.Count < all, $"rep sees {repsAccounts.Count} of {all} accounts");
        Assert.All(await asRep.Opportunities.Select(o => o.AccountId).ToListAsync(), id => Assert.Contains(id, repsAccounts));
        Assert.True(await asRep.Contacts.CountAsync() < await asAdmin.Contacts.CountAsync());
    }

    private static BridgeheadDb ViewAs(TestApp app, User user) =>
        new(Database.Options(app.ConnectionString)) { Viewer = new Viewer(user.Id, user.Role, user.TeamId, user.UserName) };

    private static async Task<(int, int, int, int, int, int, int)> CountAllAsync(TestApp app)
    {
        await using var db = app.OpenDb();
        return (
            await db.Users.CountAsync(),
            await db.Teams.CountAsync(),
            await db.Accounts.CountAsync(),
            await db.Contacts.CountAsync(),
            await db.Opportunities.CountAsync(),
            await db.Activities.CountAsync(),
            await db.Tasks.CountAsync());
    }
}
