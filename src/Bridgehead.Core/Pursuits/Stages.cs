using System.Globalization;

namespace Bridgehead.Pursuits;

/// <summary>One step of the sales process.</summary>
/// <param name="Number">1 to 10, in process order.</param>
/// <param name="Key">Stable identifier used in the API and the database.</param>
/// <param name="IsPursuit">Stages 1-8 are steps of a pursuit; 9 and 10 are the life of a won account.</param>
public sealed record Stage(int Number, string Key, bool IsPursuit)
{
    /// <summary>The stage's name in the current UI language.</summary>
    public string Name => StagesText.ResourceManager.GetString("Name_" + Key, CultureInfo.CurrentUICulture) ?? Key;

    /// <summary>One line on what the stage is for, in the current UI language.</summary>
    public string Purpose => StagesText.ResourceManager.GetString("Purpose_" + Key, CultureInfo.CurrentUICulture) ?? "";
}

/// <summary>The default ten-stage process (see DOMAIN.md).</summary>
public static class Stages
{
    public static readonly IReadOnlyList<Stage> All =
    [
        new(1, "prospecting", true),
        new(2, "contact", true),
        new(3, "needs", true),
        new(4, "development", true),
        new(5, "quote", true),
        new(6, "feedback", true),
        new(7, "negotiation", true),
        new(8, "testing", true),
        new(9, "orders", false),
        new(10, "care", false),
    ];

    public static readonly IReadOnlyList<Stage> Pursuit = [.. All.Where(s => s.IsPursuit)];

    public static Stage First => All[0];

    public static Stage? Find(string? key) => All.FirstOrDefault(s => s.Key == key);

    public static bool IsPursuitStage(string? key) => Find(key) is { IsPursuit: true };
}
