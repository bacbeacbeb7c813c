using System.CommandLine;
using System.Diagnostics;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Database = Bridgehead.Data.Database;
using Npgsql;

namespace Bridgehead.Cli;

/// <summary>
/// <c>bridgehead backup FILE [--force]</c>: a consistent copy of the configured database, safe while
/// servers run. SQLite through its online backup API, PostgreSQL with <c>pg_dump</c> in the custom
/// format. The copy is written under a temporary name next to FILE and renamed when complete, so
/// FILE is either the whole backup or untouched.
/// </summary>
internal static class BackupCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = CliText.BackupFile };
        var force = new Option<bool>("--force") { Description = CliText.BackupForce };
        var command = new Command("backup", CliText.BackupDescription) { file, force };
        command.SetAction(async (parse, ct) =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var overwrite = parse.GetValue(force);
            if (File.Exists(path) && !overwrite)
            {
                return console.Fail(Validator.Format(CliText.BackupExists, path));
            }
            var settings = CliDatabase.Settings();
            var clock = Stopwatch.StartNew();
            var partial = $"{path}.partial-{Guid.NewGuid():N}";
            try
            {
                // A backup holds password and token hashes and webhook secrets: readable by its owner only.
                OwnerOnly(partial);
                if (settings.IsPostgres)
                {
                    await PgTools.RunAsync("pg_dump", settings.ConnectionString, ["--format=custom", "--file=" + partial], ct);
                }
                else if (!BackupSqlite(settings, partial, out var missing))
                {
                    return console.Fail(Validator.Format(CliText.BackupNoDatabase, missing));
                }
                File.Move(partial, path, overwrite);
            }
            catch (IOException) when (File.Exists(path) && !overwrite)
            {
                // Another backup took the name in the meantime.
                return console.Fail(Validator.Format(CliText.BackupExists, path));
            }
            finally
            {
                File.Delete(partial);
            }
            console.Out.WriteLine(Validator.Format(CliText.BackupWritten, settings.Describe(), path, new FileInfo(path).Length, clock.Elapsed.TotalSeconds));
            return CommandLine.Ok;
        });
        return command;
    }

    /// <summary>
    /// Pages are copied from one read snapshot (in WAL mode writers go on meanwhile); the copy is
    /// switched out of WAL so that the backup is one self-contained file.
    /// </summary>
    private static bool BackupSqlite(Settings settings, string destination, out string missing)
    {
        var source = new SqliteConnectionStringBuilder(Database.NormalizeSqlite(settings.ConnectionString)) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        missing = source.DataSource;
        if (!File.Exists(source.DataSource))
        {
            return false;
        }
        using var from = new SqliteConnection(source.ToString());
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ToString());
        from.Open();
        to.Open();
        from.BackupDatabase(to);
        using var command = to.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=DELETE;";
        command.ExecuteNonQuery();
        return true;
    }

    public static int Fail(this CliConsole console, string reason)
    {
        console.Error.WriteLine("bridgehead: " + reason);
        return CommandLine.Failed;
    }

    /// <summary>Creates an empty file only its owner may read and write (on Linux; elsewhere the folder's rules apply).</summary>
    private static void OwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (new FileStream(path, options))
        {
        }
    }
}

/// <summary>
/// <c>bridgehead restore FILE [--force]</c>: replaces the configured database's content with a
/// backup of the same kind, then applies the migrations the backup is older than. Only into an
/// empty database unless --force. A restore never leaves half a database: SQLite gets the backup
/// (checked and migrated in a copy first) in one backup-API step, PostgreSQL runs
/// <c>pg_restore --single-transaction</c>. Servers on the database should be stopped first.
/// </summary>
internal static class RestoreCommand
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();
    private static readonly byte[] PgDumpHeader = "PGDMP"u8.ToArray();

    private enum Kind { Sqlite, Postgres, Other }

    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = CliText.RestoreFile };
        var force = new Option<bool>("--force") { Description = CliText.RestoreForce };
        var command = new Command("restore", CliText.RestoreDescription) { file, force };
        command.SetAction(async (parse, ct) =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            if (!File.Exists(path))
            {
                return console.Fail(Validator.Format(CliText.BackupNoFile, path));
            }
            var settings = CliDatabase.Settings();
            var kind = KindOf(path);
            if (kind == Kind.Other)
            {
                return console.Fail(Validator.Format(CliText.RestoreNotABackup, path, CliText.RestoreUnknownFormat));
            }
            if (kind == Kind.Sqlite && settings.IsPostgres)
            {
                return console.Fail(Validator.Format(CliText.RestoreSqliteIntoPostgres, path));
            }
            if (kind == Kind.Postgres && !settings.IsPostgres)
            {
                return console.Fail(Validator.Format(CliText.RestorePostgresIntoSqlite, path));
            }
            var clock = Stopwatch.StartNew();
            var outcome = settings.IsPostgres
                ? await RestorePostgresAsync(settings, path, parse.GetValue(force), ct)
                : await RestoreSqliteAsync(settings, path, parse.GetValue(force), ct);
            if (outcome.Refusal is { } refusal)
            {
                return console.Fail(refusal);
            }
            console.Out.WriteLine(Validator.Format(CliText.Restored, settings.Describe(), path, new FileInfo(path).Length, clock.Elapsed.TotalSeconds));
            if (outcome.Migrated > 0)
            {
                console.Out.WriteLine(Validator.Format(CliText.Migrated, outcome.Migrated));
            }
            return CommandLine.Ok;
        });
        return command;
    }

    private sealed record Outcome(string? Refusal, int Migrated = 0);

    private static Kind KindOf(string path)
    {
        Span<byte> head = stackalloc byte[16];
        using var stream = File.OpenRead(path);
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        return head.SequenceEqual(SqliteHeader) ? Kind.Sqlite
            : head.StartsWith(PgDumpHeader) ? Kind.Postgres
            : Kind.Other;
    }

    private static async Task<Outcome> RestoreSqliteAsync(Settings settings, string path, bool force, CancellationToken ct)
    {
        var target = new SqliteConnectionStringBuilder(Database.NormalizeSqlite(settings.ConnectionString)) { Pooling = false };
        var folder = Path.GetDirectoryName(Path.GetFullPath(target.DataSource))!;
        Directory.CreateDirectory(folder);
        if (!force && File.Exists(target.DataSource) && await HoldsDataAsync(settings) is { } held)
        {
            return new Outcome(held);
        }
        // The backup file itself is never changed: it is checked and migrated as a copy beside the target.
        var copy = Path.Combine(folder, $".restore-{Guid.NewGuid():N}.db");
        var copyString = new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false, ForeignKeys = true }.ToString();
        try
        {
            File.Copy(path, copy);
            using (var check = new SqliteConnection(copyString))
            {
                check.Open();
                var integrity = Scalar(new SqliteCommand("PRAGMA integrity_check;", check)) ?? "";
                if (integrity != "ok")
                {
                    return new Outcome(Validator.Format(CliText.RestoreNotABackup, path, Validator.Format(CliText.RestoreDamaged, integrity)));
                }
                if (Scalar(new SqliteCommand("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory';", check)) != "1")
                {
                    return new Outcome(Validator.Format(CliText.RestoreNotABackup, path, CliText.RestoreNoHistory));
                }
            }
            int migrated;
            await using (var db = CliDatabase.Open(settings with { ConnectionString = copyString }))
            {
                migrated = (await Database.MigrateAsync(db, ct)).Count;
            }
            SqliteConnection.ClearAllPools();
            using (var from = new SqliteConnection(copyString))
            using (var to = new SqliteConnection(target.ToString()))
            {
                from.Open();
                to.Open();
                from.BackupDatabase(to);
                Scalar(new SqliteCommand("PRAGMA journal_mode=WAL;", to));
            }
            return new Outcome(null, migrated);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            // SQLITE_NOTADB, SQLITE_CORRUPT: the header looked right, the rest is not a database.
            return new Outcome(Validator.Format(CliText.RestoreNotABackup, path, e.Message));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var leftover in new[] { copy, copy + "-wal", copy + "-shm", copy + "-journal" })
            {
                File.Delete(leftover);
            }
        }
    }

    private static async Task<Outcome> RestorePostgresAsync(Settings settings, string path, bool force, CancellationToken ct)
    {
        var contents = await PgTools.RunAsync("pg_restore", settings.ConnectionString, ["--list", path], ct, CliText.RestoreUnknownFormat, path);
        if (!contents.Contains("__EFMigrationsHistory", StringComparison.Ordinal))
        {
            return new Outcome(Validator.Format(CliText.RestoreNotABackup, path, CliText.RestoreNoHistory));
        }
        await using (var db = CliDatabase.Open(settings))
        {
            var creator = db.GetService<IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync(ct))
            {
                await creator.CreateAsync(ct);
            }
        }
        if (!force && await HoldsDataAsync(settings) is { } held)
        {
            return new Outcome(held);
        }
        var database = new NpgsqlConnectionStringBuilder(settings.ConnectionString).Database!;
        // One transaction: a restore that fails on any statement leaves the database as it was.
        await PgTools.RunAsync("pg_restore", settings.ConnectionString,
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname=" + database, path], ct);
        NpgsqlConnection.ClearAllPools();
        await using (var db = CliDatabase.Open(settings))
        {
            return new Outcome(null, (await Database.MigrateAsync(db, ct)).Count);
        }
    }

    /// <summary>Null when the database has no Bridgehead data (no migrations applied, or no users and no accounts); otherwise the refusal.</summary>
    private static async Task<string?> HoldsDataAsync(Settings settings)
    {
        await using var db = CliDatabase.Open(settings);
        if (!(await db.Database.GetAppliedMigrationsAsync()).Any())
        {
            return null;
        }
        var users = await db.Users.IgnoreQueryFilters().CountAsync();
        var accounts = await db.Accounts.IgnoreQueryFilters().CountAsync();
        return users == 0 && accounts == 0 ? null : Validator.Format(CliText.RestoreNotEmpty, settings.Describe(), users, accounts);
    }

    /// <summary>The first value a fixed statement returns (the statements are literals: no SQL is built from input).</summary>
    private static string? Scalar(SqliteCommand command)
    {
        using (command)
        {
            return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>
/// pg_dump and pg_restore as child processes: found on PATH or in /usr/lib/postgresql/*/bin (the
/// newest), connected through the PG* environment variables taken from the connection string, so
/// the password never appears on a command line.
/// </summary>
internal static class PgTools
{
    /// <summary>Runs the tool and returns its standard output; a failure throws with the tool's last error line.</summary>
    /// <param name="failure">When given, what a failure means instead of the tool's own message (with <paramref name="file"/>).</param>
    public static async Task<string> RunAsync(string tool, string connectionString, IEnumerable<string> args, CancellationToken ct, string? failure = null, string? file = null)
    {
        var program = Find(tool) ?? throw new PgToolException(Validator.Format(CliText.PgToolMissing, tool));
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        start.Environment["PGHOST"] = b.Host;
        start.Environment["PGPORT"] = b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = b.Database;
        start.Environment["PGUSER"] = b.Username;
        start.Environment["PGCONNECT_TIMEOUT"] = b.Timeout.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGSSLMODE"] = b.SslMode.ToString().ToLowerInvariant() switch { "verifyca" => "verify-ca", "verifyfull" => "verify-full", var m => m };
        if (!string.IsNullOrEmpty(b.Password))
        {
            start.Environment["PGPASSWORD"] = b.Password;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // A cancelled restore must not go on and commit after the command has ended.
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            var said = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            throw new PgToolException(failure is null
                ? Validator.Format(CliText.PgToolFailed, tool, said)
                : Validator.Format(CliText.RestoreNotABackup, file ?? "", failure));
        }
        return await stdout;
    }

    private static string? Find(string tool)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }
        const string root = "/usr/lib/postgresql";
        return !Directory.Exists(root) ? null : Directory.GetDirectories(root)
            .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Path: Path.Combine(d, "bin", tool)))
            .Where(t => File.Exists(t.Path))
            .OrderByDescending(t => t.Version)
            .Select(t => t.Path)
            .FirstOrDefault();
    }
}

/// <summary>A PostgreSQL tool is missing or failed; the command line prints the message as its one line.</summary>
internal sealed class PgToolException(string message) : Exception(message);
