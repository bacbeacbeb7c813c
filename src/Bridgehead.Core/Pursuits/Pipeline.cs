using System.Globalization;
using Bridgehead.Common;

namespace Bridgehead.Pursuits;

/// <summary>
/// A sales process: the ten stages with this business unit's or product line's names, skipped
/// stages, probabilities, stall thresholds and gate criteria. Every pipeline has the same ten
/// stage keys, so an opportunity can move between pipelines and its history stays readable.
/// </summary>
public sealed class Pipeline : Entity, IAudited
{
    public const int MaxName = 100;

    public required string NameEn { get; set; }

    public required string NameKo { get; set; }

    /// <summary>New opportunities go into the default pipeline unless another is named.</summary>
    public bool IsDefault { get; set; }

    public List<PipelineStage> Stages { get; set; } = [];

    long? IAudited.AuditAccountId => null;

    /// <summary>The name in the current UI language.</summary>
    public string Name => Localized(NameEn, NameKo);

    internal static string Localized(string en, string ko) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ko" ? ko : en;
}

/// <summary>One of the ten stages as a pipeline sets it up.</summary>
public sealed class PipelineStage : Entity, IAudited
{
    public long PipelineId { get; set; }

    /// <summary>One of the ten keys of <see cref="Bridgehead.Pursuits.Stages.All"/>.</summary>
    public required string Key { get; set; }

    public int Number { get; set; }

    /// <summary>This pipeline's own name for the stage; null keeps the standard name.</summary>
    public string? NameEn { get; set; }

    public string? NameKo { get; set; }

    /// <summary>Opportunities step over a skipped stage (e.g. product development for catalogue items).</summary>
    public bool Skipped { get; set; }

    /// <summary>Chance of winning, 0-100, for an opportunity in this stage.</summary>
    public int Probability { get; set; }

    /// <summary>An open opportunity longer than this in the stage is flagged as stalled; null never.</summary>
    public int? StalledAfterDays { get; set; }

    /// <summary>Keys of gate criteria this pipeline does not apply to the stage.</summary>
    public List<string> DisabledCriteria { get; set; } = [];

    long? IAudited.AuditAccountId => null;

    /// <summary>The stage's name in the current UI language: this pipeline's own, or the standard one.</summary>
    public string Name => Pipeline.Localized(NameEn ?? "", NameKo ?? "") is { Length: > 0 } own ? own : Pursuits.Stages.Find(Key)?.Name ?? Key;
}

/// <summary>How an opportunity walks a pipeline: the pursuit stages that are not skipped, in order.</summary>
public static class PipelineRules
{
    /// <summary>Stages 1-8 that this pipeline does not skip, in process order.</summary>
    public static IReadOnlyList<PipelineStage> ActiveStages(Pipeline pipeline) =>
        [.. pipeline.Stages.Where(s => !s.Skipped && Pursuits.Stages.IsPursuitStage(s.Key)).OrderBy(s => s.Number)];

    public static PipelineStage FirstStage(Pipeline pipeline) => ActiveStages(pipeline)[0];

    public static PipelineStage Stage(Pipeline pipeline, string key) => pipeline.Stages.First(s => s.Key == key);

    /// <summary>The next active stage after <paramref name="key"/>; null past the last one (the next step is winning).</summary>
    public static PipelineStage? Next(Pipeline pipeline, string key)
    {
        var number = Stage(pipeline, key).Number;
        return ActiveStages(pipeline).FirstOrDefault(s => s.Number > number);
    }

    /// <summary>The standard ten stages with their default probabilities and stall thresholds.</summary>
    public static List<PipelineStage> DefaultStages() =>
    [
        .. Pursuits.Stages.All.Select(s => new PipelineStage
        {
            Key = s.Key,
            Number = s.Number,
            Probability = DefaultProbability[s.Number - 1],
            StalledAfterDays = DefaultStalledAfterDays[s.Number - 1],
        }),
    ];

    /// <summary>Chance of winning by stage 1-10, in percent.</summary>
    public static readonly IReadOnlyList<int> DefaultProbability = [5, 10, 20, 30, 40, 50, 60, 80, 100, 100];

    /// <summary>Days in a stage after which an open pursuit counts as stalled; stages 9-10 are not pursuit stages.</summary>
    public static readonly IReadOnlyList<int?> DefaultStalledAfterDays = [30, 30, 45, 90, 30, 30, 45, 120, null, null];
}
