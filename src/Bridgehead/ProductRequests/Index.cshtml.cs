using Bridgehead.Common;
using Bridgehead.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.ProductRequests;

/// <summary>The requests the reader sees: search, status and open filters, newest first or by revenue at stake.</summary>
public sealed class IndexModel(ListProductRequests list) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public ProductRequestStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Open { get; set; }
    [BindProperty(SupportsGet = true)] public ProductRequestSort Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public Page<ProductRequestDto> Results { get; private set; } = new([], null);

    public bool Filtered => Text.Clean(Q) is not null || Status is not null || Open is not null;

    /// <summary>Sales writers raise requests from an opportunity or an account.</summary>
    public bool CanRaise { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanRaise = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        var filter = new ProductRequestFilter { Q = Q, Status = Status, Open = Open, Sort = Sort };
        try
        {
            Results = await list.HandleAsync(filter, new PageRequest(PageRequest.DefaultLimit, Cursor), ct);
        }
        catch (BadRequestException)
        {
            Results = await list.HandleAsync(filter, new PageRequest(), ct);
        }
    }

    /// <summary>The list's address with the filters kept, sorted as asked (the next page when a cursor is given).</summary>
    public string ListUrl(ProductRequestSort sort, string? cursor = null) => "/product-requests" + QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Text.Clean(Q),
        ["status"] = Status?.ToString(),
        ["open"] = Open is { } open ? (open ? "true" : "false") : null,
        ["sort"] = sort == ProductRequestSort.Newest ? null : sort.ToString(),
        ["cursor"] = cursor,
    }.Where(p => p.Value is not null)).ToUriComponent();
}
