using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Products;

public sealed class ProductionFactsTests_Sqlite() : ProductionFactsTests(Provider.Sqlite);

public sealed class ProductionFactsTests_Postgres() : ProductionFactsTests(Provider.Postgres);

/// <summary>A product's production facts: lead time in working days, weekly capacity, minimum batch; read by everyone.</summary>
public abstract class ProductionFactsTests(Provider provider) : AppTests(provider)
{
    private static object Body(string sku, object? leadTime = null, object? capacity = null, object? batch = null) => new
    {
        sku,
        name = "Flange " + sku,
        unit = "pcs",
        currency = "KRW",
        productionLeadTimeDays = leadTime,
        weeklyCapacity = capacity,
        minimumBatch = batch,
    };

    [Theory]
    [InlineData(Role.Rep)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    [InlineData(Role.Manager)]
    public async Task Facts_AreKeptByManagers_AndReadByEveryone(Role role)
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var sku = ProductsApiTests.NewSku("SF");
        var product = await admin.CreateAsync("/api/v1/products", Body(sku, 15, 900m, 120.5m));
        Assert.Equal(120.5m, product["minimumBatch"]!.GetValue<decimal>());
        using var client = App.Client(await App.CreateUserAsync(role, role == Role.Manager ? TestApp.NewTeam() : null));

        var one = await client.GetJsonAsync($"/api/v1/products/{product.Id()}");
        var listed = (await client.GetJsonAsync($"/api/v1/products?q={sku}"))["items"]!.AsArray().Single()!;

        foreach (var p in new[] { one, listed })
        {
            Assert.Equal(15, p["productionLeadTimeDays"]!.GetValue<int>());
            Assert.Equal(900m, p["weeklyCapacity"]!.GetValue<decimal>());
            Assert.Equal(120.5m, p["minimumBatch"]!.GetValue<decimal>());
        }
    }

    [Fact]
    public async Task Facts_MayBeLeftUnset_AndCleared()
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var product = await admin.CreateAsync("/api/v1/products", Body(ProductsApiTests.NewSku(), 0, 10m, 10m));
        Assert.Equal(0, product["productionLeadTimeDays"]!.GetValue<int>());

        var cleared = await admin.PatchJsonAsync($"/api/v1/products/{product.Id()}", new { productionLeadTimeDays = (int?)null, weeklyCapacity = (decimal?)null, minimumBatch = (decimal?)null }, "\"1\"");

        await cleared.ExpectAsync(HttpStatusCode.OK);
        var after = await cleared.JsonAsync();
        Assert.Null(after["productionLeadTimeDays"]);
        Assert.Null(after["weeklyCapacity"]);
        Assert.Null(after["minimumBatch"]);
        // A batch without a capacity limit is allowed: any week can make it.
        await (await admin.PatchJsonAsync($"/api/v1/products/{product.Id()}", new { minimumBatch = 5000m })).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(-1, 100d, null, "productionLeadTimeDays")]
    [InlineData(366, 100d, null, "productionLeadTimeDays")]
    [InlineData(10, 0d, null, "weeklyCapacity")]
    [InlineData(10, -5d, null, "weeklyCapacity")]
    [InlineData(10, 100.00001, null, "weeklyCapacity")]
    [InlineData(10, 100d, 0d, "minimumBatch")]
    [InlineData(10, 100d, -1d, "minimumBatch")]
    [InlineData(10, 100d, 100.5, "minimumBatch")]
    [InlineData(10, 100d, 0.00001, "minimumBatch")]
    public async Task InvalidFacts_Are422NamingTheField_AndNothingIsSaved(int leadTime, double capacity, double? batch, string field)
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var sku = ProductsApiTests.NewSku();

        var refused = await admin.PostJsonAsync("/api/v1/products", Body(sku, leadTime, (decimal)capacity, (decimal?)batch));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
        Assert.Empty((await admin.GetJsonAsync($"/api/v1/products?q={sku}"))["items"]!.AsArray());
    }

    [Fact]
    public async Task LeadTime_InFractionsOfADay_IsMalformed()
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));

        var refused = await admin.PostRawAsync("/api/v1/products", $"{{\"sku\": \"{ProductsApiTests.NewSku()}\", \"name\": \"x\", \"unit\": \"pcs\", \"currency\": \"KRW\", \"productionLeadTimeDays\": 2.5}}");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("productionLeadTimeDays", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoweringTheCapacityBelowTheBatch_IsRefusedOnTheBatch_AndNothingChanges()
    {
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        var product = await manager.CreateAsync("/api/v1/products", Body(ProductsApiTests.NewSku(), 5, 400m, 300m));

        var refused = await manager.PatchJsonAsync($"/api/v1/products/{product.Id()}", new { weeklyCapacity = 200m }, "\"1\"");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = await refused.ErrorsAsync();
        Assert.Equal(["minimumBatch"], errors.Select(e => e.Key));
        Assert.Contains("200", errors["minimumBatch"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(400m, (await manager.GetJsonAsync($"/api/v1/products/{product.Id()}"))["weeklyCapacity"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Form_ExplainsUnsetFacts_AndSavesTheMinimumBatch()
    {
        var manager = await App.CreateUserAsync(Role.Manager, TestApp.NewTeam());
        using var browser = await App.SignInAsync(manager);
        var page = await browser.GetFormAsync("/products/new");
        Assert.Contains("Production lead time (working days)", page.Html, StringComparison.Ordinal);
        Assert.Contains("no delivery date can be promised", page.Html, StringComparison.Ordinal);
        Assert.Contains("not limit", page.Html, StringComparison.Ordinal);
        Assert.Contains("Form.MinimumBatch", page.Html, StringComparison.Ordinal);
        var sku = ProductsApiTests.NewSku("MB");
        var fields = new Dictionary<string, string>
        {
            ["Form.Sku"] = sku,
            ["Form.Name"] = "Batch valve",
            ["Form.Unit"] = "pcs",
            ["Form.Currency"] = "KRW",
            ["Form.ProductionLeadTimeDays"] = "12",
            ["Form.WeeklyCapacity"] = "100",
            ["Form.MinimumBatch"] = "150",
            ["Form.IsActive"] = "true",
        };

        var refused = await browser.PostFormAsync("/products/new", page.Token, fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"Form_MinimumBatch-error\">The minimum batch cannot be more than the weekly capacity (100).<", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        fields["Form.MinimumBatch"] = "40";
        var saved = await browser.PostFormAsync("/products/new", page.Token, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, detail) = await browser.GetAsync(saved.Headers.Location!.ToString());
        Assert.Contains("12 working days", detail, StringComparison.Ordinal);
        Assert.Contains("<dd>40 pcs</dd>", detail, StringComparison.Ordinal);
        Assert.Contains(saved.Headers.Location + "/capacity\"", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detail_InKorean_SaysWhatUnsetFactsMean()
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var product = await admin.CreateAsync("/api/v1/products", Body(ProductsApiTests.NewSku()));
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Quality), "ko");

        var (status, html) = await browser.GetAsync($"/products/{product.Id()}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("납기 약속 불가", html, StringComparison.Ordinal);
        Assert.Contains("제한 없음", html, StringComparison.Ordinal);
    }
}
