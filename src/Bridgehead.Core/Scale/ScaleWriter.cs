using System.Data.Common;
using System.Linq.Expressions;
using Bridgehead.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Bridgehead.Scale;

/// <summary>
/// Streams generated rows into one table at a time, inside one transaction: PostgreSQL by binary
/// COPY, SQLite by one prepared INSERT reused with new parameter values. Rows are plain entity
/// objects that nothing tracks; tables, columns and value conversions (snake_case names, enums as
/// strings, UTC times, string lists) come from the EF model, as in <see cref="Imports.BulkWriter"/>.
/// Ids are written explicitly (the caller numbers rows from <see cref="FirstFreeIdAsync"/>); on
/// PostgreSQL each table's identity sequence is moved past them afterwards.
/// </summary>
public abstract class ScaleWriter : IAsyncDisposable
{
    protected ScaleWriter(BridgeheadDb db, DbConnection connection)
    {
        Db = db;
        Connection = connection;
    }

    protected BridgeheadDb Db { get; }

    protected DbConnection Connection { get; }

    protected DbTransaction? Transaction { get; set; }

    private readonly HashSet<IEntityType> _written = [];

    /// <summary>Opens the database's connection and starts the one transaction the load runs in.</summary>
    public static async Task<ScaleWriter> OpenAsync(BridgeheadDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        ScaleWriter writer = connection is NpgsqlConnection npgsql ? new PostgresScaleWriter(db, npgsql) : new SqliteScaleWriter(db, (SqliteConnection)connection);
        await writer.BeginAsync(ct);
        return writer;
    }

    protected abstract Task BeginAsync(CancellationToken ct);

    /// <summary>The id the next new row of a table takes (one more than the largest there).</summary>
    public async Task<long> FirstFreeIdAsync<T>(CancellationToken ct)
        where T : class
    {
        var type = EntityType<T>();
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var id = type.FindPrimaryKey()!.Properties[0].GetColumnName(table)!;
        return 1 + Convert.ToInt64(await ScalarAsync($"SELECT COALESCE(MAX({Quote(id)}), 0) FROM {Quote(type.GetTableName()!)}", ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes the rows in order; returns how many were written.</summary>
    public async Task<long> WriteAsync<T>(IEnumerable<T> rows, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        var type = EntityType<T>();
        _written.Add(type);
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = type.GetProperties()
            .Where(p => p.GetColumnName(table) is not null)
            .Select(p => new ScaleColumn(p.GetColumnName(table)!, p.GetRelationalTypeMapping(), Getter(typeof(T), p)))
            .ToList();
        return await WriteRowsAsync(Quote(type.GetTableName()!), columns, rows, ct);
    }

    /// <summary>Runs one statement in the load's transaction.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The loader's own statements, from table and column names of the EF model, never from input.")]
    public async Task<int> ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        return await command.ExecuteNonQueryAsync(ct);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The loader's own queries, from table and column names of the EF model, never from input.")]
    protected async Task<object?> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    protected abstract Task<long> WriteRowsAsync<T>(string table, IReadOnlyList<ScaleColumn> columns, IEnumerable<T> rows, CancellationToken ct)
        where T : class;

    /// <summary>Moves identity sequences past the written ids, commits, and refreshes the planner's statistics.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        await BeforeCommitAsync(_written, ct);
        await Transaction!.CommitAsync(ct);
        await Transaction.DisposeAsync();
        Transaction = null;
        await AfterCommitAsync(ct);
    }

    protected virtual Task BeforeCommitAsync(IReadOnlyCollection<IEntityType> written, CancellationToken ct) => Task.CompletedTask;

    protected abstract Task AfterCommitAsync(CancellationToken ct);

    public virtual async ValueTask DisposeAsync()
    {
        if (Transaction is not null)
        {
            await Transaction.DisposeAsync();
            Transaction = null;
        }
        await Db.Database.CloseConnectionAsync();
        GC.SuppressFinalize(this);
    }

    protected IEntityType EntityType<T>() => Db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException(typeof(T).Name + " is not in the model.");

    protected static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static Func<object, object?> Getter(Type clrType, IProperty property)
    {
        if (property.PropertyInfo is not { } info)
        {
            throw new InvalidOperationException($"{clrType.Name}.{property.Name} has no CLR property to read.");
        }
        var parameter = Expression.Parameter(typeof(object));
        var body = Expression.Convert(Expression.Property(Expression.Convert(parameter, clrType), info), typeof(object));
        var getter = Expression.Lambda<Func<object, object?>>(body, parameter).Compile();
        if (property.GetRelationalTypeMapping().Converter is { } converter)
        {
            return row => getter(row) is { } value ? converter.ConvertToProvider(value) : null;
        }
        return getter;
    }
}

/// <summary>One column of a table: its name, the model's mapping and how to read it from a row.</summary>
public sealed record ScaleColumn(string Name, RelationalTypeMapping Mapping, Func<object, object?> Read);

internal sealed class PostgresScaleWriter(BridgeheadDb db, NpgsqlConnection connection) : ScaleWriter(db, connection)
{
    private readonly List<string> _tables = [];

    protected override async Task BeginAsync(CancellationToken ct)
    {
        Transaction = await connection.BeginTransactionAsync(ct);
        // The rows are consistent by construction; a superuser can skip the per-row foreign key
        // triggers for the load (others pay for the checks).
        if (await ScalarAsync("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", ct) is true)
        {
            await ExecuteAsync("SET LOCAL session_replication_role = replica", ct);
        }
    }

    protected override async Task<long> WriteRowsAsync<T>(string table, IReadOnlyList<ScaleColumn> columns, IEnumerable<T> rows, CancellationToken ct)
    {
        _tables.Add(table);
        var types = columns.Select(c => Imports.BulkWriter.DbType(c.Mapping.StoreType)).ToArray();
        var sql = $"COPY {table} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(sql, ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i].Read(row) is { } value)
                {
                    await importer.WriteAsync(value, types[i], ct);
                }
                else
                {
                    await importer.WriteNullAsync(ct);
                }
            }
        }
        return (long)await importer.CompleteAsync(ct);
    }

    protected override async Task BeforeCommitAsync(IReadOnlyCollection<IEntityType> written, CancellationToken ct)
    {
        foreach (var type in written)
        {
            var key = type.FindPrimaryKey()!.Properties;
            if (key is not [{ ValueGenerated: ValueGenerated.OnAdd } id] || id.ClrType != typeof(long))
            {
                continue;
            }
            var table = type.GetTableName()!;
            var column = id.GetColumnName(StoreObjectIdentifier.Table(table, type.GetSchema()))!;
            await ExecuteAsync(
                $"SELECT setval(pg_get_serial_sequence('{Quote(table)}', '{column}'), GREATEST((SELECT MAX({Quote(column)}) FROM {Quote(table)}), 1))", ct);
        }
    }

    protected override async Task AfterCommitAsync(CancellationToken ct)
    {
        foreach (var table in _tables.Distinct())
        {
            await ExecuteAsync("ANALYZE " + table, ct);
        }
    }
}

internal sealed class SqliteScaleWriter(BridgeheadDb db, SqliteConnection connection) : ScaleWriter(db, connection)
{
    protected override async Task BeginAsync(CancellationToken ct)
    {
        // The load is one transaction: a crash leaves the file as it was, so the journal can wait.
        await ExecuteAsync("PRAGMA synchronous=OFF", ct);
        Transaction = await connection.BeginTransactionAsync(ct);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Table and column names of the EF model, quoted; every value is a parameter.")]
    protected override async Task<long> WriteRowsAsync<T>(string table, IReadOnlyList<ScaleColumn> columns, IEnumerable<T> rows, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)Transaction!;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((c, i) => (SqliteParameter)c.Mapping.CreateParameter(command, "$p" + i, null, nullable: true)).ToArray();
        command.Parameters.AddRange(parameters);
        command.Prepare();
        long count = 0;
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = columns[i].Read(row) ?? DBNull.Value;
            }
            count += command.ExecuteNonQuery();
        }
        return count;
    }

    protected override async Task AfterCommitAsync(CancellationToken ct)
    {
        await ExecuteAsync("PRAGMA synchronous=FULL", ct);
        await ExecuteAsync("ANALYZE", ct);
    }
}
