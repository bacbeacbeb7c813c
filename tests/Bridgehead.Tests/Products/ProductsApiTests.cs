using System.Net;
using Bridgehead.Identity;
using Bridgehead.References;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Products;

public sealed class ProductsApiTests_Sqlite() : ProductsApiTests(Provider.Sqlite);

public sealed class ProductsApiTests_Postgres() : ProductsApiTests(Provider.Postgres);

/// <summary>/products: the catalogue everyone reads, managers and admins keep, and whose cost only they see.</summary>
public abstract class ProductsApiTests(Provider provider) : AppTests(provider)
{
    internal static string NewSku(string prefix = "BV") => $"{prefix}-{Guid.NewGuid():N}"[..20].ToUpperInvariant();

    internal static object Body(string sku, string? category = null) => new
    {
        sku,
        name = "Ball valve " + sku,
        category = category ?? "Ball valves",
        unit = "pcs",
        unitCost = new { amount = 81234.5m, currency = "KRW" },
        listPrice = new { amount = 125000m, currency = "KRW" },
        currency = "KRW",
        productionLeadTimeDays = 21,
        weeklyCapacity = 400m,
    };

    private async Task<System.Text.Json.Nodes.JsonNode> CreateAsManagerAsync(string? sku = null, string? category = null)
    {
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        return await manager.CreateAsync("/api/v1/products", Body(sku ?? NewSku(), category));
    }

    [Fact]
    public async Task Manager_CreatesReadsPatchesAndDeletes_WithETags()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        var sku = NewSku();

        var created = await client.PostJsonAsync("/api/v1/products", Body(sku));
        await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var product = await created.JsonAsync();
        Assert.Equal($"/api/v1/products/{product.Id()}", created.Headers.Location?.ToString());
        Assert.Equal(sku, product.Str("sku"));
        Assert.Equal(81234.5m, product["unitCost"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("KRW", product["unitCost"]!["currency"]!.GetValue<string>());
        Assert.Equal(125000m, product["listPrice"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("KRW", product.Str("currency"));
        Assert.Equal(21, product["productionLeadTimeDays"]!.GetValue<int>());
        Assert.True(product["isActive"]!.GetValue<bool>());

        var read = await client.GetAsync($"/api/v1/products/{product.Id()}");
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);

        var patched = await client.PatchJsonAsync($"/api/v1/products/{product.Id()}", new { listPrice = new { amount = 130000m }, name = "Renamed valve" }, "\"1\"");
        await patched.ExpectAsync(HttpStatusCode.OK);
        var after = await patched.JsonAsync();
        Assert.Equal(130000m, after["listPrice"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("Renamed valve", after.Str("name"));
        Assert.Equal(81234.5m, after["unitCost"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("\"2\"", patched.Headers.ETag?.Tag);

        var stale = await client.PatchJsonAsync($"/api/v1/products/{product.Id()}", new { name = "Stale" }, "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.DeleteAsync($"/api/v1/products/{product.Id()}", "\"1\"")).StatusCode);

        var retired = await client.PatchJsonAsync($"/api/v1/products/{product.Id()}", new { isActive = false }, "\"2\"");
        await retired.ExpectAsync(HttpStatusCode.OK);
        Assert.False((await retired.JsonAsync())["isActive"]!.GetValue<bool>());
        var active = (await client.GetJsonAsync($"/api/v1/products?q={sku}&active=true"))["items"]!.AsArray();
        Assert.Empty(active);
        var retiredOnes = (await client.GetJsonAsync($"/api/v1/products?q={sku.ToLowerInvariant()}&active=false"))["items"]!.AsArray();
        Assert.Single(retiredOnes, p => p!.Id() == product.Id());

        (await client.DeleteAsync($"/api/v1/products/{product.Id()}", "\"3\"")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/products/{product.Id()}")).StatusCode);
    }

    [Fact]
    public async Task List_FiltersByNameSkuAndCategory_AndPages()
    {
        var category = "Cat " + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreateAsManagerAsync(category: category)).Id());
        }
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));

        var first = await rep.GetJsonAsync($"/api/v1/products?category={Uri.EscapeDataString(category)}&limit=2");
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = await rep.GetJsonAsync($"/api/v1/products?category={Uri.EscapeDataString(category)}&limit=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Single(second["items"]!.AsArray());
        Assert.Null(second["nextCursor"]);
        Assert.Equal(ids.Order(), first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(p => p!.Id()).Order());

        var one = await rep.GetJsonAsync($"/api/v1/products/{ids[0]}");
        var bySku = (await rep.GetJsonAsync($"/api/v1/products?q={one.Str("sku")!.ToLowerInvariant()}"))["items"]!.AsArray();
        Assert.Single(bySku, p => p!.Id() == ids[0]);
        var byName = (await rep.GetJsonAsync($"/api/v1/products?q={Uri.EscapeDataString(one.Str("name")!.ToUpperInvariant())}"))["items"]!.AsArray();
        Assert.Single(byName, p => p!.Id() == ids[0]);
    }

    [Fact]
    public async Task Sku_IsUnique_InAnyCase_On422NamingSku()
    {
        var sku = NewSku();
        var first = await CreateAsManagerAsync(sku);
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));

        var again = await admin.PostJsonAsync("/api/v1/products", Body(sku.ToLowerInvariant()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal(["sku"], (await again.ErrorsAsync()).Select(e => e.Key));

        var other = await admin.CreateAsync("/api/v1/products", Body(NewSku()));
        var rename = await admin.PatchJsonAsync($"/api/v1/products/{other.Id()}", new { sku = $"  {sku.ToLowerInvariant()} " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rename.StatusCode);
        Assert.Equal(["sku"], (await rename.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(first.Str("sku"), (await admin.GetJsonAsync($"/api/v1/products/{first.Id()}")).Str("sku"));
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"unit\": \"pcs\", \"currency\": \"KRW\"}", "sku")]
    [InlineData("{\"sku\": \"SKU\", \"unit\": \"pcs\", \"currency\": \"KRW\"}", "name")]
    [InlineData("{\"sku\": \"SKU\", \"name\": \"x\", \"currency\": \"KRW\"}", "unit")]
    [InlineData("{\"sku\": \"SKU\", \"name\": \"x\", \"unit\": \"pcs\"}", "currency")]
    [InlineData("{\"sku\": \"SKU\", \"name\": \"x\", \"unit\": \"pcs\", \"currency\": \"KRWX\"}", "currency")]
    [InlineData("{\"sku\": \"LONG\", \"name\": \"x\", \"unit\": \"pcs\", \"currency\": \"KRW\"}", "sku")]
    [InlineData("{\"sku\": \"SKU\", \"name\": \"x\", \"unit\": \"pcs\", \"currency\": \"KRW\", \"unitCost\": {\"amount\": -1}}", "unitCost.amount")]
    [InlineData("{\"sku\": \"SKU\", \"name\": \"x\", \"unit\": \"pcs\", \"currency\": \"KRW\", \"listPrice\": {\"amount\": 5, \"currency\": \"USD\"}}", "listPrice.currency")]
    [InlineData("{\"sku\": \"SKU\", \"name\": \"x\", \"unit\": \"pcs\", \"currency\": \"KRW\", \"productionLeadTimeDays\": -3}", "productionLeadTimeDays")]
    [InlineData("{\"sku\": \"SKU\", \"name\": \"x\", \"unit\": \"pcs\", \"currency\": \"KRW\", \"weeklyCapacity\": -0.5}", "weeklyCapacity")]
    public async Task InvalidValues_Are422NamingTheField_AndNothingIsSaved(string body, string field)
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Admin));
        var sku = NewSku();
        var json = body.Replace("\"SKU\"", $"\"{sku}\"", StringComparison.Ordinal).Replace("LONG", new string('x', 51), StringComparison.Ordinal);

        var refused = await client.PostRawAsync("/api/v1/products", json);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
        Assert.Empty((await client.GetJsonAsync($"/api/v1/products?q={sku}"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Currency_IsTakenFromThePrice_WhenLeftOut_AndUpperCased()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Admin));
        var product = await client.CreateAsync("/api/v1/products", new { sku = NewSku(), name = "Gasket", unit = "set", listPrice = new { amount = 9.5m, currency = "usd" } });
        Assert.Equal("USD", product.Str("currency"));
        Assert.Equal("USD", product["listPrice"]!["currency"]!.GetValue<string>());
    }

    [Fact]
    public async Task SameIdempotencyKey_MakesOneProduct()
    {
        using var client = App.Client(await App.CreateUserAsync(Role.Admin));
        var body = Body(NewSku());
        var key = Guid.NewGuid().ToString("N");

        var first = await client.PostJsonAsync("/api/v1/products", body, key);
        var second = await client.PostJsonAsync("/api/v1/products", body, key);

        await first.ExpectAsync(HttpStatusCode.Created);
        await second.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((await first.JsonAsync()).Id(), (await second.JsonAsync()).Id());
    }

    [Fact]
    public async Task Delete_IsRefusedWhileAReferenceCaseNamesIt_SayingHowMany()
    {
        var product = await CreateAsManagerAsync();
        var owner = await App.CreateUserAsync(Role.Rep);
        await using (var db = App.OpenDb())
        {
            var account = new Bridgehead.Accounts.Account { Name = "Ref " + Guid.NewGuid().ToString("N")[..8], SearchName = "", OwnerId = owner.Id };
            account.SearchName = Bridgehead.Common.Text.SearchKey(account.Name);
            db.Accounts.Add(account);
            await db.SaveChangesAsync();
            for (var i = 0; i < 2; i++)
            {
                var reference = new ReferenceCase { AccountId = account.Id, Title = "Case " + i, SearchName = "case " + i };
                reference.Products.Add(new ReferenceProduct { ProductId = product.Id() });
                db.ReferenceCases.Add(reference);
            }
            await db.SaveChangesAsync();
        }
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));

        var refused = await admin.DeleteAsync($"/api/v1/products/{product.Id()}", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("2 reference case", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        (await admin.GetAsync($"/api/v1/products/{product.Id()}")).EnsureSuccessStatusCode();
    }

    [Theory]
    [InlineData(Role.Rep)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task OnlyManagersAndAdmins_KeepTheCatalogue(Role role)
    {
        var product = await CreateAsManagerAsync();
        using var client = App.Client(await App.CreateUserAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/products", Body(NewSku()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync($"/api/v1/products/{product.Id()}", new { name = "No" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/v1/products/{product.Id()}", null)).StatusCode);
        await client.GetJsonAsync($"/api/v1/products/{product.Id()}");
    }

    [Theory]
    [InlineData(Role.Rep, false, true)]
    [InlineData(Role.Viewer, false, true)]
    [InlineData(Role.Quality, false, false)]
    [InlineData(Role.Product, false, false)]
    [InlineData(Role.Manager, true, true)]
    [InlineData(Role.Admin, true, true)]
    public async Task CostAndPrice_AreAbsent_ForRolesThatMayNotSeeThem(Role role, bool seesCost, bool seesPrice)
    {
        var sku = NewSku();
        var product = await CreateAsManagerAsync(sku);
        using var client = App.Client(await App.CreateUserAsync(role, role == Role.Manager ? TestApp.NewTeam() : null));

        var one = await (await client.GetAsync($"/api/v1/products/{product.Id()}")).Content.ReadAsStringAsync();
        var list = await (await client.GetAsync($"/api/v1/products?q={sku}")).Content.ReadAsStringAsync();

        foreach (var json in new[] { one, list })
        {
            Assert.Contains(sku, json, StringComparison.Ordinal);
            Assert.Equal(seesCost, json.Contains("\"unitCost\"", StringComparison.Ordinal));
            Assert.Equal(seesCost, json.Contains("81234.5", StringComparison.Ordinal));
            Assert.Equal(seesPrice, json.Contains("\"listPrice\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task History_ShowsCostChanges_ToAdminsOnly()
    {
        var product = await CreateAsManagerAsync();
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        await (await admin.PatchJsonAsync($"/api/v1/products/{product.Id()}", new { unitCost = new { amount = 77777m } })).ExpectAsync(HttpStatusCode.OK);

        var adminHistory = await (await admin.GetAsync($"/api/v1/products/{product.Id()}/history")).Content.ReadAsStringAsync();
        Assert.Contains("77777", adminHistory, StringComparison.Ordinal);

        foreach (var role in new[] { Role.Rep, Role.Viewer, Role.Quality, Role.Product, Role.Manager })
        {
            using var client = App.Client(await App.CreateUserAsync(role, role == Role.Manager ? TestApp.NewTeam() : null));
            var history = await client.GetAsync($"/api/v1/products/{product.Id()}/history");
            await history.ExpectAsync(HttpStatusCode.OK);
            var body = await history.Content.ReadAsStringAsync();
            Assert.DoesNotContain("77777", body, StringComparison.Ordinal);
            Assert.DoesNotContain("81234", body, StringComparison.Ordinal);
        }
    }
}
