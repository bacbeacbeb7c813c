using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Demo;
using Bridgehead.Products;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.References;

public sealed class DemoReferencesTests_Sqlite() : DemoReferencesTests(Provider.Sqlite);

public sealed class DemoReferencesTests_Postgres() : DemoReferencesTests(Provider.Postgres);

/// <summary>The demo's reference library: cases at customers, some may be named, Korean outcomes for Korean accounts; with or without a catalogue.</summary>
public abstract class DemoReferencesTests(Provider provider)
{
    [Fact]
    public async Task Load_AddsCasesAtCustomers_WithoutACatalogue()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();

        var cases = await db.ReferenceCases.AsNoTracking().Include(r => r.Account).Include(r => r.Products).ToListAsync();
        Assert.InRange(cases.Count, 8, 10);
        Assert.All(cases, r => Assert.Equal(AccountStatus.Customer, r.Account!.Status));
        Assert.Contains(cases, r => r.MayBeNamed);
        Assert.Contains(cases, r => !r.MayBeNamed);
        Assert.All(cases.Where(r => r.Account!.Country == "KR"), r => Assert.Matches("[가-힣]", r.Outcome!));
        Assert.Contains(cases, r => r.Account!.Country == "KR");
        Assert.Equal(await db.Products.AnyAsync(), cases.Any(r => r.Products.Count > 0));
    }

    [Fact]
    public async Task AddAsync_NamesCatalogueProducts_WhenThereAreAny()
    {
        // A server of its own: the test deletes the demo's cases and adds to the catalogue.
        await using var app = await TestApp.StartAsync(provider);
        await using (var seed = app.OpenDb())
        {
            await new DemoData(seed).LoadAsync(CancellationToken.None);
            // The demo's needs attach cases; they let go first.
            seed.NeedsReferences.RemoveRange(seed.NeedsReferences);
            await seed.SaveChangesAsync();
            seed.ReferenceCases.RemoveRange(seed.ReferenceCases);
            seed.Products.Add(new Product { Sku = "DEMO-1", SkuKey = Text.SearchKey("DEMO-1"), Name = "Demo valve", SearchName = "demo valve", Category = "valves", Unit = "ea", Currency = "KRW" });
            await seed.SaveChangesAsync();
        }
        await using var db = app.OpenDb();

        await DemoReferences.AddAsync(db, CancellationToken.None);

        var cases = await db.ReferenceCases.AsNoTracking().Include(r => r.Products).ToListAsync();
        Assert.NotEmpty(cases);
        Assert.All(cases, r => Assert.NotEmpty(r.Products));
    }
}
