using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Industries;

/// <summary>
/// Admins browse the industry classification, a collapsible section at a time, and keep the
/// applications under each industry. <c>?q=</c> narrows it to industries whose code or name, or
/// one of whose applications, matches.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminModel(ListApplications list) : PageModel
{
    /// <summary>One section with the industries (itself, then its divisions) to show.</summary>
    public sealed record SectionView(Industry Section, IReadOnlyList<IndustryView> Industries, int ApplicationCount);

    public sealed record IndustryView(Industry Industry, IReadOnlyList<ApplicationDto> Applications);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public IReadOnlyList<SectionView> Sections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Q = Text.Clean(Q);
        var applications = (await list.HandleAsync(null, ct)).ToLookup(a => a.IndustryCode);
        var sections = new List<SectionView>();
        foreach (var section in IsicCatalogue.All.Where(i => i.IsSection))
        {
            var sectionMatches = Q is null || Matches(section, []);
            var industries = new[] { section }.Concat(IsicCatalogue.Divisions(section.Code))
                .Select(i => new IndustryView(i, [.. applications[i.Code].OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase)]))
                .Where(v => sectionMatches || Matches(v.Industry, v.Applications))
                .ToList();
            if (industries.Count > 0)
            {
                sections.Add(new SectionView(section, industries, industries.Sum(i => i.Applications.Count)));
            }
        }
        Sections = sections;
        return Page();
    }

    private bool Matches(Industry industry, IReadOnlyList<ApplicationDto> applications)
    {
        var q = Q!;
        return string.Equals(industry.Code, q, StringComparison.OrdinalIgnoreCase)
            || industry.NameEn.Contains(q, StringComparison.OrdinalIgnoreCase)
            || industry.NameKo.Contains(q, StringComparison.OrdinalIgnoreCase)
            || applications.Any(a => a.NameEn.Contains(q, StringComparison.OrdinalIgnoreCase) || a.NameKo.Contains(q, StringComparison.OrdinalIgnoreCase));
    }
}
