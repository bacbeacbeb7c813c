using System.Text.Json;
using System.Text.Json.Serialization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Imports;

/// <summary>
/// Writes a column mapping's keys exactly as the file's headers are ("Account Name"), where the
/// API's camelCase dictionary-key policy would write "account Name"; reads them as they come.
/// </summary>
public sealed class ExactKeysJson : JsonConverter<IReadOnlyDictionary<string, string?>>
{
    public override IReadOnlyDictionary<string, string?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected an object of column header to field key.");
        }
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString() ?? "";
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                result[key] = null;
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                result[key] = reader.GetString();
            }
            else
            {
                throw new JsonException("A field key must be a string.");
            }
        }
        return result;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string?> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (key, field) in value)
        {
            if (field is null)
            {
                writer.WriteNull(key);
            }
            else
            {
                writer.WriteString(key, field);
            }
        }
        writer.WriteEndObject();
    }
}

/// <summary>A saved column mapping as the API and pages show it.</summary>
/// <param name="Mine">Whether the caller made it (and so may change it; admins may change any).</param>
public sealed record ImportMappingDto(
    long Id,
    ImportEntity Entity,
    string Name,
    [property: JsonConverter(typeof(ExactKeysJson))] IReadOnlyDictionary<string, string> Columns,
    bool IsShared,
    long CreatedById,
    string CreatedByName,
    bool Mine,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

/// <summary>The body of POST /import-mappings.</summary>
public sealed record ImportMappingInput
{
    public ImportEntity? Entity { get; init; }

    public string? Name { get; init; }

    /// <summary>Column header to field key; a blank field key means "do not import" and is dropped.</summary>
    [JsonConverter(typeof(ExactKeysJson))]
    public IReadOnlyDictionary<string, string?>? Columns { get; init; }

    public bool IsShared { get; init; }
}

/// <summary>The body of PATCH /import-mappings/{id}, merged onto the current values (JSON merge patch; the kind stays).</summary>
public sealed record ImportMappingPatch
{
    public string? Name { get; init; }

    [JsonConverter(typeof(ExactKeysJson))]
    public IReadOnlyDictionary<string, string?>? Columns { get; init; }

    public bool IsShared { get; init; }
}

/// <summary>
/// Who may keep mappings and the checks they pass. Sales writers and admins save mappings (a
/// mapping serves an import, which only they start); sharing one with everyone is for managers
/// and admins (a rep asking to share gets 403). Only the author, or an admin, changes or deletes a
/// mapping: for anyone else it does not exist (404), even a shared one they can read.
/// </summary>
public static class ImportMappingRules
{
    public static Viewer RequireKeeper(Viewer? viewer)
    {
        var v = Access.Require(viewer);
        return v.CanEditSales && v.UserId is not null ? v : throw new ForbiddenException(ImportMappingsText.WritersOnly);
    }

    public static bool MayShare(Viewer viewer) => viewer.Role is Role.Manager or Role.Admin;

    public static void RequireShareRight(Viewer viewer, bool isShared)
    {
        if (isShared && !MayShare(viewer))
        {
            throw new ForbiddenException(ImportMappingsText.SharingManagersOnly);
        }
    }

    /// <summary>Checks a name and columns; returns the cleaned name and the columns that map to a field.</summary>
    public static (string Name, Dictionary<string, string> Columns) Validate(Validator v, ImportEntity entity, string? name, IReadOnlyDictionary<string, string?>? columns)
    {
        var clean = Text.Clean(name);
        v.Required("name", clean, ImportMapping.MaxName);
        var result = Columns(v, "columns", entity, columns);
        return (clean ?? "", result);
    }

    /// <summary>
    /// Checks a column mapping: at least one column, headers not blank, every field a known key of
    /// the kind and filled by one column only; all problems are said on <paramref name="field"/>.
    /// </summary>
    public static Dictionary<string, string> Columns(Validator v, string field, ImportEntity entity, IReadOnlyDictionary<string, string?>? columns)
    {
        var keys = ImportFields.For(entity).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var twice = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (header, key) in columns ?? new Dictionary<string, string?>())
        {
            if (Text.Clean(key) is not { } fieldKey)
            {
                continue;
            }
            if (string.IsNullOrWhiteSpace(header))
            {
                v.Add(field, ImportMappingsText.BlankHeader);
                continue;
            }
            if (!keys.Contains(fieldKey))
            {
                unknown.Add(fieldKey);
                continue;
            }
            if (!seen.Add(fieldKey))
            {
                twice.Add(fieldKey);
            }
            result[header] = fieldKey;
        }
        if (unknown.Count > 0)
        {
            v.Add(field, Validator.Format(ImportMappingsText.UnknownFields, string.Join(", ", unknown.Distinct()), string.Join(", ", keys)));
        }
        if (twice.Count > 0)
        {
            v.Add(field, Validator.Format(ImportMappingsText.FieldTwice, string.Join(", ", twice)));
        }
        if (result.Count == 0 && unknown.Count == 0 && !v.HasError(field))
        {
            v.Add(field, ImportMappingsText.NoColumns);
        }
        if (result.Count > 0 && JsonSerializer.Serialize(result).Length > ImportJob.MaxMapping)
        {
            v.Add(field, ImportMappingsText.TooManyColumns);
        }
        return result;
    }

    public static IReadOnlyDictionary<string, string> Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    internal static async Task<ImportMappingDto> DtoAsync(BridgeheadDb db, ImportMapping m, CancellationToken ct)
    {
        var author = await db.Users.AsNoTracking().Where(u => u.Id == m.CreatedById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        return Dto(m, author, db.Viewer?.UserId);
    }

    internal static ImportMappingDto Dto(ImportMapping m, string author, long? viewerId) =>
        new(m.Id, m.Entity, m.Name, Parse(m.Columns), m.IsShared, m.CreatedById, author, m.CreatedById == viewerId, m.CreatedAt, m.UpdatedAt, m.Version);

    /// <summary>A mapping the caller may change: their own, or any for an admin; 404 otherwise.</summary>
    internal static async Task<ImportMapping> EditableAsync(BridgeheadDb db, Viewer viewer, long id, CancellationToken ct)
    {
        var m = await db.ImportMappings.FirstOrDefaultAsync(x => x.Id == id, ct);
        return m is not null && (m.CreatedById == viewer.UserId || viewer.IsAdmin) ? m : throw new NotFoundException("importMapping");
    }

    internal static async Task SaveUniqueAsync(BridgeheadDb db, ImportMapping m, CancellationToken ct)
    {
        var author = m.CreatedById;
        if (await db.ImportMappings.IgnoreQueryFilters().AnyAsync(x => x.CreatedById == author && x.Entity == m.Entity && x.Name == m.Name && x.Id != m.Id, ct))
        {
            throw Taken(m.Name);
        }
        try
        {
            await db.SaveAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // Saved under the same name a moment ago.
            db.ChangeTracker.Clear();
            throw Taken(m.Name);
        }
    }

    private static ConflictException Taken(string name) => new([Validator.Format(ImportMappingsText.NameTaken, name)]);
}

/// <summary>The saved mappings the caller may use: their own and the shared ones (an admin: all), optionally of one kind, by name.</summary>
public sealed class ListImportMappings(BridgeheadDb db)
{
    public async Task<IReadOnlyList<ImportMappingDto>> HandleAsync(ImportEntity? entity, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        if (!viewer.CanEditSales)
        {
            return [];
        }
        var query = db.ImportMappings.AsNoTracking();
        if (entity is { } e)
        {
            query = query.Where(m => m.Entity == e);
        }
        var rows = await query
            .OrderBy(m => m.Entity).ThenBy(m => m.Name).ThenBy(m => m.Id)
            .Select(m => new { Mapping = m, Author = db.Users.Where(u => u.Id == m.CreatedById).Select(u => u.DisplayName).FirstOrDefault() })
            .Take(500)
            .ToListAsync(ct);
        return [.. rows.Select(r => ImportMappingRules.Dto(r.Mapping, r.Author ?? "", viewer.UserId))];
    }
}

/// <summary>One saved mapping the caller may use; 404 otherwise.</summary>
public sealed class GetImportMapping(BridgeheadDb db)
{
    public async Task<ImportMappingDto> HandleAsync(long id, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        var m = viewer.CanEditSales ? await db.ImportMappings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        return m is null ? throw new NotFoundException("importMapping") : await ImportMappingRules.DtoAsync(db, m, ct);
    }
}

/// <summary>A sales writer saves a column mapping under a name for the next file of the same shape.</summary>
public sealed class CreateImportMapping(BridgeheadDb db)
{
    public async Task<ImportMappingDto> HandleAsync(ImportMappingInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var viewer = ImportMappingRules.RequireKeeper(db.Viewer);
        ImportMappingRules.RequireShareRight(viewer, input.IsShared);
        var v = new Validator();
        if (input.Entity is null)
        {
            v.Add("entity", CommonText.Required);
        }
        v.Defined("entity", input.Entity);
        var entity = input.Entity is { } e && Enum.IsDefined(e) ? e : (ImportEntity?)null;
        var name = Text.Clean(input.Name);
        var columns = new Dictionary<string, string>();
        if (entity is { } kind)
        {
            (name, columns) = ImportMappingRules.Validate(v, kind, input.Name, input.Columns);
        }
        else
        {
            v.Required("name", name, ImportMapping.MaxName);
        }
        v.ThrowIfInvalid();
        var mapping = db.ImportMappings.Add(new ImportMapping
        {
            Entity = entity!.Value,
            Name = name!,
            Columns = JsonSerializer.Serialize(columns),
            IsShared = input.IsShared,
            CreatedById = viewer.UserId!.Value,
        }).Entity;
        await ImportMappingRules.SaveUniqueAsync(db, mapping, ct);
        return await ImportMappingRules.DtoAsync(db, mapping, ct);
    }
}

/// <summary>The author (or an admin) renames, remaps or shares a saved mapping (If-Match).</summary>
public sealed class UpdateImportMapping(BridgeheadDb db)
{
    public async Task<ImportMappingDto> HandleAsync(long id, long? expectedVersion, Func<ImportMappingPatch, ImportMappingPatch> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var viewer = ImportMappingRules.RequireKeeper(db.Viewer);
        var mapping = await ImportMappingRules.EditableAsync(db, viewer, id, ct);
        Concurrency.Expect(db, mapping, expectedVersion);
        var next = change(new ImportMappingPatch
        {
            Name = mapping.Name,
            Columns = ImportMappingRules.Parse(mapping.Columns).ToDictionary(c => c.Key, c => (string?)c.Value, StringComparer.Ordinal),
            IsShared = mapping.IsShared,
        });
        if (next.IsShared != mapping.IsShared)
        {
            ImportMappingRules.RequireShareRight(viewer, next.IsShared);
        }
        var v = new Validator();
        var (name, columns) = ImportMappingRules.Validate(v, mapping.Entity, next.Name, next.Columns);
        v.ThrowIfInvalid();
        mapping.Name = name;
        mapping.Columns = JsonSerializer.Serialize(columns);
        mapping.IsShared = next.IsShared;
        await ImportMappingRules.SaveUniqueAsync(db, mapping, ct);
        return await ImportMappingRules.DtoAsync(db, mapping, ct);
    }
}

/// <summary>The author (or an admin) deletes a saved mapping (If-Match); imports that used it keep their own copy.</summary>
public sealed class DeleteImportMapping(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        var viewer = ImportMappingRules.RequireKeeper(db.Viewer);
        var mapping = await ImportMappingRules.EditableAsync(db, viewer, id, ct);
        Concurrency.Expect(db, mapping, expectedVersion);
        db.ImportMappings.Remove(mapping);
        await db.SaveAsync(ct);
    }
}

/// <summary>Maps a file's headers to fields (see <see cref="ImportPresets.AutoMap"/>); open to anyone who may keep mappings.</summary>
public sealed class AutoMapImport(BridgeheadDb db)
{
    public Task<AutoMapResult> HandleAsync(ImportEntity? entity, IReadOnlyList<string?>? headers, string? preset, CancellationToken ct)
    {
        ImportMappingRules.RequireKeeper(db.Viewer);
        var v = new Validator();
        if (entity is null)
        {
            v.Add("entity", CommonText.Required);
        }
        v.Defined("entity", entity);
        if (headers is null || headers.Count == 0)
        {
            v.Add("headers", CommonText.Required);
        }
        else if (headers.Count > 1000)
        {
            v.Add("headers", Validator.Format(CommonText.OutOfRange, 1, 1000));
        }
        var system = Text.Clean(preset)?.ToLowerInvariant();
        if (system is not null && system is not ("auto" or "none") && !ImportPresets.Systems.Contains(system))
        {
            v.Add("preset", Validator.Format(ImportMappingsText.UnknownPreset, string.Join(", ", ImportPresets.Systems.Append("auto").Append("none"))));
        }
        v.ThrowIfInvalid();
        _ = ct;
        return Task.FromResult(ImportPresets.AutoMap(entity!.Value, [.. headers!.Select(h => h ?? "")], system));
    }
}
