using Bridgehead.Data;
using Bridgehead.Identity;

namespace Bridgehead.Imports;

/// <summary>One data row after mapping: its cells by field key (trimmed; blank is null) and the row as read from the file.</summary>
public sealed record ImportRow(int RowNumber, IReadOnlyDictionary<string, string?> Fields, IReadOnlyList<string?> Cells)
{
    public string? this[string key] => Fields.GetValueOrDefault(key);
}

/// <summary>Why a row was not taken: the field key at fault (null for the row as a whole) and a message in the importer's language that names no record the importer may not see.</summary>
public sealed record ImportProblem(int RowNumber, string? Field, string Message);

/// <summary>
/// Turns mapped rows into records of one kind; one class per kind, found by reflection. A target
/// validates each row, finds the record the row updates (by id or external id, through the
/// importer's visibility: an external id used by a record the importer may not see is a problem
/// of the row, worded without naming that record), and applies the row to the tracked context:
/// new records (and their parts) are Added with Id 0, existing ones changed in place. It never
/// saves: the engine writes the batch (binary COPY of new records on PostgreSQL, batched inserts
/// on SQLite) together with the job's progress, in one transaction. A row with a problem changes
/// nothing. Rows of one batch that share an external id update the same record.
/// </summary>
public interface IImportTarget
{
    ImportEntity Entity { get; }

    /// <summary>Whether this viewer may import this kind of record (others get 403).</summary>
    bool MayImport(Viewer viewer);

    /// <summary>Applies the rows to <paramref name="db"/> (whose viewer is the importer) and returns the problems of the rows it did not take.</summary>
    Task<IReadOnlyList<ImportProblem>> ApplyAsync(BridgeheadDb db, IReadOnlyList<ImportRow> rows, CancellationToken ct);
}

/// <summary>An import as the API and pages show it.</summary>
/// <param name="Percent">0-100 of the rows processed, null while the rows are not counted yet.</param>
public sealed record ImportJobDto(
    long Id,
    ImportEntity Entity,
    TabularFormat Format,
    string FileName,
    ImportStatus Status,
    int? TotalRows,
    int ProcessedRows,
    int? Percent,
    int CreatedRows,
    int UpdatedRows,
    int UnchangedRows,
    int ErrorRows,
    IReadOnlyDictionary<string, string> Mapping,
    long CreatedById,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? Failure,
    long Version);

/// <summary>An uploaded file kept for import: its header row and first rows for the preview.</summary>
/// <param name="StoredFile">The name the file is kept under in the imports folder; pass it to <see cref="StartImportInput"/>.</param>
public sealed record ImportUpload(string StoredFile, string FileName, TabularFormat Format, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string?>> Sample);

/// <summary>What to import: the kind, the uploaded file and its column mapping (column header to field key).</summary>
public sealed record StartImportInput(ImportEntity? Entity, string? StoredFile, string? FileName, IReadOnlyDictionary<string, string>? Mapping);
