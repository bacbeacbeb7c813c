using System.ComponentModel.DataAnnotations;

namespace Bridgehead.Industries;

/// <summary>The application form of the admin pages.</summary>
public sealed class ApplicationForm
{
    [Display(Name = nameof(TaxonomyText.IndustryCode), ResourceType = typeof(TaxonomyText))]
    public string? IndustryCode { get; set; }

    [Display(Name = nameof(TaxonomyText.NameEn), ResourceType = typeof(TaxonomyText))]
    public string? NameEn { get; set; }

    [Display(Name = nameof(TaxonomyText.NameKo), ResourceType = typeof(TaxonomyText))]
    public string? NameKo { get; set; }

    /// <summary>The version the form was opened on; 0 for a new application.</summary>
    public long Version { get; set; }

    public static ApplicationForm From(ApplicationDto a) => new() { IndustryCode = a.IndustryCode, NameEn = a.NameEn, NameKo = a.NameKo, Version = a.Version };

    public ApplicationInput ToInput() => new() { IndustryCode = IndustryCode, NameEn = NameEn, NameKo = NameKo };
}
