using System.Globalization;
using Bridgehead.Imports;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;

namespace Bridgehead.Tabular;

/// <summary>
/// Reads a CSV or XLSX file row by row (never the whole file into memory): the first row is the
/// header, every later row a list of cells as text (numbers invariant, dates yyyy-MM-dd, blanks
/// null). Cells neutralised by <see cref="CellSafety"/> on export are restored, so an exported file
/// reads back to the values it was written from. CSV: UTF-8 (with or without a byte-order mark),
/// the delimiter (comma, semicolon or tab) is detected.
/// </summary>
public sealed class TabularReader : IDisposable
{
    private readonly Stream _stream;
    private readonly IEnumerator<string?[]> _rows;

    private TabularReader(Stream stream, IEnumerator<string?[]> rows, IReadOnlyList<string> headers)
    {
        _stream = stream;
        _rows = rows;
        Headers = headers;
    }

    /// <summary>How far into the file the reader is (0..1), by bytes read of the file's size; null for XLSX (a zip: its bytes say nothing of rows) or a stream of unknown length. Runs ahead by the read buffer.</summary>
    public double? Fraction => _isCsv && _stream.CanSeek && _stream.Length > 0 ? Math.Min(1.0, (double)_stream.Position / _stream.Length) : null;

    private bool _isCsv;

    /// <summary>The header row, restored (see <see cref="CellSafety"/>) and trimmed; a blank header reads as "Column N".</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>Opens a file; an empty file (no header row) throws <see cref="InvalidDataException"/>.</summary>
    public static TabularReader Open(string path, TabularFormat format) =>
        Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920), format);

    public static TabularReader Open(Stream stream, TabularFormat format)
    {
        try
        {
            var rows = (format switch
            {
                TabularFormat.Csv => CsvRows(stream),
                TabularFormat.Xlsx => XlsxRows(stream),
                _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
            }).GetEnumerator();
            if (!rows.MoveNext())
            {
                throw new InvalidDataException("The file has no header row.");
            }
            var headers = rows.Current.Select((h, i) => string.IsNullOrWhiteSpace(h) ? "Column " + (i + 1).ToString(CultureInfo.InvariantCulture) : CellSafety.Restore(h).Trim()).ToList();
            return new TabularReader(stream, rows, headers) { _isCsv = format == TabularFormat.Csv };
        }
        catch (Exception e) when (e is not InvalidDataException and not ArgumentOutOfRangeException)
        {
            stream.Dispose();
            throw new InvalidDataException("The file cannot be read as " + format.ToString().ToUpperInvariant() + ": " + e.Message, e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The data rows after the header, each as long as the header row; a wholly blank row is skipped but still counted in row numbers.</summary>
    public IEnumerable<(int RowNumber, string?[] Cells)> Rows()
    {
        var number = 0;
        while (Next())
        {
            number++;
            var raw = _rows.Current;
            if (raw.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            var cells = new string?[Headers.Count];
            for (var i = 0; i < cells.Length && i < raw.Length; i++)
            {
                cells[i] = raw[i] is { Length: > 0 } v ? CellSafety.Restore(v) : null;
            }
            yield return (number, cells);
        }
    }

    /// <summary>The next raw row; a file that turns unreadable after its header (a broken XLSX part, a parser fault) throws <see cref="InvalidDataException"/>, as <see cref="Open(Stream, TabularFormat)"/> does.</summary>
    private bool Next()
    {
        try
        {
            return _rows.MoveNext();
        }
        catch (Exception e) when (e is not InvalidDataException and not OperationCanceledException)
        {
            throw new InvalidDataException("The file cannot be read: " + e.Message, e);
        }
    }

    public void Dispose()
    {
        _rows.Dispose();
        _stream.Dispose();
    }

    private static IEnumerable<string?[]> CsvRows(Stream stream)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            BadDataFound = null,
            MissingFieldFound = null,
        };
        using var text = new StreamReader(stream, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        using var parser = new CsvParser(text, config);
        while (parser.Read())
        {
            yield return parser.Record ?? [];
        }
    }

    private static IEnumerable<string?[]> XlsxRows(Stream stream)
    {
        var config = new MiniExcelLibs.OpenXml.OpenXmlConfiguration { FillMergedCells = false };
        foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX, configuration: config))
        {
            yield return [.. row.Values.Select(Text)];
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        // A spreadsheet number beyond decimal's range (1e30) reads as its text, for the field's own check to refuse.
        double d when Math.Abs(d) < 7.9e28 => ((decimal)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
