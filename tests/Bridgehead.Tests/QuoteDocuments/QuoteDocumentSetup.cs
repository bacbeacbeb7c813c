using System.Text.RegularExpressions;
using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Needs;
using Bridgehead.Products;
using Bridgehead.Quotes;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.References;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.QuoteDocuments;

/// <summary>
/// A quote straight through the database (the quotes API lives on another branch), with costs,
/// a margin, an internal note and approval text the document must never show, and two
/// references on the pursuit's needs: one that may be named, one that may not.
/// </summary>
public static partial class QuoteDocumentSetup
{
    /// <summary>Distinctive numbers: seen anywhere on the document, a cost or margin leaked.</summary>
    public const decimal UnitCost = 777777m;
    public const decimal CostTotal = 7777770m;
    public const decimal Margin = 6543210m;
    public const decimal MarginPercent = 43.21m;

    public static readonly string[] CostTexts = ["777777", "777,777", "7777770", "7,777,770", "6543210", "6,543,210", "43.21", "43,21"];

    public sealed record Seeded(
        long QuoteId,
        long AccountId,
        long OpportunityId,
        string Tag,
        string AccountName,
        TestUser Owner,
        TestUser Manager,
        string Team,
        IReadOnlyList<string> Skus,
        IReadOnlyList<string> Descriptions,
        string ValueText,
        string NamedTitle,
        string NamedCustomer,
        string NamedOutcome,
        string HiddenTitle,
        string HiddenOutcome,
        string InternalNote,
        string ApprovalReason,
        string ApprovalComment)
    {
        public string ApiPdf => $"/api/v1/quotes/{QuoteId}/document.pdf";
        public string Page => $"/quotes/{QuoteId}/document";
        public string PagePdf => $"/quotes/{QuoteId}/document.pdf";

        /// <summary>What the customer must never read on the document.</summary>
        public IEnumerable<string> Secrets => [HiddenTitle, HiddenOutcome, InternalNote, ApprovalReason, ApprovalComment, .. CostTexts];
    }

    /// <summary>
    /// A rep's account in Busan with a pursuit and a sent quote of two lines (or <paramref name="lineCount"/>
    /// lines), in the given language; the rep's team has a manager.
    /// </summary>
    public static async Task<Seeded> SeedAsync(TestApp app, string language = "en", int lineCount = 2, QuoteStatus status = QuoteStatus.Sent)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var team = TestApp.NewTeam();
        var owner = await app.CreateUserAsync(Role.Rep, team);
        var manager = await app.CreateUserAsync(Role.Manager, team);
        using var client = app.Client(owner);
        var accountName = $"Hanbit Precision {tag}";
        var account = await client.CreateAsync("/api/v1/accounts", new { name = accountName, city = "Busan", country = "KR" });
        var opportunity = await client.NewOpportunityAsync(account.Id());

        var customer = await client.NewCustomerAsync("28");
        var named = await client.NewReferenceAsync(customer.Id(), $"Named case {tag}", mayBeNamed: true, outcome: $"Zero leaks in two years {tag}");
        var hidden = await client.NewReferenceAsync(customer.Id(), $"Quiet case {tag}", mayBeNamed: false, outcome: $"Quiet outcome {tag}");

        await using var db = app.OpenDb();
        var valve = NewProduct($"VLV-{tag}", $"Check valve DN50 {tag}", "ea");
        var gasket = NewProduct($"GSK-{tag}", $"Gasket kit for high temperature service, graphite faced, {tag}", "set");
        db.Products.AddRange(valve, gasket);
        await db.SaveChangesAsync();

        db.OpportunityNeeds.Add(new OpportunityNeeds
        {
            AccountId = account.Id(),
            OpportunityId = opportunity.Id(),
            References = [new NeedsReference { ReferenceCaseId = named.Id() }, new NeedsReference { ReferenceCaseId = hidden.Id() }],
        });

        var quote = new Quote
        {
            AccountId = account.Id(),
            OpportunityId = opportunity.Id(),
            Number = 1,
            Currency = "KRW",
            ValidUntil = new DateOnly(2030, 6, 30),
            Language = language,
            Status = status,
            CustomerNote = $"Prices for the 2031 frame agreement {tag}.",
            InternalNote = $"INTERNAL-{tag} do not go below this",
            Approval = ApprovalState.Approved,
            ApprovalReason = $"APPROVAL-REASON-{tag}",
            ApprovalComment = $"APPROVAL-COMMENT-{tag}",
            ApprovedById = manager.Id,
            ApprovedAt = DateTime.UtcNow,
            SentAt = status == QuoteStatus.Draft ? null : DateTime.UtcNow,
            CreatedById = owner.Id,
            CostTotal = CostTotal,
            Margin = Margin,
            MarginPercent = MarginPercent,
            MaxDiscountPercent = 10,
            ValuePropositions =
            [
                new ValueProposition
                {
                    Kind = ValueKind.CostSaving,
                    Description = $"Fewer line stops with consignment stock {tag}",
                    Value = 12_000_000m,
                    Basis = "Three stops a year at 4,000,000 KRW each",
                },
            ],
        };
        var skus = new List<string>();
        var descriptions = new List<string>();
        for (var i = 1; i <= lineCount; i++)
        {
            var product = i % 2 == 1 ? valve : gasket;
            // Two lines when asked for two: the valve with 10% off, the gasket kit at list price.
            var (quantity, price, discount) = i % 2 == 1 ? (100m, 125_000m, 10m) : (40m, 30_000m, 0m);
            var sku = lineCount == 2 ? product.Sku : $"{product.Sku}-{i:D2}";
            var description = lineCount == 2 ? product.Name : $"{product.Name} line {i:D2}";
            skus.Add(sku);
            descriptions.Add(description);
            quote.Lines.Add(new QuoteLine
            {
                Position = i,
                ProductId = product.Id,
                Sku = sku,
                Description = description,
                Unit = product.Unit,
                Quantity = quantity,
                UnitPrice = price,
                DiscountPercent = discount,
                LineTotal = quantity * price * (1 - discount / 100),
                UnitCost = UnitCost,
            });
        }
        quote.Subtotal = quote.Lines.Sum(l => l.Quantity * l.UnitPrice);
        quote.Total = quote.Lines.Sum(l => l.LineTotal);
        db.Quotes.Add(quote);
        await db.SaveChangesAsync();

        return new Seeded(quote.Id, account.Id(), opportunity.Id(), tag, accountName, owner, manager, team, skus, descriptions,
            $"Fewer line stops with consignment stock {tag}", $"Named case {tag}", customer.Str("name"), $"Zero leaks in two years {tag}",
            $"Quiet case {tag}", $"Quiet outcome {tag}", $"INTERNAL-{tag}", $"APPROVAL-REASON-{tag}", $"APPROVAL-COMMENT-{tag}");
    }

    private static Product NewProduct(string sku, string name, string unit) => new()
    {
        Sku = sku,
        SkuKey = Text.SearchKey(sku),
        Name = name,
        SearchName = Text.SearchKey(name),
        Category = "valves",
        Unit = unit,
        Currency = "KRW",
        UnitCost = UnitCost,
        ListPrice = 130_000m,
    };

    /// <summary>The text of each page of a PDF, as PdfPig extracts it.</summary>
    public static IReadOnlyList<string> PdfPages(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return [.. document.GetPages().Select(p => p.Text)];
    }

    /// <summary>Text without any white space, so a comparison does not depend on how a PDF spaces or wraps words.</summary>
    public static string Squash(string text) => Spaces().Replace(text, "");

    public static void ContainsText(string expected, string actual) =>
        Assert.True(Squash(actual).Contains(Squash(expected), StringComparison.Ordinal), $"Expected to find \"{expected}\" in:\n{actual}");

    public static void LacksText(string unexpected, string actual) =>
        Assert.False(Squash(actual).Contains(Squash(unexpected), StringComparison.Ordinal), $"Did not expect \"{unexpected}\" in:\n{actual}");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
