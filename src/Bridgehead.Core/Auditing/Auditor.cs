using System.Collections;
using System.Globalization;
using System.Text.Json;
using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Bridgehead.Auditing;

/// <summary>
/// Reads the change tracker before a save and writes one audit entry per changed record.
/// New records get their id from the database, so their entries are finished after the insert.
/// </summary>
internal sealed class Auditor
{
    /// <summary>Fields that are bookkeeping, not business data, or secrets that must never be copied.</summary>
    private static readonly HashSet<string> Skipped =
    [
        nameof(Entity.Id), nameof(Entity.Version), nameof(Entity.CreatedAt), nameof(Entity.UpdatedAt),
        "SearchName", "NormalizedUserName", nameof(User.PasswordHash), nameof(User.SecurityStamp),
        nameof(User.FailedSignIns), nameof(User.LockedUntil), nameof(Notifications.Webhook.Secret),
    ];

    private readonly List<Pending> _pending = [];

    /// <summary>A change waiting for the save; <paramref name="Id"/> reads the record's id once the database has assigned it.</summary>
    private sealed record Pending(object Key, string Type, AuditAction Action, List<AuditChange> Changes, Func<long> Id, Func<long?> AccountId);

    public bool HasWork => _pending.Count > 0;

    public void Capture(ChangeTracker tracker) => Capture(tracker.Entries());

    /// <summary>Captures the changes of some entries only (the import's bulk writer audits the records it copies in).</summary>
    public void Capture(IEnumerable<EntityEntry> entries)
    {
        _pending.Clear();
        var changed = entries
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        // Records first, so the parts (an account's team members) join their parent's entry.
        foreach (var entry in changed.Where(e => e.Entity is IAudited))
        {
            CaptureRecord(entry);
        }
        foreach (var entry in changed.Where(e => e.Entity is IAuditedPart && e.State != EntityState.Modified))
        {
            CapturePart(entry, (IAuditedPart)entry.Entity, changed);
        }
    }

    private void CaptureRecord(EntityEntry entry)
    {
        var changes = new List<AuditChange>();
        var action = entry.State switch
        {
            EntityState.Added => AuditAction.Created,
            EntityState.Deleted => AuditAction.Deleted,
            EntityState.Modified => AuditAction.Updated,
            EntityState.Detached or EntityState.Unchanged => throw new InvalidOperationException("Only changed entries are audited."),
            _ => throw new ArgumentOutOfRangeException(nameof(entry)),
        };
        foreach (var p in entry.Properties)
        {
            var name = p.Metadata.Name;
            if (Skipped.Contains(name) || p.Metadata.IsShadowProperty())
            {
                continue;
            }
            switch (action)
            {
                case AuditAction.Created when Write(p.CurrentValue) is { Length: > 0 }:
                    changes.Add(new AuditChange(FieldName(name), null, Write(p.CurrentValue)));
                    break;
                case AuditAction.Deleted when Write(p.OriginalValue) is { Length: > 0 }:
                    changes.Add(new AuditChange(FieldName(name), Write(p.OriginalValue), null));
                    break;
                case AuditAction.Updated when p.IsModified:
                    var (o, n) = (Write(p.OriginalValue), Write(p.CurrentValue));
                    if (o != n)
                    {
                        changes.Add(new AuditChange(FieldName(name), o, n));
                    }
                    break;
                case AuditAction.Created:
                case AuditAction.Deleted:
                case AuditAction.Updated:
                default:
                    break;
            }
        }
        if (action == AuditAction.Updated && changes.Count == 0)
        {
            return;
        }
        var entity = (Entity)entry.Entity;
        var key = entry.Property(nameof(Entity.Id)).CurrentValue!;
        _pending.Add(new Pending(key, TypeName(entity.GetType()), action, changes, () => entity.Id, () => ((IAudited)entity).AuditAccountId));
    }

    private void CapturePart(EntityEntry entry, IAuditedPart part, List<EntityEntry> changed)
    {
        var added = entry.State == EntityState.Added;
        var change = new AuditChange(part.Field, added ? null : part.Value, added ? part.Value : null);
        // Before the insert a new parent's id is a temporary value in the change tracker; the part's key holds the same one.
        var parentKey = entry.Property(part.ParentKeyProperty).CurrentValue!;
        var owner = _pending.FirstOrDefault(x => x.Type == part.ParentType && x.Key.Equals(parentKey));
        if (owner is not null)
        {
            owner.Changes.Add(change);
            return;
        }
        var property = entry.Entity.GetType().GetProperty(part.ParentKeyProperty)!;
        var entity = entry.Entity;
        Func<long> id = added ? () => (long)property.GetValue(entity)! : () => (long)parentKey;
        // A parent whose own fields did not change has no entry of its own; the part's entry still
        // belongs under the parent's account, or the history would hide it from everyone but admins.
        var parent = changed.FirstOrDefault(e => e.Entity is IAudited and Entity
            && TypeName(e.Entity.GetType()) == part.ParentType && Equals(e.Property(nameof(Entity.Id)).CurrentValue, parentKey));
        var parentAccount = (parent?.Entity as IAudited)?.AuditAccountId;
        _pending.Add(new Pending(parentKey, part.ParentType, AuditAction.Updated, [change], id, () => part.ParentIsAccount ? id() : parentAccount));
    }

    /// <summary>The entries, with ids filled in now that the records are saved.</summary>
    public IEnumerable<AuditEntry> Complete(Viewer viewer, DateTime now)
    {
        foreach (var p in _pending)
        {
            yield return new AuditEntry
            {
                At = now,
                UserId = viewer.UserId,
                UserName = viewer.Name,
                EntityType = p.Type,
                EntityId = p.Id(),
                AccountId = p.AccountId(),
                Action = p.Action,
                Changes = JsonSerializer.Serialize(p.Changes, JsonOptions),
            };
        }
        _pending.Clear();
    }

    /// <summary>
    /// The "created" entry of a new record written without the change tracker (the import's COPY of
    /// new accounts), exactly as <see cref="Capture(IEnumerable{EntityEntry})"/> and <see cref="Complete"/>
    /// write it for an Added record: the same fields in the same order, the same JSON. The record's
    /// id must be set. A writer per entity type is built once (typed getters, values formatted into
    /// a buffer, see <see cref="CreatedField"/>): no reflection, boxing or serializer per record.
    /// </summary>
    public static AuditEntry Created(Microsoft.EntityFrameworkCore.Metadata.IEntityType type, Entity entity, Viewer viewer, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(viewer);
        var fields = CreatedFields.GetOrAdd(type, static t => [.. t.GetProperties()
            .Where(p => !Skipped.Contains(p.Name) && !p.IsShadowProperty())
            .Select(p => CreatedField.For(FieldName(p.Name), p.PropertyInfo!))]);
        var buffer = JsonBuffer ??= new System.Buffers.ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var json = JsonWriter ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        json.WriteStartArray();
        foreach (var field in fields)
        {
            field.Write(json, entity);
        }
        json.WriteEndArray();
        json.Flush();
        return new AuditEntry
        {
            At = now,
            UserId = viewer.UserId,
            UserName = viewer.Name,
            EntityType = TypeName(entity.GetType()),
            EntityId = entity.Id,
            AccountId = ((IAudited)entity).AuditAccountId,
            Action = AuditAction.Created,
            Changes = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan),
        };
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IEntityType, CreatedField[]> CreatedFields = new();

    private static readonly JsonEncodedText FieldKey = JsonEncodedText.Encode("field");
    private static readonly JsonEncodedText OldKey = JsonEncodedText.Encode("old");
    private static readonly JsonEncodedText NewKey = JsonEncodedText.Encode("new");

    [ThreadStatic]
    private static System.Buffers.ArrayBufferWriter<byte>? JsonBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? JsonWriter;

    /// <summary>
    /// One field of a "created" entry: reads the property typed and writes <c>{"field","old":null,"new"}</c>
    /// when the value, formatted as <see cref="Write"/> formats it, is not empty.
    /// </summary>
    private abstract class CreatedField(string name)
    {
        private readonly JsonEncodedText _name = JsonEncodedText.Encode(name);

        public abstract void Write(Utf8JsonWriter json, object entity);

        protected void Entry(Utf8JsonWriter json, ReadOnlySpan<char> value)
        {
            if (value.IsEmpty)
            {
                return;
            }
            json.WriteStartObject();
            json.WriteString(FieldKey, _name);
            json.WriteNull(OldKey);
            json.WriteString(NewKey, value);
            json.WriteEndObject();
        }

        public static CreatedField For(string name, System.Reflection.PropertyInfo info)
        {
            var clr = info.PropertyType;
            var bare = Nullable.GetUnderlyingType(clr) ?? clr;
            if (clr == typeof(string))
            {
                return new TextField(name, Getter<string?>(info));
            }
            if (bare.IsEnum)
            {
                return (CreatedField)Activator.CreateInstance(typeof(EnumField<>).MakeGenericType(bare), name, GetterOf(info, bare))!;
            }
            if (bare == typeof(bool))
            {
                return new BoolField(name, Getter<bool?>(info));
            }
            if (bare.IsValueType && typeof(ISpanFormattable).IsAssignableFrom(bare))
            {
                // Write: DateTime and DateOnly round-trip ("O"), other numbers and values their invariant default.
                var format = bare == typeof(DateTime) || bare == typeof(DateOnly) ? "O" : null;
                return (CreatedField)Activator.CreateInstance(typeof(FormattedField<>).MakeGenericType(bare), name, GetterOf(info, bare), format)!;
            }
            return new BoxedField(name, info.GetValue);
        }

        /// <summary>(object e) =&gt; (TValue)((Declaring)e).Property, compiled once.</summary>
        private static Func<object, TValue> Getter<TValue>(System.Reflection.PropertyInfo info)
        {
            var entity = System.Linq.Expressions.Expression.Parameter(typeof(object), "entity");
            var read = System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Convert(entity, info.DeclaringType!), info);
            return System.Linq.Expressions.Expression.Lambda<Func<object, TValue>>(System.Linq.Expressions.Expression.Convert(read, typeof(TValue)), entity).Compile();
        }

        /// <summary>The getter as (object e) =&gt; (T?)e.Property for a value type T.</summary>
        private static Delegate GetterOf(System.Reflection.PropertyInfo info, Type bare) =>
            (Delegate)typeof(CreatedField).GetMethod(nameof(Getter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(typeof(Nullable<>).MakeGenericType(bare)).Invoke(null, [info])!;

        private sealed class TextField(string name, Func<object, string?> get) : CreatedField(name)
        {
            public override void Write(Utf8JsonWriter json, object entity) => Entry(json, get(entity));
        }

        private sealed class BoolField(string name, Func<object, bool?> get) : CreatedField(name)
        {
            public override void Write(Utf8JsonWriter json, object entity)
            {
                if (get(entity) is { } value)
                {
                    Entry(json, value ? "true" : "false");
                }
            }
        }

        private sealed class EnumField<TEnum>(string name, Func<object, TEnum?> get) : CreatedField(name)
            where TEnum : struct, Enum
        {
            private static readonly Dictionary<TEnum, string> Names = Enum.GetValues<TEnum>().Distinct()
                .ToDictionary(v => v, v => Auditor.Write(v)!);

            public override void Write(Utf8JsonWriter json, object entity)
            {
                if (get(entity) is { } value)
                {
                    Entry(json, Names.TryGetValue(value, out var known) ? known : Auditor.Write(value));
                }
            }
        }

        private sealed class FormattedField<TValue>(string name, Func<object, TValue?> get, string? format) : CreatedField(name)
            where TValue : struct, ISpanFormattable
        {
            public override void Write(Utf8JsonWriter json, object entity)
            {
                if (get(entity) is not { } value)
                {
                    return;
                }
                Span<char> text = stackalloc char[64];
                if (value.TryFormat(text, out var length, format, CultureInfo.InvariantCulture))
                {
                    Entry(json, text[..length]);
                }
                else
                {
                    Entry(json, value.ToString(format, CultureInfo.InvariantCulture));
                }
            }
        }

        private sealed class BoxedField(string name, Func<object?, object?> get) : CreatedField(name)
        {
            public override void Write(Utf8JsonWriter json, object entity) => Entry(json, Auditor.Write(get(entity)));
        }
    }

    /// <summary>The record kind as the API names it.</summary>
    public static string TypeName(Type type) => type.Name switch
    {
        "TaskItem" => "task",
        var n => char.ToLowerInvariant(n[0]) + n[1..],
    };

    private static string FieldName(string property) => char.ToLowerInvariant(property[0]) + property[1..];

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    internal static string? Write(object? value) => value switch
    {
        null => null,
        string s => s,
        Enum e => JsonNamingPolicy.CamelCase.ConvertName(e.ToString()),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable list => string.Join(", ", list.Cast<object?>().Select(Write)),
        _ => value.ToString(),
    };
}
