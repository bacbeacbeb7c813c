using System.Globalization;
using Bridgehead.Pursuits;

namespace Bridgehead.Tests.Pursuits;

/// <summary>The stage playbook: every pursuit stage has four sections in English and in Korean.</summary>
public sealed class PlaybookTests
{
    public static TheoryData<string, string> PursuitStagesAndCultures()
    {
        var data = new TheoryData<string, string>();
        foreach (var stage in Stages.Pursuit)
        {
            data.Add(stage.Key, "en");
            data.Add(stage.Key, "ko");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PursuitStagesAndCultures))]
    public void For_PursuitStage_HasFourSectionsOfThreeToFiveItems(string stageKey, string culture)
    {
        var sections = InCulture(culture, () => Playbook.For(stageKey));

        Assert.Equal(4, sections.Count);
        Assert.All(sections, section =>
        {
            Assert.False(string.IsNullOrWhiteSpace(section.Heading));
            Assert.InRange(section.Items.Count, 3, 5);
            Assert.All(section.Items, item => Assert.False(string.IsNullOrWhiteSpace(item)));
        });
    }

    [Fact]
    public void For_EveryPursuitStage_KoreanDiffersFromEnglishAndIsHangul()
    {
        foreach (var stage in Stages.Pursuit)
        {
            var english = InCulture("en", () => Playbook.For(stage.Key));
            var korean = InCulture("ko", () => Playbook.For(stage.Key));

            Assert.Equal(english.Count, korean.Count);
            for (var i = 0; i < english.Count; i++)
            {
                Assert.NotEqual(english[i].Heading, korean[i].Heading);
                Assert.True(ContainsHangul(korean[i].Heading), $"{stage.Key} heading {i}: {korean[i].Heading}");
                Assert.Empty(korean[i].Items.Intersect(english[i].Items));
                Assert.All(korean[i].Items, item => Assert.True(ContainsHangul(item), $"{stage.Key}: {item}"));
            }
        }
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("care")]
    [InlineData("no-such-stage")]
    public void For_StageWithoutPlaybook_IsEmpty(string stageKey)
    {
        Assert.Empty(InCulture("en", () => Playbook.For(stageKey)));
        Assert.Empty(InCulture("ko", () => Playbook.For(stageKey)));
    }

    private static T InCulture<T>(string culture, Func<T> action)
    {
        var saved = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    private static bool ContainsHangul(string text) => text.Any(c => c is >= '\uAC00' and <= '\uD7A3');
}
