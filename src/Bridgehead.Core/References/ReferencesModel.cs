using Microsoft.EntityFrameworkCore;

namespace Bridgehead.References;

internal static class ReferencesModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ReferenceCase>(e =>
        {
            e.Property(r => r.Title).HasMaxLength(ReferenceCase.MaxTitle);
            e.Property(r => r.SearchName).HasMaxLength(ReferenceCase.MaxTitle);
            e.Property(r => r.Industry).HasMaxLength(2);
            e.Property(r => r.Outcome).HasMaxLength(ReferenceCase.MaxText);
            e.HasOne(r => r.Account).WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(r => r.Application).WithMany().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Products).WithOne().HasForeignKey(p => p.ReferenceCaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => r.AccountId);
            e.HasIndex(r => new { r.SearchName, r.Id });
        });
        b.Entity<ReferenceProduct>(e =>
        {
            e.HasKey(p => new { p.ReferenceCaseId, p.ProductId });
            e.HasOne(p => p.Product).WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(p => p.ProductId);
        });
    }
}
