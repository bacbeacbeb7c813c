using Bridgehead.Data;

namespace Bridgehead.Imports;

// CONTRACT STUBS for the import engine (issue 8): the engine's helper replaces this file with the
// real use cases; the import pages call them with these signatures.

/// <summary>Starts an import of an uploaded file: checks the mapping and the importer's right, creates the job and hands it to the runner.</summary>
public sealed class StartImport(BridgeheadDb db)
{
    public Task<ImportJobDto> HandleAsync(StartImportInput input, CancellationToken ct) => throw new NotSupportedException(db.ToString());
}

/// <summary>One import the caller may see (its starter or an admin); 404 otherwise.</summary>
public sealed class GetImportJob(BridgeheadDb db)
{
    public Task<ImportJobDto> HandleAsync(long id, CancellationToken ct) => throw new NotSupportedException(db.ToString());
}

/// <summary>The caller's imports (an admin's: everyone's), newest first.</summary>
public sealed class ListImportJobs(BridgeheadDb db)
{
    public Task<IReadOnlyList<ImportJobDto>> HandleAsync(int limit, CancellationToken ct) => throw new NotSupportedException(db.ToString());
}
