using Bridgehead.Common;

namespace Bridgehead.Imports;

/// <summary>What a file brings in.</summary>
public enum ImportEntity
{
    Accounts,
    Contacts,
    Opportunities,
    Products,
    Orders,
}

/// <summary>Where an import stands.</summary>
public enum ImportStatus
{
    /// <summary>Uploaded and mapped, waiting for a worker.</summary>
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>Spreadsheet formats read and written.</summary>
public enum TabularFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// One import of a file: what it brings in, how its columns map to fields, and how far it got.
/// Rows are committed in batches; <see cref="ProcessedRows"/> is written in the same transaction
/// as each batch, so a run that dies resumes after the last committed batch without duplicates
/// (and external ids make a repeated row an update, not a new record). Visible to the user who
/// started it and to admins.
/// </summary>
public sealed class ImportJob : Entity
{
    public const int MaxFileName = 260;
    public const int MaxMapping = 20_000;
    public const int MaxFailure = 2000;

    public ImportEntity Entity { get; set; }

    public TabularFormat Format { get; set; }

    /// <summary>The name the file had when uploaded (for people to recognise it).</summary>
    public required string FileName { get; set; }

    /// <summary>Name of the stored copy inside the data folder's imports folder.</summary>
    public required string StoredFile { get; set; }

    /// <summary>JSON object: column header in the file to field key (see <see cref="ImportFields"/>); unmapped columns are ignored.</summary>
    public required string Mapping { get; set; }

    public ImportStatus Status { get; set; }

    /// <summary>Data rows in the file (header excluded), once counted.</summary>
    public int? TotalRows { get; set; }

    /// <summary>Data rows whose batch has been committed: where a resumed run starts.</summary>
    public int ProcessedRows { get; set; }

    public int CreatedRows { get; set; }

    public int UpdatedRows { get; set; }

    /// <summary>Rows that matched a record by external id and changed nothing.</summary>
    public int UnchangedRows { get; set; }

    public int ErrorRows { get; set; }

    public long CreatedById { get; set; }

    public DateTime? StartedAt { get; set; }

    /// <summary>Last sign of life of the run; a running job silent for long is taken over and resumed.</summary>
    public DateTime? HeartbeatAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Why the whole run stopped (not a row's error).</summary>
    public string? Failure { get; set; }
}

/// <summary>Why one row of an import was not taken; the row's own cells are kept so the report can be fixed and imported again.</summary>
public sealed class ImportRowError
{
    public const int MaxField = 100;
    public const int MaxMessage = 1000;
    public const int MaxValues = 8000;

    public long Id { get; set; }

    public long JobId { get; set; }

    /// <summary>1-based data row number (the header is row 0).</summary>
    public int RowNumber { get; set; }

    /// <summary>The field key at fault, or null for the row as a whole.</summary>
    public string? Field { get; set; }

    /// <summary>The message in the importer's language; never names a record the importer may not see.</summary>
    public required string Message { get; set; }

    /// <summary>JSON array of the row's cells as read from the file.</summary>
    public required string Values { get; set; }
}

/// <summary>A column mapping kept for the next file of the same shape; shared ones are offered to everyone.</summary>
public sealed class ImportMapping : Entity
{
    public const int MaxName = 100;

    public ImportEntity Entity { get; set; }

    public required string Name { get; set; }

    /// <summary>JSON object: column header to field key.</summary>
    public required string Columns { get; set; }

    public bool IsShared { get; set; }

    public long CreatedById { get; set; }
}

/// <summary>Where uploaded files are kept until their import is done (a folder under the data folder).</summary>
public sealed record ImportFolder(string Path);

/// <summary>
/// How the server runs imports (settings <c>Bridgehead:Imports:BatchSize</c> and
/// <c>Bridgehead:Imports:TakeOverAfterSeconds</c>): rows per transaction, and how long a running
/// job may stay silent before another run takes it over. The silence must be longer than a
/// batch takes, or a live run loses its job (its next write then fails its version check).
/// </summary>
public sealed record ImportSettings(int BatchSize, TimeSpan TakeOverAfter)
{
    public static ImportSettings Default { get; } = new(ImportRunner.DefaultBatchSize, ImportRunner.StaleAfter);
}
