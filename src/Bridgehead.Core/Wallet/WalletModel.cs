using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Wallet;

internal static class WalletModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<SupplierShare>(e =>
        {
            e.Property(s => s.ProductCategory).HasMaxLength(SupplierShare.MaxCategory);
            e.Property(s => s.CategoryKey).HasMaxLength(SupplierShare.MaxCategory);
            e.Property(s => s.SharePercent).HasPrecision(5, 2);
            e.Property(s => s.VolumeUnit).HasMaxLength(SupplierShare.MaxUnit);
            e.Property(s => s.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(s => s.Note).HasMaxLength(SupplierShare.MaxNote);
            e.HasOne(s => s.Account).WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(s => s.Competitor).WithMany().HasForeignKey(s => s.CompetitorId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(s => new { s.AccountId, s.CategoryKey, s.AsOf });
            e.HasIndex(s => s.CompetitorId);
        });
        b.Entity<IncumbentEvent>(e =>
        {
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Severity).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Note).HasMaxLength(IncumbentEvent.MaxNote);
            e.HasOne(x => x.Account).WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Competitor).WithMany().HasForeignKey(x => x.CompetitorId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.AccountId, x.OccurredOn });
            e.HasIndex(x => new { x.OccurredOn, x.AccountId });
            e.HasIndex(x => x.CompetitorId);
        });
    }
}
