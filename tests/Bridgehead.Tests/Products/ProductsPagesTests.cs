using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Products;

public sealed class ProductsPagesTests_Sqlite() : ProductsPagesTests(Provider.Sqlite);

public sealed class ProductsPagesTests_Postgres() : ProductsPagesTests(Provider.Postgres);

/// <summary>The /products pages: everyone reads the catalogue, the cost shows to managers and admins only.</summary>
public abstract class ProductsPagesTests(Provider provider) : AppTests(provider)
{
    private async Task<System.Text.Json.Nodes.JsonNode> ProductAsync(string sku)
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        return await admin.CreateAsync("/api/v1/products", ProductsApiTests.Body(sku));
    }

    [Theory]
    [InlineData(Role.Rep)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task Pages_ShowNoCost_ToRolesThatMayNotSeeIt(Role role)
    {
        var sku = ProductsApiTests.NewSku();
        var product = await ProductAsync(sku);
        using var browser = await App.SignInAsync(await App.CreateUserAsync(role));

        foreach (var path in new[] { $"/products?q={sku}", $"/products/{product.Id()}" })
        {
            var (status, html) = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains(sku, html, StringComparison.Ordinal);
            Assert.DoesNotContain("81,234.5", html, StringComparison.Ordinal);
            Assert.DoesNotContain("81234.5", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Unit cost", html, StringComparison.Ordinal);
            Assert.Equal(role is Role.Rep or Role.Viewer, html.Contains("125,000", StringComparison.Ordinal));
            Assert.DoesNotContain($"/products/{product.Id()}/edit", html, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/products/new")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/products/{product.Id()}/edit")).Status);
    }

    [Fact]
    public async Task Manager_SeesTheCost_AndAddsEditsAndDeletesThroughTheForms()
    {
        var manager = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());
        using var browser = await App.SignInAsync(manager);
        var sku = ProductsApiTests.NewSku("HX");

        var page = await browser.GetFormAsync("/products/new");
        Assert.Contains("Unit cost", page.Html, StringComparison.Ordinal);
        var created = await browser.PostFormAsync("/products/new", page.Token, new Dictionary<string, string>
        {
            ["Form.Sku"] = sku,
            ["Form.Name"] = "Heat exchanger tube 19mm",
            ["Form.Category"] = "Heat exchanger tubes",
            ["Form.Unit"] = "m",
            ["Form.Currency"] = "KRW",
            ["Form.ListPrice"] = "42000",
            ["Form.UnitCost"] = "30500",
            ["Form.ProductionLeadTimeDays"] = "28",
            ["Form.WeeklyCapacity"] = "1200",
            ["Form.IsActive"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var path = created.Headers.Location!.ToString();
        var (_, detail) = await browser.GetAsync(path);
        Assert.Contains("30,500", detail, StringComparison.Ordinal);
        Assert.Contains("42,000", detail, StringComparison.Ordinal);
        var (_, list) = await browser.GetAsync($"/products?q={sku}");
        Assert.Contains("30,500", list, StringComparison.Ordinal);

        var edit = await browser.GetFormAsync(path + "/edit");
        var form = HtmlForm.Parse(edit.Html, "<form method=\"post\" class=\"panel\">");
        Assert.Equal("30500", form.Value("Form.UnitCost"));
        var fields = form.Fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        fields["Form.Currency"] = "KRW";
        fields["Form.UnitCost"] = "-5";
        var refused = await browser.PostFormAsync(path + "/edit", edit.Token, fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        fields["Form.UnitCost"] = "31000";
        fields["Form.IsActive"] = "false";
        var saved = await browser.PostFormAsync(path + "/edit", edit.Token, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using var api = App.Client(manager);
        var stored = await api.GetJsonAsync("/api/v1" + path);
        Assert.Equal(31000m, stored["unitCost"]!["amount"]!.GetValue<decimal>());
        Assert.False(stored["isActive"]!.GetValue<bool>());

        var (_, onOffer) = await browser.GetAsync($"/products?q={sku}");
        Assert.DoesNotContain(path + "\"", onOffer, StringComparison.Ordinal);
        var (_, withRetired) = await browser.GetAsync($"/products?q={sku}&retired=true");
        Assert.Contains(path + "\"", withRetired, StringComparison.Ordinal);

        var confirm = await browser.GetFormAsync(path + "/delete");
        var version = HtmlForm.Parse(confirm.Html, "<form method=\"post\" class=\"form-actions\">").Value("version");
        var deleted = await browser.PostFormAsync(path + "/delete", confirm.Token, new Dictionary<string, string> { ["version"] = version! });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1" + path)).StatusCode);
    }

    [Fact]
    public async Task List_InKorean_UsesKoreanTerms_AndSaysWhenNothingMatches()
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()), "ko");
        var sku = ProductsApiTests.NewSku();
        await ProductAsync(sku);

        var (status, html) = await browser.GetAsync($"/products?q={sku}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("품번(SKU)", html, StringComparison.Ordinal);
        Assert.Contains("원가", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/products\"", html, StringComparison.Ordinal);

        var (_, none) = await browser.GetAsync("/products?q=" + Guid.NewGuid().ToString("N"));
        Assert.Contains("class=\"empty\"", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletePage_SaysHowManyReferenceCasesKeepTheProduct_AndOffersNoButton()
    {
        var product = await ProductAsync(ProductsApiTests.NewSku());
        var owner = await App.CreateUserAsync(Role.Rep);
        await using (var db = App.OpenDb())
        {
            var account = new Bridgehead.Accounts.Account { Name = "Ref " + Guid.NewGuid().ToString("N")[..8], SearchName = "", OwnerId = owner.Id };
            account.SearchName = Bridgehead.Common.Text.SearchKey(account.Name);
            db.Accounts.Add(account);
            await db.SaveChangesAsync();
            var reference = new Bridgehead.References.ReferenceCase { AccountId = account.Id, Title = "Case", SearchName = "case" };
            reference.Products.Add(new Bridgehead.References.ReferenceProduct { ProductId = product.Id() });
            db.ReferenceCases.Add(reference);
            await db.SaveChangesAsync();
        }
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));

        var page = await browser.GetFormAsync($"/products/{product.Id()}/delete");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("1 reference case", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\" class=\"form-actions\">", page.Html, StringComparison.Ordinal);
    }
}
