using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Quotes.QuoteSetup;

namespace Bridgehead.Tests.Cli;

public sealed class BackupRestoreTests_Sqlite() : BackupRestoreTests(Provider.Sqlite);

public sealed class BackupRestoreTests_Postgres() : BackupRestoreTests(Provider.Postgres);

/// <summary>
/// `bridgehead backup` and `bridgehead restore` as an operator runs them (real processes): a backup
/// taken while the server runs brings back exactly the backed-up state, and every refusal changes nothing.
/// </summary>
public abstract class BackupRestoreTests(Provider provider)
{
    private static readonly JsonSerializerOptions Deep = new() { ReferenceHandler = ReferenceHandler.IgnoreCycles };

    [Fact]
    public async Task RoundTrip_BringsBackTheBackedUpState_AndItsUsersSignIn()
    {
        await using var app = await TestApp.StartAsync(provider);
        var rep = await app.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var client = app.Client(rep);
        var (accountId, opportunityId) = await client.NewPursuitAsync();
        var (_, otherOpportunityId) = await client.NewPursuitAsync();
        var product = await app.NewQuoteProductAsync(1000m, 1500m);
        var quoteId = (await client.NewQuoteAsync(opportunityId, [Line(product, 10m), Line(product, 2m, 1400m)])).Id();
        var counts = await CountsAsync(app.ConnectionString);
        var records = await RecordsAsync(app.ConnectionString, accountId, opportunityId, quoteId, rep.Id);
        var heads = await BoardHeadsAsync(app.ConnectionString);

        var folder = Directory.CreateTempSubdirectory("bridgehead-backup-").FullName;
        var file = Path.Combine(folder, "nightly.backup");
        var backup = await Infrastructure.Cli.RunAsync(Environment(app.ConnectionString, folder), null, "backup", file);
        Assert.True(backup.ExitCode == 0, backup.Error);
        Assert.Contains("Backup of", backup.Out);
        Assert.Equal([file], Directory.GetFiles(folder));

        // After the backup: a new pursuit, a renamed account, a pursuit's value and stage moved, quote lines deleted.
        await client.NewPursuitAsync();
        await using (var db = app.OpenDb())
        {
            await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, "Renamed after the backup"));
            await db.Opportunities.Where(o => o.Id == otherOpportunityId).ExecuteUpdateAsync(s => s.SetProperty(o => o.EstimatedAnnualValue, 987654m));
            await db.QuoteLines.Where(l => l.QuoteId == quoteId).ExecuteDeleteAsync();
        }
        Assert.NotEqual(counts, await CountsAsync(app.ConnectionString));
        Assert.NotEqual(records, await RecordsAsync(app.ConnectionString, accountId, opportunityId, quoteId, rep.Id));

        // Restore into an empty database (another instance's) needs no --force.
        var (emptyConnection, dropEmpty) = await NewDatabaseAsync();
        try
        {
            var intoEmpty = await Infrastructure.Cli.RunAsync(Environment(emptyConnection, folder), null, "restore", file);
            Assert.True(intoEmpty.ExitCode == 0, intoEmpty.Error);
            Assert.Equal(counts, await CountsAsync(emptyConnection));
        }
        finally
        {
            await dropEmpty();
        }

        // Restore over the changed database: refused without --force (nothing changes), then done.
        await app.Web.StopAsync();
        var changed = await CountsAsync(app.ConnectionString);
        var refused = await Infrastructure.Cli.RunAsync(Environment(app.ConnectionString, folder), null, "restore", file);
        Assert.Equal(1, refused.ExitCode);
        Assert.Single(refused.ErrorLines);
        Assert.Contains("--force", refused.Error);
        Assert.Equal(changed, await CountsAsync(app.ConnectionString));

        var restore = await Infrastructure.Cli.RunAsync(Environment(app.ConnectionString, folder), null, "restore", file, "--force");
        Assert.True(restore.ExitCode == 0, restore.Error);
        Assert.Contains("restored from", restore.Out);
        Assert.Equal(counts, await CountsAsync(app.ConnectionString));
        Assert.Equal(records, await RecordsAsync(app.ConnectionString, accountId, opportunityId, quoteId, rep.Id));
        if (provider == Provider.Postgres)
        {
            // The triggers travel in the dump: the kept heads equal a fresh count, and keep counting.
            Assert.Equal(heads, await BoardHeadsAsync(app.ConnectionString));
            Assert.Equal(await FreshHeadsAsync(app.ConnectionString), await BoardHeadsAsync(app.ConnectionString));
            await using (var db = app.OpenDb())
            {
                await db.Opportunities.Where(o => o.Id == otherOpportunityId).ExecuteUpdateAsync(s => s.SetProperty(o => o.EstimatedAnnualValue, 4321m));
            }
            Assert.NotEqual(heads, await BoardHeadsAsync(app.ConnectionString));
            Assert.Equal(await FreshHeadsAsync(app.ConnectionString), await BoardHeadsAsync(app.ConnectionString));
        }

        // A server started on the restored database: the rep signs in, their token and quote are back.
        await using var restarted = await TestApp.StartAsync(provider, connectionString: app.ConnectionString);
        using var browser = await restarted.SignInAsync(rep);
        using var again = restarted.Client(rep);
        var quote = await again.GetJsonAsync(QuotePath(quoteId));
        Assert.Equal(2, quote["lines"]!.AsArray().Count);
    }

    [Fact]
    public async Task Refusals_PrintOneLine_ExitNonZero_AndChangeNothing()
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-backup-").FullName;
        var (connection, drop) = await NewDatabaseAsync();
        try
        {
            var env = Environment(connection, folder);
            Assert.Equal(0, (await Infrastructure.Cli.RunAsync(env, null, "user", "add", "solo", "--role", "admin")).ExitCode);
            // An existing FILE is kept unless --force.
            var file = Path.Combine(folder, "existing.backup");
            await File.WriteAllTextAsync(file, "keep me");
            await ExpectRefusalAsync(env, "exists", "backup", file);
            Assert.Equal("keep me", await File.ReadAllTextAsync(file));
            Assert.Equal(0, (await Infrastructure.Cli.RunAsync(env, null, "backup", file, "--force")).ExitCode);
            Assert.NotEqual("keep me", await File.ReadAllTextAsync(file));
            Assert.Equal([file], Directory.GetFiles(folder));

            // Into a database that holds data, only with --force.
            await ExpectRefusalAsync(env, "--force", "restore", file);

            var garbage = Path.Combine(folder, "garbage.backup");
            await File.WriteAllBytesAsync(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
            var wrongKind = Path.Combine(folder, "other-kind.backup");
            await File.WriteAllBytesAsync(wrongKind, [.. (provider == Provider.Postgres ? "SQLite format 3\0"u8 : "PGDMP"u8), .. new byte[4096]]);
            // The right header, not a database behind it.
            var truncated = Path.Combine(folder, "truncated.backup");
            await File.WriteAllBytesAsync(truncated, [.. (provider == Provider.Postgres ? "PGDMP"u8 : "SQLite format 3\0"u8), .. new byte[4096]]);
            // These only read: run them side by side.
            await Task.WhenAll(
                Help("backup"),
                Help("restore"),
                ExpectRefusalAsync(env, "No such file", "restore", Path.Combine(folder, "missing.backup")),
                ExpectRefusalAsync(env, "not a Bridgehead backup", "restore", garbage, "--force"),
                ExpectRefusalAsync(env, provider == Provider.Postgres ? "is a SQLite backup" : "is a PostgreSQL backup", "restore", wrongKind, "--force"),
                ExpectRefusalAsync(env, "not a Bridgehead backup", "restore", truncated, "--force"));

            async Task Help(string verb)
            {
                var help = await Infrastructure.Cli.RunAsync(env, null, verb, "--help");
                Assert.Equal(0, help.ExitCode);
                Assert.Contains("--force", help.Out);
            }

            await using var db = new BridgeheadDb(Database.Options(connection)) { Viewer = Viewer.System };
            Assert.Equal("solo", (await db.Users.SingleAsync()).UserName);
        }
        finally
        {
            await drop();
        }
    }

    private static async Task ExpectRefusalAsync(Dictionary<string, string> env, string reason, params string[] args)
    {
        var run = await Infrastructure.Cli.RunAsync(env, null, args);
        Assert.True(run.ExitCode == 1, $"{string.Join(' ', args)}: exit {run.ExitCode} {run.Out} {run.Error}");
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("bridgehead: ", run.Error);
        Assert.Contains(reason, run.Error);
    }

    private static Dictionary<string, string> Environment(string connectionString, string folder) =>
        new() { ["BRIDGEHEAD_DATABASE"] = connectionString, ["BRIDGEHEAD_DATA"] = folder };

    /// <summary>A database that does not exist yet, and how to remove it.</summary>
    private async Task<(string ConnectionString, Func<Task> Drop)> NewDatabaseAsync()
    {
        if (provider == Provider.Postgres)
        {
            var server = await PostgresServer.InstanceAsync();
            if (server.SkipReason is { } reason)
            {
                Assert.Skip(reason);
            }
            var name = server.NewDatabaseName();
            return (server.ConnectionString(name), async () =>
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await server.DropDatabaseAsync(name);
            });
        }
        var folder = Directory.CreateTempSubdirectory("bridgehead-restore-").FullName;
        return (Database.DefaultSqlite(folder), () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        });
    }

    /// <summary>Rows per table, every table of the database (migration history and board heads included).</summary>
    private static async Task<string> CountsAsync(string connectionString)
    {
        await using var db = Open(connectionString);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = await ColumnAsync(connection, db.IsSqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
        var counts = new List<string>();
        foreach (var table in tables)
        {
            counts.Add($"{table}={(await ColumnAsync(connection, $"SELECT count(*) FROM \"{table}\""))[0]}");
        }
        return string.Join('\n', counts);
    }

    /// <summary>A few records whole, as JSON: the account, its pursuit, the quote with its lines, the rep.</summary>
    private static async Task<string> RecordsAsync(string connectionString, long accountId, long opportunityId, long quoteId, long userId)
    {
        await using var db = Open(connectionString);
        return JsonSerializer.Serialize(new object[]
        {
            await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == accountId),
            await db.Opportunities.AsNoTracking().SingleAsync(o => o.Id == opportunityId),
            await db.Quotes.AsNoTracking().SingleAsync(q => q.Id == quoteId),
            await db.QuoteLines.AsNoTracking().Where(l => l.QuoteId == quoteId).OrderBy(l => l.Id).ToListAsync(),
            await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId),
        }, Deep);
    }

    private const string HeadColumns = "pipeline_id, stage, currency, owner_id";

    /// <summary>PostgreSQL's kept board heads (the non-zero ones); empty on SQLite.</summary>
    private async Task<string> BoardHeadsAsync(string connectionString) => provider == Provider.Sqlite ? "" : await HeadsAsync(connectionString,
        $"SELECT {HeadColumns}, open_count, value_sum FROM board_heads WHERE open_count <> 0 OR value_sum <> 0 ORDER BY {HeadColumns}");

    private static Task<string> FreshHeadsAsync(string connectionString) => HeadsAsync(connectionString,
        $"SELECT pipeline_id, stage, COALESCE(btrim(currency), ''), owner_id, count(*), COALESCE(sum(estimated_annual_value), 0) FROM opportunities WHERE status = 'Open' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");

    private static async Task<string> HeadsAsync(string connectionString, string sql)
    {
        await using var db = Open(connectionString);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        Assert.NotEmpty(rows);
        return string.Join('\n', rows);
    }

    private static BridgeheadDb Open(string connectionString) => new(Database.Options(connectionString)) { Viewer = Viewer.System };

    private static async Task<List<string>> ColumnAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }
        return values;
    }
}
