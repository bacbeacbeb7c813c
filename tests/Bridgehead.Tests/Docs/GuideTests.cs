using System.Text;
using System.Text.RegularExpressions;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Docs;

/// <summary>
/// The user guide in both languages: the same sections, a contents list that leads to each of
/// them, and no link or picture in the docs or the README that points at nothing.
/// </summary>
public sealed partial class GuideTests
{
    private static readonly string[] Guides = ["docs/guide.md", "docs/guide.ko.md"];

    public static TheoryData<string> GuideFiles => new(Guides);

    [Theory]
    [MemberData(nameof(GuideFiles))]
    public void TheContentsList_NamesEverySectionInOrder_WithWorkingAnchors(string guide)
    {
        var text = Read(guide);
        var sections = Section().Matches(text).Select(m => m.Groups[1].Value.Trim()).ToList();
        var seen = new Dictionary<string, int>();
        var expected = sections.Select(h => $"- [{h}](#{Anchor(h, seen)})").ToList();
        var listed = ContentsEntry().Matches(text).Select(m => m.Value.TrimEnd()).ToList();

        Assert.True(expected.SequenceEqual(listed),
            $"{guide}: the contents list does not match the sections. It should read:\n{string.Join('\n', expected)}");
    }

    [Fact]
    public void BothLanguages_HaveTheSameNumberOfSections()
    {
        var counts = Guides.Select(g => Section().Count(Read(g))).ToList();
        Assert.True(counts.Distinct().Count() == 1, $"sections per guide: {string.Join(", ", Guides.Zip(counts, (g, c) => $"{g} {c}"))}");
    }

    [Fact]
    public void EveryRelativeLinkAndPicture_InTheReadmeAndDocs_PointsAtAFileOrFolderThatExists()
    {
        var files = new[] { "README.md" }.Concat(Directory.GetFiles(System.IO.Path.Combine(RepoRoot.Path, "docs"), "*.md")
            .Select(f => System.IO.Path.GetRelativePath(RepoRoot.Path, f))).ToList();
        var broken = new List<string>();
        foreach (var file in files)
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.Combine(RepoRoot.Path, file))!;
            foreach (Match link in Link().Matches(Read(file)))
            {
                var target = link.Groups["target"].Value.Split('#')[0];
                if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }
                var path = System.IO.Path.Combine(folder, Uri.UnescapeDataString(target));
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    broken.Add($"{file}: {link.Value}");
                }
            }
        }
        Assert.True(broken.Count == 0, "links to nothing:\n" + string.Join('\n', broken));
    }

    /// <summary>The anchor GitHub gives a heading: lower case, letters, digits, spaces as hyphens; repeats numbered.</summary>
    private static string Anchor(string heading, Dictionary<string, int> seen)
    {
        var anchor = new StringBuilder();
        foreach (var c in heading.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                anchor.Append(c);
            }
            else if (c == ' ')
            {
                anchor.Append('-');
            }
        }
        var a = anchor.ToString();
        if (seen.TryGetValue(a, out var n))
        {
            seen[a] = n + 1;
            return $"{a}-{n + 1}";
        }
        seen[a] = 0;
        return a;
    }

    private static string Read(string file) => File.ReadAllText(System.IO.Path.Combine(RepoRoot.Path, file));

    [GeneratedRegex(@"^## (.+)$", RegexOptions.Multiline)]
    private static partial Regex Section();

    [GeneratedRegex(@"^- \[[^\]]+\]\(#[^)]*\)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex ContentsEntry();

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
