using Bridgehead.Tests.Infrastructure;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(LongestFirst))]

namespace Bridgehead.Tests.Infrastructure;

/// <summary>
/// Starts the longest test classes first. The run is CPU-bound on two threads: a two-minute class
/// that happens to start near the end runs on alone and sets the run's length (the accessibility
/// audit once finished four minutes after most of the suite). Started first, it overlaps the short
/// classes instead. The list is from the per-test times of a full run (xunit's -xml report);
/// everything else keeps xunit's own order.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest =
    [
        "Browser.AccessibilityTests",
        "Browser.JourneyTests_Korean",
        "Browser.JourneyTests_English",
        "Cli.CliTests_Sqlite",
        "Cli.CliTests_Postgres",
        "ScaleOut.ScaleOutTests_Postgres",
        "Cli.BackupRestoreTests_Postgres",
        "Competitors.DemoMovesTests_Postgres",
        "References.DemoReferencesTests_Sqlite",
        "Security.ApiFuzzTests_Postgres",
        "Cli.ImportCliTests_Sqlite",
    ];

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. testCollections.Select((collection, index) => (collection, index, rank: Rank(collection.TestCollectionDisplayName)))
            .OrderBy(c => c.rank).ThenBy(c => c.index).Select(c => c.collection)];

    private static int Rank(string displayName)
    {
        for (var i = 0; i < Longest.Length; i++)
        {
            if (displayName.EndsWith("." + Longest[i], StringComparison.Ordinal) || displayName.Contains("." + Longest[i] + " ", StringComparison.Ordinal))
            {
                return i;
            }
        }
        return Longest.Length;
    }
}
