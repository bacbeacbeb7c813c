using System.Net;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.QuoteDocuments.QuoteDocumentSetup;

namespace Bridgehead.Tests.QuoteDocuments;

public sealed class QuoteDocumentSettingsTests_Sqlite() : QuoteDocumentSettingsTests(Provider.Sqlite);

public sealed class QuoteDocumentSettingsTests_Postgres() : QuoteDocumentSettingsTests(Provider.Postgres);

/// <summary>Our company's name and address from configuration, and a configured font file that is not there (503).</summary>
public abstract class QuoteDocumentSettingsTests(Provider provider)
{
    [Fact]
    public async Task CompanyFromSettings_OnThePage_AndAMissingFontFile_Is503NamingTheSetting()
    {
        await using var app = await TestApp.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Bridgehead:CompanyName"] = "Seoul Fittings Co.",
            ["Bridgehead:CompanyAddress"] = "12 Harbour Road | Busan 48058",
            ["Bridgehead:PdfFont"] = "/nowhere/NoSuchFont.ttf",
        });
        var s = await SeedAsync(app);

        using var browser = await app.SignInAsync(s.Owner);
        var (status, html) = await browser.GetAsync(s.Page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Seoul Fittings Co.", html);
        Assert.Contains("<div>12 Harbour Road</div>", html);
        Assert.Contains("<div>Busan 48058</div>", html);
        Assert.DoesNotContain("Bridgehead demo supplier", html);

        using var client = app.Client(s.Owner);
        var response = await client.GetAsync(s.ApiPdf);
        await response.ExpectAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Contains("Bridgehead:PdfFont", problem["detail"]!.GetValue<string>());
        Assert.Contains("/nowhere/NoSuchFont.ttf", problem["detail"]!.GetValue<string>());

        var page = await browser.Http.GetAsync(s.PagePdf);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("Bridgehead:PdfFont", await page.Content.ReadAsStringAsync());
    }
}
