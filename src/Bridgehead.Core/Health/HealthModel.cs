using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Health;

internal static class HealthModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<AccountHealth>(e =>
        {
            e.HasKey(h => h.AccountId);
            e.Property(h => h.Band).HasConversion<string>().HasMaxLength(20);
            e.Property(h => h.Signals).HasMaxLength(8000);
            e.HasOne<Accounts.Account>().WithOne().HasForeignKey<AccountHealth>(h => h.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(h => new { h.Band, h.Score });
        });
        b.Entity<HealthSnapshot>(e =>
        {
            e.Property(h => h.Band).HasConversion<string>().HasMaxLength(20);
            e.HasOne<Accounts.Account>().WithMany().HasForeignKey(h => h.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(h => new { h.AccountId, h.ScoredOn }).IsUnique();
        });
    }
}
