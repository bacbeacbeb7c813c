using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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
