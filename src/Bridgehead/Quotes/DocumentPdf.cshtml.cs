using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Quotes;

/// <summary>The quote's PDF for the signed-in browser (the same file as GET /api/v1/quotes/{id}/document.pdf).</summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class DocumentPdfModel(GetQuoteDocument get, IConfiguration config) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, string? lang, CancellationToken ct)
    {
        var document = await get.HandleAsync(id, lang, QuoteDocumentApi.Issuer(config), ct);
        byte[] pdf;
        try
        {
            pdf = QuoteDocumentApi.Render(document, config);
        }
        catch (PdfFontMissingException e)
        {
            return new ContentResult { StatusCode = StatusCodes.Status503ServiceUnavailable, Content = e.Message, ContentType = "text/plain; charset=utf-8" };
        }
        QuoteDocumentApi.SetDownloadHeaders(Response, document);
        return File(pdf, "application/pdf");
    }
}
