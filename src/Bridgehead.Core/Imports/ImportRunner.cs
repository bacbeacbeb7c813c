using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Tabular;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Imports;

/// <summary>
/// Runs import jobs: claims a job (Pending, or Running with a heartbeat older than
/// <see cref="TakeOverAfter"/>) with one conditional UPDATE on its version, so two instances never run
/// one job; counts the rows (once); then reads the file from <see cref="ImportJob.ProcessedRows"/>
/// on in batches. Each batch is applied by the entity's <see cref="IImportTarget"/> in a fresh
/// context whose viewer is the importer, and written in ONE transaction together with the job's
/// counters, checkpoint, heartbeat and the batch's row errors (PostgreSQL: new records by binary
/// COPY, see <see cref="BulkWriter"/>; SQLite: batched inserts). A run that dies resumes after the
/// last committed batch; external ids make a repeated row an update, so nothing is duplicated.
/// A cancelled job (its version raised by <see cref="CancelImport"/>) stops at the next batch; the
/// batch in flight is rolled back. The stored file is deleted when the job completes or is cancelled.
/// </summary>
public sealed class ImportRunner(DbContextOptions<BridgeheadDb> options, ImportFolder folder, TimeProvider? clock = null)
{
    /// <summary>Rows per transaction: big enough that a batch's fixed costs (its queries, the commit) vanish, small enough to keep memory flat.</summary>
    public const int DefaultBatchSize = 20_000;

    /// <summary>A running job silent this long is taken over (unless <see cref="ImportSettings.TakeOverAfter"/> says otherwise).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    /// <summary>How long a running job must be silent before this runner claims it.</summary>
    public TimeSpan TakeOverAfter { get; init; } = StaleAfter;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Where this run's time went (the command line prints it; the import bench reads it).</summary>
    public ImportTimings Timings { get; } = new();

    /// <summary>Called after each committed batch (the command line's progress bar).</summary>
    public Action<ImportJobDto>? Progress { get; init; }

    /// <summary>Test hook: the run stops dead (as if the process were killed) after committing this many batches.</summary>
    internal int? CrashAfterBatches { get; init; }

    /// <summary>Jobs waiting for a worker, or whose worker went silent.</summary>
    public static async Task<IReadOnlyList<long>> ClaimableAsync(BridgeheadDb db, DateTime now, CancellationToken ct, TimeSpan? takeOverAfter = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stale = now - (takeOverAfter ?? StaleAfter);
        return await db.ImportJobs.IgnoreQueryFilters().AsNoTracking()
            .Where(j => j.Status == ImportStatus.Pending || (j.Status == ImportStatus.Running && (j.HeartbeatAt == null || j.HeartbeatAt < stale)))
            .OrderBy(j => j.Id).Select(j => j.Id).ToListAsync(ct);
    }

    /// <summary>Claims and runs the job; null when it was not claimable (finished, or another worker runs it).</summary>
    public Task<ImportStatus?> RunAsync(long jobId, CancellationToken ct) => RunAsync(jobId, takeOver: false, ct);

    /// <summary>As <see cref="RunAsync(long, CancellationToken)"/>; <paramref name="takeOver"/> also claims a running job with a fresh heartbeat (the command line's --resume: its user knows the run died).</summary>
    public async Task<ImportStatus?> RunAsync(long jobId, bool takeOver, CancellationToken ct)
    {
        var version = await ClaimAsync(jobId, takeOver, ct);
        if (version is null)
        {
            return null;
        }
        return await ProcessAsync(jobId, version.Value, ct);
    }

    /// <summary>One conditional UPDATE: the version read must still be there, and the job still claimable.</summary>
    internal async Task<long?> ClaimAsync(long jobId, bool takeOver, CancellationToken ct)
    {
        await using var db = Open(Viewer.System);
        var now = _clock.GetUtcNow().UtcDateTime;
        var stale = takeOver ? now.AddYears(100) : now - TakeOverAfter;
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null || !(job.Status == ImportStatus.Pending || (job.Status == ImportStatus.Running && (job.HeartbeatAt == null || job.HeartbeatAt < stale))))
        {
            return null;
        }
        var version = job.Version;
        var claimed = await db.ImportJobs
            .Where(j => j.Id == jobId && j.Version == version
                && (j.Status == ImportStatus.Pending || (j.Status == ImportStatus.Running && (j.HeartbeatAt == null || j.HeartbeatAt < stale))))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ImportStatus.Running)
                .SetProperty(j => j.HeartbeatAt, now)
                .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now)
                .SetProperty(j => j.Version, version + 1), ct);
        return claimed == 1 ? version + 1 : null;
    }

    private BridgeheadDb Open(Viewer viewer) => new(options) { Viewer = viewer, Clock = _clock };

    private async Task<ImportStatus> ProcessAsync(long jobId, long version, CancellationToken ct)
    {
        ImportJob job;
        User? user;
        await using (var db = Open(Viewer.System))
        {
            job = await db.ImportJobs.AsNoTracking().FirstAsync(j => j.Id == jobId, ct);
            user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == job.CreatedById, ct);
        }
        var culture = user?.Language is "ko" or "ko-KR" ? CultureInfo.GetCultureInfo("ko") : CultureInfo.GetCultureInfo("en");
        CultureInfo.CurrentUICulture = culture;
        var target = ImportTargets.Find(job.Entity);
        if (user is null || !user.IsActive)
        {
            return await FailAsync(jobId, version, ImportsText.ImporterInactive, ct);
        }
        var viewer = new Viewer(user.Id, user.Role, user.TeamId, user.DisplayName);
        if (target is null || !target.MayImport(viewer))
        {
            return await FailAsync(jobId, version, Common.CommonText.ReadOnlyRole, ct);
        }
        var path = UploadImportFile.PathOf(folder, job.StoredFile);
        if (path is null)
        {
            return await FailAsync(jobId, version, ImportsText.FileGone, ct);
        }
        var mapping = ImportJobMapping.Read(job.Mapping);

        try
        {
            // CSV: no counting pass; progress reads as bytes read of the file's size (an estimate of
            // TotalRows per batch, exact at the end). XLSX (a zip, whose bytes say nothing of rows) is counted once.
            if (job.TotalRows is null && job.Format != TabularFormat.Csv)
            {
                int total;
                var counting = Stopwatch.StartNew();
                using (var counter = TabularReader.Open(path, job.Format))
                {
                    total = counter.Rows().Count();
                }
                Timings.Count += counting.Elapsed;
                var stamped = await UpdateJobAsync(jobId, version, j =>
                {
                    j.TotalRows = total;
                    j.HeartbeatAt = _clock.GetUtcNow().UtcDateTime;
                }, ct);
                if (stamped is null)
                {
                    return await StatusAsync(jobId, ct);
                }
                version = stamped.Value;
            }
            var estimate = job.Format == TabularFormat.Csv;

            using var reader = TabularReader.Open(path, job.Format);
            var headers = reader.Headers;
            var columns = mapping
                .Select(m => (Field: m.Value, Index: headers.ToList().IndexOf(m.Key)))
                .Where(m => m.Index >= 0)
                .ToList();
            // Field positions shared by every row (a field mapped twice fails the job, as a dictionary per row did).
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (field, _) in columns)
            {
                positions.Add(field, positions.Count);
            }
            var sources = columns.Select(c => c.Index).ToArray();

            // Three stages, each one batch ahead of the next: the file is read, mapped and checked on
            // one thread; batch N+1 is applied (its queries, records, ids and audit entries) while
            // batch N is written and committed on this one, unless N+1 must see N's writes first.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var batchesRead = Channel.CreateBounded<ReadBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
            var producer = Task.Run(() => ReadBatches(reader, job.ProcessedRows, positions, sources, target as IPreparingImportTarget, batchesRead.Writer, stop.Token), CancellationToken.None);
            Task<AppliedBatch?>? applying = null;
            try
            {
                var batches = 0;
                applying = ApplyNextAsync(batchesRead.Reader, viewer, job.Entity, null, stop.Token);
                while (await WaitForAsync(applying) is { } batch)
                {
                    var committed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    applying = ApplyNextAsync(batchesRead.Reader, viewer, job.Entity, new Earlier(batch.Bulk, committed.Task), stop.Token);
                    long? next = null;
                    try
                    {
                        next = await WriteBatchAsync(jobId, version, batch, estimate ? batch.Fraction : null, headers, ct);
                    }
                    finally
                    {
                        committed.TrySetResult(next is not null);
                        await batch.Db.DisposeAsync();
                    }
                    if (next is null)
                    {
                        // Cancelled, or taken over by another worker: this run stops, its last batch rolled back.
                        return await StatusAsync(jobId, ct);
                    }
                    version = next.Value;
                    batches++;
                    if (CrashAfterBatches is { } crash && batches >= crash)
                    {
                        throw new ImportCrashedException();
                    }
                }
            }
            finally
            {
                await stop.CancelAsync();
                await DrainAsync(applying);
                try
                {
                    await producer;
                }
                catch (OperationCanceledException)
                {
                    // Stopped early: this run ended before the file did.
                }
            }

            var done = await UpdateJobAsync(jobId, version, j =>
            {
                j.TotalRows = estimate ? j.ProcessedRows : j.TotalRows;
                j.Status = ImportStatus.Completed;
                j.FinishedAt = _clock.GetUtcNow().UtcDateTime;
                j.HeartbeatAt = j.FinishedAt;
            }, ct);
            if (done is null)
            {
                return await StatusAsync(jobId, ct);
            }
            reader.Dispose();
            TryDelete(path);
            return ImportStatus.Completed;
        }
        catch (InvalidDataException e)
        {
            return await FailAsync(jobId, version, e.Message, ct);
        }
        catch (DbUpdateException e)
        {
            return await FailAsync(jobId, version, Common.Validator.Format(ImportsText.RowNotSaved, (e.InnerException ?? e).Message), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException and not ImportCrashedException)
        {
            // A fault that would come back on every resume fails the job instead of looping.
            return await FailAsync(jobId, version, e.Message, CancellationToken.None);
        }
    }

    /// <summary>
    /// Reads the next batch and applies it in a context of its own (kept open for
    /// <see cref="WriteBatchAsync"/>); null at the end of the file. When the batch before it is not
    /// committed yet, this one waits for it unless the target says it needs none of its writes (a bulk
    /// target whose earlier batch only created records this batch does not name).
    /// </summary>
    private async Task<AppliedBatch?> ApplyNextAsync(ChannelReader<ReadBatch> input, Viewer viewer, ImportEntity entity, Earlier? earlier, CancellationToken ct)
    {
        var read = await NextBatchAsync(input, ct);
        if (read is null)
        {
            return null;
        }
        if (earlier is { } before && (before.Bulk is not { } done || done.MustCommitBefore(read.Rows)))
        {
            var waiting = Stopwatch.StartNew();
            if (!await before.Committed.WaitAsync(ct))
            {
                throw new OperationCanceledException(ct);
            }
            Timings.ApplyWaited += waiting.Elapsed;
        }
        var target = ImportTargets.Find(entity)!;
        var db = Open(viewer);
        try
        {
            var watch = Stopwatch.StartNew();
            // PostgreSQL: new records of a bulk target skip the change tracker and go in by COPY.
            var bulk = db.IsSqlite ? null : target as IBulkImportTarget;
            if (bulk is not null)
            {
                bulk.Timings = Timings;
            }
            var problems = bulk is not null ? await bulk.ApplyForCopyAsync(db, read.Rows, ct) : await target.ApplyAsync(db, read.Rows, ct);
            db.ChangeTracker.DetectChanges();
            var root = ImportTargets.RootType(entity);
            var created = bulk?.NewCount ?? 0;
            var updated = 0;
            foreach (var entry in db.ChangeTracker.Entries())
            {
                if (entry.Entity.GetType() == root)
                {
                    created += entry.State == EntityState.Added ? 1 : 0;
                    updated += entry.State == EntityState.Modified ? 1 : 0;
                }
            }
            Timings.Apply += watch.Elapsed;
            return new AppliedBatch(db, bulk, read.Rows, read.Fraction, problems, created, updated);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>The batch applied, or an applying task's fault as it was thrown; counts the time the writer waited for it.</summary>
    private async Task<AppliedBatch?> WaitForAsync(Task<AppliedBatch?> applying)
    {
        var watch = Stopwatch.StartNew();
        var batch = await applying;
        Timings.WriteWaited += watch.Elapsed;
        return batch;
    }

    /// <summary>Lets a batch applied ahead finish (the run stops, so it is thrown away unwritten; its fault, if any, was seen or no longer matters).</summary>
    private static async Task DrainAsync(Task<AppliedBatch?>? applying)
    {
        if (applying is null)
        {
            return;
        }
        try
        {
            if (await applying is { } left)
            {
                await left.Db.DisposeAsync();
            }
        }
#pragma warning disable CA1031 // The run is ending for another reason, which is what the caller sees.
        catch (Exception)
#pragma warning restore CA1031
        {
            // As above.
        }
    }

    /// <summary>Writes one applied batch with the job's counters in one transaction; the new version, or null when the job is no longer this run's.</summary>
    private async Task<long?> WriteBatchAsync(long jobId, long version, AppliedBatch batch, double? fraction, IReadOnlyList<string> headers, CancellationToken ct)
    {
        var db = batch.Db;
        var (bulk, rows, problems, created, updated) = (batch.Bulk, batch.Rows, batch.Problems, batch.Created, batch.Updated);
        var watch = Stopwatch.StartNew();
        var job = await db.ImportJobs.FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null || job.Version != version || job.Status != ImportStatus.Running)
        {
            return null;
        }
        var badRows = problems.Select(p => p.RowNumber).ToHashSet();
        var cells = problems.Count == 0 ? [] : rows.ToDictionary(r => r.RowNumber, r => r.Cells);
        if (badRows.Count > 0 && job.ErrorRows == 0 && !await db.ImportRowErrors.AnyAsync(e => e.JobId == jobId && e.RowNumber == 0, ct))
        {
            // Row 0 keeps the header row, so the error report has the file's columns after the file is gone.
            db.ImportRowErrors.Add(new ImportRowError { JobId = jobId, RowNumber = 0, Message = "", Values = ValuesJson(headers) });
        }
        foreach (var p in problems)
        {
            db.ImportRowErrors.Add(new ImportRowError
            {
                JobId = jobId,
                RowNumber = p.RowNumber,
                Field = p.Field is { Length: > ImportRowError.MaxField } f ? f[..ImportRowError.MaxField] : p.Field,
                Message = p.Message.Length > ImportRowError.MaxMessage ? p.Message[..ImportRowError.MaxMessage] : p.Message,
                Values = ValuesJson(cells.GetValueOrDefault(p.RowNumber) ?? []),
            });
        }
        job.ProcessedRows += rows.Count;
        if (fraction is { } share)
        {
            // Rows so far over the share of the file's bytes read: never below what is done, exact at the last batch.
            var guess = share > 0 ? (long)Math.Round(job.ProcessedRows / share) : job.ProcessedRows;
            job.TotalRows = (int)Math.Clamp(guess, job.ProcessedRows, int.MaxValue);
        }
        job.CreatedRows += created;
        job.UpdatedRows += updated;
        job.ErrorRows += badRows.Count;
        job.UnchangedRows += Math.Max(0, rows.Count - badRows.Count - created - updated);
        job.HeartbeatAt = _clock.GetUtcNow().UtcDateTime;
        Timings.Write += watch.Elapsed;

        watch.Restart();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (!db.IsSqlite)
            {
                if (bulk is not null)
                {
                    await bulk.WriteNewAsync(db, ct);
                }
                await BulkWriter.WriteAddedAsync(db, ct);
            }
            var saving = Stopwatch.StartNew();
            await db.SaveChangesAsync(ct);
            Timings.Save += saving.Elapsed;
            Timings.Write += watch.Elapsed;
            watch.Restart();
            await transaction.CommitAsync(ct);
            Timings.Commit += watch.Elapsed;
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return null;
        }
        Progress?.Invoke(ImportJobMapping.ToDto(job));
        return job.Version;
    }

    /// <summary>A batch applied to its own context, waiting to be written.</summary>
    private sealed record AppliedBatch(BridgeheadDb Db, IBulkImportTarget? Bulk, List<ImportRow> Rows, double? Fraction, IReadOnlyList<ImportProblem> Problems, int Created, int Updated);

    /// <summary>The batch before the one being applied: its target (what it wrote) and whether it was committed.</summary>
    private sealed record Earlier(IBulkImportTarget? Bulk, Task<bool> Committed);

    /// <summary>The producer: reads the rows after <paramref name="skip"/>, maps their cells, makes the target's checks that need no database, and hands them on in batches.</summary>
    private async Task ReadBatches(TabularReader reader, int skip, Dictionary<string, int> positions, int[] sources, IPreparingImportTarget? preparer, ChannelWriter<ReadBatch> output, CancellationToken ct)
    {
        Exception? failure = null;
        try
        {
            var watch = Stopwatch.StartNew();
            long checkTicks = 0;
            var batch = new List<ImportRow>(BatchSize);
            foreach (var (number, cells) in reader.Rows().Skip(skip))
            {
                var values = new string?[sources.Length];
                for (var i = 0; i < sources.Length; i++)
                {
                    values[i] = Common.Text.Clean(cells[sources[i]]);
                }
                var row = new ImportRow(number, new MappedCellDictionary(positions, values), cells);
                if (preparer is not null)
                {
                    var checking = Stopwatch.GetTimestamp();
                    row.Prepared = preparer.Prepare(row);
                    checkTicks += Stopwatch.GetTimestamp() - checking;
                }
                batch.Add(row);
                if (batch.Count == BatchSize)
                {
                    Timings.Read += watch.Elapsed;
                    await output.WriteAsync(new ReadBatch(batch, reader.Fraction), ct);
                    watch.Restart();
                    batch = new List<ImportRow>(BatchSize);
                }
            }
            Timings.Read += watch.Elapsed;
            Timings.Check += Stopwatch.GetElapsedTime(0, checkTicks);
            if (batch.Count > 0)
            {
                await output.WriteAsync(new ReadBatch(batch, 1.0), ct);
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        output.TryComplete(failure);
    }

    /// <summary>The next batch read, null at the end of the file; a fault of the reader comes out here as it was thrown.</summary>
    private static async Task<ReadBatch?> NextBatchAsync(ChannelReader<ReadBatch> input, CancellationToken ct)
    {
        try
        {
            return await input.WaitToReadAsync(ct) && input.TryRead(out var rows) ? rows : null;
        }
        catch (ChannelClosedException e) when (e.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }

    /// <summary>A batch of rows read, with the share of the file read when it was handed on (null: unknown).</summary>
    private sealed record ReadBatch(List<ImportRow> Rows, double? Fraction);

    private static string ValuesJson(IReadOnlyList<string?> cells)
    {
        var json = JsonSerializer.Serialize(cells);
        if (json.Length <= ImportRowError.MaxValues)
        {
            return json;
        }
        // A very wide row keeps what fits.
        var room = ImportRowError.MaxValues / Math.Max(1, cells.Count) - 8;
        return JsonSerializer.Serialize(cells.Select(c => c is { } s && s.Length > room ? s[..Math.Max(0, room)] : c));
    }

    /// <summary>Changes the job if it is still this run's (same version); the new version, or null.</summary>
    private async Task<long?> UpdateJobAsync(long jobId, long version, Action<ImportJob> change, CancellationToken ct)
    {
        await using var db = Open(Viewer.System);
        var job = await db.ImportJobs.FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null || job.Version != version || job.Status != ImportStatus.Running)
        {
            return null;
        }
        change(job);
        try
        {
            await db.SaveChangesAsync(ct);
            return job.Version;
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
    }

    private async Task<ImportStatus> FailAsync(long jobId, long version, string why, CancellationToken ct)
    {
        await UpdateJobAsync(jobId, version, j =>
        {
            j.Status = ImportStatus.Failed;
            j.Failure = why.Length > ImportJob.MaxFailure ? why[..ImportJob.MaxFailure] : why;
            j.FinishedAt = _clock.GetUtcNow().UtcDateTime;
        }, ct);
        return await StatusAsync(jobId, ct);
    }

    private async Task<ImportStatus> StatusAsync(long jobId, CancellationToken ct)
    {
        await using var db = Open(Viewer.System);
        var job = await db.ImportJobs.AsNoTracking().FirstAsync(j => j.Id == jobId, ct);
        if (job.Status == ImportStatus.Cancelled && UploadImportFile.PathOf(folder, job.StoredFile) is { } path)
        {
            TryDelete(path);
        }
        return job.Status;
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still open elsewhere (a cancelled run finishing its batch); the file is only disk space.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}

/// <summary>Thrown by the crash hook of the tests: the run ends as a killed process would, leaving the job Running.</summary>
public sealed class ImportCrashedException : Exception
{
    public ImportCrashedException()
        : base("Import run stopped by the crash hook.")
    {
    }

    public ImportCrashedException(string message)
        : base(message)
    {
    }

    public ImportCrashedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The import targets by entity, found by reflection (one class per kind).</summary>
public static class ImportTargets
{
    private static readonly Dictionary<ImportEntity, Type> Types = typeof(ImportTargets).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IImportTarget).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IImportTarget)Activator.CreateInstance(t)!)
        .ToDictionary(t => t.Entity, t => t.GetType());

    /// <summary>The target for the kind, or null while none is built.</summary>
    public static IImportTarget? Find(ImportEntity entity) =>
        Types.TryGetValue(entity, out var type) ? (IImportTarget)Activator.CreateInstance(type)! : null;

    /// <summary>The record type a row of this kind creates or updates (what the job's counters count).</summary>
    public static Type RootType(ImportEntity entity) => entity switch
    {
        ImportEntity.Accounts => typeof(Accounts.Account),
        ImportEntity.Contacts => typeof(Contacts.Contact),
        ImportEntity.Opportunities => typeof(Pursuits.Opportunity),
        ImportEntity.Products => typeof(Products.Product),
        ImportEntity.Orders => typeof(Orders.Order),
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, null),
    };
}

/// <summary>Hands new jobs to this instance's import worker at once (the web app's hosted service reads it).</summary>
public sealed class ImportQueue
{
    private readonly Channel<long> _channel = Channel.CreateUnbounded<long>();

    public void Enqueue(long jobId) => _channel.Writer.TryWrite(jobId);

    public IAsyncEnumerable<long> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

/// <summary>
/// The background job "imports" (on the instance holding the background lease, every tick): hands
/// waiting and stalled jobs to the local worker, or, without one (the command line), runs them.
/// </summary>
public sealed class ImportsJob(DbContextOptions<BridgeheadDb> options, ImportFolder folder, ImportQueue? queue = null, ImportSettings? settings = null) : Background.IBackgroundJob
{
    public string Name => "imports";

    public TimeSpan Every => TimeSpan.Zero;

    public async Task RunAsync(BridgeheadDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var run = settings ?? ImportSettings.Default;
        foreach (var id in await ImportRunner.ClaimableAsync(db, db.Clock.GetUtcNow().UtcDateTime, ct, run.TakeOverAfter))
        {
            if (queue is not null)
            {
                queue.Enqueue(id);
            }
            else
            {
                await new ImportRunner(options, folder, db.Clock) { BatchSize = run.BatchSize, TakeOverAfter = run.TakeOverAfter }.RunAsync(id, ct);
            }
        }
    }
}

/// <summary>
/// Time spent per phase of a run, summed over its batches. Three stages overlap: reading the file
/// (<see cref="Read"/>, its thread; <see cref="Check"/> is the part of it spent on the target's checks
/// that need no database), applying a batch (<see cref="Apply"/>: <see cref="Lookups"/>,
/// <see cref="Rows"/>, <see cref="Ids"/>, <see cref="Audit"/>; <see cref="ApplyWaited"/> waiting for the
/// batch before to commit), and writing it (<see cref="Write"/>: <see cref="CopyRecords"/>,
/// <see cref="CopyAudit"/>, <see cref="Save"/>; then <see cref="Commit"/>; <see cref="WriteWaited"/>
/// waiting for the next applied batch).
/// </summary>
public sealed class ImportTimings
{
    public TimeSpan Count { get; set; }

    public TimeSpan Read { get; set; }

    public TimeSpan Check { get; set; }

    public TimeSpan Apply { get; set; }

    public TimeSpan ApplyWaited { get; set; }

    /// <summary>The batch's queries before its rows are applied (records by id and external id, owners, rules).</summary>
    public TimeSpan Lookups { get; set; }

    /// <summary>Applying each row onto its record.</summary>
    public TimeSpan Rows { get; set; }

    /// <summary>Taking the new records' ids from the sequence.</summary>
    public TimeSpan Ids { get; set; }

    /// <summary>Building the new records' "created" audit entries.</summary>
    public TimeSpan Audit { get; set; }

    public TimeSpan Write { get; set; }

    public TimeSpan WriteWaited { get; set; }

    public TimeSpan CopyRecords { get; set; }

    public TimeSpan CopyAudit { get; set; }

    /// <summary>SaveChanges: the job's counters, updated records, row errors.</summary>
    public TimeSpan Save { get; set; }

    public TimeSpan Commit { get; set; }
}
