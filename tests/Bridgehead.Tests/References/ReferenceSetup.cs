using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Common;
using Bridgehead.Products;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.References;

/// <summary>Customers, products and cases for the reference tests.</summary>
public static class ReferenceSetup
{
    public static string RefPath(long id) => $"/api/v1/references/{id}";

    public static string Version(JsonNode node) => $"\"{node["version"]!.GetValue<long>()}\"";

    /// <summary>An account owned by the caller that buys from us, in the industry.</summary>
    public static async Task<JsonNode> NewCustomerAsync(this HttpClient client, string industry = "03")
    {
        var account = await client.NewAccountAsync();
        var patched = await client.PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { status = "customer", industry });
        await patched.ExpectAsync(HttpStatusCode.OK);
        return await patched.JsonAsync();
    }

    /// <summary>A catalogue product, inserted directly (the catalogue's API lives on another branch).</summary>
    public static async Task<long> NewProductAsync(this TestApp app, string name, string? category)
    {
        var sku = "SKU-" + Guid.NewGuid().ToString("N")[..10];
        await using var db = app.OpenDb();
        var product = new Product
        {
            Sku = sku,
            SkuKey = Text.SearchKey(sku),
            Name = name,
            SearchName = Text.SearchKey(name),
            Category = category,
            Unit = "ea",
            Currency = "KRW",
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product.Id;
    }

    public static Task<JsonNode> NewReferenceAsync(this HttpClient client, long accountId, string title, string? industry = null,
        long? applicationId = null, long[]? productIds = null, bool mayBeNamed = false, string? outcome = "Cut downtime by 30%") =>
        client.CreateAsync("/api/v1/references", new { accountId, title, industry, applicationId, productIds = productIds ?? [], mayBeNamed, outcome });
}
