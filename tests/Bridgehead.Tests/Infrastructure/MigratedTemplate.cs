using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bridgehead.Tests.Infrastructure;

/// <summary>
/// A migrated database made once per test run (per PostgreSQL cluster) that every new test
/// server starts from: a copy of the SQLite file, or CREATE DATABASE ... TEMPLATE on PostgreSQL.
/// Migrating from scratch took a few seconds per server and dozens of tests start their own.
/// The migration tests migrate for real; this is only what a server starts on.
/// </summary>
public static class MigratedTemplate
{
    private static readonly Lazy<Task<string>> SqliteFile = new(MakeSqliteAsync);
    private static readonly Dictionary<PostgresServer, Lazy<Task<string>>> PostgresTemplates = [];
    private static readonly SemaphoreSlim Copying = new(1);

    /// <summary>Writes a migrated SQLite database at the connection string's file.</summary>
    public static async Task CopySqliteAsync(string connectionString)
    {
        var template = await SqliteFile.Value;
        var target = new SqliteConnectionStringBuilder(connectionString).DataSource;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(template, target);
    }

    /// <summary>Creates the database on the cluster as a copy of the cluster's migrated template.</summary>
    public static async Task CreatePostgresAsync(PostgresServer server, string database)
    {
        Lazy<Task<string>> made;
        lock (PostgresTemplates)
        {
            if (!PostgresTemplates.TryGetValue(server, out made!))
            {
                made = new Lazy<Task<string>>(() => MakePostgresAsync(server));
                PostgresTemplates[server] = made;
            }
        }
        var template = await made.Value;
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\"", connection);
        // A copy in progress counts as someone using the template, so copies take turns; a
        // template connection just closed may also take a moment to leave.
        await Copying.WaitAsync();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await command.ExecuteNonQueryAsync();
                    return;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 100)
                {
                    await Task.Delay(100);
                }
            }
        }
        finally
        {
            Copying.Release();
        }
    }

    private static async Task<string> MakeSqliteAsync()
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-template-").FullName;
        Cleanup.AtExit(() => Directory.Delete(folder, recursive: true));
        var connectionString = Database.DefaultSqlite(folder);
        await FillAsync(connectionString);
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        return new SqliteConnectionStringBuilder(connectionString).DataSource;
    }

    private static async Task<string> MakePostgresAsync(PostgresServer server)
    {
        var name = $"bh_template_{Environment.ProcessId}";
        var used = await FillAsync(server.ConnectionString(name));
        // A used sequence keeps up to 32 values it has already written ahead to the WAL; a copy
        // inherits that count but not the WAL record, so after a crash (the outage test kills the
        // cluster) the copy's sequence would go back and hand out ids again. setval writes the
        // value to the WAL and clears the count.
        await using (var connection = new NpgsqlConnection(used))
        {
            await connection.OpenAsync();
            await using var reset = new NpgsqlCommand(ResetSequences, connection);
            await reset.ExecuteNonQueryAsync();
        }
        // CREATE DATABASE ... TEMPLATE refuses while anyone is connected to the template.
        using (var pooled = new NpgsqlConnection(used))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        return name;
    }

    private const string ResetSequences = """
        DO $$
        DECLARE s record;
        BEGIN
          FOR s IN SELECT schemaname, sequencename, last_value FROM pg_sequences WHERE last_value IS NOT NULL LOOP
            PERFORM setval(format('%I.%I', s.schemaname, s.sequencename), s.last_value, true);
          END LOOP;
        END $$;
        """;

    /// <summary>What every test server starts with: the schema and the application the pursuit helpers use.</summary>
    /// <returns>The connection string as the product completed it (its pool's key).</returns>
    private static async Task<string> FillAsync(string connectionString)
    {
        await using var db = new BridgeheadDb(Database.Options(connectionString)) { Viewer = Viewer.System };
        await Database.MigrateAsync(db);
        // The application the pursuit helpers tag accounts and pursuits with (PursuitApi.BoilersAsync).
        db.Applications.Add(new Industries.Application { IndustryCode = "28", NameEn = "boilers", NameKo = "보일러", SearchName = "boilers" });
        await db.SaveChangesAsync();
        return db.Database.GetConnectionString()!;
    }
}
