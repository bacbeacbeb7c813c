using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Wallet;

/// <summary>/openings: the caller's accounts where a door may be open, ranked and sortable by each part of the score.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class OpeningsModel(ListOpenings list, ListApplications applications) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }
    [BindProperty(SupportsGet = true)] public long? ApplicationId { get; set; }
    [BindProperty(SupportsGet = true)] public OpeningsSort Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public OpeningsDto Results { get; private set; } = null!;

    public IReadOnlyList<SelectListItem> Industries { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Applications { get; private set; } = [];

    public bool Filtered => Industry is not null || ApplicationId is not null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var query = new OpeningsQuery { Industry = Industry, ApplicationId = ApplicationId, Sort = Sort };
        try
        {
            Results = await list.HandleAsync(query, new PageRequest(PageRequest.DefaultLimit, Cursor), ct);
        }
        catch (BadRequestException)
        {
            Results = await list.HandleAsync(query, new PageRequest(), ct);
        }
        Industries = TaxonomyChoices.Industries();
        Applications = await TaxonomyChoices.ApplicationsAsync(applications, ct);
        return Page();
    }

    /// <summary>This list sorted by <paramref name="sort"/> (or, with a cursor, its next page), keeping the filters.</summary>
    public string LinkTo(OpeningsSort sort, string? cursor = null) => "/openings" + new QueryBuilder(new Dictionary<string, string?>
    {
        ["industry"] = Industry,
        ["applicationId"] = ApplicationId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["sort"] = sort == OpeningsSort.Combined ? null : sort.ToString(),
        ["cursor"] = cursor,
    }.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!))).ToQueryString();

    public string? AriaSort(OpeningsSort column) => Sort == column ? "descending" : null;
}
