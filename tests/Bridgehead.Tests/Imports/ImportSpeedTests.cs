using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridgehead.Accounts;
using Bridgehead.Auditing;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Tests.Imports;

public sealed class ImportSpeedTests_Sqlite() : ImportSpeedTests(Provider.Sqlite);

public sealed class ImportSpeedTests_Postgres() : ImportSpeedTests(Provider.Postgres);

/// <summary>
/// What the fast import path (issue 9: big batches; on PostgreSQL new accounts copied in without the
/// change tracker) must keep: checkpoints and resume with batches past the old size, one external-id
/// query per batch, an audit entry per created account in the Auditor's own shape, and a new parent
/// of the same batch taken by an existing account.
/// </summary>
public abstract partial class ImportSpeedTests(Provider provider) : AppTests(provider)
{
    private const string Header = "externalId,name,type,status,industry,country,city,website,employees,notes";

    private static string Prefix() => "spd-" + Guid.NewGuid().ToString("N")[..10];

    private static string Csv(string header, IEnumerable<string> lines) => header + "\r\n" + string.Join("\r\n", lines) + "\r\n";

    private static IEnumerable<string> Rows(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => $"{prefix}-{i},{prefix} Company {i},customer,prospect,C,KR,City {i % 7},www.{prefix}-{i}.example.com,{i + 1},Row {i}");

    private ImportFolder Folder => App.Web.Services.GetRequiredService<ImportFolder>();

    private ImportRunner Runner(int batch, TimeProvider? clock = null, int? crashAfter = null, Action<ImportJobDto>? progress = null) =>
        new(Database.Options(App.ConnectionString), Folder, clock) { BatchSize = batch, CrashAfterBatches = crashAfter, Progress = progress };

    private async Task<long> PendingJobAsync(TestUser user, string csv, string header = Header)
    {
        await using var db = App.OpenDb(new Viewer(user.Id, user.Role, user.TeamId, user.UserName));
        ImportUpload upload;
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes(csv)))
        {
            upload = await new UploadImportFile(db, Folder).HandleAsync("speed.csv", content, CancellationToken.None);
        }
        var mapping = header.Split(',').ToDictionary(h => h, h => h);
        var job = await new StartImport(db, Folder).CreateAsync(new StartImportInput(ImportEntity.Accounts, upload.StoredFile, upload.FileName, mapping), CancellationToken.None);
        return job.Id;
    }

    private async Task<ImportJob> JobAsync(long id)
    {
        await using var db = App.OpenDb();
        return await db.ImportJobs.AsNoTracking().FirstAsync(j => j.Id == id);
    }

    private async Task<List<Account>> AccountsAsync(string prefix)
    {
        await using var db = App.OpenDb();
        return await db.Accounts.AsNoTracking().Where(a => a.ExternalId!.StartsWith(prefix)).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public void TheDefaultBatch_IsFarBeyondTheOldTwoThousandRows()
    {
        Assert.True(ImportRunner.DefaultBatchSize >= 10_000);
    }

    [Fact]
    public async Task ABatchLargerThanTheOldSize_CheckpointsAndResumesExactly()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var prefix = Prefix();
        var id = await PendingJobAsync(me, Csv(Header, Rows(prefix, 5_000)));
        var seen = new List<int>();

        await Assert.ThrowsAsync<ImportCrashedException>(() => Runner(2_100, crashAfter: 1, progress: j => seen.Add(j.ProcessedRows)).RunAsync(id, CancellationToken.None));
        var crashed = await JobAsync(id);
        Assert.Equal((ImportStatus.Running, 2_100, 2_100), (crashed.Status, crashed.ProcessedRows, crashed.CreatedRows));
        Assert.Equal(2_100, (await AccountsAsync(prefix)).Count);

        // The run died: a later worker takes the job over and goes on after the checkpoint.
        Assert.Equal(ImportStatus.Completed, await Runner(2_100, progress: j => seen.Add(j.ProcessedRows)).RunAsync(id, takeOver: true, CancellationToken.None));

        var done = await JobAsync(id);
        Assert.Equal((5_000, 5_000, 5_000, 0, 0), (done.TotalRows, done.ProcessedRows, done.CreatedRows, done.UpdatedRows, done.ErrorRows));
        Assert.Equal([2_100, 4_200, 5_000], seen);
        var accounts = await AccountsAsync(prefix);
        Assert.Equal(5_000, accounts.Count);
        Assert.Equal(5_000, accounts.Select(a => a.ExternalId).Distinct().Count());
        Assert.Equal(5_000, accounts.Select(a => a.Id).Distinct().Count());
        Assert.All(accounts, a => Assert.Equal((me.Id, 1L), (a.OwnerId, a.Version)));
        var row = accounts.Single(a => a.ExternalId == prefix + "-4321");
        Assert.Equal((prefix + " Company 4321", "KR", "City 2", "https://www." + prefix + "-4321.example.com", 4322, "Row 4321", AccountStatus.Prospect),
            (row.Name, row.Country, row.City, row.Website, row.Employees, row.Notes, row.Status));
        Assert.Equal(Common.Text.SearchKey(row.Name), row.SearchName);
    }

    [Fact]
    public async Task ExternalIds_AreLookedUpInOneQueryPerBatch_NewOrKnown()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var prefix = Prefix();
        var csv = Csv(Header, Rows(prefix, 400));

        using var sql = SqlCommands.For(App, me);
        Assert.Equal(ImportStatus.Completed, await Runner(200).RunAsync(await PendingJobAsync(me, csv), CancellationToken.None));
        var first = sql.Commands.Count(MatchesExternalIds);
        sql.Clear();
        // The same rows again: every external id is known now, still one query per batch finds them.
        var again = await PendingJobAsync(me, csv);
        Assert.Equal(ImportStatus.Completed, await Runner(200).RunAsync(again, CancellationToken.None));
        var second = sql.Commands.Count(MatchesExternalIds);

        Assert.Equal((2, 2), (first, second));
        var job = await JobAsync(again);
        Assert.Equal((0, 0, 400), (job.CreatedRows, job.UpdatedRows, job.UnchangedRows));
        Assert.Equal(400, (await AccountsAsync(prefix)).Count);
    }

    private static bool MatchesExternalIds(string command) =>
        command.Contains("WHERE", StringComparison.Ordinal) && WhereExternalId().IsMatch(command[command.IndexOf("WHERE", StringComparison.Ordinal)..]);

    [GeneratedRegex("external_id", RegexOptions.IgnoreCase)]
    private static partial Regex WhereExternalId();

    [Fact]
    public async Task EachCreatedAccount_GetsOneCreatedAuditEntry_InTheAuditorsShape()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var prefix = Prefix();
        var id = await PendingJobAsync(me, Csv(Header, [
            $"{prefix}-a,{prefix} Ärzte & Söhne <GmbH>,customer,prospect,C,DE,München,www.{prefix}-a.example.com,12,\"Said \"\"hi\"\" 안녕\"",
            $"{prefix}-b,{prefix} Plain,partner,prospect,,,,,,",
        ]));

        Assert.Equal(ImportStatus.Completed, await Runner(100).RunAsync(id, CancellationToken.None));

        var accounts = await AccountsAsync(prefix);
        Assert.Equal(2, accounts.Count);
        await using var db = App.OpenDb();
        var ids = accounts.Select(a => a.Id).ToList();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "account" && ids.Contains(e.EntityId)).ToListAsync();
        Assert.Equal(2, entries.Count);
        foreach (var account in accounts)
        {
            var entry = Assert.Single(entries, e => e.EntityId == account.Id);
            Assert.Equal((AuditAction.Created, account.Id, me.Id), (entry.Action, entry.AccountId, entry.UserId));
            Assert.Equal(Expected(account), entry.Changes);
        }
        Assert.Contains("\\u0026", entries.Single(e => e.EntityId == accounts[0].Id).Changes, StringComparison.Ordinal);
    }

    /// <summary>The changes as the Auditor writes a created account: every business field with a value, in the model's order, serialised by System.Text.Json.</summary>
    private static string Expected(Account a)
    {
        static string? S(object? v) => v switch
        {
            null => null,
            Enum e => JsonNamingPolicy.CamelCase.ConvertName(e.ToString()),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString(),
        };
        var fields = new (string Field, object? Value)[]
        {
            ("city", a.City), ("country", a.Country), ("employees", a.Employees), ("executiveSponsorId", a.ExecutiveSponsorId),
            ("externalId", a.ExternalId), ("fitScore", a.FitScore), ("industry", a.Industry), ("isStrategic", a.IsStrategic),
            ("name", a.Name), ("notes", a.Notes), ("ownerId", a.OwnerId), ("parentId", a.ParentId), ("status", a.Status),
            ("tier", a.Tier), ("type", a.Type), ("website", a.Website),
        };
        var changes = fields.Select(f => (f.Field, Value: S(f.Value))).Where(f => f.Value is { Length: > 0 })
            .Select(f => new AuditChange(f.Field, null, f.Value)).ToList();
        return JsonSerializer.Serialize(changes, CamelCase);
    }

    private static readonly JsonSerializerOptions CamelCase = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    [Fact]
    public async Task ABatchNamingWhatTheBatchBeforeCreated_SeesItCommitted()
    {
        // Batches are applied one ahead of the write (PostgreSQL); a batch that names the accounts of
        // the batch before (as parents, or as its own external ids) must wait for them, not miss them.
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var prefix = Prefix();
        const string header = "externalId,name,parentExternalId";
        var lines = Enumerable.Range(0, 100).Select(i => $"{prefix}-{i},{prefix} Parent {i},")
            .Concat(Enumerable.Range(0, 100).Select(i => $"{prefix}-c{i},{prefix} Child {i},{prefix}-{i}"))
            .Concat(Enumerable.Range(0, 100).Select(i => $"{prefix}-{i},{prefix} Renamed {i},"))
            .Concat(Enumerable.Range(0, 100).Select(i => $"{prefix}-n{i},{prefix} New {i},"));
        var id = await PendingJobAsync(me, Csv(header, lines), header);

        Assert.Equal(ImportStatus.Completed, await Runner(100).RunAsync(id, CancellationToken.None));

        var job = await JobAsync(id);
        Assert.Equal((300, 100, 0, 0), (job.CreatedRows, job.UpdatedRows, job.UnchangedRows, job.ErrorRows));
        var accounts = (await AccountsAsync(prefix)).ToDictionary(a => a.ExternalId!);
        Assert.Equal(300, accounts.Count);
        Assert.All(Enumerable.Range(0, 100), i =>
        {
            Assert.Equal(prefix + " Renamed " + i, accounts[$"{prefix}-{i}"].Name);
            Assert.Equal(accounts[$"{prefix}-{i}"].Id, accounts[$"{prefix}-c{i}"].ParentId);
        });
    }

    [Fact]
    public async Task AnExistingAccount_TakesANewParentOfTheSameBatch_AndCountsAsUpdated()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        var prefix = Prefix();
        var existing = await rep.CreateAsync("/api/v1/accounts", new { name = prefix + " Plant" });
        const string header = "id,externalId,name,parentExternalId";
        var id = await PendingJobAsync(me, Csv(header, [
            $",{prefix}-group,{prefix} Group,",
            $"{existing.Id()},,{prefix} Plant,{prefix}-group",
            $",{prefix}-child,{prefix} Child,{prefix}-group",
        ]), header);

        Assert.Equal(ImportStatus.Completed, await Runner(100).RunAsync(id, CancellationToken.None));

        var job = await JobAsync(id);
        Assert.Equal((2, 1, 0, 0), (job.CreatedRows, job.UpdatedRows, job.UnchangedRows, job.ErrorRows));
        await using var db = App.OpenDb();
        var group = await db.Accounts.AsNoTracking().SingleAsync(a => a.ExternalId == prefix + "-group");
        var plant = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == existing.Id());
        var child = await db.Accounts.AsNoTracking().SingleAsync(a => a.ExternalId == prefix + "-child");
        Assert.Equal((group.Id, group.Id, prefix + " Plant"), (plant.ParentId, child.ParentId, plant.Name));
        var updates = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "account" && e.EntityId == plant.Id && e.Action == AuditAction.Updated).ToListAsync();
        Assert.Contains(updates, e => e.Changes.Contains("parentId", StringComparison.Ordinal));
    }
}
