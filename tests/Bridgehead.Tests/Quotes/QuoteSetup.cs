using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Quotes;

/// <summary>Products, pursuits and quotes for the quote tests, all through the API.</summary>
public static class QuoteSetup
{
    public static string QuotePath(long id) => $"/api/v1/quotes/{id}";

    public static string ETag(HttpResponseMessage response) => response.Headers.ETag!.Tag;

    public static string Revision(JsonNode quote) => $"\"{quote["revision"]!.GetValue<long>()}\"";

    public static decimal Amount(JsonNode? money) => money!["amount"]!.GetValue<decimal>();

    /// <summary>A catalogue product made by an admin of the app; cost and list price in the currency (either may be left out).</summary>
    public static async Task<long> NewQuoteProductAsync(this TestApp app, decimal? cost, decimal? listPrice, string currency = "KRW", string? name = null)
    {
        using var admin = app.Client(await app.CreateUserAsync(Role.Admin));
        var sku = "Q-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var product = await admin.CreateAsync("/api/v1/products", new
        {
            sku,
            name = name ?? "Valve " + sku,
            unit = "pcs",
            currency,
            unitCost = cost is { } c ? new { amount = c, currency } : null,
            listPrice = listPrice is { } p ? new { amount = p, currency } : null,
        });
        return product.Id();
    }

    /// <summary>A draft for the pursuit with the lines and value propositions given.</summary>
    public static Task<JsonNode> NewQuoteAsync(this HttpClient client, long opportunityId, object[]? lines = null, object[]? values = null,
        string currency = "KRW", string? validUntil = null) =>
        client.CreateAsync("/api/v1/quotes", new
        {
            opportunityId,
            currency,
            validUntil = validUntil ?? DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd"),
            lines = lines ?? [],
            valuePropositions = values ?? [],
        });

    public static object Line(long productId, decimal quantity, decimal? unitPrice = null, decimal? discountPercent = null) =>
        unitPrice is { } price
            ? new { productId, quantity, unitPrice = new { amount = price }, discountPercent = discountPercent ?? 0m }
            : new { productId, quantity, discountPercent = discountPercent ?? 0m };

    public static object Value(string kind = "costSaving", decimal? amount = 12000000m) =>
        new { kind, description = "Consignment stock cuts the customer's inventory", value = amount is { } a ? new { amount = a } : null, basis = "Two weeks of stock at their usage" };

    public static Task<HttpResponseMessage> ActAsync(this HttpClient client, long quoteId, string action, object? body = null) =>
        client.PostJsonAsync(QuotePath(quoteId) + "/" + action, body ?? new { });

    /// <summary>
    /// Leaving quote (quoteSent): a quote with one line and a value proposition, sent to the customer.
    /// When the shared server's policy asks for approval, an admin of the app approves it first.
    /// </summary>
    public static async Task MeetQuoteGateAsync(this TestApp app, HttpClient client, long accountId, long opportunityId)
    {
        _ = accountId;
        var product = await app.NewQuoteProductAsync(1000m, 1500m);
        var quote = await client.NewQuoteAsync(opportunityId, [Line(product, 10)], [Value()]);
        var sent = await client.ActAsync(quote.Id(), "send");
        if (sent.StatusCode == HttpStatusCode.Conflict)
        {
            await (await client.ActAsync(quote.Id(), "submit")).ExpectAsync(HttpStatusCode.OK);
            using var admin = app.Client(await app.CreateUserAsync(Role.Admin));
            await (await admin.ActAsync(quote.Id(), "approve", new { comment = "Fine for a test." })).ExpectAsync(HttpStatusCode.OK);
            sent = await client.ActAsync(quote.Id(), "send");
        }
        await sent.ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>A rep's own account and pursuit.</summary>
    public static async Task<(long AccountId, long OpportunityId)> NewPursuitAsync(this HttpClient client)
    {
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        return (account.Id(), opportunity.Id());
    }
}
