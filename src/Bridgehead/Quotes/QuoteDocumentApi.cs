using Bridgehead.Identity;
using Microsoft.Net.Http.Headers;

namespace Bridgehead.Quotes;

/// <summary>
/// GET /api/v1/quotes/{id}/document.pdf: the customer-facing quote as a PDF, in the quote's
/// language or <c>?lang=en|ko</c>. The cookie UI has the same at /quotes/{id}/document.pdf.
/// </summary>
public static class QuoteDocumentApi
{
    public const string CompanyNameSetting = "Bridgehead:CompanyName";
    public const string CompanyAddressSetting = "Bridgehead:CompanyAddress";

    public static void Map(RouteGroupBuilder api)
    {
        // Every signed-in role may ask; a role without sales records (quality, product) finds no quote (404).
        var g = api.MapGroup("/quotes").WithTags("Quote documents").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/{id:long}/document.pdf", async (long id, string? lang, GetQuoteDocument get, IConfiguration config, HttpResponse response, CancellationToken ct) =>
            {
                var document = await get.HandleAsync(id, lang, Issuer(config), ct);
                return Pdf(document, config, response);
            })
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("The quote as the customer reads it, as an A4 PDF (attachment). `lang` (en or ko) overrides the quote's language. "
                + "Never shows cost, margin, the internal note or approval text; only reference cases that may be named. "
                + "503 when the server has no font for the document (install fonts-nanum or set Bridgehead:PdfFont).");
    }

    /// <summary>Our company as configuration names it: <c>Bridgehead:CompanyName</c>, and address lines separated by '|' in <c>Bridgehead:CompanyAddress</c>.</summary>
    public static QuoteDocumentIssuer Issuer(IConfiguration config) => new(
        config[CompanyNameSetting] is { Length: > 0 } name && !string.IsNullOrWhiteSpace(name) ? name.Trim() : QuoteDocumentIssuer.DefaultCompanyName,
        [.. (config[CompanyAddressSetting] ?? "").Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
        Shared.Display.Zone);

    /// <summary>The PDF as a download, or a 503 problem naming what to install when no font fits.</summary>
    public static IResult Pdf(QuoteDocument document, IConfiguration config, HttpResponse response)
    {
        byte[] bytes;
        try
        {
            bytes = Render(document, config);
        }
        catch (PdfFontMissingException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: QuoteDocumentText.PdfUnavailable, detail: e.Message);
        }
        SetDownloadHeaders(response, document);
        return Results.File(bytes, "application/pdf");
    }

    /// <summary>The PDF bytes in the configured or a found font; <see cref="PdfFontMissingException"/> when there is none.</summary>
    public static byte[] Render(QuoteDocument document, IConfiguration config) =>
        QuoteDocumentPdf.Render(document,
            QuoteDocumentFonts.Choose(config[QuoteDocumentFonts.FontSetting], config[QuoteDocumentFonts.BoldFontSetting], document.Language == "ko"));

    /// <summary>Content-Disposition: attachment, an ASCII file name and the real one as filename*; never cached by shared caches.</summary>
    public static void SetDownloadHeaders(HttpResponse response, QuoteDocument document)
    {
        var disposition = new ContentDispositionHeaderValue("attachment") { FileName = document.AsciiFileName, FileNameStar = document.FileName };
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "private, no-store";
    }
}
