using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Cli;

/// <summary>
/// <c>bridgehead import FILE --entity KIND --as EMAIL [--map "Header=field"]... [--mapping NAME] [--resume JOB]</c>:
/// runs an import in this process against the configured database, as the named user (their rights
/// and visibility apply), with the engine the web app uses. Headers equal to a field key or label
/// map themselves. Progress goes to stderr; the error report is written next to the file as FILE.errors.csv.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = CliText.ImportFile };
        var entity = new Option<string>("--entity") { Description = CliText.ImportEntity, Required = true };
        var user = new Option<string>("--as") { Description = CliText.ImportAs, Required = true };
        var map = new Option<string[]>("--map") { Description = CliText.ImportMap, AllowMultipleArgumentsPerToken = false };
        var mappingName = new Option<string?>("--mapping") { Description = CliText.ImportMappingName };
        var resume = new Option<long?>("--resume") { Description = CliText.ImportResume };
        var batchSize = new Option<int?>("--batch-size") { Description = CliText.ImportBatchSize };
        var command = new Command("import", CliText.ImportDescription) { file, entity, user, map, mappingName, resume, batchSize };
        command.SetAction(async (parse, ct) =>
        {
            var kind = ImportChoices.Find<ImportEntity>(parse.GetValue(entity)!);
            if (kind is null)
            {
                console.Error.WriteLine("bridgehead: " + Validator.Format(CliText.ImportUnknownEntity, parse.GetValue(entity)!));
                return CommandLine.Usage;
            }
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var settings = CliDatabase.Settings();
            await using var system = CliDatabase.Open(settings);
            await CliDatabase.MigrateAsync(system, console, ct);

            var email = parse.GetValue(user)!.Trim().ToLowerInvariant();
            var importer = (await ImportUsers.ByEmailAsync(system, [email], ct)).GetValueOrDefault(email);
            var account = importer is null ? null : await system.Users.AsNoTracking().FirstAsync(u => u.Id == importer.Id, ct);
            if (account is null || !account.IsActive)
            {
                console.Error.WriteLine("bridgehead: " + Validator.Format(CliText.ImportUnknownUser, email));
                return CommandLine.Failed;
            }
            var viewer = new Viewer(account.Id, account.Role, account.TeamId, account.DisplayName);
            var folder = new ImportFolder(Path.Combine(settings.DataFolder, "imports"));
            var options = Database.Options(settings.ConnectionString);

            long jobId;
            if (parse.GetValue(resume) is { } resumeId)
            {
                var job = await system.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == resumeId
                    && (j.CreatedById == account.Id || account.Role == Role.Admin)
                    && (j.Status == ImportStatus.Pending || j.Status == ImportStatus.Running), ct);
                if (job is null)
                {
                    console.Error.WriteLine("bridgehead: " + Validator.Format(CliText.ImportNoSuchJob, resumeId));
                    return CommandLine.Failed;
                }
                jobId = job.Id;
            }
            else
            {
                if (!File.Exists(path))
                {
                    console.Error.WriteLine("bridgehead: " + Validator.Format(CliText.ImportNoFile, path));
                    return CommandLine.Failed;
                }
                await using var db = new BridgeheadDb(options) { Viewer = viewer };
                ImportUpload upload;
                await using (var content = File.OpenRead(path))
                {
                    upload = await new UploadImportFile(db, folder).HandleAsync(Path.GetFileName(path), content, ct);
                }
                var mapping = AutoMap(kind.Value, upload.Headers);
                if (parse.GetValue(mappingName) is { } name)
                {
                    var saved = await db.ImportMappings.AsNoTracking()
                        .Where(m => m.Entity == kind.Value && m.Name == name && (m.CreatedById == account.Id || m.IsShared))
                        .OrderByDescending(m => m.CreatedById == account.Id).Select(m => m.Columns).FirstOrDefaultAsync(ct);
                    if (saved is null)
                    {
                        console.Error.WriteLine("bridgehead: " + Validator.Format(CliText.ImportUnknownMapping, name, kind.Value.ToString().ToLowerInvariant()));
                        return CommandLine.Failed;
                    }
                    foreach (var (header, field) in JsonSerializer.Deserialize<Dictionary<string, string>>(saved) ?? [])
                    {
                        mapping[header] = field;
                    }
                }
                foreach (var pair in parse.GetValue(map) ?? [])
                {
                    var at = pair.LastIndexOf('=');
                    if (at <= 0)
                    {
                        console.Error.WriteLine("bridgehead: " + Validator.Format(CliText.ImportBadMap, pair));
                        return CommandLine.Usage;
                    }
                    var header = pair[..at].Trim();
                    var field = pair[(at + 1)..].Trim();
                    // One column per field: an explicit mapping replaces an automatic one.
                    foreach (var taken in mapping.Where(m => m.Value == field && m.Key != header).Select(m => m.Key).ToList())
                    {
                        mapping.Remove(taken);
                    }
                    mapping[header] = field;
                }
                var started = await new StartImport(db, folder).CreateAsync(new StartImportInput(kind, upload.StoredFile, upload.FileName, mapping), ct);
                jobId = started.Id;
            }
            console.Error.WriteLine(Validator.Format(CliText.ImportStarted, jobId, Path.GetFileName(path), account.Email ?? account.UserName));

            var clock = Stopwatch.StartNew();
            var runner = new ImportRunner(options, folder)
            {
                BatchSize = parse.GetValue(batchSize) is { } size and > 0 ? size : ImportRunner.DefaultBatchSize,
                Progress = job =>
                {
                    var seconds = Math.Max(0.001, clock.Elapsed.TotalSeconds);
                    var rate = job.ProcessedRows / seconds;
                    console.Error.Write("\r" + Bar(job.Percent ?? 0) + " " + Validator.Format(CliText.ImportProgress, job.ProcessedRows, job.TotalRows ?? 0, rate) + "   ");
                },
            };
            var before = await system.ImportJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.ProcessedRows).FirstAsync(ct);
            var status = await runner.RunAsync(jobId, takeOver: parse.GetValue(resume) is not null, ct);
            console.Error.WriteLine();
            var t = runner.Timings;
            console.Error.WriteLine(Validator.Format(CliText.ImportTimings, t.Count.TotalSeconds, t.Read.TotalSeconds, t.Apply.TotalSeconds, t.Write.TotalSeconds, t.Commit.TotalSeconds));
            console.Error.WriteLine(Validator.Format(CliText.ImportTimingsDetail, t.Check.TotalSeconds, t.Lookups.TotalSeconds, t.Rows.TotalSeconds, t.Ids.TotalSeconds,
                t.Audit.TotalSeconds, t.ApplyWaited.TotalSeconds, t.CopyRecords.TotalSeconds, t.CopyAudit.TotalSeconds, t.Save.TotalSeconds, t.WriteWaited.TotalSeconds));
            var done = await system.ImportJobs.AsNoTracking().FirstAsync(j => j.Id == jobId, ct);
            if (status is null)
            {
                console.Error.WriteLine("bridgehead: " + Validator.Format(CliText.ImportNotClaimed, jobId));
                return CommandLine.Failed;
            }
            var elapsed = clock.Elapsed.TotalSeconds;
            var rows = done.ProcessedRows - before;
            console.Out.WriteLine(Validator.Format(CliText.ImportSummary, done.Id, Labels.Of(done.Status), done.CreatedRows, done.UpdatedRows,
                done.UnchangedRows, done.ErrorRows, rows, elapsed, rows / Math.Max(0.001, elapsed)));
            if (done.ErrorRows > 0)
            {
                var report = path + ".errors.csv";
                await using var db = new BridgeheadDb(options) { Viewer = viewer };
                await using (var output = File.Create(report))
                {
                    await new ImportErrorReport(db).HandleAsync(jobId, TabularFormat.Csv, output, ct);
                }
                console.Out.WriteLine(Validator.Format(CliText.ImportErrorsWritten, report));
            }
            if (done.Failure is { } failure)
            {
                console.Error.WriteLine("bridgehead: " + Validator.Format(CliText.ImportFailure, failure));
            }
            return done.Status == ImportStatus.Completed ? CommandLine.Ok : CommandLine.Failed;
        });
        return command;
    }

    /// <summary>Headers that equal a field's key or its English or Korean label (ignoring case and spaces) map to it.</summary>
    internal static Dictionary<string, string> AutoMap(ImportEntity entity, IReadOnlyList<string> headers)
    {
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        var english = CultureInfo.GetCultureInfo("en");
        var korean = CultureInfo.GetCultureInfo("ko");
        foreach (var field in ImportFields.For(entity))
        {
            var names = new[]
            {
                field.Key,
                ImportsText.ResourceManager.GetString("Field_" + field.Key, english),
                ImportsText.ResourceManager.GetString("Field_" + field.Key, korean),
            }.OfType<string>().Select(Squash).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var header = headers.FirstOrDefault(h => names.Contains(Squash(h)) && !mapping.ContainsKey(h));
            if (header is not null)
            {
                mapping[header] = field.Key;
            }
        }
        return mapping;
    }

    private static string Squash(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c) && c != '_' && c != '-'));

    private static string Bar(int percent)
    {
        var filled = Math.Clamp(percent, 0, 100) / 5;
        return "[" + new string('#', filled) + new string('.', 20 - filled) + "] " + percent.ToString(CultureInfo.InvariantCulture).PadLeft(3) + "%";
    }
}
