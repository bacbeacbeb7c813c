using System.Net;
using Bridgehead.Identity;
using Bridgehead.Quotes;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.QuoteDocuments.QuoteDocumentSetup;

namespace Bridgehead.Tests.QuoteDocuments;

public sealed class QuoteDocumentTests_Sqlite() : QuoteDocumentTests(Provider.Sqlite);

public sealed class QuoteDocumentTests_Postgres() : QuoteDocumentTests(Provider.Postgres);

/// <summary>
/// The customer-facing quote as a PDF and as a printable page: what it shows, what it never
/// shows (cost, margin, internal note, approval text, references that may not be named) for
/// every role that may read it, its languages, who may read it, and long quotes.
/// </summary>
public abstract class QuoteDocumentTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Pdf_ShowsLinesTotalsValueAndNamedReferences_NeverCostMarginOrHiddenCases_ForEveryRole()
    {
        var s = await SeedAsync(App);
        var admin = await App.CreateUserAsync(Role.Admin);
        foreach (var user in new[] { s.Owner, s.Manager, admin })
        {
            using var client = App.Client(user);
            var response = await client.GetAsync(s.ApiPdf);
            await response.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            var disposition = response.Content.Headers.ContentDisposition!;
            Assert.Equal("attachment", disposition.DispositionType);
            Assert.Equal($"quote-hanbit-precision-{s.Tag}-v1.pdf", disposition.FileName?.Trim('"'));
            Assert.Equal($"quote-hanbit-precision-{s.Tag}-v1.pdf", disposition.FileNameStar);

            var pages = PdfPages(await response.Content.ReadAsByteArrayAsync());
            var text = string.Join("\n", pages);
            Assert.Single(pages);
            foreach (var expected in new[]
                     {
                         "Quotation", QuoteDocumentIssuer.DefaultCompanyName, s.AccountName, "Busan", "Korea", "Valid until", "June 30, 2030",
                         s.Skus[0], s.Skus[1], s.Descriptions[0], s.Descriptions[1], "125,000 KRW", "10%", "11,250,000 KRW", "1,200,000 KRW",
                         "Subtotal", "13,700,000 KRW", "-1,250,000 KRW", "Total", "12,450,000 KRW",
                         $"Prices for the 2031 frame agreement {s.Tag}.", s.ValueText, "12,000,000 KRW", "Three stops a year",
                         s.NamedTitle, s.NamedCustomer, s.NamedOutcome, "This quotation is valid until June 30, 2030", "Page 1 of 1",
                     })
            {
                ContainsText(expected, text);
            }
            foreach (var secret in s.Secrets)
            {
                LacksText(secret, text);
            }
            LacksText("Draft", text);
        }
    }

    [Fact]
    public async Task Page_ShowsTheSameDocument_InAPrintLayoutWithoutNavigation_NeverCostOrHiddenCases()
    {
        var s = await SeedAsync(App);
        var admin = await App.CreateUserAsync(Role.Admin);
        foreach (var user in new[] { s.Owner, s.Manager, admin })
        {
            using var browser = await App.SignInAsync(user);
            var (status, raw) = await browser.GetAsync(s.Page);
            Assert.Equal(HttpStatusCode.OK, status);
            var html = WebUtility.HtmlDecode(raw);
            foreach (var expected in new[]
                     {
                         "<h1>Quotation</h1>", QuoteDocumentIssuer.DefaultCompanyName, s.AccountName, "Busan", s.Skus[0], s.Skus[1],
                         s.Descriptions[0], s.Descriptions[1], "12,450,000 KRW", "13,700,000 KRW", s.ValueText, s.NamedTitle, s.NamedCustomer,
                         s.NamedOutcome, "June 30, 2030",
                     })
            {
                Assert.Contains(expected, html);
            }
            foreach (var secret in s.Secrets)
            {
                Assert.DoesNotContain(secret, html);
            }
            // Its own print layout: our stylesheet and script, a print button, the PDF link; no navigation, nothing inline.
            Assert.Contains("href=\"/css/quote-document.css", raw);
            Assert.Contains("src=\"/js/quote-document.js", raw);
            Assert.Contains("data-print", raw);
            Assert.Contains($"href=\"/quotes/{s.QuoteId}/document.pdf?lang=en\"", raw);
            Assert.DoesNotContain("class=\"nav", raw);
            Assert.DoesNotContain("/css/site.css", raw);
            Assert.DoesNotContain(" style=", raw);
            Assert.DoesNotContain("<style", raw);
            Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)", raw);

            var pdf = await browser.Http.GetAsync(s.PagePdf);
            await pdf.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition?.DispositionType);
            var text = string.Join("\n", PdfPages(await pdf.Content.ReadAsByteArrayAsync()));
            ContainsText(s.Skus[0], text);
            foreach (var secret in s.Secrets)
            {
                LacksText(secret, text);
            }
        }
        var css = await App.Client().GetAsync("/css/quote-document.css");
        await css.ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("@media print", await css.Content.ReadAsStringAsync());
        var js = await App.Client().GetAsync("/js/quote-document.js");
        await js.ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("window.print()", await js.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Korean_QuoteReadsInKorean_AndLangOverridesEitherWay()
    {
        var s = await SeedAsync(App, language: "ko");
        using var client = App.Client(s.Owner);

        var korean = string.Join("\n", PdfPages(await (await client.GetAsync(s.ApiPdf)).Content.ReadAsByteArrayAsync()));
        foreach (var expected in new[] { "견적서", "수신", "유효 기한", "2030년 6월 30일", "품번", "합계", "12,450,000 KRW", "가격 이상의 가치", "당사 레퍼런스 사례", "1 / 1 페이지", "부산" })
        {
            // A city is as the rep wrote it; the country is named in the document's language.
            if (expected == "부산")
            {
                ContainsText("대한민국", korean);
                continue;
            }
            ContainsText(expected, korean);
        }
        LacksText("Quotation", korean);
        foreach (var secret in s.Secrets)
        {
            LacksText(secret, korean);
        }

        var english = string.Join("\n", PdfPages(await (await client.GetAsync(s.ApiPdf + "?lang=en")).Content.ReadAsByteArrayAsync()));
        ContainsText("Quotation", english);
        LacksText("견적서", english);

        using var browser = await App.SignInAsync(s.Owner, "en");
        var (status, page) = await browser.GetAsync(s.Page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<html lang=\"ko\">", page);
        Assert.Contains("<h1>견적서</h1>", page);
        Assert.Contains("인쇄", page);
        Assert.Contains("PDF 내려받기", page);
        var (_, englishPage) = await browser.GetAsync(s.Page + "?lang=en");
        Assert.Contains("<h1>Quotation</h1>", englishPage);
        Assert.Contains($"href=\"/quotes/{s.QuoteId}/document.pdf?lang=en\"", englishPage);

        var bad = await client.GetAsync(s.ApiPdf + "?lang=fr");
        await bad.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.True((await bad.ErrorsAsync()).ContainsKey("lang"));
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync(s.Page + "?lang=fr")).Status);
    }

    [Fact]
    public async Task Roles_OtherTeamQualityAndProductGet404_ViewerReads_AnonymousIsRefused()
    {
        var s = await SeedAsync(App);
        var otherRep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var otherManager = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());
        var quality = await App.CreateUserAsync(Role.Quality);
        var product = await App.CreateUserAsync(Role.Product);
        foreach (var user in new[] { otherRep, otherManager, quality, product })
        {
            using var client = App.Client(user);
            await (await client.GetAsync(s.ApiPdf)).ExpectAsync(HttpStatusCode.NotFound);
            using var browser = await App.SignInAsync(user);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(s.Page)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(s.PagePdf)).Status);
        }

        var viewer = await App.CreateUserAsync(Role.Viewer);
        using (var client = App.Client(viewer))
        {
            var response = await client.GetAsync(s.ApiPdf);
            await response.ExpectAsync(HttpStatusCode.OK);
            var text = string.Join("\n", PdfPages(await response.Content.ReadAsByteArrayAsync()));
            ContainsText(s.Skus[0], text);
            foreach (var secret in s.Secrets)
            {
                LacksText(secret, text);
            }
        }
        using (var browser = await App.SignInAsync(viewer))
        {
            var (status, html) = await browser.GetAsync(s.Page);
            Assert.Equal(HttpStatusCode.OK, status);
            foreach (var secret in s.Secrets)
            {
                Assert.DoesNotContain(secret, WebUtility.HtmlDecode(html));
            }
        }

        await (await App.Client().GetAsync(s.ApiPdf)).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await App.Client(s.Owner).GetAsync("/api/v1/quotes/999999999/document.pdf")).ExpectAsync(HttpStatusCode.NotFound);
        // Reading the document changes nothing: the quote's history is what the seeding wrote.
        await using var db = App.OpenDb();
        var before = await db.AuditEntries.CountAsync(e => e.EntityType == "quote" && e.EntityId == s.QuoteId);
        await (await App.Client(s.Owner).GetAsync(s.ApiPdf)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before, await db.AuditEntries.CountAsync(e => e.EntityType == "quote" && e.EntityId == s.QuoteId));
    }

    [Fact]
    public async Task LongQuote_Paginates_WithTheTableHeaderOnEveryPage_AndNoLineLost()
    {
        var s = await SeedAsync(App, lineCount: 60);
        using var client = App.Client(s.Manager);
        var response = await client.GetAsync(s.ApiPdf);
        await response.ExpectAsync(HttpStatusCode.OK);
        var pages = PdfPages(await response.Content.ReadAsByteArrayAsync());

        Assert.True(pages.Count > 1, $"60 lines fit on {pages.Count} page(s).");
        var all = Squash(string.Join("", pages));
        foreach (var sku in s.Skus)
        {
            var count = System.Text.RegularExpressions.Regex.Count(all, System.Text.RegularExpressions.Regex.Escape(sku) + "(?!\\d)");
            Assert.True(count == 1, $"{sku} appears {count} times.");
        }
        for (var i = 0; i < pages.Count; i++)
        {
            ContainsText($"Page {i + 1} of {pages.Count}", pages[i]);
        }
        // The table header is repeated on each page that continues the lines.
        var withLines = pages.Where(p => s.Skus.Any(sku => Squash(p).Contains(sku, StringComparison.Ordinal))).ToList();
        Assert.True(withLines.Count > 1);
        foreach (var page in withLines)
        {
            ContainsText("Unit price", page);
        }
        ContainsText(s.NamedTitle, pages[^1]);
        foreach (var secret in s.Secrets)
        {
            LacksText(secret, all);
        }
    }

    [Fact]
    public async Task DraftQuote_SaysItIsADraft()
    {
        var s = await SeedAsync(App, status: QuoteStatus.Draft);
        using var client = App.Client(s.Owner);
        var text = string.Join("\n", PdfPages(await (await client.GetAsync(s.ApiPdf)).Content.ReadAsByteArrayAsync()));
        ContainsText("Draft: not yet sent", text);
        using var browser = await App.SignInAsync(s.Owner);
        Assert.Contains("Draft: not yet sent", (await browser.GetAsync(s.Page)).Html);
    }
}
