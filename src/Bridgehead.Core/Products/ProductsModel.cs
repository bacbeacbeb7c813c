using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Products;

internal static class ProductsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Product>(e =>
        {
            e.Property(x => x.ExternalId).HasMaxLength(Imports.ImportFields.MaxExternalId);
            e.HasIndex(x => x.ExternalId).IsUnique();
            e.Property(p => p.Sku).HasMaxLength(Product.MaxSku);
            e.Property(p => p.SkuKey).HasMaxLength(Product.MaxSku);
            e.Property(p => p.Name).HasMaxLength(Product.MaxName);
            e.Property(p => p.SearchName).HasMaxLength(Product.MaxName);
            e.Property(p => p.Category).HasMaxLength(Product.MaxCategory);
            e.Property(p => p.Unit).HasMaxLength(Product.MaxUnit);
            e.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(p => p.Notes).HasMaxLength(Product.MaxNotes);
            e.HasIndex(p => p.SkuKey).IsUnique();
            e.HasIndex(p => new { p.SearchName, p.Id });
            e.HasIndex(p => p.Category);
        });
    }
}
