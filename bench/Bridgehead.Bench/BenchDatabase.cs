using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bridgehead.Bench;

/// <summary>
/// A fresh, migrated database for one bench run, with the product's own context options plus the
/// command counter. Removed again at the end unless the caller keeps it.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly DbContextOptions<BridgeheadDb> _plain;
    private readonly DbContextOptions<BridgeheadDb> _counted;
    private readonly string? _folder;
    private readonly bool _keep;

    public string Provider { get; }

    /// <summary>Where the data is: the SQLite file or the PostgreSQL database name.</summary>
    public string Location { get; }

    public string ConnectionString { get; }

    public SqlCounter Counter { get; } = new();

    private BenchDatabase(string provider, string connectionString, string location, string? folder, bool keep)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Location = location;
        _folder = folder;
        _keep = keep;
        _plain = Database.Options(connectionString);
        // The options the product uses (Database.Configure), plus the interceptor that counts commands.
        var counted = new DbContextOptionsBuilder<BridgeheadDb>();
        Database.Configure(counted, connectionString);
        counted.AddInterceptors(Counter);
        _counted = counted.Options;
    }

    /// <summary>A SQLite file in a new temporary folder.</summary>
    public static async Task<BenchDatabase> CreateSqliteAsync(bool keep, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-bench-").FullName;
        var connectionString = Database.DefaultSqlite(folder);
        var db = new BenchDatabase("SQLite", connectionString, Path.Combine(folder, "bridgehead.db"), folder, keep);
        await db.MigrateAsync(ct);
        return db;
    }

    /// <summary>A new database on the PostgreSQL server the connection string names (its own database name is ignored).</summary>
    public static async Task<BenchDatabase> CreatePostgresAsync(string serverConnectionString, bool keep, CancellationToken ct)
    {
        var name = $"bridgehead_bench_{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}";
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
        var db = new BenchDatabase("PostgreSQL", connectionString, name, null, keep);
        await db.MigrateAsync(ct);
        return db;
    }

    private async Task MigrateAsync(CancellationToken ct)
    {
        await using var db = Open(Viewer.System, counted: false);
        await Database.MigrateAsync(db, ct);
    }

    /// <summary>A context as one request would have it: for this viewer, commands counted unless told otherwise.</summary>
    public BridgeheadDb Open(Viewer viewer, bool counted = true) => new(counted ? _counted : _plain) { Viewer = viewer };

    /// <summary>
    /// Fresh statistics for the planner. PostgreSQL's autovacuum would gather them within a minute
    /// of a bulk load; SQLite gathers none unless told to, and the product never tells it, so it is
    /// measured as it runs in production (see bench/README.md).
    /// </summary>
    public async Task AnalyzeAsync(CancellationToken ct)
    {
        if (Provider != "PostgreSQL")
        {
            return;
        }
        await using var db = Open(Viewer.System, counted: false);
        await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
    }

    /// <summary>The server version, and for PostgreSQL whether JIT compilation is on (it changes the figures, see bench/README.md).</summary>
    public async Task<string> DescribeAsync(CancellationToken ct)
    {
        await using var db = Open(Viewer.System, counted: false);
        if (Provider != "PostgreSQL")
        {
            var version = await db.Database.SqlQueryRaw<string>("SELECT sqlite_version() AS \"Value\"").SingleAsync(ct);
            return $"SQLite {version}";
        }
        var server = await db.Database.SqlQueryRaw<string>("SELECT current_setting('server_version') AS \"Value\"").SingleAsync(ct);
        var jit = await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync(ct);
        return $"PostgreSQL {server}, jit {jit}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_keep)
        {
            return;
        }
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // The temp folder is the machine's to clean.
            }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        var server = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Location}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
