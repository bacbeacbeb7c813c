using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridgehead.Accounts;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Scale;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Scale;

public sealed class ScaleSeedTests_Sqlite() : ScaleSeedTests(Provider.Sqlite);

public sealed class ScaleSeedTests_Postgres() : ScaleSeedTests(Provider.Postgres);

/// <summary>
/// <c>bridgehead seed --scale N --seed S</c> as an operator runs it (real process), each into a fresh
/// database of its own: proportions, determinism, refusals, and the seeded book working through the product.
/// </summary>
public abstract class ScaleSeedTests(Provider provider)
{
    private const int N = 400;

    /// <summary>One seeded database per provider and seed, shared by the tests that only read it.</summary>
    private static readonly ConcurrentDictionary<(Provider, int), Lazy<Task<Seeded>>> Books = new();

    private sealed record Seeded(Dictionary<string, string> Env, string ConnectionString, Infrastructure.Cli.Run Run);

    private async Task<(Dictionary<string, string> Env, string ConnectionString)> FreshDatabaseAsync()
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-scale-").FullName;
        var env = new Dictionary<string, string> { ["BRIDGEHEAD_DATA"] = folder };
        if (provider == Provider.Postgres)
        {
            var server = await PostgresServer.InstanceAsync();
            if (server.SkipReason is { } reason)
            {
                Assert.Skip(reason);
            }
            var cs = server.ConnectionString(server.NewDatabaseName());
            env["BRIDGEHEAD_DATABASE"] = cs;
            return (env, cs);
        }
        return (env, Database.DefaultSqlite(folder));
    }

    private async Task<Seeded> SeedAsync(int seed, int n = N)
    {
        var (env, cs) = await FreshDatabaseAsync();
        var run = await Infrastructure.Cli.RunAsync(env, null, "seed", "--scale", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(run.ExitCode == 0, run.Error);
        return new Seeded(env, cs, run);
    }

    private Task<Seeded> BookAsync(int seed) => Books.GetOrAdd((provider, seed), _ => new Lazy<Task<Seeded>>(() => SeedAsync(seed))).Value;

    private static BridgeheadDb Open(string cs, Viewer? viewer = null) => new(Database.Options(cs)) { Viewer = viewer ?? Viewer.System };

    [Fact]
    public async Task Seed_WritesEveryKind_InTheStatedProportions()
    {
        var book = await BookAsync(7);
        Assert.Contains("opportunities", book.Run.Error);
        Assert.Contains("activities", book.Run.Error);
        Assert.Contains("scale-rep-001", book.Run.Out);
        await using var db = Open(book.ConnectionString);
        Assert.Equal(N, await db.Opportunities.CountAsync());
        Assert.Equal(N / 5, await db.Accounts.CountAsync());
        Assert.Equal(5 * N, await db.Activities.CountAsync());
        Assert.InRange(await db.Contacts.CountAsync(), N * 0.7, N * 1.3);
        Assert.InRange(await db.Quotes.CountAsync(), N / 10, N / 3);
        Assert.Equal(N / 10, await db.Orders.CountAsync());
        Assert.Equal(N / 100, await db.Incidents.CountAsync());
        Assert.Equal(N / 5, await db.Tasks.CountAsync());
        Assert.InRange(await db.Products.CountAsync(), 200, 500);
        Assert.True(await db.ExchangeRates.AnyAsync(r => r.Currency == "USD") && await db.ExchangeRates.AnyAsync(r => r.Currency == "EUR"));

        // Users: 10 reps in 2 teams of up to 8, a manager each, one of each other role; the manager manages the team.
        var users = await db.Users.Where(u => u.UserName.StartsWith("scale-")).ToListAsync();
        Assert.Equal(10, users.Count(u => u.Role == Role.Rep));
        Assert.Equal(["scale-manager-01", "scale-manager-02"], users.Where(u => u.Role == Role.Manager).Select(u => u.UserName).Order());
        Assert.Contains(users, u => u.UserName == "scale-admin" && u.Role == Role.Admin);
        Assert.Contains(users, u => u.UserName == "scale-quality" && u.Role == Role.Quality);
        Assert.Contains(users, u => u.UserName == "scale-product" && u.Role == Role.Product);
        Assert.Contains(users, u => u.UserName == "scale-viewer" && u.Role == Role.Viewer);
        var manager = users.Single(u => u.UserName == "scale-manager-01");
        Assert.Equal(manager.Id, (await db.Teams.SingleAsync(t => t.Id == manager.TeamId)).ManagerId);

        // About one in five accounts a customer; about 70% of pursuits open, the rest closed with a date.
        var customers = await db.Accounts.CountAsync(a => a.Status == AccountStatus.Customer);
        Assert.InRange(customers, N / 5 * 0.1, N / 5 * 0.35);
        var open = await db.Opportunities.CountAsync(o => o.Status == OpportunityStatus.Open);
        Assert.InRange(open, N * 0.6, N * 0.8);
        Assert.False(await db.Opportunities.AnyAsync(o => o.Status != OpportunityStatus.Open && (o.ClosedAt == null || o.ClosedAt > ScaleData.Anchor)));
        Assert.False(await db.Opportunities.AnyAsync(o => o.Status == OpportunityStatus.Won && o.Account!.Status != AccountStatus.Customer));
        Assert.True(await db.Opportunities.Select(o => o.Currency).Distinct().CountAsync() >= 2);
        // Skewed: the biggest account has many more pursuits than the typical one.
        var perAccount = await db.Opportunities.GroupBy(o => o.AccountId).Select(g => g.Count()).ToListAsync();
        Assert.True(perAccount.Max() >= 10, $"largest account has {perAccount.Max()}");
        Assert.True(perAccount.Count(c => c <= 2) > perAccount.Count / 3);

        // Stage history: opened at the first stage, one step per stage after, closed ones end in their outcome.
        var histories = (await db.StageChanges.OrderBy(c => c.Id).ToListAsync()).GroupBy(c => c.OpportunityId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var o in await db.Opportunities.ToListAsync())
        {
            var h = histories[o.Id];
            Assert.Equal(StageMove.Opened, h[0].Move);
            Assert.Equal("prospecting", h[0].ToStage);
            Assert.Equal(o.CreatedAt, h[0].At);
            var last = h[^1];
            Assert.Equal(o.Stage, last.ToStage);
            Assert.Equal(o.Status, last.Status);
            Assert.Equal(o.Status switch
            {
                OpportunityStatus.Won => StageMove.Won,
                OpportunityStatus.Lost => StageMove.Lost,
                OpportunityStatus.Dropped => StageMove.Dropped,
                OpportunityStatus.Open => last.Move,
                _ => throw new ArgumentOutOfRangeException(nameof(o)),
            }, last.Move);
            if (o.Status == OpportunityStatus.Won)
            {
                Assert.Equal("testing", o.Stage);
            }
            Assert.True(h.Zip(h.Skip(1)).All(p => p.First.At <= p.Second.At));
            Assert.Equal(1, o.Version);
        }

        // Quotes total their lines; order lines' deliveries add up; every delivery belongs to its line's order.
        foreach (var q in await db.Quotes.Include(x => x.Lines).ToListAsync())
        {
            Assert.NotEmpty(q.Lines);
            Assert.Equal(q.Lines.Sum(l => l.LineTotal), q.Total);
            Assert.True(await db.Opportunities.AnyAsync(o => o.Id == q.OpportunityId && o.AccountId == q.AccountId));
        }
        var lines = await db.OrderLines.ToListAsync();
        var deliveries = await db.Deliveries.ToListAsync();
        Assert.NotEmpty(deliveries);
        foreach (var line in lines)
        {
            var mine = deliveries.Where(d => d.OrderLineId == line.Id).ToList();
            Assert.Equal(mine.Sum(d => d.Quantity), line.DeliveredQuantity);
            Assert.All(mine, d => Assert.Equal(line.OrderId, d.OrderId));
        }
        Assert.All(await db.Orders.Include(o => o.Lines).ToListAsync(), o => Assert.NotEmpty(o.Lines));
    }

    [Fact]
    public async Task SameScaleAndSeed_GiveTheSameData_AnotherSeedOtherData()
    {
        var first = await BookAsync(7);
        var again = await SeedAsync(7);
        var other = await BookAsync(8);
        var a = await DigestAsync(first.ConnectionString);
        var b = await DigestAsync(again.ConnectionString);
        var c = await DigestAsync(other.ConnectionString);
        foreach (var table in a.Keys)
        {
            Assert.True(a[table] == b[table], table + " differs between two seeds of the same N and S");
        }
        Assert.NotEqual(a["opportunities"], c["opportunities"]);
        Assert.NotEqual(a["accounts"], c["accounts"]);
    }

    /// <summary>A digest per table of what a person reads: names, values, dates (password hashes left out: each run draws its own).</summary>
    private static async Task<Dictionary<string, string>> DigestAsync(string cs)
    {
        await using var db = Open(cs);
        static string Hash<T>(IEnumerable<T> rows) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(rows))));
        return new Dictionary<string, string>
        {
            ["users"] = Hash(await db.Users.OrderBy(u => u.Id).Select(u => new { u.Id, u.UserName, u.DisplayName, u.Role, u.TeamId, u.SecurityStamp }).ToListAsync()),
            ["accounts"] = Hash(await db.Accounts.OrderBy(x => x.Id).Select(x => new { x.Id, x.Name, x.Status, x.Type, x.Industry, x.Country, x.City, x.Employees, x.Tier, x.OwnerId, x.CreatedAt, x.UpdatedAt }).ToListAsync()),
            ["account_team_members"] = Hash(await db.AccountTeamMembers.OrderBy(x => x.AccountId).ThenBy(x => x.UserId).Select(x => new { x.AccountId, x.UserId }).ToListAsync()),
            ["contacts"] = Hash(await db.Contacts.OrderBy(x => x.Id).Select(x => new { x.Id, x.AccountId, x.Name, x.Title, x.Email, x.Phone, x.BuyingRole, x.CreatedAt }).ToListAsync()),
            ["opportunities"] = Hash(await db.Opportunities.OrderBy(x => x.Id).Select(x => new { x.Id, x.AccountId, x.Title, x.Stage, x.Status, x.EstimatedAnnualValue, x.Currency, x.StageEnteredAt, x.ClosedAt, x.CloseReason, x.ExpectedCloseDate, x.OwnerId, x.CreatedAt, x.UpdatedAt }).ToListAsync()),
            ["stage_changes"] = Hash(await db.StageChanges.OrderBy(x => x.Id).Select(x => new { x.Id, x.OpportunityId, x.Move, x.FromStage, x.ToStage, x.At, x.ChangedById }).ToListAsync()),
            ["activities"] = Hash(await db.Activities.OrderBy(x => x.Id).Select(x => new { x.Id, x.AccountId, x.ContactId, x.OpportunityId, x.Kind, x.Subject, x.OccurredAt, x.AuthorId }).ToListAsync()),
            ["tasks"] = Hash(await db.Tasks.OrderBy(x => x.Id).Select(x => new { x.Id, x.Title, x.DueOn, x.AssigneeId, x.OpportunityId, x.CompletedAt }).ToListAsync()),
            ["products"] = Hash(await db.Products.OrderBy(x => x.Id).Select(x => new { x.Id, x.Sku, x.Name, x.ListPrice, x.UnitCost }).ToListAsync()),
            ["quotes"] = Hash(await db.Quotes.OrderBy(x => x.Id).Select(x => new { x.Id, x.OpportunityId, x.Status, x.Currency, x.Total, x.Margin, x.CreatedAt }).ToListAsync()),
            ["quote_lines"] = Hash(await db.QuoteLines.OrderBy(x => x.Id).Select(x => new { x.Id, x.QuoteId, x.ProductId, x.Quantity, x.UnitPrice, x.LineTotal }).ToListAsync()),
            ["orders"] = Hash(await db.Orders.OrderBy(x => x.Id).Select(x => new { x.Id, x.AccountId, x.Status, x.OrderedOn, x.CustomerReference }).ToListAsync()),
            ["order_lines"] = Hash(await db.OrderLines.OrderBy(x => x.Id).Select(x => new { x.Id, x.OrderId, x.ProductId, x.Quantity, x.UnitPrice, x.PromisedDate, x.DeliveredOn }).ToListAsync()),
            ["deliveries"] = Hash(await db.Deliveries.OrderBy(x => x.Id).Select(x => new { x.Id, x.OrderLineId, x.Quantity, x.DeliveredOn }).ToListAsync()),
            ["incidents"] = Hash(await db.Incidents.OrderBy(x => x.Id).Select(x => new { x.Id, x.AccountId, x.OrderId, x.Title, x.Status, x.OpenedAt, x.ClosedAt }).ToListAsync()),
        };
    }

    [Fact]
    public async Task SeededBook_WorksThroughTheProduct_ForEachRole()
    {
        var book = await BookAsync(7);
        await using var app = await TestApp.StartAsync(provider, connectionString: book.ConnectionString);
        await using var db = Open(book.ConnectionString);
        async Task<TestUser> As(string name)
        {
            var user = await db.Users.SingleAsync(u => u.UserName == name);
            var token = await new IssueToken(db).HandleAsync(user.Id, "test", null, CancellationToken.None);
            return new TestUser(user.Id, user.UserName, user.Role, user.TeamId, token.Token);
        }

        // A rep sees the pursuits of the accounts they own or are on the team of, and only those.
        var rep = await As("scale-rep-001");
        var visibleAccounts = await db.Accounts.Where(a => a.OwnerId == rep.Id || a.TeamMembers.Any(m => m.UserId == rep.Id)).Select(a => a.Id).ToListAsync();
        var visible = (await db.Opportunities.Where(o => visibleAccounts.Contains(o.AccountId)).Select(o => o.Id).ToListAsync()).ToHashSet();
        Assert.NotEmpty(visible);
        var repClient = app.Client(rep);
        var seen = new HashSet<long>();
        string? cursor = null;
        do
        {
            var page = await repClient.GetJsonAsync("/api/v1/opportunities?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            foreach (var item in page["items"]!.AsArray())
            {
                seen.Add((long)item!["id"]!);
            }
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);
        Assert.Equal(visible.Order(), seen.Order());

        // Gate check and stage history of one of theirs; another rep's pursuit is not there for them.
        var mine = await db.Opportunities.Where(o => visible.Contains(o.Id) && o.Status == OpportunityStatus.Open).OrderBy(o => o.Id).FirstAsync();
        await repClient.GetJsonAsync($"/api/v1/opportunities/{mine.Id}/gate");
        var history = await repClient.GetJsonAsync($"/api/v1/opportunities/{mine.Id}/stage-history");
        Assert.NotNull(history);
        var notMine = await db.Opportunities.Where(o => !visibleAccounts.Contains(o.AccountId)).Select(o => o.Id).FirstAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await repClient.GetAsync($"/api/v1/opportunities/{notMine}")).StatusCode);

        // Search finds the rep's own account by its name.
        var account = await db.Accounts.Where(a => a.OwnerId == rep.Id).OrderBy(a => a.Id).FirstAsync();
        var found = await repClient.GetJsonAsync("/api/v1/search?q=" + Uri.EscapeDataString(account.Name));
        Assert.Contains(found["accounts"]!.AsArray(), h => (long)h!["id"]! == account.Id);

        // The board page, signed in as the rep, shows their open pursuits.
        var signInUser = await db.Users.SingleAsync(u => u.Id == rep.Id);
        signInUser.SetPassword(Passwords.Hash(TestUser.Password), oneTime: false);
        await db.SaveChangesAsync();
        using var browser = await app.SignInAsync(rep);
        var (status, html) = await browser.GetAsync("/board");
        Assert.Equal(HttpStatusCode.OK, status);
        var openTitles = await db.Opportunities.Where(o => visible.Contains(o.Id) && o.Status == OpportunityStatus.Open).Select(o => o.Title).ToListAsync();
        Assert.Contains(openTitles, t => html.Contains(t, StringComparison.Ordinal));

        // Every report runs for a manager (their team) and the admin (everyone), with rows from the seeded book.
        foreach (var who in new[] { "scale-manager-01", "scale-admin" })
        {
            var client = app.Client(await As(who));
            var reports = (await client.GetJsonAsync("/api/v1/reports"))["items"]!.AsArray().Select(r => (string)r!["name"]!).ToList();
            Assert.NotEmpty(reports);
            var withRows = 0;
            foreach (var name in reports)
            {
                var report = await client.GetJsonAsync($"/api/v1/reports/{name}?from=2024-11-01&to=2026-11-01");
                withRows += report["rows"]!.AsArray().Count > 0 ? 1 : 0;
            }
            Assert.True(withRows >= reports.Count / 2, $"{who}: {withRows} of {reports.Count} reports have rows");
        }

        // Quality reads no sales records; the viewer reads but may not write.
        var quality = app.Client(await As("scale-quality"));
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync("/api/v1/opportunities")).StatusCode);
        var viewer = app.Client(await As("scale-viewer"));
        await viewer.GetJsonAsync("/api/v1/opportunities");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/accounts", new { name = "Viewer's own" })).StatusCode);
    }

    [Fact]
    public async Task Seed_RefusesANonEmptyDatabase_AndBadArguments()
    {
        var book = await BookAsync(7);
        var again = await Infrastructure.Cli.RunAsync(book.Env, null, "seed", "--scale", "10");
        Assert.Equal(1, again.ExitCode);
        Assert.Single(again.ErrorLines);
        Assert.Contains("already holds accounts or opportunities", again.Error);

        var (env, cs) = await FreshDatabaseAsync();
        foreach (var args in new[] { new[] { "seed", "--scale", "0" }, ["seed", "--scale", "10000001"], ["seed", "--scale", "-5"], ["seed", "--scale", "ten"] })
        {
            var run = await Infrastructure.Cli.RunAsync(env, null, args);
            Assert.Equal(2, run.ExitCode);
            Assert.Single(run.ErrorLines);
        }
        Assert.Contains("from 1 to 10000000", (await Infrastructure.Cli.RunAsync(env, null, "seed", "--scale", "0")).Error);
        var both = await Infrastructure.Cli.RunAsync(env, null, "seed", "--scale", "10", "--demo");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--demo or --scale, not both", both.Error);
        var seedAlone = await Infrastructure.Cli.RunAsync(env, null, "seed", "--seed", "3");
        Assert.Equal(2, seedAlone.ExitCode);
        Assert.Single(seedAlone.ErrorLines);

        // A refused run writes nothing.
        if (provider == Provider.Sqlite)
        {
            Assert.False(File.Exists(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).DataSource));
        }
    }

    [Fact]
    public async Task Seed_Help_ListsScaleAndSeed()
    {
        var (env, _) = await FreshDatabaseAsync();
        var help = await Infrastructure.Cli.RunAsync(env, null, "seed", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--scale", help.Out);
        Assert.Contains("--seed", help.Out);
        Assert.Contains("--demo", help.Out);
    }
}
