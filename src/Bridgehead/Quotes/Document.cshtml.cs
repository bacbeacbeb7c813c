using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Quotes;

/// <summary>
/// The printable quote: the customer-facing document on a page of its own (no navigation), in the
/// quote's language or <c>?lang=en|ko</c>. Any signed-in role may ask; who sees no such quote
/// (another team's, or quality and product) gets 404.
/// </summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class DocumentModel(GetQuoteDocument get, IConfiguration config) : PageModel
{
    public QuoteDocument Document { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, string? lang, CancellationToken ct)
    {
        Document = await get.HandleAsync(id, lang, QuoteDocumentApi.Issuer(config), ct);
        Response.Headers.CacheControl = "private, no-store";
        return Page();
    }
}
