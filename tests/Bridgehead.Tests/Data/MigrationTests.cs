using Bridgehead.Accounts;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Bridgehead.Tests.Data;

public sealed class MigrationTests_Sqlite() : MigrationTests(Provider.Sqlite);

/// <summary>What only the embedded database needs: write-ahead logging and enforced foreign keys.</summary>
public sealed class SqliteStorageTests() : AppTests(Provider.Sqlite)
{
    [Fact]
    public async Task Sqlite_RunsInWalMode_WithForeignKeysOn()
    {
        await using var db = App.OpenDb();
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal("1", await ScalarAsync(connection, "PRAGMA foreign_keys"));

        // And the database really refuses a dangling reference.
        await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO contacts (account_id, name, search_name, version, created_at, updated_at) VALUES (987654321, 'x', 'x', 1, '2026-01-01', '2026-01-01')"));
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}

public sealed class MigrationTests_Postgres() : MigrationTests(Provider.Postgres);

/// <summary>What only PostgreSQL needs: sessions without JIT compilation (see Database.WithoutJit), a pool below the server's limit (Database.WithPoolCap).</summary>
public sealed class PostgresSessionTests() : AppTests(Provider.Postgres)
{
    [Fact]
    public async Task Sessions_RunWithoutJit_UnlessTheConnectionStringSetsIt()
    {
        await using var db = App.OpenDb();
        Assert.Equal("off", await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync());

        var own = Database.WithoutJit("Host=db;Options=-c jit=on");
        Assert.Equal("Host=db;Options=-c jit=on", own);
        Assert.Contains("-c statement_timeout=5000 -c jit=off", Database.WithoutJit("Host=db;Options=-c statement_timeout=5000"), StringComparison.Ordinal);
    }

    [Fact]
    public void AnInstance_OpensAtMostFiftyConnections_UnlessTheConnectionStringSaysOtherwise()
    {
        Assert.Equal(Database.DefaultMaxPoolSize, new Npgsql.NpgsqlConnectionStringBuilder(Database.WithPoolCap("Host=db;Database=bh")).MaxPoolSize);
        Assert.Equal("Host=db;Maximum Pool Size=120", Database.WithPoolCap("Host=db;Maximum Pool Size=120"));
        Assert.Equal("Host=db;MaxPoolSize=8", Database.WithPoolCap("Host=db;MaxPoolSize=8"));
    }
}

public abstract class MigrationTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Model_HasNoChangesThatNoMigrationCovers()
    {
        await using var db = App.OpenDb();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The EF model differs from the last migration: run scripts/add-migration.sh NAME to add one for both providers.");
    }

    [Fact]
    public async Task SeveralInstancesMigratingAFreshDatabaseAtOnce_AllSucceed()
    {
        var connectionString = await FreshDatabaseAsync();

        var runs = Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = new BridgeheadDb(Database.Options(connectionString)) { Viewer = Viewer.System };
            return await Database.MigrateAsync(db);
        });
        var applied = await Task.WhenAll(runs);

        Assert.Contains(applied, a => a.Count > 0);
        await using var check = new BridgeheadDb(Database.Options(connectionString)) { Viewer = Viewer.System };
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        Assert.Equal(
            check.Database.GetMigrations().Count(),
            (await check.Database.GetAppliedMigrationsAsync()).Count());
        check.Users.Add(new User { UserName = "x", NormalizedUserName = "x", DisplayName = "x", PasswordHash = "x", SecurityStamp = "x" });
        await check.SaveChangesAsync();
    }

    [Fact]
    public async Task MarketMap_TurnsIndustryNamesIntoCodes_AndKeepsOtherFreeTextInTheNotes()
    {
        var connectionString = await FreshDatabaseAsync();
        await using (var db = new BridgeheadDb(Database.Options(connectionString)) { Viewer = Viewer.System })
        {
            // The schema as it was before the industry taxonomy, with free-text industries and applications.
            await db.GetService<IMigrator>().MigrateAsync("ExchangeRates");
            // Braces are doubled: raw SQL is a format string.
            var list = Provider == Provider.Postgres ? "'{{\"apartment blocks\",\"office towers\"}}'" : "'[\"apartment blocks\",\"office towers\"]'";
            var empty = Provider == Provider.Postgres ? "'{{}}'" : "'[]'";
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO users (user_name, normalized_user_name, display_name, role, password_hash, must_change_password, security_stamp, failed_sign_ins, is_active, is_demo, version, created_at, updated_at) "
                + "VALUES ('old', 'OLD', 'Old', 'Admin', 'x', FALSE, 'x', 0, TRUE, FALSE, 1, '2026-01-01', '2026-01-01')");
            var oldAccounts = "INSERT INTO accounts (name, search_name, industry, applications, status, owner_id, notes, version, created_at, updated_at) VALUES "
                + $"('A', 'a', ' construction ', {list}, 'Prospect', 1, NULL, 1, '2026-01-01', '2026-01-01'), "
                + $"('B', 'b', '건설업', {empty}, 'Prospect', 1, 'old note', 1, '2026-01-01', '2026-01-01'), "
                + $"('C', 'c', 'Boilers & Heating', {empty}, 'Prospect', 1, 'keep me', 1, '2026-01-01', '2026-01-01')";
            await db.Database.ExecuteSqlRawAsync(oldAccounts);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO opportunities (account_id, title, search_name, pipeline_id, stage, stage_entered_at, application, forecast_category, status, owner_id, version, created_at, updated_at) "
                + "SELECT a.id, 'Deal', 'deal', (SELECT MIN(id) FROM pipelines), 'prospecting', '2026-01-01', 'towers', 'Pipeline', 'Open', 1, 1, '2026-01-01', '2026-01-01' FROM accounts a WHERE a.name = 'A'");

            await Database.MigrateAsync(db);
        }

        await using var check = new BridgeheadDb(Database.Options(connectionString)) { Viewer = Viewer.System };
        var accounts = await check.Accounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync();
        Assert.Equal(["F", "F", null], accounts.Select(a => a.Industry));
        Assert.Equal("Applications (before the taxonomy): apartment blocks, office towers", accounts[0].Notes);
        Assert.Equal("old note", accounts[1].Notes);
        Assert.Equal("keep me\n\nIndustry (before the classification): Boilers & Heating", accounts[2].Notes);
        Assert.All(accounts, a => Assert.Equal(AccountType.Customer, a.Type));
        var deal = await check.Opportunities.AsNoTracking().SingleAsync();
        Assert.Null(deal.ApplicationId);
        Assert.Equal("Application (before the taxonomy): towers", deal.Notes);
    }

    private async Task<string> FreshDatabaseAsync()
    {
        if (Provider == Provider.Postgres)
        {
            var server = await PostgresServer.InstanceAsync();
            return server.ConnectionString(server.NewDatabaseName());
        }
        var folder = Directory.CreateTempSubdirectory("bridgehead-migrate-").FullName;
        return Database.DefaultSqlite(folder);
    }
}
