using System.Globalization;
using System.Text;
using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Quotes;

/// <summary>
/// The customer-facing quote, written out in one language and ready to print: every value is
/// already formatted for the document's culture. It holds nothing the customer may not read:
/// no unit cost, cost total, margin, internal note or approval text, and only the reference
/// cases the customer agreed to be named in.
/// </summary>
public sealed record QuoteDocument(
    long QuoteId,
    long OpportunityId,
    string Language,
    QuoteDocumentWords Words,
    string SupplierName,
    IReadOnlyList<string> SupplierAddress,
    string CustomerName,
    string? CustomerAddress,
    int Version,
    bool IsDraft,
    string Date,
    string ValidUntil,
    string Currency,
    string? CustomerNote,
    IReadOnlyList<QuoteDocumentLine> Lines,
    string Subtotal,
    string DiscountTotal,
    bool HasDiscount,
    string Total,
    IReadOnlyList<QuoteDocumentValue> ValuePropositions,
    IReadOnlyList<QuoteDocumentReference> References,
    string ValidityNote)
{
    /// <summary>"quote-acme-steel-v2.pdf": letters and digits of the customer's name, ASCII only (the quote id when none are left).</summary>
    public string AsciiFileName
    {
        get
        {
            var slug = QuoteDocumentFormat.AsciiSlug(CustomerName);
            return $"quote-{(slug.Length > 0 ? slug : QuoteId.ToString(CultureInfo.InvariantCulture))}-v{Version}.pdf";
        }
    }

    /// <summary>The file name with the customer's name as written, for clients that read RFC 5987 <c>filename*</c>.</summary>
    public string FileName
    {
        get
        {
            var name = QuoteDocumentFormat.FileSafe(CustomerName);
            return name.Length > 0 ? $"quote-{name}-v{Version}.pdf" : AsciiFileName;
        }
    }

    /// <summary>The title of the printable page and of the PDF.</summary>
    public string Title => string.Format(Words.Culture, Words.PageTitle, CustomerName, Version);
}

/// <summary>One line of the document, formatted.</summary>
public sealed record QuoteDocumentLine(int Position, string Sku, string Description, string Quantity, string Unit,
    string UnitPrice, string Discount, string LineTotal);

/// <summary>A value proposition as the customer reads it: its kind, what it is, its yearly value when quantified, how it was worked out.</summary>
public sealed record QuoteDocumentValue(string Kind, string Description, string? Value, string? Basis);

/// <summary>A reference case the customer agreed to be named in.</summary>
public sealed record QuoteDocumentReference(string Title, string Customer, string? Outcome);

/// <summary>Who issues the document: our company as set in configuration (<c>Bridgehead:CompanyName</c>, <c>Bridgehead:CompanyAddress</c>).</summary>
/// <param name="Zone">The company's time zone, for the date the quote went out.</param>
public sealed record QuoteDocumentIssuer(string CompanyName, IReadOnlyList<string> Address, TimeZoneInfo Zone)
{
    public const string DefaultCompanyName = "Bridgehead demo supplier";
}

/// <summary>The document's fixed words in its language, read from QuoteDocumentText for that culture (not the UI's).</summary>
public sealed class QuoteDocumentWords(CultureInfo culture)
{
    public CultureInfo Culture { get; } = culture;

    private string Get(string key) => QuoteDocumentText.ResourceManager.GetString(key, Culture) ?? key;

    public string Quotation => Get(nameof(QuoteDocumentText.Quotation));
    public string From => Get(nameof(QuoteDocumentText.From));
    public string To => Get(nameof(QuoteDocumentText.To));
    public string QuoteVersion => Get(nameof(QuoteDocumentText.QuoteVersion));
    public string VersionValue => Get(nameof(QuoteDocumentText.VersionValue));
    public string Date => Get(nameof(QuoteDocumentText.Date));
    public string ValidUntil => Get(nameof(QuoteDocumentText.ValidUntil));
    public string Currency => Get(nameof(QuoteDocumentText.Currency));
    public string Draft => Get(nameof(QuoteDocumentText.Draft));
    public string Position => Get(nameof(QuoteDocumentText.Position));
    public string Sku => Get(nameof(QuoteDocumentText.Sku));
    public string Description => Get(nameof(QuoteDocumentText.Description));
    public string Quantity => Get(nameof(QuoteDocumentText.Quantity));
    public string UnitPrice => Get(nameof(QuoteDocumentText.UnitPrice));
    public string Discount => Get(nameof(QuoteDocumentText.Discount));
    public string LineTotal => Get(nameof(QuoteDocumentText.LineTotal));
    public string Subtotal => Get(nameof(QuoteDocumentText.Subtotal));
    public string DiscountTotal => Get(nameof(QuoteDocumentText.DiscountTotal));
    public string Total => Get(nameof(QuoteDocumentText.Total));
    public string ValueHeading => Get(nameof(QuoteDocumentText.ValueHeading));
    public string ValuePerYear => Get(nameof(QuoteDocumentText.ValuePerYear));
    public string Basis => Get(nameof(QuoteDocumentText.Basis));
    public string ReferencesHeading => Get(nameof(QuoteDocumentText.ReferencesHeading));
    public string ValidityNote => Get(nameof(QuoteDocumentText.ValidityNote));
    public string PageOf => Get(nameof(QuoteDocumentText.PageOf));
    public string Print => Get(nameof(QuoteDocumentText.Print));
    public string DownloadPdf => Get(nameof(QuoteDocumentText.DownloadPdf));
    public string BackToQuote => Get(nameof(QuoteDocumentText.BackToQuote));
    public string PageTitle => Get(nameof(QuoteDocumentText.PageTitle));
    public string DateFormat => Get(nameof(QuoteDocumentText.DateFormat));
    public string Language => Get(nameof(QuoteDocumentText.Language));

    /// <summary>"Page 2 of 3" in the document's language.</summary>
    public string Page(int number, int count) => string.Format(Culture, PageOf, number, count);
}

/// <summary>How numbers, money, dates and file names read on the document.</summary>
public static class QuoteDocumentFormat
{
    public static readonly IReadOnlyList<string> Languages = ["en", "ko"];

    /// <summary>Currencies without minor units in everyday use.</summary>
    private static readonly HashSet<string> WholeCurrencies = ["KRW", "JPY", "VND", "CLP", "ISK", "HUF", "TWD", "IDR"];

    public static CultureInfo CultureOf(string language) => CultureInfo.GetCultureInfo(language == "ko" ? "ko-KR" : "en-US");

    /// <summary>"1,234,500 KRW", "1,234.50 USD".</summary>
    public static string Money(decimal amount, string currency, CultureInfo culture) =>
        amount.ToString(WholeCurrencies.Contains(currency) ? "#,0" : "#,0.00", culture) + " " + currency;

    public static string Number(decimal value, CultureInfo culture) => value.ToString("#,0.###", culture);

    public static string Percent(decimal value, CultureInfo culture) => value.ToString("0.##", culture) + "%";

    public static string Date(DateOnly date, QuoteDocumentWords words) => date.ToString(words.DateFormat, words.Culture);

    /// <summary>Lower-case ASCII letters and digits, runs of anything else one hyphen, at most 40 characters.</summary>
    public static string AsciiSlug(string name)
    {
        var b = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                b.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && b.Length > 0 && b[^1] != '-')
            {
                b.Append('-');
            }
        }
        var slug = b.ToString().Trim('-');
        return slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
    }

    /// <summary>The name as written, less what a file name may not hold; spaces become hyphens.</summary>
    public static string FileSafe(string name)
    {
        var b = new StringBuilder();
        foreach (var c in name.Trim())
        {
            if (char.IsLetterOrDigit(c))
            {
                b.Append(char.IsUpper(c) ? char.ToLowerInvariant(c) : c);
            }
            else if (b.Length > 0 && b[^1] != '-')
            {
                b.Append('-');
            }
        }
        var safe = b.ToString().Trim('-');
        return safe.Length > 60 ? safe[..60].TrimEnd('-') : safe;
    }

    /// <summary>
    /// "Busan, South Korea". A Korean document names Korea in Korean and other countries in
    /// English, as addresses abroad are written (.NET knows country names in English and in
    /// their own language only).
    /// </summary>
    public static string? Address(string? city, string? country, CultureInfo culture)
    {
        string? countryName = null;
        if (country is { Length: 2 })
        {
            try
            {
                var region = new RegionInfo(country);
                var home = culture.IsNeutralCulture ? null : new RegionInfo(culture.Name).TwoLetterISORegionName;
                countryName = home == region.TwoLetterISORegionName ? region.NativeName : region.EnglishName;
            }
            catch (ArgumentException)
            {
                countryName = country;
            }
        }
        var parts = new[] { Text.Clean(city), countryName }.Where(p => !string.IsNullOrEmpty(p)).ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }
}

/// <summary>
/// Builds the customer-facing document of a quote the caller may see: the sales roles and the
/// viewer, for the accounts they see (anyone else gets 404, as if there were no quote). The
/// language is the quote's unless <c>language</c> (en or ko) overrides it.
/// </summary>
public sealed class GetQuoteDocument(BridgeheadDb db, TimeProvider clock)
{
    public async Task<QuoteDocument> HandleAsync(long quoteId, string? language, QuoteDocumentIssuer issuer, CancellationToken ct)
    {
        var requested = Text.Clean(language)?.ToLowerInvariant();
        if (requested is not null && !QuoteDocumentFormat.Languages.Contains(requested))
        {
            throw new BadRequestException("lang", QuoteDocumentText.UnknownLanguage);
        }
        if (!(db.Viewer?.CanReadSales ?? false))
        {
            throw new NotFoundException("quote");
        }

        // Only the columns the customer may read; cost, margin, notes for us and approval text are never loaded.
        var quote = await db.Quotes.AsNoTracking().Where(q => q.Id == quoteId)
            .Select(q => new
            {
                q.Id, q.AccountId, q.OpportunityId, q.Number, q.Currency, q.ValidUntil, q.Language, q.Status, q.CustomerNote,
                q.Subtotal, q.Total, q.SentAt, q.CreatedAt,
            })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("quote");
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == quote.AccountId)
            .Select(a => new { a.Name, a.City, a.Country }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("quote");
        var lines = await db.QuoteLines.AsNoTracking().Where(l => l.QuoteId == quoteId).OrderBy(l => l.Position).ThenBy(l => l.Id)
            .Select(l => new { l.Position, l.Sku, l.Description, l.Unit, l.Quantity, l.UnitPrice, l.DiscountPercent, l.LineTotal })
            .ToListAsync(ct);
        var values = await db.ValuePropositions.AsNoTracking().Where(v => v.QuoteId == quoteId).OrderBy(v => v.Id)
            .Select(v => new { v.Kind, v.Description, v.Value, v.Basis }).ToListAsync(ct);
        // A case that may not be named never reaches the customer, not even without its name.
        var references = await db.NeedsReferences.AsNoTracking()
            .Where(r => db.OpportunityNeeds.Any(n => n.Id == r.NeedsId && n.OpportunityId == quote.OpportunityId))
            .Join(db.ReferenceCases.Where(c => c.MayBeNamed), r => r.ReferenceCaseId, c => c.Id,
                (r, c) => new { c.Id, c.Title, c.AccountId, c.Outcome })
            .OrderBy(c => c.Id).ToListAsync(ct);
        // The customer's name is what a reference is (the library rule), so it is read past the account filter.
        var customerIds = references.Select(r => r.AccountId).Distinct().ToList();
        var customers = customerIds.Count == 0 ? [] : await db.Accounts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => customerIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);

        var lang = requested ?? (quote.Language?.Trim().ToLowerInvariant() == "ko" ? "ko" : "en");
        var culture = QuoteDocumentFormat.CultureOf(lang);
        var words = new QuoteDocumentWords(culture);
        var currency = quote.Currency.Trim();
        string Money(decimal amount) => QuoteDocumentFormat.Money(amount, currency, culture);
        var issued = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(
            DateTime.SpecifyKind(quote.SentAt ?? clock.GetUtcNow().UtcDateTime, DateTimeKind.Utc), issuer.Zone));
        var validUntil = QuoteDocumentFormat.Date(quote.ValidUntil, words);
        var discountTotal = quote.Subtotal - quote.Total;

        return new QuoteDocument(
            quote.Id,
            quote.OpportunityId,
            lang,
            words,
            issuer.CompanyName,
            issuer.Address,
            account.Name,
            QuoteDocumentFormat.Address(account.City, account.Country, culture),
            quote.Number,
            quote.Status == QuoteStatus.Draft,
            QuoteDocumentFormat.Date(issued, words),
            validUntil,
            currency,
            Text.Clean(quote.CustomerNote),
            [.. lines.Select(l => new QuoteDocumentLine(l.Position, l.Sku, l.Description, QuoteDocumentFormat.Number(l.Quantity, culture), l.Unit,
                Money(l.UnitPrice), l.DiscountPercent == 0 ? "" : QuoteDocumentFormat.Percent(l.DiscountPercent, culture), Money(l.LineTotal)))],
            Money(quote.Subtotal),
            Money(discountTotal),
            discountTotal != 0,
            Money(quote.Total),
            [.. values.Select(v => new QuoteDocumentValue(Labels.InCulture(v.Kind, culture), v.Description,
                v.Value is { } amount ? string.Format(culture, words.ValuePerYear, Money(amount)) : null,
                Text.Clean(v.Basis) is { } basis ? string.Format(culture, words.Basis, basis) : null))],
            [.. references.Select(r => new QuoteDocumentReference(r.Title, customers.GetValueOrDefault(r.AccountId) ?? "", Text.Clean(r.Outcome)))],
            string.Format(culture, words.ValidityNote, validUntil, currency));
    }
}
