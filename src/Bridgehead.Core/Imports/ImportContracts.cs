using Bridgehead.Data;
using Bridgehead.Identity;

namespace Bridgehead.Imports;

/// <summary>One data row after mapping: its cells by field key (trimmed; blank is null) and the row as read from the file.</summary>
public sealed record ImportRow(int RowNumber, IReadOnlyDictionary<string, string?> Fields, IReadOnlyList<string?> Cells)
{
    public string? this[string key] => Fields.GetValueOrDefault(key);

    /// <summary>What <see cref="IPreparingImportTarget.Prepare"/> made of the row on the reader's thread, if anything.</summary>
    public object? Prepared { get; internal set; }
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

/// <summary>
/// A target that can make a row's checks that need no database ahead, on the engine's reader
/// thread, while the previous batch is being written; <see cref="IImportTarget.ApplyAsync"/> uses
/// <see cref="ImportRow.Prepared"/> when it is there and checks the row itself when it is not.
/// Must not touch the target's state (it runs on another thread).
/// </summary>
public interface IPreparingImportTarget : IImportTarget
{
    object Prepare(ImportRow row);
}

/// <summary>
/// A target whose new records the engine can copy in on PostgreSQL without the change tracker:
/// <see cref="ApplyForCopyAsync"/> applies rows exactly as <see cref="IImportTarget.ApplyAsync"/>
/// does (same checks, same problems, existing records changed in the context), except that new
/// records are kept aside as plain objects; <see cref="WriteNewAsync"/> then gives them their ids
/// and writes them and their "created" audit entries by binary COPY, inside the batch's transaction
/// and before the context saves its updates.
/// </summary>
public interface IBulkImportTarget : IImportTarget
{
    /// <summary>As <see cref="IImportTarget.ApplyAsync"/>, keeping new records out of the context.</summary>
    Task<IReadOnlyList<ImportProblem>> ApplyForCopyAsync(BridgeheadDb db, IReadOnlyList<ImportRow> rows, CancellationToken ct);

    /// <summary>The new records kept aside by the last <see cref="ApplyForCopyAsync"/>.</summary>
    int NewCount { get; }

    /// <summary>Writes the records kept aside (PostgreSQL, in the context's current transaction) and forgets them.</summary>
    Task WriteNewAsync(BridgeheadDb db, CancellationToken ct);

    /// <summary>
    /// Whether the rows of the next batch must wait for this instance's batch (the last one applied)
    /// to be committed before they are applied: true when they could read what this batch writes (they
    /// name one of its records by id or external id, or this batch changed records that existed
    /// before). Otherwise the engine applies them while this batch is written. Reads only what the
    /// last <see cref="ApplyForCopyAsync"/> kept (the engine uses a fresh instance per batch).
    /// </summary>
    bool MustCommitBefore(IReadOnlyList<ImportRow> next);

    /// <summary>Where the engine sums the target's time per phase (null: not measured).</summary>
    ImportTimings? Timings { get; set; }
}

/// <summary>
/// The mapped cells of one row as a read-only dictionary over an array: the field positions are
/// shared by every row of a run, so a row costs one array instead of a dictionary of its own.
/// </summary>
public sealed class MappedCellDictionary(IReadOnlyDictionary<string, int> positions, string?[] values) : IReadOnlyDictionary<string, string?>
{
    public string? this[string key] => values[positions[key]];

    public IEnumerable<string> Keys => positions.Keys;

    public IEnumerable<string?> Values => positions.Values.Select(i => values[i]);

    public int Count => positions.Count;

    public bool ContainsKey(string key) => positions.ContainsKey(key);

    public bool TryGetValue(string key, out string? value)
    {
        if (positions.TryGetValue(key, out var i))
        {
            value = values[i];
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() =>
        positions.Select(p => new KeyValuePair<string, string?>(p.Key, values[p.Value])).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>An import as the API and pages show it.</summary>
/// <param name="Percent">0-100 of the rows processed (below 100 while running: a CSV's total is estimated from the bytes read until the end), null before the first batch.</param>
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
