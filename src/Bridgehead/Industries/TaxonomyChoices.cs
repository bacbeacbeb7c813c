using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Industries;

/// <summary>The industry and application pickers of forms and filters, in the UI language.</summary>
public static class TaxonomyChoices
{
    /// <summary>Every section and division, divisions grouped under their section; a section alone stands for the whole section.</summary>
    public static IReadOnlyList<SelectListItem> Industries()
    {
        var items = new List<SelectListItem>();
        foreach (var section in IsicCatalogue.All.Where(i => i.IsSection))
        {
            var group = new SelectListGroup { Name = $"{section.Code} · {section.Name}" };
            items.Add(new SelectListItem($"{section.Code} · {section.Name}", section.Code) { Group = group });
            items.AddRange(IsicCatalogue.Divisions(section.Code)
                .Select(d => new SelectListItem($"{d.Code} · {d.Name}", d.Code) { Group = group }));
        }
        return items;
    }

    /// <summary>Every application, grouped by its industry, by name.</summary>
    public static async Task<IReadOnlyList<SelectListItem>> ApplicationsAsync(ListApplications list, CancellationToken ct)
    {
        var all = await list.HandleAsync(null, ct);
        var groups = new Dictionary<string, SelectListGroup>();
        return [.. all
            .OrderBy(a => a.IndustryCode, StringComparer.Ordinal)
            .ThenBy(a => a.Name, StringComparer.Create(CultureInfo.CurrentUICulture, ignoreCase: true))
            .Select(a => new SelectListItem(a.Name, a.Id.ToString(CultureInfo.InvariantCulture))
            {
                Group = groups.TryGetValue(a.IndustryCode, out var g) ? g
                    : groups[a.IndustryCode] = new SelectListGroup { Name = IsicCatalogue.Find(a.IndustryCode) is { } i ? $"{i.Code} · {i.Name}" : a.IndustryCode },
            })];
    }
}

/// <summary>The industry and application selects of a list's filters (accounts, opportunities, the board): one partial, _TaxonomyFilters.</summary>
/// <param name="IdPrefix">Prefix of the elements' ids, unique on the page ("f", "b").</param>
public sealed record TaxonomyFilter(string IdPrefix, string? Industry, long? ApplicationId);
