using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
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
            written += await CopyAsync(connection, type, [.. added.Where(e => e.Metadata == type).Select(e => (Func<IProperty, object?>)(p => e.CurrentValues[p]))], ct);
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

    /// <summary>
    /// The next <paramref name="count"/> values of the identity sequence of <paramref name="type"/>'s
    /// key, in one query (opening the context's connection for it if it is closed).
    /// </summary>
    internal static async Task<long[]> NextIdsAsync(BridgeheadDb db, Type type, int count, CancellationToken ct)
    {
        var entityType = db.Model.FindEntityType(type) ?? throw new ArgumentException("Not an entity: " + type.Name, nameof(type));
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await NextIdsAsync((NpgsqlConnection)db.Database.GetDbConnection(), entityType, entityType.FindPrimaryKey()!.Properties[0], count, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
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

    /// <summary>
    /// Copies plain entity objects (not tracked; every mapped property a CLR property, keys already
    /// set) into their table, in the context's current transaction. The import's accounts and audit
    /// entries go in this way: no change tracker, no per-value look-ups (see <see cref="CopyPlan"/>).
    /// </summary>
    internal static async Task<int> CopyObjectsAsync<T>(BridgeheadDb db, IReadOnlyList<T> rows, CancellationToken ct, bool skipGeneratedKey = false)
        where T : class
    {
        if (rows.Count == 0)
        {
            return 0;
        }
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new ArgumentException("Not an entity: " + typeof(T).Name, nameof(rows));
        var plan = CopyPlan.For(type, skipGeneratedKey);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(plan.Sql, ct);
        foreach (var row in rows)
        {
            // Synchronous writes into the importer's buffer: an await per value cost more than the value
            // (the buffer is flushed, rarely, by a blocking write; the batch runs on its own worker anyway).
            importer.StartRow();
            foreach (var column in plan.Columns)
            {
                column.Writer.Write(importer, row);
            }
        }
        return (int)await importer.CompleteAsync(ct);
    }

    private static Task<int> CopyAsync(NpgsqlConnection connection, IEntityType type, IReadOnlyList<Func<IProperty, object?>> rows, CancellationToken ct, bool skipGeneratedKey = false) =>
        CopyAsync(connection, CopyPlan.For(type, skipGeneratedKey), rows, static (row, column) => row(column.Property), ct);

    private static async Task<int> CopyAsync<TRow>(NpgsqlConnection connection, CopyPlan plan, IReadOnlyList<TRow> rows, Func<TRow, CopyColumn, object?> read, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(plan.Sql, ct);
        foreach (var row in rows)
        {
            importer.StartRow();
            foreach (var column in plan.Columns)
            {
                var value = read(row, column);
                if (value is not null && column.Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }
                if (value is null)
                {
                    importer.WriteNull();
                }
                else
                {
                    importer.Write(value, column.Type);
                }
            }
        }
        return (int)await importer.CompleteAsync(ct);
    }

    /// <summary>One column of a COPY: its property, the value conversion and the wire type, worked out once per model.</summary>
    private sealed record CopyColumn(IProperty Property, ValueConverter? Converter, NpgsqlDbType Type)
    {
        /// <summary>Writes the column's value of a plain object, typed (no boxing) where the property needs no conversion.</summary>
        public ColumnWriter Writer { get; } = ColumnWriter.For(Property, Converter, Type);
    }

    /// <summary>Reads one property of an entity object and writes it to a COPY.</summary>
    private abstract class ColumnWriter
    {
        public abstract void Write(NpgsqlBinaryImporter importer, object entity);

        public static ColumnWriter For(IProperty property, ValueConverter? converter, NpgsqlDbType type)
        {
            if (property.PropertyInfo is not { } info)
            {
                return new Unreadable();
            }
            if (converter is not null && (Nullable.GetUnderlyingType(info.PropertyType) ?? info.PropertyType) is { IsEnum: true } enumType
                && converter.ProviderClrType == typeof(string))
            {
                // Enums stored as text: each value's text worked out once, not boxed and converted per row.
                var entity = System.Linq.Expressions.Expression.Parameter(typeof(object), "entity");
                var read = System.Linq.Expressions.Expression.Convert(
                    System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Convert(entity, info.DeclaringType!), info),
                    typeof(Nullable<>).MakeGenericType(enumType));
                var get = System.Linq.Expressions.Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(object), read.Type), read, entity).Compile();
                return (ColumnWriter)Activator.CreateInstance(typeof(EnumText<>).MakeGenericType(enumType), get, converter, type)!;
            }
            if (converter is not null)
            {
                return new Converted(info.GetValue, converter, type);
            }
            var clr = info.PropertyType;
            var nullable = Nullable.GetUnderlyingType(clr);
            var generic = nullable is not null
                ? typeof(NullableValue<,>).MakeGenericType(info.DeclaringType!, nullable)
                : typeof(Typed<,>).MakeGenericType(info.DeclaringType!, clr);
            var getter = info.GetGetMethod()!.CreateDelegate(typeof(Func<,>).MakeGenericType(info.DeclaringType!, clr));
            return (ColumnWriter)Activator.CreateInstance(generic, getter, type)!;
        }

        private sealed class Unreadable : ColumnWriter
        {
            public override void Write(NpgsqlBinaryImporter importer, object entity) =>
                throw new NotSupportedException("A shadow property cannot be copied from a plain object.");
        }

        private sealed class Converted(Func<object?, object?> get, ValueConverter converter, NpgsqlDbType type) : ColumnWriter
        {
            public override void Write(NpgsqlBinaryImporter importer, object entity)
            {
                if (get(entity) is { } value && converter.ConvertToProvider(value) is { } stored)
                {
                    if (stored is string text)
                    {
                        importer.Write(text, type);
                    }
                    else
                    {
                        importer.Write(stored, type);
                    }
                }
                else
                {
                    importer.WriteNull();
                }
            }
        }

        private sealed class EnumText<TEnum>(Func<object, TEnum?> get, ValueConverter converter, NpgsqlDbType type) : ColumnWriter
            where TEnum : struct, Enum
        {
            private readonly Dictionary<TEnum, string> _stored = Enum.GetValues<TEnum>().Distinct()
                .ToDictionary(v => v, v => (string)converter.ConvertToProvider(v)!);

            public override void Write(NpgsqlBinaryImporter importer, object entity)
            {
                if (get(entity) is not { } value)
                {
                    importer.WriteNull();
                    return;
                }
                importer.Write(_stored.TryGetValue(value, out var text) ? text : (string)converter.ConvertToProvider(value)!, type);
            }
        }

        private sealed class Typed<TEntity, TValue>(Func<TEntity, TValue> get, NpgsqlDbType type) : ColumnWriter
        {
            public override void Write(NpgsqlBinaryImporter importer, object entity)
            {
                if (get((TEntity)entity) is { } value)
                {
                    importer.Write(value, type);
                }
                else
                {
                    importer.WriteNull();
                }
            }
        }

        private sealed class NullableValue<TEntity, TValue>(Func<TEntity, TValue?> get, NpgsqlDbType type) : ColumnWriter
            where TValue : struct
        {
            public override void Write(NpgsqlBinaryImporter importer, object entity)
            {
                if (get((TEntity)entity) is { } value)
                {
                    importer.Write(value, type);
                }
                else
                {
                    importer.WriteNull();
                }
            }
        }
    }

    /// <summary>A table's COPY statement and columns, built once per entity type (the model does not change while the program runs).</summary>
    private sealed record CopyPlan(string Sql, IReadOnlyList<CopyColumn> Columns)
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IEntityType, bool), CopyPlan> Plans = new();

        public static CopyPlan For(IEntityType type, bool skipGeneratedKey) => Plans.GetOrAdd((type, skipGeneratedKey), static key =>
        {
            var (type, skip) = key;
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var primary = type.FindPrimaryKey()!;
            var columns = type.GetProperties()
                .Where(p => p.GetColumnName(table) is not null)
                .Where(p => !(skip && primary.Properties.Contains(p) && p.ValueGenerated == ValueGenerated.OnAdd))
                .Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: p.GetRelationalTypeMapping()))
                .ToList();
            var name = (type.GetSchema() is { } schema ? Quote(schema) + "." : "") + Quote(type.GetTableName()!);
            var sql = $"COPY {name} ({string.Join(", ", columns.Select(c => Quote(c.Column)))}) FROM STDIN (FORMAT BINARY)";
            return new CopyPlan(sql, [.. columns.Select(c => new CopyColumn(c.Property, c.Mapping.Converter, DbType(c.Mapping.StoreType)))]);
        });
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The wire type of a store type as the model names it (the types the model uses).</summary>
    /// <summary>The COPY type of a PostgreSQL store type from the EF model (the seed's writer uses it too).</summary>
    internal static NpgsqlDbType DbType(string storeType)
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
