using System.ComponentModel.DataAnnotations;

namespace Bridgehead.Pursuits;

/// <summary>The pipeline form of the admin pages, converted to the core's <see cref="PipelineInput"/>.</summary>
public sealed class PipelineForm
{
    [Display(Name = nameof(PipelinesText.NameEn), ResourceType = typeof(PipelinesText))]
    public string? NameEn { get; set; }

    [Display(Name = nameof(PipelinesText.NameKo), ResourceType = typeof(PipelinesText))]
    public string? NameKo { get; set; }

    [Display(Name = nameof(PipelinesText.MakeDefault), ResourceType = typeof(PipelinesText))]
    public bool MakeDefault { get; set; }

    [Display(Name = nameof(PipelinesText.CopyFrom), ResourceType = typeof(PipelinesText))]
    public long? CopyFrom { get; set; }

    /// <summary>The ten stages in process order; the core names their errors by this index.</summary>
    public List<PipelineStageForm> Stages { get; set; } = [];

    /// <summary>The version the form was opened on; a newer one means someone else saved first.</summary>
    public long Version { get; set; }

    private static readonly string[] StageFields = ["key", "nameEn", "nameKo", "skipped", "probability", "stalledAfterDays"];

    /// <summary>The core's field names ("stages[3].probability") as this form's ("Stages[3].Probability").</summary>
    public static IReadOnlyDictionary<string, string> ErrorFields(int stages)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal) { ["isDefault"] = nameof(MakeDefault) };
        for (var i = 0; i < stages; i++)
        {
            foreach (var field in StageFields)
            {
                map[$"stages[{i}].{field}"] = $"Stages[{i}].{char.ToUpperInvariant(field[0])}{field[1..]}";
            }
            map[$"stages[{i}].disabledCriteria"] = $"Stages[{i}].{nameof(PipelineStageForm.Enabled)}";
        }
        return map;
    }

    public static PipelineForm From(PipelineDto p) => new()
    {
        NameEn = p.NameEn,
        NameKo = p.NameKo,
        Version = p.Version,
        Stages = [.. p.Stages.Select(s => new PipelineStageForm
        {
            Key = s.Key,
            NameEn = s.NameEn,
            NameKo = s.NameKo,
            Skipped = s.Skipped,
            Probability = s.Probability,
            StalledAfterDays = s.StalledAfterDays,
            Enabled = [.. s.Criteria.Where(c => c.Enabled).Select(c => c.Key)],
        })],
    };

    /// <summary>
    /// The change as the core takes it. Every stage is sent, so the core's index is the form's;
    /// a stage's criteria not checked are the disabled ones, judged against what the stage offers.
    /// </summary>
    public PipelineInput ToInput(PipelineDto current) => new(
        NameEn ?? "",
        NameKo,
        MakeDefault ? true : null,
        [.. Stages.Select(s => new PipelineStageInput(
            s.Key,
            s.NameEn ?? "",
            s.NameKo ?? "",
            Pursuits.Stages.IsPursuitStage(s.Key) ? s.Skipped : null,
            s.Probability,
            // Empty means never, which the core spells 0.
            s.StalledAfterDays ?? 0,
            [.. (current.Stages.FirstOrDefault(c => c.Key == s.Key)?.Criteria ?? [])
                .Select(c => c.Key)
                .Where(key => !s.Enabled.Contains(key))]))]);

    /// <summary>A new pipeline: its names and where its stages come from.</summary>
    public PipelineInput ToNewInput() => new(NameEn ?? "", NameKo, null, null, CopyFrom);
}

/// <summary>One stage row of the pipeline form.</summary>
public sealed class PipelineStageForm
{
    public string? Key { get; set; }

    public string? NameEn { get; set; }

    public string? NameKo { get; set; }

    public bool Skipped { get; set; }

    public int? Probability { get; set; }

    /// <summary>Empty: never stalled.</summary>
    public int? StalledAfterDays { get; set; }

    /// <summary>Keys of the stage's gate criteria that are checked (applied).</summary>
    public List<string> Enabled { get; set; } = [];
}
