using Bridgehead.Quotes;
using static Bridgehead.Tests.QuoteDocuments.QuoteDocumentSetup;

namespace Bridgehead.Tests.QuoteDocuments;

/// <summary>Which font a PDF is written in, what happens without one, and the document's file names and formats (no database).</summary>
public sealed class QuoteDocumentFontTests
{
    private static readonly (string, string?)[] Korean = [("/k/Nanum.ttf", "/k/NanumBold.ttf"), ("/k/Noto.ttf", null)];
    private static readonly (string, string?)[] Latin = [("/l/DejaVu.ttf", "/l/DejaVuBold.ttf")];

    [Fact]
    public void Choose_TakesTheFirstKoreanFontThatExists_WithItsBoldFace()
    {
        var existing = new HashSet<string> { "/k/Noto.ttf", "/l/DejaVu.ttf" };
        var choice = QuoteDocumentFonts.Choose(null, null, korean: true, existing.Contains, Korean, Latin);
        Assert.Equal("/k/Noto.ttf", choice.RegularPath);
        Assert.Null(choice.BoldPath);
        Assert.True(choice.CoversKorean);

        existing.Add("/k/Nanum.ttf");
        existing.Add("/k/NanumBold.ttf");
        var nanum = QuoteDocumentFonts.Choose(null, null, korean: false, existing.Contains, Korean, Latin);
        Assert.Equal(("/k/Nanum.ttf", "/k/NanumBold.ttf"), (nanum.RegularPath, nanum.BoldPath));
    }

    [Fact]
    public void Choose_WithoutAKoreanFont_EnglishFallsBackToLatin_KoreanIsRefusedWithWhatToInstall()
    {
        var existing = new HashSet<string> { "/l/DejaVu.ttf", "/l/DejaVuBold.ttf" };
        var latin = QuoteDocumentFonts.Choose(null, null, korean: false, existing.Contains, Korean, Latin);
        Assert.Equal("/l/DejaVu.ttf", latin.RegularPath);
        Assert.False(latin.CoversKorean);

        var refused = Assert.Throws<PdfFontMissingException>(() => QuoteDocumentFonts.Choose(null, null, korean: true, existing.Contains, Korean, Latin));
        Assert.Contains("fonts-nanum", refused.Message);
        Assert.Contains("Bridgehead:PdfFont", refused.Message);
        Assert.Throws<PdfFontMissingException>(() => QuoteDocumentFonts.Choose(null, null, korean: false, _ => false, Korean, Latin));
    }

    [Fact]
    public void Choose_ConfiguredFontWins_AndAMissingConfiguredFileIsAnError_NotASilentFallback()
    {
        var existing = new HashSet<string> { "/k/Nanum.ttf", "/etc/fonts/ours.ttf" };
        var ours = QuoteDocumentFonts.Choose("/etc/fonts/ours.ttf", "/etc/fonts/missing-bold.ttf", korean: true, existing.Contains, Korean, Latin);
        Assert.Equal("/etc/fonts/ours.ttf", ours.RegularPath);
        Assert.Null(ours.BoldPath);

        var wrong = Assert.Throws<PdfFontMissingException>(() => QuoteDocumentFonts.Choose("/nowhere/font.ttf", null, korean: false, existing.Contains, Korean, Latin));
        Assert.Contains("/nowhere/font.ttf", wrong.Message);
    }

    [Fact]
    public void Render_WithOnlyARegularFace_SimulatesBold_AndTheTextStaysReadable()
    {
        const string nanum = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";
        Assert.SkipUnless(File.Exists(nanum), "Install fonts-nanum for this test.");
        var font = QuoteDocumentFonts.Choose(nanum, null, korean: true);
        var words = new QuoteDocumentWords(QuoteDocumentFormat.CultureOf("ko"));
        var document = new QuoteDocument(1, 1, "ko", words, "당사 테스트", ["서울"], "한빛정밀", "부산, 대한민국", 3, false, "2030년 1월 2일", "2030년 6월 30일",
            "KRW", null, [new QuoteDocumentLine(1, "VLV-1", "체크 밸브", "10", "ea", "1,000 KRW", "", "10,000 KRW")], "10,000 KRW", "0 KRW", false, "10,000 KRW",
            [], [], "본 견적은 2030년 6월 30일까지 유효합니다.");

        var text = string.Join("\n", PdfPages(QuoteDocumentPdf.Render(document, font)));
        foreach (var expected in new[] { "견적서", "한빛정밀", "체크 밸브", "10,000 KRW", "3차", "1 / 1 페이지" })
        {
            ContainsText(expected, text);
        }
        LacksText("소계", text);
    }

    [Theory]
    [InlineData("Hanbit Precision Co., Ltd.", "quote-hanbit-precision-co-ltd-v2.pdf", "quote-hanbit-precision-co-ltd-v2.pdf")]
    [InlineData("Société Générale / Test", "quote-societe-generale-test-v2.pdf", "quote-société-générale-test-v2.pdf")]
    [InlineData("한빛정밀", "quote-42-v2.pdf", "quote-한빛정밀-v2.pdf")]
    public void FileNames_AreAsciiSafe_WithTheRealNameAsFilenameStar(string customer, string ascii, string unicode)
    {
        var words = new QuoteDocumentWords(QuoteDocumentFormat.CultureOf("en"));
        var document = new QuoteDocument(42, 1, "en", words, "Us", [], customer, null, 2, false, "", "", "KRW", null, [], "", "", false, "", [], [], "");
        Assert.Equal(ascii, document.AsciiFileName);
        Assert.Equal(unicode, document.FileName);
    }

    [Fact]
    public void Formats_FollowTheDocumentCulture_AndTheCurrencysDecimals()
    {
        var en = QuoteDocumentFormat.CultureOf("en");
        var ko = QuoteDocumentFormat.CultureOf("ko");
        Assert.Equal("1,234,568 KRW", QuoteDocumentFormat.Money(1_234_567.5m, "KRW", ko));
        Assert.Equal("1,234,567.50 USD", QuoteDocumentFormat.Money(1_234_567.5m, "USD", en));
        Assert.Equal("12.5%", QuoteDocumentFormat.Percent(12.5m, en));
        Assert.Equal("June 30, 2030", QuoteDocumentFormat.Date(new DateOnly(2030, 6, 30), new QuoteDocumentWords(en)));
        Assert.Equal("2030년 6월 30일", QuoteDocumentFormat.Date(new DateOnly(2030, 6, 30), new QuoteDocumentWords(ko)));
        Assert.Equal("Busan, South Korea", QuoteDocumentFormat.Address("Busan", "KR", en));
        Assert.Equal("부산, 대한민국", QuoteDocumentFormat.Address("부산", "KR", ko));
        Assert.Equal("Germany", QuoteDocumentFormat.Address(null, "DE", en));
        Assert.Equal("Germany", QuoteDocumentFormat.Address(null, "DE", ko));
        Assert.Null(QuoteDocumentFormat.Address(" ", null, en));
    }
}
