using Bridgehead.Common;
using Bridgehead.Shared;

namespace Bridgehead.Pursuits;

/// <summary>How an opportunity's values read on the pages.</summary>
public static class OpportunityView
{
    /// <summary>"40%", or the not-set mark.</summary>
    public static string Probability(int? probability) =>
        probability is { } p ? Validator.Format(OpportunitiesText.ProbabilityValue, p) : UiText.NotSet;

    /// <summary>Whole days since the opportunity entered its stage, never negative.</summary>
    public static int DaysInStage(DateTime enteredAtUtc, DateTime nowUtc) =>
        Math.Max(0, (int)Math.Floor((nowUtc - enteredAtUtc).TotalDays));

    /// <summary>A stage key as "7. Negotiation", or the key itself when the process no longer knows it.</summary>
    public static string StageName(string key) => Stages.Find(key) is { } s ? $"{s.Number}. {s.Name}" : key;

    /// <summary>A stage key as "7. Negotiation" in the pipeline's own names (a business unit may rename stages).</summary>
    public static string StageName(PipelineDto? pipeline, string key) =>
        pipeline?.Stages.FirstOrDefault(s => s.Key == key) is { } s ? $"{s.Number}. {s.Name}" : StageName(key);

    /// <summary>The pipeline of an opportunity among those loaded for the page.</summary>
    public static PipelineDto? PipelineOf(IReadOnlyList<PipelineDto> pipelines, long pipelineId) =>
        pipelines.FirstOrDefault(p => p.Id == pipelineId);
}
