using Bridgehead.Common;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Search;

/// <summary>The search page behind the box in the top bar.</summary>
public sealed class IndexModel(SearchAll search) : PageModel
{
    public string? Q { get; private set; }

    public SearchResults? Results { get; private set; }

    public async Task OnGetAsync(string? q, CancellationToken ct)
    {
        Q = Text.Clean(q);
        if (Q is { Length: >= SearchAll.MinLength and <= SearchAll.MaxLength })
        {
            Results = await search.HandleAsync(Q, ct);
        }
    }
}
