using System.Globalization;

namespace Bridgehead.Pursuits;

/// <summary>One part of a stage's playbook: a heading and its items, in the current UI language.</summary>
/// <param name="Heading">The section heading, e.g. "What to find out".</param>
/// <param name="Items">Short, practical points, one sentence each.</param>
public sealed record PlaybookSection(string Heading, IReadOnlyList<string> Items);

/// <summary>Practical guidance for a sales rep at each pursuit stage (1-8): what to find out, what to record, what to ask, which traps to avoid.</summary>
public static class Playbook
{
    private static readonly string[] Sections = ["FindOut", "Record", "Ask", "Traps"];

    /// <summary>The playbook for a stage in the current UI language, sections in order: find out, record, ask, traps.</summary>
    /// <param name="stageKey">A stage key from <see cref="Stages"/>.</param>
    /// <returns>The four sections, or an empty list for a stage without a playbook (orders, account care, an unknown key).</returns>
    public static IReadOnlyList<PlaybookSection> For(string stageKey)
    {
        if (!Stages.IsPursuitStage(stageKey))
        {
            return [];
        }

        var culture = CultureInfo.CurrentUICulture;
        var result = new List<PlaybookSection>(Sections.Length);
        foreach (var section in Sections)
        {
            var text = PlaybookText.ResourceManager.GetString(section + "_" + stageKey, culture);
            if (text is null)
            {
                return [];
            }

            var items = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var heading = PlaybookText.ResourceManager.GetString("Heading_" + section, culture) ?? section;
            result.Add(new PlaybookSection(heading, items));
        }

        return result;
    }
}
