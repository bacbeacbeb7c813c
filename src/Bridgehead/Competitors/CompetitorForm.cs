using System.ComponentModel.DataAnnotations;

namespace Bridgehead.Competitors;

/// <summary>The competitor form as posted by the browser; converted to the core's <see cref="CompetitorInput"/>.</summary>
public sealed class CompetitorForm
{
    [Display(Name = nameof(CompetitorPagesText.Name), ResourceType = typeof(CompetitorPagesText))]
    public string? Name { get; set; }

    [Display(Name = nameof(CompetitorPagesText.PricePosition), ResourceType = typeof(CompetitorPagesText))]
    public PricePosition? PricePosition { get; set; }

    [Display(Name = nameof(CompetitorPagesText.Strengths), ResourceType = typeof(CompetitorPagesText))]
    public string? Strengths { get; set; }

    [Display(Name = nameof(CompetitorPagesText.Weaknesses), ResourceType = typeof(CompetitorPagesText))]
    public string? Weaknesses { get; set; }

    [Display(Name = nameof(CompetitorPagesText.Website), ResourceType = typeof(CompetitorPagesText))]
    public string? Website { get; set; }

    [Display(Name = nameof(CompetitorPagesText.Notes), ResourceType = typeof(CompetitorPagesText))]
    public string? Notes { get; set; }

    /// <summary>The version the form was opened on; a newer one in the database means someone else saved first.</summary>
    public long Version { get; set; }

    public CompetitorInput ToInput() => new(Name, Strengths, Weaknesses, PricePosition, Website, Notes);

    public static CompetitorForm From(CompetitorDto c) => new()
    {
        Name = c.Name,
        PricePosition = c.PricePosition,
        Strengths = c.Strengths,
        Weaknesses = c.Weaknesses,
        Website = c.Website,
        Notes = c.Notes,
        Version = c.Version,
    };
}

/// <summary>What the competitor form partial renders: the values and where Cancel goes.</summary>
public sealed record CompetitorFormView(CompetitorForm Form, string CancelUrl);
