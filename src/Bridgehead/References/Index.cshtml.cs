using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.References;

/// <summary>The reference library: search by title, filter by industry, application, product and naming, a page at a time.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class IndexModel(ListReferenceCases list, ListApplications applications) : PageModel
{
    public const int ExcerptLength = 140;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }
    [BindProperty(SupportsGet = true)] public long? ApplicationId { get; set; }
    [BindProperty(SupportsGet = true)] public long? ProductId { get; set; }
    [BindProperty(SupportsGet = true)] public bool? MayBeNamed { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public Page<ReferenceCaseDto> Results { get; private set; } = new([], null);

    public IReadOnlyDictionary<long, string> ApplicationNames { get; private set; } = new Dictionary<long, string>();

    public bool CanCreate { get; private set; }

    public bool Filtered => Text.Clean(Q) is not null || Text.Clean(Industry) is not null || ApplicationId is not null || ProductId is not null || MayBeNamed is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanCreate = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        ApplicationNames = (await applications.HandleAsync(null, ct)).ToDictionary(a => a.Id, a => a.Name);
        var filter = new ReferenceFilter { Q = Q, Industry = Industry, ApplicationId = ApplicationId, ProductId = ProductId, MayBeNamed = MayBeNamed };
        try
        {
            Results = await list.HandleAsync(filter, new PageRequest(PageRequest.DefaultLimit, Cursor), ct);
        }
        catch (BadRequestException)
        {
            Results = await list.HandleAsync(filter, new PageRequest(), ct);
        }
    }

    /// <summary>The address of the next page, keeping the filters.</summary>
    public string NextUrl() => QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Text.Clean(Q),
        ["industry"] = Text.Clean(Industry),
        ["applicationId"] = ApplicationId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["productId"] = ProductId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["mayBeNamed"] = MayBeNamed is { } named ? (named ? "true" : "false") : null,
        ["cursor"] = Results.NextCursor,
    }.Where(p => p.Value is not null)).ToUriComponent();

    public static string? Excerpt(string? text) => Common.Text.Excerpt(text, ExcerptLength);
}
