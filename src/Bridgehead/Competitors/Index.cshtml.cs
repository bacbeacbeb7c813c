using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Competitors;

/// <summary>The competitor registry: search by name, filter by price position, a page at a time.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class IndexModel(SearchCompetitors list) : PageModel
{
    /// <summary>How much of the strengths and weaknesses a row shows.</summary>
    public const int ExcerptLength = 120;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public PricePosition? PricePosition { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public Page<CompetitorDto> Results { get; private set; } = new([], null);

    public bool CanCreate { get; private set; }

    public bool Filtered => Text.Clean(Q) is not null || PricePosition is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanCreate = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        PricePosition = PricePosition is { } p && Enum.IsDefined(p) ? p : null;
        var filter = new CompetitorFilter { Q = Q, PricePosition = PricePosition };
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
        ["pricePosition"] = PricePosition?.ToString(),
        ["cursor"] = Results.NextCursor,
    }.Where(p => p.Value is not null)).ToUriComponent();

    public static string? Excerpt(string? text) => Common.Text.Excerpt(text, ExcerptLength);
}
