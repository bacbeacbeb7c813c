using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Reports;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Reports.PipelineSeed;

namespace Bridgehead.Tests.Reports;

public sealed class ReportCacheTests_Sqlite() : ReportCacheTests(Provider.Sqlite);

public sealed class ReportCacheTests_Postgres() : ReportCacheTests(Provider.Postgres);

/// <summary>
/// The report cache (PostgreSQL; SQLite computes every time): a repeated report costs one version
/// query, a write changes the next answer, callers and cultures never share an answer, and
/// identical requests at once compute once. The data version is the cluster's, so on PostgreSQL
/// these tests run on a server and cluster of their own: on the shared cluster the other test
/// classes' writes moved the version between two requests (a CI run missed five times in a row).
/// The cost assertions still retry a few times, in case a write of this class's own set-up lands
/// late.
/// </summary>
public abstract class ReportCacheTests(Provider provider) : AppTests(provider)
{
    private static readonly Lazy<Task<TestApp>> OwnPostgres = new(async () =>
    {
        var app = await TestApp.StartAsync(Provider.Postgres, postgres: await PostgresServer.StartOwnAsync());
        Cleanup.AtExit(() => app.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return app;
    });

    protected override async Task<(TestApp? App, string? SkipReason)> StartAppAsync()
    {
        if (Provider != Provider.Postgres)
        {
            return await base.StartAppAsync();
        }
        if ((await PostgresServer.InstanceAsync()).SkipReason is { } reason)
        {
            return (null, reason);
        }
        return (await OwnPostgres.Value, null);
    }

    private const string VersionQuery = "pg_current_snapshot";

    private const int Attempts = 5;

    private static string Opened(JsonNode funnel) => funnel["note"]!.GetValue<string>();

    /// <summary>A rep of a team of their own with an account and <paramref name="deals"/> pursuits opened today through the API.</summary>
    private async Task<(TestUser User, long AccountId)> RepWithDealsAsync(int deals)
    {
        var user = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var client = App.Client(user);
        var account = (await client.NewAccountAsync()).Id();
        for (var i = 0; i < deals; i++)
        {
            await client.NewOpportunityAsync(account);
        }
        return (user, account);
    }

    [Fact]
    public async Task SecondIdenticalRun_CostsOnlyTheVersionQuery()
    {
        var (me, _) = await RepWithDealsAsync(2);
        using var rep = App.Client(me);
        using var sql = SqlCommands.For(App, me);
        var first = await rep.GetJsonAsync("/api/v1/reports/funnel");
        var cold = sql.Commands.Count;
        Assert.True(cold > 1, string.Join("\n", sql.Commands));

        IReadOnlyList<string> second = [];
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            sql.Clear();
            var again = await rep.GetJsonAsync("/api/v1/reports/funnel");
            second = sql.Commands;
            Assert.Equal(first.ToJsonString(), again.ToJsonString());
            if (Provider == Provider.Sqlite || second.Count == 1)
            {
                break;
            }
        }
        if (Provider == Provider.Postgres)
        {
            Assert.True(second.Count == 1 && second[0].Contains(VersionQuery, StringComparison.Ordinal), string.Join("\n---\n", second));
        }
        else
        {
            // No cache on SQLite: the same work again.
            Assert.Equal(cold, second.Count);
        }
    }

    [Fact]
    public async Task AWriteThroughTheApi_ChangesTheNextAnswer()
    {
        var (me, account) = await RepWithDealsAsync(2);
        using var rep = App.Client(me);
        var before = await rep.GetJsonAsync("/api/v1/reports/funnel");
        Assert.Equal(before.ToJsonString(), (await rep.GetJsonAsync("/api/v1/reports/funnel")).ToJsonString());
        Assert.StartsWith("2 opportunities opened", Opened(before));

        await rep.NewOpportunityAsync(account);

        var after = await rep.GetJsonAsync("/api/v1/reports/funnel");
        Assert.StartsWith("3 opportunities opened", Opened(after));
        var csv = await (await rep.GetAsync("/api/v1/reports/funnel?format=csv")).Content.ReadAsStringAsync();
        Assert.Contains("Prospecting,3,", csv);
    }

    [Fact]
    public async Task TwoRepsAskingTheSameReport_NeverShareAnAnswer()
    {
        using var a = App.Client((await RepWithDealsAsync(2)).User);
        using var b = App.Client((await RepWithDealsAsync(1)).User);

        var first = await a.GetJsonAsync("/api/v1/reports/funnel");
        var other = await b.GetJsonAsync("/api/v1/reports/funnel");
        var againA = await a.GetJsonAsync("/api/v1/reports/funnel");
        var againB = await b.GetJsonAsync("/api/v1/reports/funnel");

        Assert.StartsWith("2 opportunities opened", Opened(first));
        Assert.StartsWith("1 opportunities opened", Opened(other));
        Assert.StartsWith("2 opportunities opened", Opened(againA));
        Assert.StartsWith("1 opportunities opened", Opened(againB));
    }

    [Fact]
    public async Task TheCallersLanguage_DoesNotLeakIntoAnotherLanguagesAnswer()
    {
        var (me, _) = await RepWithDealsAsync(1);
        using var en = App.Client(me);
        using var ko = App.Client(me, "ko");

        static string Label(JsonNode report) => report["columns"]!.AsArray().Single(c => c!["key"]!.GetValue<string>() == "stage")!["label"]!.GetValue<string>();
        var english = await en.GetJsonAsync("/api/v1/reports/funnel");
        var korean = await ko.GetJsonAsync("/api/v1/reports/funnel");
        var englishAgain = await en.GetJsonAsync("/api/v1/reports/funnel");
        var koreanAgain = await ko.GetJsonAsync("/api/v1/reports/funnel");

        Assert.Equal("Stage", Label(english));
        Assert.NotEqual(Label(english), Label(korean));
        Assert.Matches("[가-힣]", Label(korean));
        Assert.Equal(english.ToJsonString(), englishAgain.ToJsonString());
        Assert.Equal(korean.ToJsonString(), koreanAgain.ToJsonString());
        var koCsv = await (await ko.GetAsync("/api/v1/reports/funnel?format=csv")).Content.ReadAsStringAsync();
        Assert.Contains(Label(korean), koCsv);
    }

    [Fact]
    public async Task IdenticalRequestsAtOnce_ComputeOnce()
    {
        var (me, account) = await RepWithDealsAsync(2);
        using var rep = App.Client(me);
        using var sql = SqlCommands.For(App, me);
        await rep.GetJsonAsync("/api/v1/reports/funnel");
        var cold = sql.Commands.Count;
        const int Clients = 8;

        var total = 0;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            // A write first, so that the eight find nothing kept.
            await rep.NewOpportunityAsync(account);
            sql.Clear();
            var answers = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => rep.GetJsonAsync("/api/v1/reports/funnel")));
            Assert.All(answers, a => Assert.Equal(answers[0].ToJsonString(), a.ToJsonString()));
            total = sql.Commands.Count;
            if (Provider == Provider.Sqlite || total == cold + Clients - 1)
            {
                break;
            }
        }
        // PostgreSQL: one computation and seven version queries; SQLite: eight computations.
        Assert.Equal(Provider == Provider.Postgres ? cold + Clients - 1 : Clients * cold, total);
    }

    private sealed class At(DateTime instant) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(instant, TimeSpan.Zero);
    }

    [Fact]
    public async Task Velocity_WhileTheDataStays_ItsStalledCountFollowsTheClock_AsAFreshRunWould()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        var account = (await rep.NewAccountAsync()).Id();
        var standard = await App.DefaultPipelineIdAsync();
        int limit;
        await using (var system = App.OpenDb())
        {
            limit = (await system.PipelineStages.SingleAsync(s => s.PipelineId == standard && s.Key == "prospecting")).StalledAfterDays!.Value;
        }
        var read = Utc(2026, 3, 10, 9);
        var full = TimeSpan.FromDays(limit + 1);
        // Stalls an hour after the read, two days after it, and `limit` days after it; one stalled already.
        foreach (var entered in new[] { read - full + TimeSpan.FromHours(1), read - full + TimeSpan.FromDays(2), read - TimeSpan.FromDays(1), read - full - TimeSpan.FromDays(3) })
        {
            await App.DealAsync(account, me.Id, standard, [new(StageMove.Opened, "prospecting", entered)], o => o.StageEnteredAt = entered);
        }
        await using var db = App.OpenDb(new Viewer(me.Id, Role.Rep, me.TeamId, "rep"));
        var report = new VelocityReport(db);
        var filter = new ReportFilter(new DateOnly(2025, 6, 1), new DateOnly(2026, 3, 10), null, null, null, null, null);
        static string Rows(ReportResult r) => JsonSerializer.Serialize(r.Rows);

        db.Clock = new At(read);
        var first = await report.RunAsync(filter, CancellationToken.None);
        Assert.Equal(1, (int)first.Rows.Single(r => (string)r[0]! == "prospecting")[6]!);
        Assert.Equal(read + TimeSpan.FromHours(1), first.ValidUntil);

        foreach (var later in new[] { read + TimeSpan.FromMinutes(59), read + TimeSpan.FromHours(1), read + TimeSpan.FromDays(1), read + TimeSpan.FromDays(2), read + TimeSpan.FromDays(limit + 1) })
        {
            db.Clock = new At(later);
            var fresh = await report.RunAsync(filter, CancellationToken.None);
            var worked = first.Later!(later);
            Assert.Equal(Rows(fresh), Rows(worked));
            Assert.Equal(fresh.ValidUntil, worked.ValidUntil);
        }
        Assert.Equal(4, (int)first.Later!(read + TimeSpan.FromDays(limit)).Rows.Single(r => (string)r[0]! == "prospecting")[6]!);
    }

    [Fact]
    public async Task AKeptAnswerPastItsValidUntil_IsWorkedForward_NotRecomputed()
    {
        using var cache = new ReportCache(TimeSpan.FromMinutes(5), 1000);
        var now = Utc(2026, 3, 10, 9);
        var key = new ReportCache.Key("velocity", new ReportFilter(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 10), null, null, null, null, null),
            new Viewer(1, Role.Rep, null, "rep"), "en", "en", new DateOnly(2026, 3, 10), "s1:1:");
        var computed = 0;
        ReportResult Answer(DateTime at) => new([], [[at.ToString("O", CultureInfo.InvariantCulture)]], null, null)
        {
            ValidUntil = at.Date.AddDays(1),
            Later = Answer,
        };
        Task<ReportCache.Entry> Compute()
        {
            computed++;
            return Task.FromResult(new ReportCache.Entry(key.Filter, Answer(now)));
        }

        var first = await cache.GetOrComputeAsync(key, now, Compute, CancellationToken.None);
        var sameDay = await cache.GetOrComputeAsync(key, now.AddHours(3), Compute, CancellationToken.None);
        var nextDay = await cache.GetOrComputeAsync(key, now.AddDays(1), Compute, CancellationToken.None);

        Assert.Equal(1, computed);
        Assert.Same(first, sameDay);
        Assert.Equal(now.AddDays(1).ToString("O", CultureInfo.InvariantCulture), nextDay.Result.Rows[0][0]);
    }
}
