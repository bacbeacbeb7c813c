using Microsoft.EntityFrameworkCore;

namespace Bridgehead.BuyingCenter;

internal static class BuyingCenterModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<BuyingCenterMember>(e =>
        {
            e.Property(m => m.Department).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Role).HasConversion<string>().HasMaxLength(30);
            e.Property(m => m.Stance).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Pains).HasMaxLength(BuyingCenterMember.MaxPains);
            e.Property(m => m.OurFit).HasMaxLength(BuyingCenterMember.MaxOffer);
            e.HasOne(m => m.Opportunity).WithMany().HasForeignKey(m => m.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(m => m.Contact).WithMany().HasForeignKey(m => m.ContactId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => new { m.OpportunityId, m.ContactId }).IsUnique();
            e.HasIndex(m => m.ContactId);
            e.HasIndex(m => m.AccountId);
        });
    }
}
