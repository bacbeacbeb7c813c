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
/// numbers, dates and booleans are written as such. Enums are written as their API keys.
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

    private static async Task WriteCsvAsync(Stream output, IReadOnlyList<string> headers, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n", HasHeaderRecord = false };
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
        string s => CellSafety.Neutralise(s),
        bool or decimal or int or long or double => value,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTime t => t,
        Enum e => JsonNamingPolicy.CamelCase.ConvertName(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => CellSafety.Neutralise(value.ToString() ?? ""),
    };

    private static async Task WriteXlsxAsync(Stream output, IReadOnlyList<string> headers, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        // The spreadsheet library writes synchronously: build the file on disk (it can be large),
        // then copy it to the response asynchronously.
        var keys = headers.Select(CellSafety.Neutralise).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            // Headers key the cells of a row: a repeated header is kept apart by a trailing space.
            while (keys.IndexOf(keys[i]) < i)
            {
                keys[i] += " ";
            }
        }
        Dictionary<string, object?> Cells(object?[] row)
        {
            var cells = new Dictionary<string, object?>(keys.Count);
            for (var i = 0; i < keys.Count; i++)
            {
                cells[keys[i]] = i < row.Length ? XlsxCell(row[i]) : null;
            }
            return cells;
        }
        IEnumerable<IDictionary<string, object?>> Stream(IEnumerator<object?[]> rest, object?[] first)
        {
            yield return Cells(first);
            while (rest.MoveNext())
            {
                ct.ThrowIfCancellationRequested();
                yield return Cells(rest.Current);
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
                    // No rows: a table with the columns alone still writes the header row.
                    using var empty = new System.Data.DataTable();
                    foreach (var key in keys)
                    {
                        empty.Columns.Add(key);
                    }
                    MiniExcel.SaveAs(file, empty, printHeader: true, sheetName: "Sheet1", excelType: ExcelType.XLSX);
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
