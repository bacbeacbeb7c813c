using Bridgehead.Perf;

namespace Bridgehead.Tests.Bench;

/// <summary>The pure parts of the HTTP bench (bench/Bridgehead.Perf): percentiles, the document merge, reading the import script.</summary>
public sealed class PerfBenchTests
{
    [Fact]
    public void Percentile_IsTheNearestRank()
    {
        double[] hundred = [.. Enumerable.Range(1, 100).Select(i => (double)i)];
        Assert.Equal(50, Percentile.NearestRank(hundred, 50));
        Assert.Equal(95, Percentile.NearestRank(hundred, 95));
        Assert.Equal(99, Percentile.NearestRank(hundred, 99));
        Assert.Equal(100, Percentile.NearestRank(hundred, 100));

        // 20 calls: p95 is the 19th, the second slowest; p50 the 10th.
        double[] twenty = [.. Enumerable.Range(1, 20).Select(i => i * 10.0)];
        Assert.Equal(190, Percentile.NearestRank(twenty, 95));
        Assert.Equal(100, Percentile.NearestRank(twenty, 50));
        Assert.Equal(7, Percentile.NearestRank([7], 99));
        Assert.True(double.IsNaN(Percentile.NearestRank([], 50)));
    }

    [Fact]
    public void Merge_ReplacesOnlyTheGeneratedPart()
    {
        var doc = $"# Performance\n\nintro\n\n{Markdown.Start}\nold table\n{Markdown.End}\n\n## Findings\n\nhand-written\n";
        var merged = Markdown.Merge(doc, "new table\n");
        Assert.Equal($"# Performance\n\nintro\n\n{Markdown.Start}\nnew table\n{Markdown.End}\n\n## Findings\n\nhand-written\n", merged);
        Assert.Equal(merged, Markdown.Merge(merged, "new table"));
    }

    [Fact]
    public void Merge_AddsTheMarkersWhereThereAreNone()
    {
        var merged = Markdown.Merge("# Notes\n\nkept\n", "table");
        Assert.Equal($"# Notes\n\nkept\n\n{Markdown.Start}\ntable\n{Markdown.End}\n", merged);

        var fresh = Markdown.Merge(null, "table");
        Assert.Contains($"{Markdown.Start}\ntable\n{Markdown.End}", fresh, StringComparison.Ordinal);
        Assert.Contains("## Findings", fresh, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_ReadsTheResultLines()
    {
        var results = Import.Parse("""
            == PostgreSQL, 1000000 rows
            something
            RESULT postgres import_rows=1000000 import_seconds=20.5 import_rows_per_s=48780 copy_rows_per_s=90000 ratio=0.54
            RESULT sqlite import_rows=100000 import_seconds=10 import_rows_per_s=10000
            """);
        Assert.Equal(2, results.Count);
        Assert.Equal(new ImportResult("PostgreSQL", 1_000_000, 20.5, 48780, 90000), results[0]);
        Assert.Equal(48780 / 90000.0, results[0].Ratio);
        Assert.Equal(new ImportResult("SQLite", 100_000, 10, 10000, null), results[1]);
    }

    [Fact]
    public void Import_ReadsTheOlderLinesWithoutResult()
    {
        var results = Import.Parse("""
            == PostgreSQL, 1000 rows
            bridgehead import (PostgreSQL, binary COPY): 1000 rows in 2.0 s = 500 rows/s (whole command, start-up and row count included)
            baseline psql \copy into a plain table: 1000 rows in 0.1 s = 10,000 rows/s
            accounts imported: 1000
            == SQLite, 100 rows
            bridgehead import (SQLite, batched inserts): 100 rows in 1.0 s = 100 rows/s (whole command, start-up and row count included)
            """);
        Assert.Equal([new ImportResult("PostgreSQL", 1000, 2.0, 500, 10_000), new ImportResult("SQLite", 100, 1.0, 100, null)], results);
    }

    [Fact]
    public void Options_AreReadAndCheckedAsGiven()
    {
        var o = PerfOptions.Parse(["--sizes", "10000,100_000", "--sqlite", "0", "--seconds", "3", "--demo"], out var error);
        Assert.Null(error);
        Assert.Equal([10_000, 100_000], o!.Sizes);
        Assert.Equal(0, o.Sqlite);
        Assert.Equal(3, o.Seconds);
        Assert.True(o.Demo);
        Assert.Equal(16, o.Clients);

        Assert.Null(PerfOptions.Parse(["--seconds", "0"], out error));
        Assert.Contains("--seconds", error, StringComparison.Ordinal);
        Assert.Null(PerfOptions.Parse(["--sizes", "10k"], out error));
        Assert.Null(PerfOptions.Parse(["--what"], out error));
    }

    [Fact]
    public void Template_NamesADatabasePerSize_AndRefusesAnythingElse()
    {
        var o = PerfOptions.Parse(["--template", "1_000_000=bh1m", "--template", "10000=small_book"], out var error);
        Assert.Null(error);
        Assert.Equal("bh1m", o!.Templates[1_000_000]);
        Assert.Equal("small_book", o.Templates[10_000]);

        Assert.Null(PerfOptions.Parse(["--template", "bh1m"], out error));
        Assert.Contains("--template", error, StringComparison.Ordinal);
        Assert.Null(PerfOptions.Parse(["--template", "1000=Robert'); DROP TABLE x;--"], out error));
        Assert.Null(PerfOptions.Parse(["--template", "0=bh"], out error));
    }

    [Fact]
    public void Words_AreTheLongestWordOfEachName()
    {
        Assert.Equal(["hanil", "steelworks"], Samples.PickWords(["Hanil Co 12", "Busan Steelworks (KR)", "HANIL", "A 1"]));
    }
}
