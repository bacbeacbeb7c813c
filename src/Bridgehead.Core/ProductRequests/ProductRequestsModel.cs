using Microsoft.EntityFrameworkCore;

namespace Bridgehead.ProductRequests;

internal static class ProductRequestsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ProductRequest>(e =>
        {
            e.Property(r => r.Title).HasMaxLength(ProductRequest.MaxTitle);
            e.Property(r => r.SearchName).HasMaxLength(ProductRequest.MaxTitle);
            e.Property(r => r.Detail).HasMaxLength(ProductRequest.MaxText);
            e.Property(r => r.Category).HasMaxLength(Products.Product.MaxCategory);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.StatusNote).HasMaxLength(ProductRequest.MaxText);
            e.HasOne(r => r.Product).WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(r => r.RaisedBy).WithMany().HasForeignKey(r => r.RaisedById).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ProductRequest>().WithMany().HasForeignKey(r => r.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Accounts).WithOne().HasForeignKey(a => a.ProductRequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(r => r.Opportunities).WithOne().HasForeignKey(o => o.ProductRequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.Status, r.Id });
            e.HasIndex(r => new { r.SearchName, r.Id });
            e.HasIndex(r => r.MergedIntoId);
        });
        b.Entity<ProductRequestAccount>(e =>
        {
            e.HasKey(a => new { a.ProductRequestId, a.AccountId });
            e.HasOne(a => a.Account).WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => a.AccountId);
        });
        b.Entity<ProductRequestOpportunity>(e =>
        {
            e.HasKey(o => new { o.ProductRequestId, o.OpportunityId });
            e.HasOne(o => o.Opportunity).WithMany().HasForeignKey(o => o.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(o => o.OpportunityId);
            e.HasIndex(o => o.AccountId);
        });
    }
}
