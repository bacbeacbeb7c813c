using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Bridgehead.Imports;
using Bridgehead.Tabular;
using CsCheck;

namespace Bridgehead.Tests.Tabular;

/// <summary>
/// The file formats every export, report download and import shares: CSV per RFC 4180 with a BOM,
/// XLSX with text cells only as text, formula injection neutralised on write and restored on read.
/// </summary>
public sealed partial class TabularTests
{
    private static async Task<byte[]> WriteAsync(TabularFormat format, IReadOnlyList<string> headers, params object?[][] rows)
    {
        using var output = new MemoryStream();
        await TabularWriter.WriteAsync(output, format, headers, rows, CancellationToken.None);
        return output.ToArray();
    }

    private static async Task<byte[]> WriteStreamedAsync(TabularFormat format, IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        static async IAsyncEnumerable<object?[]> Slowly(IEnumerable<object?[]> rows)
        {
            foreach (var row in rows)
            {
                await Task.Yield();
                yield return row;
            }
        }
        using var output = new MemoryStream();
        await TabularWriter.WriteAsync(output, format, headers, Slowly(rows), CancellationToken.None);
        return output.ToArray();
    }

    private static string CsvText(byte[] bytes)
    {
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }

    private static (IReadOnlyList<string> Headers, List<string?[]> Rows) Read(byte[] bytes, TabularFormat format)
    {
        using var reader = TabularReader.Open(new MemoryStream(bytes), format);
        return (reader.Headers, reader.Rows().Select(r => r.Cells).ToList());
    }

    /// <summary>The worksheet's XML, to see how cells are stored.</summary>
    private static string SheetXml(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        var entry = zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal));
        using var text = new StreamReader(entry.Open());
        return text.ReadToEnd();
    }

    [GeneratedRegex(@"<(\w+:)?f[\s>/]")]
    private static partial Regex FormulaElement();

    // ---- RFC 4180 ----

    [Fact]
    public async Task Csv_QuotesCommasQuotesAndLineBreaks_EndsRecordsWithCrLf_StartsWithBom()
    {
        var bytes = await WriteAsync(TabularFormat.Csv, ["name", "notes"],
            ["Kim, Lee & Park", "say \"hi\""],
            ["line one\r\nline two", "only LF\nhere"],
            ["lone CR\rhere", "plain"]);

        var text = CsvText(bytes);

        Assert.Equal(
            "name,notes\r\n"
            + "\"Kim, Lee & Park\",\"say \"\"hi\"\"\"\r\n"
            + "\"line one\r\nline two\",\"only LF\nhere\"\r\n"
            + "\"lone CR\rhere\",plain\r\n",
            text);
    }

    [Fact]
    public async Task Csv_ReadsBackFieldsWithDelimitersQuotesAndLineBreaks()
    {
        string[] values = ["a,b", "\"quoted\"", "two\r\nlines", "LF\nonly", "CR\ronly", "semi;colon", "tab\there", " padded ", "한국어, 쉼표"];
        var bytes = await WriteAsync(TabularFormat.Csv, ["value", "marker"], [.. values.Select(v => new object?[] { v, "x" })]);

        var (headers, rows) = Read(bytes, TabularFormat.Csv);

        Assert.Equal(["value", "marker"], headers);
        Assert.Equal(values, rows.Select(r => r[0]));
    }

    [Fact]
    public async Task EmptyTable_WritesTheHeaderRow_InBothFormats()
    {
        var csv = await WriteAsync(TabularFormat.Csv, ["id", "name"]);
        var xlsx = await WriteAsync(TabularFormat.Xlsx, ["id", "name"]);
        var streamedCsv = await WriteStreamedAsync(TabularFormat.Csv, ["id", "name"], []);
        var streamedXlsx = await WriteStreamedAsync(TabularFormat.Xlsx, ["id", "name"], []);

        Assert.Equal("id,name\r\n", CsvText(csv));
        Assert.Equal("id,name\r\n", CsvText(streamedCsv));
        foreach (var file in new[] { xlsx, streamedXlsx })
        {
            var (headers, rows) = Read(file, TabularFormat.Xlsx);
            Assert.Equal(["id", "name"], headers);
            Assert.Empty(rows);
        }
    }

    // ---- formula injection ----

    public static TheoryData<string, string> Dangerous => new()
    {
        { "=1+1", "'=1+1" },
        { "+1", "'+1" },
        { "-1", "'-1" },
        { "@SUM(A1)", "'@SUM(A1)" },
        { "\t=x", "'\t=x" },
        { "\tplain", "'\tplain" },
        { "\r=x", "'\r=x" },
        { " =1+1", "' =1+1" },
        { "   @x", "'   @x" },
        { "\u0000=cmd", "'\u0000=cmd" },
        { "\u0001", "'\u0001" },
        { " \u0007-2", "' \u0007-2" },
        { "\u3000=1", "'\u3000=1" },
        { "＝1+1", "'＝1+1" },
        { "＋1", "'＋1" },
        { "－1", "'－1" },
        { "＠x", "'＠x" },
        { "=HYPERLINK(\"http://evil.example\",\"click\")", "'=HYPERLINK(\"http://evil.example\",\"click\")" },
        { "'already", "''already" },
        { "'=1+1", "''=1+1" },
    };

    [Theory]
    [MemberData(nameof(Dangerous))]
    public void Neutralise_PrefixesAnApostrophe_AndRestoreGivesTheValueBack(string value, string written)
    {
        Assert.Equal(written, CellSafety.Neutralise(value));
        Assert.Equal(value, CellSafety.Restore(written));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("a=b")]
    [InlineData("1-2")]
    [InlineData("한국 거래처 =")]
    [InlineData("x@y.example")]
    [InlineData(" spaced")]
    [InlineData("don't")]
    public void Neutralise_LeavesHarmlessText(string value)
    {
        Assert.Equal(value, CellSafety.Neutralise(value));
        Assert.Equal(value, CellSafety.Restore(value));
    }

    [Fact]
    public async Task Csv_NeutralisesTextCells_NotNumbers()
    {
        var bytes = await WriteAsync(TabularFormat.Csv, ["text", "number", "date", "flag"],
            ["=1+1", -5.5m, new DateOnly(2026, 11, 27), true],
            ["-5.5", -12, null, false],
            ["＝cmd|' /C calc'!A0", 3.25, null, null]);

        var text = CsvText(bytes);

        Assert.Equal(
            "text,number,date,flag\r\n"
            + "'=1+1,-5.5,2026-11-27,true\r\n"
            + "'-5.5,-12,,false\r\n"
            + "'＝cmd|' /C calc'!A0,3.25,,\r\n",
            text);
    }

    [Fact]
    public async Task Headers_AreNeutralisedToo()
    {
        var bytes = await WriteAsync(TabularFormat.Csv, ["=evil", "ok"], ["a", "b"]);

        Assert.StartsWith("'=evil,ok\r\n", CsvText(bytes), StringComparison.Ordinal);
        Assert.Equal(["=evil", "ok"], Read(bytes, TabularFormat.Csv).Headers);
    }

    [Fact]
    public async Task Xlsx_WritesNoFormula_TextAsText_NumbersAsNumbers()
    {
        var bytes = await WriteAsync(TabularFormat.Xlsx, ["text", "number"],
            ["=HYPERLINK(\"http://evil.example\",\"click\")", -5.5m],
            ["@SUM(1+1)*cmd|' /C calc'!A0", -12],
            ["+1", 7L]);

        var xml = SheetXml(bytes);

        Assert.DoesNotMatch(FormulaElement(), xml);
        Assert.Matches("(&apos;|')=HYPERLINK\\(", xml);
        var (_, rows) = Read(bytes, TabularFormat.Xlsx);
        Assert.Equal(["=HYPERLINK(\"http://evil.example\",\"click\")", "-5.5"], rows[0]);
        Assert.Equal(["@SUM(1+1)*cmd|' /C calc'!A0", "-12"], rows[1]);
        Assert.Equal(["+1", "7"], rows[2]);
        // The numbers are number cells (no t="s"/"str"/"inlineStr" type), not text.
        Assert.Matches(new Regex("<(\\w+:)?c[^>]*r=\"B2\"(?![^>]*t=\"(s|str|inlineStr)\")[^>]*>"), xml);
    }

    [Fact]
    public async Task Xlsx_StreamedRows_AreWrittenTheSameWay()
    {
        var bytes = await WriteStreamedAsync(TabularFormat.Xlsx, ["text", "number", "date"],
            [["=1+1", -1.5m, new DateOnly(2026, 1, 31)], ["한국어", 2, null]]);

        Assert.DoesNotMatch(FormulaElement(), SheetXml(bytes));
        var (headers, rows) = Read(bytes, TabularFormat.Xlsx);
        Assert.Equal(["text", "number", "date"], headers);
        Assert.Equal(["=1+1", "-1.5", "2026-01-31"], rows[0]);
        Assert.Equal(["한국어", "2", null], rows[1]);
    }

    [Fact]
    public async Task KoreanText_SurvivesBothFormats()
    {
        const string name = "대한정밀 주식회사 (부산), \"특수강\"";
        foreach (var format in new[] { TabularFormat.Csv, TabularFormat.Xlsx })
        {
            var bytes = await WriteAsync(format, ["거래처", "메모"], [name, "정시 완납률 98%"]);

            var (headers, rows) = Read(bytes, format);

            Assert.Equal(["거래처", "메모"], headers);
            Assert.Equal([name, "정시 완납률 98%"], rows.Single());
        }
    }

    // ---- round trip ----

    /// <summary>
    /// Characters that stress quoting, neutralising and XML: triggers (also full-width), controls
    /// (XML cannot hold them raw), quotes, line breaks, spaces, Korean, underscores and hex digits.
    /// No "x": text with two OOXML escape-like sequences sharing an underscore ("_x005F_x0041_")
    /// is a known limit of the XLSX library (see TabularWriter).
    /// </summary>
    private const string Alphabet = "=+-@＝＋－＠'\"\t\r\n ,;\u0000\u0001\u0008\u000b\u001f\u3000\u00a0_0123456789ABCDEFaz한국어가";

    private static readonly Gen<string> GenText = Gen.Char[Alphabet].Array[0, 12].Select(chars => new string(chars));

    private static async Task RoundTripAsync(TabularFormat format, Func<string, string> expected)
    {
        await GenText.Array[1, 8].SampleAsync(async values =>
        {
            // A marker column keeps a row from being wholly blank (the reader skips those).
            var bytes = await WriteAsync(format, ["value", "marker"], [.. values.Select(v => new object?[] { v, "x" })]);

            var (_, rows) = Read(bytes, format);

            Assert.Equal(values.Select(v => v.Length == 0 ? null : expected(v)), rows.Select(r => r[0]));
        }, iter: 300, threads: 1);
    }

    [Fact]
    public Task AnyText_RoundTripsExactly_ThroughCsv() => RoundTripAsync(TabularFormat.Csv, v => v);

    [Fact]
    public Task AnyText_RoundTripsThroughXlsx_WithLineBreaksAsLineFeeds() =>
        RoundTripAsync(TabularFormat.Xlsx, v => v.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'));

    [Fact]
    public async Task Xlsx_CarriageReturns_BecomeLineFeeds_Csv_KeepsThem()
    {
        var csv = await WriteAsync(TabularFormat.Csv, ["notes", "marker"], ["one\r\ntwo\rthree", "x"]);
        var xlsx = await WriteAsync(TabularFormat.Xlsx, ["notes", "marker"], ["one\r\ntwo\rthree", "x"]);

        Assert.Equal("one\r\ntwo\rthree", Read(csv, TabularFormat.Csv).Rows.Single()[0]);
        Assert.Equal("one\ntwo\nthree", Read(xlsx, TabularFormat.Xlsx).Rows.Single()[0]);
    }

    [Theory]
    [InlineData("_x0041_")]
    [InlineData("\u0000")]
    [InlineData("  leading and trailing  ")]
    [InlineData("007")]
    [InlineData("2026-11-27")]
    [InlineData("1e5")]
    [InlineData("TRUE")]
    public async Task AwkwardText_RoundTripsAsText(string value)
    {
        foreach (var format in new[] { TabularFormat.Csv, TabularFormat.Xlsx })
        {
            var bytes = await WriteAsync(format, ["value", "marker"], [value, "x"]);

            var (_, rows) = Read(bytes, format);

            Assert.Equal(value, rows.Single()[0]);
        }
    }
}
