using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Bridgehead.Data;

/// <summary>Which database a connection string points at, and how to open and migrate it.</summary>
public static class Database
{
    public const string SqliteMigrations = "Bridgehead.Migrations.Sqlite";
    public const string PostgresMigrations = "Bridgehead.Migrations.Postgres";

    /// <summary>Any number works; all instances must use the same one.</summary>
    private const long MigrationLockKey = 0x42_72_69_64_67_65;

    /// <summary>CONTRACT.md: <c>Host=...</c> means PostgreSQL, <c>Data Source=...</c> means SQLite.</summary>
    public static bool IsPostgres(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return !string.IsNullOrEmpty(builder.Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The SQLite file in the data folder, with foreign keys on and a generous wait for a busy writer.</summary>
    public static string DefaultSqlite(string dataFolder) => NormalizeSqlite("Data Source=" + Path.Combine(dataFolder, "bridgehead.db"));

    public static string NormalizeSqlite(string connectionString)
    {
        var b = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
        };
        return b.ToString();
    }

    public static void Configure(DbContextOptionsBuilder options, string connectionString)
    {
        if (IsPostgres(connectionString))
        {
            options.UseNpgsql(WithPoolCap(WithoutJit(connectionString)), o => o.MigrationsAssembly(PostgresMigrations).UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));
        }
        else
        {
            options.UseSqlite(NormalizeSqlite(connectionString), o => o.MigrationsAssembly(SqliteMigrations).UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));
        }
        options.UseSnakeCaseNamingConvention();
    }

    /// <summary>
    /// PostgreSQL compiles a query with JIT once its estimated cost passes <c>jit_above_cost</c>.
    /// The visibility filters make the planner's estimates for a rep's queries large, so ordinary
    /// lists and reports paid 20 ms to 2 s of compilation for a few milliseconds of execution
    /// (bench/README.md, finding 2; docs/performance.md). Sessions therefore run with
    /// <c>jit=off</c> unless the connection string's Options set <c>jit</c> themselves.
    /// </summary>
    public static string WithoutJit(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        if (b.Options?.Contains("jit", StringComparison.Ordinal) == true)
        {
            return connectionString;
        }
        b.Options = string.IsNullOrWhiteSpace(b.Options) ? "-c jit=off" : b.Options + " -c jit=off";
        return b.ConnectionString;
    }

    /// <summary>Connections one instance opens at most, unless the connection string sets a pool size.</summary>
    public const int DefaultMaxPoolSize = 50;

    /// <summary>
    /// Npgsql's own default pool (100) equals PostgreSQL's default <c>max_connections</c> (100): one
    /// busy instance could take every connection, and the next client (another instance, a
    /// backup, psql, a migration) would be refused with "too many clients" (53300). The soak run
    /// met exactly that. So an instance opens at most <see cref="DefaultMaxPoolSize"/> unless the
    /// connection string names <c>Maximum Pool Size</c> (docs/operations.md: size it as
    /// instances x pool + 10 under <c>max_connections</c>).
    /// </summary>
    public static string WithPoolCap(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var named = given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal) is var key
            && (key.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || key.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase)));
        if (named)
        {
            return connectionString;
        }
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        b.MaxPoolSize = Math.Max(DefaultMaxPoolSize, b.MinPoolSize);
        return b.ConnectionString;
    }

    public static DbContextOptions<BridgeheadDb> Options(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<BridgeheadDb>();
        Configure(builder, connectionString);
        return builder.Options;
    }

    /// <summary>
    /// Applies pending migrations. Safe when several instances start at once: on PostgreSQL they
    /// queue on an advisory lock; on SQLite the file's write lock and EF's migration lock serialize them.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(BridgeheadDb db, CancellationToken ct = default)
    {
        if (db.IsSqlite)
        {
            var folder = Path.GetDirectoryName(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                // WAL lets readers work while one writer writes; the setting stays with the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                await db.Database.MigrateAsync(ct);
                return pending;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        await CreatePostgresDatabaseIfMissingAsync(db, ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", ct);
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                await db.Database.MigrateAsync(ct);
                return pending;
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task CreatePostgresDatabaseIfMissingAsync(BridgeheadDb db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct))
        {
            return;
        }
        try
        {
            await creator.CreateAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another instance created it a moment ago.
        }
    }

    /// <summary>
    /// True when <paramref name="exception"/> (or one it wraps) says the database cannot be reached
    /// right now rather than that the request is wrong: a refused or broken connection, a timeout,
    /// PostgreSQL shutting down, starting up or out of connections, SQLite still busy or locked
    /// after its wait. Such a request may succeed when retried later (the API answers 503).
    /// </summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException pg)
            {
                // 08: connection exception; 57P01-57P05: shut down, crashed, starting up; 53300: too many connections.
                return pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
                    || pg.SqlState == PostgresErrorCodes.TooManyConnections;
            }
            if (e is NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException or TimeoutException
                or SqliteException { SqliteErrorCode: 5 or 6 }) // SQLITE_BUSY, SQLITE_LOCKED
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True when the database answers a trivial query.</summary>
    public static async Task<bool> CanConnectAsync(BridgeheadDb db, CancellationToken ct)
    {
        try
        {
            var connection = db.Database.GetDbConnection();
            if (connection.State != ConnectionState.Open)
            {
                await db.Database.OpenConnectionAsync(ct);
            }
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
            return true;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
