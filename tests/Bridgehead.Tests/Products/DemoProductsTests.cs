using Bridgehead.Demo;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Products;

public sealed class DemoProductsTests_Sqlite() : DemoProductsTests(Provider.Sqlite);

public sealed class DemoProductsTests_Postgres() : DemoProductsTests(Provider.Postgres);

/// <summary>The demo catalogue: a SKU for every product line pursuits name, in won, with believable margins.</summary>
public abstract class DemoProductsTests(Provider provider)
{
    [Fact]
    public async Task Demo_HasASkuPerProductLine_PricedInWonWithMargins()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();

        var products = await db.Products.AsNoTracking().ToListAsync();
        var lines = DemoCompanies.ProductsByIndustry.Values.SelectMany(l => l).Select(l => l.Category).Distinct();
        Assert.All(lines, line => Assert.Contains(products, p => p.Category == line && p.IsActive));
        var categories = await db.Opportunities.AsNoTracking().Where(o => o.ProductCategory != null).Select(o => o.ProductCategory!).Distinct().ToListAsync();
        Assert.All(categories, c => Assert.Contains(products, p => p.Category == c));
        Assert.All(products, p =>
        {
            Assert.Equal("KRW", p.Currency.Trim());
            Assert.InRange(p.UnitCost!.Value / p.ListPrice!.Value, 0.5m, 0.85m);
            Assert.NotNull(p.ProductionLeadTimeDays);
        });
        Assert.Contains(products, p => !p.IsActive);
        // Production facts for delivery promises: batches no larger than a week makes, and a year-end shutdown in the calendar.
        Assert.Contains(products, p => p.MinimumBatch is not null);
        Assert.All(products.Where(p => p.MinimumBatch is not null), p => Assert.InRange(p.MinimumBatch!.Value, 1m, p.WeeklyCapacity!.Value));
        var shutdown = await db.Holidays.AsNoTracking().Where(h => h.Name == "Year-end shutdown").ToListAsync();
        Assert.NotEmpty(shutdown);
        Assert.All(shutdown, h => Assert.False(h.Preloaded));
        Assert.Contains(await db.Holidays.AsNoTracking().Select(h => h.Date).ToListAsync(), d => d == new DateOnly(DateTime.UtcNow.Year, 12, 25));
    }
}
