using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Bridgehead.Imports;

/// <summary>
/// Writes the new records of a tracked context (every Added entry: roots and their parts) with
/// PostgreSQL binary COPY, inside the context's current transaction, then marks them Unchanged so
/// a following SaveChanges writes only what was modified. Tables, columns and value conversions
/// come from the EF model (snake_case names, enums as strings, UTC times). Generated long keys are
/// taken beforehand from each table's identity sequence (one query per table), so parts get their
/// parents' ids through EF's key fix-up. New audited records get their "created" audit entries as
/// the <see cref="Auditor"/> writes them, copied in as well.
/// </summary>
public static class BulkWriter
{
    /// <summary>Copies the Added entries in; returns how many rows were written (audit entries included).</summary>
    public static async Task<int> WriteAddedAsync(BridgeheadDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.ChangeTracker.DetectChanges();
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0)
        {
            return 0;
        }
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var now = db.Clock.GetUtcNow().UtcDateTime;
        foreach (var entity in added.Select(e => e.Entity).OfType<Entity>())
        {
            entity.CreatedAt = now;
            entity.UpdatedAt = now;
            entity.Version = 1;
        }
        var auditor = new Auditor();
        auditor.Capture(added);

        // Ids first (parents before parts is not needed: one COPY per table, and the keys are known).
        var byType = added.GroupBy(e => e.Metadata).ToList();
        foreach (var group in byType)
        {
            var key = group.Key.FindPrimaryKey()!;
            if (key.Properties is not [{ ValueGenerated: ValueGenerated.OnAdd } idProperty] || idProperty.ClrType != typeof(long))
            {
                continue;
            }
            var entries = group.ToList();
            var ids = await NextIdsAsync(connection, group.Key, idProperty, entries.Count, ct);
            for (var i = 0; i < entries.Count; i++)
            {
                var property = entries[i].Property(idProperty.Name);
                property.CurrentValue = ids[i];
                property.IsTemporary = false;
            }
        }
        db.ChangeTracker.DetectChanges();

        var written = 0;
        foreach (var type in Ordered(byType.Select(g => g.Key).ToList()))
        {
            written += await CopyAsync(connection, type, [.. added.Where(e => e.Metadata == type).Select(e => (Func<IProperty, object?>)(p => e.Property(p.Name).CurrentValue))], ct);
        }
        foreach (var entry in added)
        {
            entry.State = EntityState.Unchanged;
        }
        var audit = auditor.Complete(db.Viewer ?? Identity.Viewer.System, now).ToList();
        if (audit.Count > 0)
        {
            var auditType = db.Model.FindEntityType(typeof(AuditEntry))!;
            written += await CopyAsync(connection, auditType, [.. audit.Select(a => (Func<IProperty, object?>)(p => p.PropertyInfo!.GetValue(a)))], ct, skipGeneratedKey: true);
        }
        return written;
    }

    /// <summary>Parents before children, so foreign keys between new rows hold at each statement's end.</summary>
    private static List<IEntityType> Ordered(List<IEntityType> types)
    {
        var done = new List<IEntityType>();
        var left = new List<IEntityType>(types);
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(t => t.GetForeignKeys().All(fk => fk.PrincipalEntityType == t || !left.Contains(fk.PrincipalEntityType)))
                ?? left[0];
            done.Add(next);
            left.Remove(next);
        }
        return done;
    }

    private static async Task<long[]> NextIdsAsync(NpgsqlConnection connection, IEntityType type, IProperty id, int count, CancellationToken ct)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var qualified = type.GetSchema() is { } schema ? $"{schema}.{type.GetTableName()}" : type.GetTableName()!;
        await using var command = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence(@table, @column)) FROM generate_series(1, @n)", connection);
        command.Parameters.AddWithValue("table", qualified);
        command.Parameters.AddWithValue("column", id.GetColumnName(table)!);
        command.Parameters.AddWithValue("n", count);
        var ids = new long[count];
        await using var reader = await command.ExecuteReaderAsync(ct);
        for (var i = 0; await reader.ReadAsync(ct); i++)
        {
            ids[i] = reader.GetInt64(0);
        }
        return ids;
    }

    private static async Task<int> CopyAsync(NpgsqlConnection connection, IEntityType type, IReadOnlyList<Func<IProperty, object?>> rows, CancellationToken ct, bool skipGeneratedKey = false)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var key = type.FindPrimaryKey()!;
        var columns = type.GetProperties()
            .Where(p => p.GetColumnName(table) is not null)
            .Where(p => !(skipGeneratedKey && key.Properties.Contains(p) && p.ValueGenerated == ValueGenerated.OnAdd))
            .Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: p.GetRelationalTypeMapping()))
            .ToList();
        var name = (type.GetSchema() is { } schema ? Quote(schema) + "." : "") + Quote(type.GetTableName()!);
        var sql = $"COPY {name} ({string.Join(", ", columns.Select(c => Quote(c.Column)))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(sql, ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            foreach (var (property, _, mapping) in columns)
            {
                var value = row(property);
                if (value is not null && mapping.Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }
                if (value is null)
                {
                    await importer.WriteNullAsync(ct);
                }
                else
                {
                    await importer.WriteAsync(value, DbType(mapping.StoreType), ct);
                }
            }
        }
        return (int)await importer.CompleteAsync(ct);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The wire type of a store type as the model names it (the types the model uses).</summary>
    private static NpgsqlDbType DbType(string storeType)
    {
        if (storeType.EndsWith("[]", StringComparison.Ordinal))
        {
            return NpgsqlDbType.Array | DbType(storeType[..^2]);
        }
        var bare = storeType.Split('(')[0].Trim();
        return bare switch
        {
            "bigint" => NpgsqlDbType.Bigint,
            "integer" => NpgsqlDbType.Integer,
            "smallint" => NpgsqlDbType.Smallint,
            "boolean" => NpgsqlDbType.Boolean,
            "numeric" => NpgsqlDbType.Numeric,
            "text" => NpgsqlDbType.Text,
            "character varying" => NpgsqlDbType.Varchar,
            "character" => NpgsqlDbType.Char,
            "date" => NpgsqlDbType.Date,
            "timestamp with time zone" => NpgsqlDbType.TimestampTz,
            "timestamp without time zone" => NpgsqlDbType.Timestamp,
            "bytea" => NpgsqlDbType.Bytea,
            "uuid" => NpgsqlDbType.Uuid,
            "double precision" => NpgsqlDbType.Double,
            "real" => NpgsqlDbType.Real,
            "jsonb" => NpgsqlDbType.Jsonb,
            "interval" => NpgsqlDbType.Interval,
            _ => throw new NotSupportedException("No COPY mapping for the store type " + storeType + "."),
        };
    }
}
