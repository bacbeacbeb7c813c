using System.Globalization;
using System.Text;
using System.Text.Json;
using Bridgehead.Imports;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;

namespace Bridgehead.Tabular;

/// <summary>
/// Writes a table as CSV (RFC 4180: comma, CRLF, quotes doubled; UTF-8 with a byte-order mark so
/// spreadsheet programs read Korean right) or XLSX. Text cells go through <see cref="CellSafety"/>;
/// numbers, dates and booleans are written as such. Enums are written as their API keys. In
/// XLSX a line break in a text is a line feed (CRLF and CR become LF, as spreadsheets hold them).
/// Known limit of the XLSX library: text holding two OOXML escape-like sequences that share an
/// underscore (e.g. "_x005F_x0041_") does not read back exactly; CSV has no such limit.
/// </summary>
public static class TabularWriter
{
    public static string ContentType(TabularFormat format) => format switch
    {
        TabularFormat.Csv => "text/csv; charset=utf-8",
        TabularFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public static string Extension(TabularFormat format) => format switch
    {
        TabularFormat.Csv => ".csv",
        TabularFormat.Xlsx => ".xlsx",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>
    /// Comma, CRLF after each record, and a field in quotes (quotes doubled) whenever it holds a
    /// quote, a delimiter a reader might guess (comma, semicolon, tab), a line break (CR or LF on
    /// its own too: left bare, a reader would end the record there), or leading or trailing spaces.
    /// </summary>
    private static CsvConfiguration CsvConfig() => new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        HasHeaderRecord = false,
        ShouldQuote = args => args.Field is { Length: > 0 } f
            && (f.AsSpan().IndexOfAny(QuotedChars) >= 0 || char.IsWhiteSpace(f[0]) || char.IsWhiteSpace(f[^1])),
    };

    private static readonly System.Buffers.SearchValues<char> QuotedChars = System.Buffers.SearchValues.Create("\",;\t\r\n");

    /// <summary>"csv" or "xlsx" (any case); null otherwise.</summary>
    public static TabularFormat? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "csv" => TabularFormat.Csv,
        "xlsx" => TabularFormat.Xlsx,
        _ => null,
    };

    public static async Task WriteAsync(Stream output, TabularFormat format, IReadOnlyList<string> headers, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        switch (format)
        {
            case TabularFormat.Csv:
                await WriteCsvAsync(output, headers, rows, ct);
                break;
            case TabularFormat.Xlsx:
                await WriteXlsxAsync(output, headers, rows, ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    /// <summary>
    /// Writes rows that arrive asynchronously (e.g. read from the database a page at a time), so a
    /// table of any length is written without holding it in memory.
    /// </summary>
    public static async Task WriteAsync(Stream output, TabularFormat format, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        switch (format)
        {
            case TabularFormat.Csv:
                await WriteCsvAsync(output, headers, rows, ct);
                break;
            case TabularFormat.Xlsx:
                await WriteXlsxAsync(output, headers, rows, ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    private static async Task WriteCsvAsync(Stream output, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        var config = CsvConfig();
        await using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(text, config);
        foreach (var header in headers)
        {
            csv.WriteField(CellSafety.Neutralise(header));
        }
        await csv.NextRecordAsync();
        await foreach (var row in rows.WithCancellation(ct))
        {
            foreach (var cell in row)
            {
                csv.WriteField(CsvCell(cell));
            }
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    private static async Task WriteXlsxAsync(Stream output, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        var keys = XlsxKeys(headers);
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var rowsLeft = rows.GetAsyncEnumerator(ct);
                await using (rowsLeft.ConfigureAwait(false))
                {
                    if (await rowsLeft.MoveNextAsync())
                    {
                        await MiniExcel.SaveAsAsync(file, XlsxRowsAsync(keys, rowsLeft, ct), printHeader: true, sheetName: "Sheet1", excelType: ExcelType.XLSX, cancellationToken: ct);
                    }
                    else
                    {
                        SaveEmptyXlsx(file, keys);
                    }
                }
            }
            await using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 81920, FileOptions.Asynchronous);
            await read.CopyToAsync(output, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The row the enumerator stands on, then the rest, as cells keyed by header.</summary>
    private static async IAsyncEnumerable<IDictionary<string, object?>> XlsxRowsAsync(IReadOnlyList<string> keys, IAsyncEnumerator<object?[]> rows,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        do
        {
            ct.ThrowIfCancellationRequested();
            yield return XlsxCells(keys, rows.Current);
        }
        while (await rows.MoveNextAsync());
    }

    /// <summary>
    /// A line break inside a spreadsheet cell is a line feed: XML keeps no bare carriage return (a
    /// reader turns CRLF and CR into LF), so the file says so itself rather than leaving it to chance.
    /// </summary>
    private static string XlsxLineBreaks(string value) =>
        value.Contains('\r', StringComparison.Ordinal) ? value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : value;

    /// <summary>Headers key the cells of a row: a repeated header is kept apart by a trailing space.</summary>
    private static List<string> XlsxKeys(IReadOnlyList<string> headers)
    {
        var keys = headers.Select(CellSafety.Neutralise).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            while (keys.IndexOf(keys[i]) < i)
            {
                keys[i] += " ";
            }
        }
        return keys;
    }

    private static Dictionary<string, object?> XlsxCells(IReadOnlyList<string> keys, object?[] row)
    {
        var cells = new Dictionary<string, object?>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            cells[keys[i]] = i < row.Length ? XlsxCell(row[i]) : null;
        }
        return cells;
    }

    /// <summary>No rows: a table with the columns alone still writes the header row.</summary>
    private static void SaveEmptyXlsx(Stream file, IReadOnlyList<string> keys)
    {
        using var empty = new System.Data.DataTable();
        foreach (var key in keys)
        {
            empty.Columns.Add(key);
        }
        MiniExcel.SaveAs(file, empty, printHeader: true, sheetName: "Sheet1", excelType: ExcelType.XLSX);
    }

    private static async Task WriteCsvAsync(Stream output, IReadOnlyList<string> headers, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var config = CsvConfig();
        await using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(text, config);
        foreach (var header in headers)
        {
            csv.WriteField(CellSafety.Neutralise(header));
        }
        await csv.NextRecordAsync();
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            foreach (var cell in row)
            {
                csv.WriteField(CsvCell(cell));
            }
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    private static string CsvCell(object? value) => value switch
    {
        null => "",
        string s => CellSafety.Neutralise(s),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Enum e => JsonNamingPolicy.CamelCase.ConvertName(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => CellSafety.Neutralise(value.ToString() ?? ""),
    };

    private static object? XlsxCell(object? value) => value switch
    {
        null => null,
        string s => CellSafety.Neutralise(XlsxLineBreaks(s)),
        bool or decimal or int or long or double => value,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTime t => t,
        Enum e => JsonNamingPolicy.CamelCase.ConvertName(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => CellSafety.Neutralise(value.ToString() ?? ""),
    };

    private static async Task WriteXlsxAsync(Stream output, IReadOnlyList<string> headers, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        // The spreadsheet library writes these rows synchronously: build the file on disk (it can
        // be large), then copy it to the response asynchronously.
        var keys = XlsxKeys(headers);
        IEnumerable<IDictionary<string, object?>> Stream(IEnumerator<object?[]> rest, object?[] first)
        {
            yield return XlsxCells(keys, first);
            while (rest.MoveNext())
            {
                ct.ThrowIfCancellationRequested();
                yield return XlsxCells(keys, rest.Current);
            }
        }
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                using var rowsLeft = rows.GetEnumerator();
                if (rowsLeft.MoveNext())
                {
                    MiniExcel.SaveAs(file, Stream(rowsLeft, rowsLeft.Current), printHeader: true, sheetName: "Sheet1", excelType: ExcelType.XLSX);
                }
                else
                {
                    SaveEmptyXlsx(file, keys);
                }
            }
            await using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 81920, FileOptions.Asynchronous);
            await read.CopyToAsync(output, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
