using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Tabular;

namespace Bridgehead.Imports;

/// <summary>
/// Keeps an uploaded CSV or XLSX file in the imports folder under a new random name and returns
/// its header and first rows; <see cref="PreviewAsync"/> reads a kept file again. Any signed-in
/// user who may write sales records may upload (what they may import is checked when it starts).
/// </summary>
public sealed class UploadImportFile(BridgeheadDb db, ImportFolder folder)
{
    public const int SampleRows = 20;

    /// <summary>Largest file taken: a million rows of a wide export fit.</summary>
    public const long MaxBytes = 1L << 30;

    public async Task<ImportUpload> HandleAsync(string? fileName, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        Access.Require(db.Viewer);
        var name = Path.GetFileName(Text.Clean(fileName) ?? "");
        var format = Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".csv" or ".txt" => TabularFormat.Csv,
            ".xlsx" => TabularFormat.Xlsx,
            _ => (TabularFormat?)null,
        } ?? throw ValidationException.For("file", ImportsText.UnknownFileType);
        Directory.CreateDirectory(folder.Path);
        // The uploader's id leads the name, so only they (or an admin) can preview or import it.
        var stored = string.Create(CultureInfo.InvariantCulture, $"{db.Viewer!.UserId ?? 0}-{Guid.NewGuid():N}{TabularWriter.Extension(format)}");
        var path = Path.Combine(folder.Path, stored);
        long size;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await content.CopyToAsync(file, ct);
            size = file.Length;
        }
        if (size > MaxBytes)
        {
            File.Delete(path);
            throw ValidationException.For("file", Validator.Format(ImportsText.FileTooLarge, MaxBytes >> 20));
        }
        try
        {
            return Read(stored, name.Length == 0 ? stored : name, format, path);
        }
        catch (ValidationException)
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The header and first rows of a kept file; 404 when there is no such file.</summary>
    public Task<ImportUpload> PreviewAsync(string storedFile, string fileName)
    {
        var path = PathFor(folder, storedFile, Access.Require(db.Viewer)) ?? throw new NotFoundException("file");
        var format = TabularWriter.Parse(Path.GetExtension(storedFile).TrimStart('.')) ?? throw new NotFoundException("file");
        return Task.FromResult(Read(storedFile, fileName, format, path));
    }

    /// <summary>The full path of a kept file that <paramref name="viewer"/> uploaded (an admin: anyone's), or null.</summary>
    public static string? PathFor(ImportFolder folder, string? storedFile, Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var dash = storedFile?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        var uploader = dash > 0 && long.TryParse(storedFile![..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null;
        return uploader is not null && (viewer.IsAdmin || viewer.IsSystem || uploader == (viewer.UserId ?? 0)) ? PathOf(folder, storedFile) : null;
    }

    /// <summary>The full path of a kept file, or null when the name is not one this class gave out or the file is gone.</summary>
    public static string? PathOf(ImportFolder folder, string? storedFile)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var dash = storedFile?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (storedFile is null || dash <= 0 || !storedFile[..dash].All(char.IsAsciiDigit)
            || storedFile.Length - dash - 1 is not (36 or 37) || !Guid.TryParseExact(storedFile.Substring(dash + 1, 32), "N", out _)
            || TabularWriter.Parse(Path.GetExtension(storedFile).TrimStart('.')) is null)
        {
            return null;
        }
        var path = Path.Combine(folder.Path, storedFile);
        return File.Exists(path) ? path : null;
    }

    private static ImportUpload Read(string stored, string name, TabularFormat format, string path)
    {
        try
        {
            using var reader = TabularReader.Open(path, format);
            var sample = reader.Rows().Take(SampleRows).Select(r => (IReadOnlyList<string?>)r.Cells).ToList();
            return new ImportUpload(stored, name, format, reader.Headers, sample);
        }
        catch (InvalidDataException e)
        {
            throw ValidationException.For("file", Validator.Format(ImportsText.Unreadable, e.Message));
        }
    }
}
