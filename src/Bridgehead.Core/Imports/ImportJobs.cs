using System.Text.Json;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Tabular;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Imports;

/// <summary>
/// Starts an import of an uploaded file: checks the mapping (headers of the file to fields of the
/// kind, each field at most once, the required ones and an account reference mapped) and the
/// importer's right (403), creates the job (Pending) and hands it to this instance's worker;
/// without one (or should this instance die) the background job "imports" picks it up.
/// </summary>
public sealed class StartImport(BridgeheadDb db, ImportFolder folder, ImportQueue? queue = null)
{
    public async Task<ImportJobDto> HandleAsync(StartImportInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var job = await CreateAsync(input, ct);
        queue?.Enqueue(job.Id);
        return job;
    }

    /// <summary>Creates the Pending job without handing it to a worker (the command line runs it itself).</summary>
    public async Task<ImportJobDto> CreateAsync(StartImportInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var v = new Validator();
        if (input.Entity is not { } entity || !Enum.IsDefined(entity))
        {
            v.Add("entity", input.Entity is null ? CommonText.Required : CommonText.UnknownValue);
            v.ThrowIfInvalid();
            return null!;
        }
        var target = ImportTargets.Find(entity);
        if (target is null)
        {
            throw ValidationException.For("entity", ImportsText.EntityNotAvailable);
        }
        if (!target.MayImport(viewer))
        {
            throw new ForbiddenException(CommonText.ReadOnlyRole);
        }
        var path = UploadImportFile.PathFor(folder, input.StoredFile, viewer);
        if (path is null)
        {
            v.Add("storedFile", ImportsText.FileGone);
            v.ThrowIfInvalid();
        }
        var format = TabularWriter.Parse(Path.GetExtension(input.StoredFile!).TrimStart('.'))!.Value;
        IReadOnlyList<string> headers;
        try
        {
            using var reader = TabularReader.Open(path!, format);
            headers = reader.Headers;
        }
        catch (InvalidDataException e)
        {
            throw ValidationException.For("storedFile", Validator.Format(ImportsText.Unreadable, e.Message));
        }
        var mapping = CheckMapping(entity, headers, input.Mapping ?? new Dictionary<string, string>(), v);
        var fileName = Text.Clean(input.FileName) ?? input.StoredFile!;
        v.MaxLength("fileName", fileName, ImportJob.MaxFileName);
        var json = JsonSerializer.Serialize(mapping);
        if (json.Length > ImportJob.MaxMapping)
        {
            v.Add("mapping", Validator.Format(CommonText.TooLong, ImportJob.MaxMapping));
        }
        v.ThrowIfInvalid();

        var job = new ImportJob
        {
            Entity = entity,
            Format = format,
            FileName = fileName,
            StoredFile = input.StoredFile!,
            Mapping = json,
            Status = ImportStatus.Pending,
            CreatedById = viewer.UserId ?? throw new ForbiddenException(CommonText.ReadOnlyRole),
        };
        db.ImportJobs.Add(job);
        await db.SaveAsync(ct);
        return ImportJobMapping.ToDto(job);
    }

    /// <summary>The mapping as given, checked; errors are named "mapping" (the message names the column or field).</summary>
    internal static Dictionary<string, string> CheckMapping(ImportEntity entity, IReadOnlyList<string> headers, IReadOnlyDictionary<string, string> given, Validator v)
    {
        var fields = ImportFields.For(entity);
        var keys = fields.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (header, field) in given)
        {
            var key = Text.Clean(field);
            if (key is null)
            {
                continue; // an unmapped column
            }
            if (!headers.Contains(header, StringComparer.Ordinal))
            {
                v.Add("mapping", Validator.Format(ImportsText.MappingUnknownHeader, header));
            }
            else if (!keys.TryGetValue(key, out var known))
            {
                v.Add("mapping", Validator.Format(ImportsText.MappingUnknownField, key));
            }
            else if (mapping.ContainsValue(key))
            {
                v.Add("mapping", Validator.Format(ImportsText.MappingFieldTwice, known.Label));
            }
            else
            {
                mapping[header] = key;
            }
        }
        var mapped = mapping.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var field in fields.Where(f => f.Required && !mapped.Contains(f.Key)))
        {
            v.Add("mapping", Validator.Format(ImportsText.MappingRequired, field.Label));
        }
        if (entity is ImportEntity.Contacts or ImportEntity.Opportunities or ImportEntity.Orders
            && !mapped.Contains("accountId") && !mapped.Contains("accountExternalId"))
        {
            v.Add("mapping", ImportsText.MappingAccountNeeded);
        }
        if (entity == ImportEntity.Orders && !mapped.Contains("id") && !mapped.Contains("externalId"))
        {
            v.Add("mapping", ImportsText.MappingOrderKey);
        }
        return mapping;
    }
}

/// <summary>One import the caller may see (its starter or an admin); 404 otherwise.</summary>
public sealed class GetImportJob(BridgeheadDb db)
{
    public async Task<ImportJobDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct) ?? throw new NotFoundException("import");
        return ImportJobMapping.ToDto(job);
    }
}

/// <summary>The caller's imports (an admin's: everyone's), newest first.</summary>
public sealed class ListImportJobs(BridgeheadDb db)
{
    public const int MaxLimit = 200;

    public async Task<IReadOnlyList<ImportJobDto>> HandleAsync(int limit, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var take = Math.Clamp(limit, 1, MaxLimit);
        var jobs = await db.ImportJobs.AsNoTracking().OrderByDescending(j => j.Id).Take(take).ToListAsync(ct);
        return [.. jobs.Select(ImportJobMapping.ToDto)];
    }
}

/// <summary>Stops an import after its current batch (what was committed stays); 409 once it has finished.</summary>
public sealed class CancelImport(BridgeheadDb db, ImportFolder folder)
{
    public async Task<ImportJobDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct) ?? throw new NotFoundException("import");
        var now = db.Clock.GetUtcNow().UtcDateTime;
        // Raising the version tells a running worker, whose next write then fails its version check.
        var changed = await db.ImportJobs
            .Where(j => j.Id == id && (j.Status == ImportStatus.Pending || j.Status == ImportStatus.Running))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ImportStatus.Cancelled)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.UpdatedAt, now)
                .SetProperty(j => j.Version, j => j.Version + 1), ct);
        if (changed == 0)
        {
            throw new ConflictException([ImportsText.AlreadyFinished]);
        }
        if (job.Status == ImportStatus.Pending && UploadImportFile.PathOf(folder, job.StoredFile) is { } path)
        {
            ImportRunner.TryDelete(path);
        }
        return ImportJobMapping.ToDto(await db.ImportJobs.AsNoTracking().FirstAsync(j => j.Id == id, ct));
    }
}

/// <summary>One problem of an import's row, for pages.</summary>
public sealed record ImportErrorDto(int RowNumber, string? Field, string? FieldLabel, string Message, IReadOnlyList<string?> Values);

/// <summary>An import's row problems in row order (its starter or an admin; 404 otherwise).</summary>
public sealed class ListImportErrors(BridgeheadDb db)
{
    public async Task<IReadOnlyList<ImportErrorDto>> HandleAsync(long id, int limit, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct) ?? throw new NotFoundException("import");
        var errors = await db.ImportRowErrors.AsNoTracking().Where(e => e.JobId == id && e.RowNumber > 0)
            .OrderBy(e => e.RowNumber).ThenBy(e => e.Id).Take(Math.Clamp(limit, 1, 10_000)).ToListAsync(ct);
        return [.. errors.Select(e => new ImportErrorDto(e.RowNumber, e.Field, ImportJobMapping.FieldLabel(job.Entity, e.Field), e.Message, ImportJobMapping.Cells(e.Values)))];
    }
}

/// <summary>
/// The error report of an import as CSV or XLSX: the file's own columns, then "row" and "error"
/// ("field: message"), one line per problem, so it can be fixed and imported again. Its starter or
/// an admin only (404 otherwise).
/// </summary>
public sealed class ImportErrorReport(BridgeheadDb db)
{
    public async Task<string> HandleAsync(long id, TabularFormat format, Stream output, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct) ?? throw new NotFoundException("import");
        var header = await db.ImportRowErrors.AsNoTracking().Where(e => e.JobId == id && e.RowNumber == 0).Select(e => e.Values).FirstOrDefaultAsync(ct);
        var columns = header is null ? [] : ImportJobMapping.Cells(header).Select(c => c ?? "").ToList();
        var errors = await db.ImportRowErrors.AsNoTracking().Where(e => e.JobId == id && e.RowNumber > 0)
            .OrderBy(e => e.RowNumber).ThenBy(e => e.Id).ToListAsync(ct);
        var headers = columns.Concat([ImportsText.RowColumn, ImportsText.ErrorColumn]).ToList();
        var rows = errors.Select(e =>
        {
            var cells = ImportJobMapping.Cells(e.Values);
            var row = new object?[headers.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                row[i] = i < cells.Count ? cells[i] : null;
            }
            row[columns.Count] = e.RowNumber;
            row[columns.Count + 1] = ImportJobMapping.FieldLabel(job.Entity, e.Field) is { } label ? label + ": " + e.Message : e.Message;
            return row;
        });
        await TabularWriter.WriteAsync(output, format, headers, rows, ct);
        return Path.GetFileNameWithoutExtension(job.FileName) + ".errors" + TabularWriter.Extension(format);
    }
}

/// <summary>The field catalogue of a kind with labels in the caller's language, for clients building a mapping.</summary>
public sealed record ImportFieldDto(string Key, ImportFieldKind Kind, bool Required, string Label);

internal static class ImportJobMapping
{
    public static ImportJobDto ToDto(ImportJob j) => new(
        j.Id, j.Entity, j.Format, j.FileName, j.Status, j.TotalRows, j.ProcessedRows,
        j.TotalRows is { } total ? (total == 0 ? 100 : (int)Math.Min(j.Status == ImportStatus.Running ? 99 : 100, (long)j.ProcessedRows * 100 / total)) : null,
        j.CreatedRows, j.UpdatedRows, j.UnchangedRows, j.ErrorRows, Read(j.Mapping), j.CreatedById, j.CreatedAt,
        j.StartedAt, j.FinishedAt, j.Failure, j.Version);

    public static Dictionary<string, string> Read(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    public static IReadOnlyList<string?> Cells(string json) => JsonSerializer.Deserialize<List<string?>>(json) ?? [];

    public static string? FieldLabel(ImportEntity entity, string? field) =>
        field is null ? null : ImportFields.For(entity).FirstOrDefault(f => f.Key == field)?.Label ?? field;
}
