using System.ComponentModel.DataAnnotations;

namespace Bridgehead.Pursuits;

// The forms of the detail page that move a pursuit. Each is bound under its own name
// (Override.Reason, Back.ToStage, Close.Outcome...), so its errors land on its own fields.

/// <summary>A manager moves the pursuit on although criteria are unmet.</summary>
public sealed class OverrideForm
{
    [Display(Name = nameof(OpportunitiesText.OverrideReason), ResourceType = typeof(OpportunitiesText))]
    public string? Reason { get; set; }

    /// <summary>The core names the reason of an override "override.reason".</summary>
    public static readonly IReadOnlyDictionary<string, string> ErrorFields = new Dictionary<string, string>
    {
        ["override.reason"] = nameof(Reason),
    };
}

/// <summary>Moves the pursuit back to an earlier stage.</summary>
public sealed class BackForm
{
    [Display(Name = nameof(OpportunitiesText.BackToStage), ResourceType = typeof(OpportunitiesText))]
    public string? ToStage { get; set; }

    [Display(Name = nameof(OpportunitiesText.BackReason), ResourceType = typeof(OpportunitiesText))]
    public string? Reason { get; set; }
}

/// <summary>Closes the pursuit as lost or dropped; a rival not yet known is added by name first.</summary>
public sealed class CloseForm
{
    [Display(Name = nameof(OpportunitiesText.CloseOutcome), ResourceType = typeof(OpportunitiesText))]
    public OpportunityStatus? Outcome { get; set; }

    [Display(Name = nameof(OpportunitiesText.CloseReason), ResourceType = typeof(OpportunitiesText))]
    public CloseReason? Reason { get; set; }

    [Display(Name = nameof(OpportunitiesText.Competitor), ResourceType = typeof(OpportunitiesText))]
    public long? CompetitorId { get; set; }

    [Display(Name = nameof(OpportunitiesText.NewCompetitor), ResourceType = typeof(OpportunitiesText))]
    public string? NewCompetitor { get; set; }

    [Display(Name = nameof(OpportunitiesText.CloseNote), ResourceType = typeof(OpportunitiesText))]
    public string? Note { get; set; }

    /// <summary>A new competitor's name is refused as "name" by the competitor registry.</summary>
    public static readonly IReadOnlyDictionary<string, string> ErrorFields = new Dictionary<string, string>
    {
        ["name"] = nameof(NewCompetitor),
    };
}

/// <summary>A manager opens a closed pursuit again.</summary>
public sealed class ReopenForm
{
    [Display(Name = nameof(OpportunitiesText.ReopenReason), ResourceType = typeof(OpportunitiesText))]
    public string? Reason { get; set; }
}
