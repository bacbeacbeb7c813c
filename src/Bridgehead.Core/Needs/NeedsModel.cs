using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Needs;

internal static class NeedsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<OpportunityNeeds>(e =>
        {
            e.ToTable("opportunity_needs");
            e.Property(n => n.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(n => n.PriceUnit).HasMaxLength(OpportunityNeeds.MaxUnit);
            e.Property(n => n.Priority).HasConversion<string>().HasMaxLength(20);
            e.Property(n => n.NoReferenceReason).HasMaxLength(OpportunityNeeds.MaxText);
            e.Property(n => n.Notes).HasMaxLength(OpportunityNeeds.MaxText);
            e.HasOne(n => n.Opportunity).WithMany().HasForeignKey(n => n.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(n => n.OpportunityId).IsUnique();
            e.HasIndex(n => n.AccountId);
            e.HasMany(n => n.ServiceRequirements).WithOne().HasForeignKey(r => r.NeedsId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(n => n.TradeOffs).WithOne().HasForeignKey(t => t.NeedsId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(n => n.References).WithOne().HasForeignKey(r => r.NeedsId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ServiceRequirement>(e =>
        {
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(r => r.Detail).HasMaxLength(OpportunityNeeds.MaxText);
            e.HasIndex(r => r.NeedsId);
        });
        b.Entity<TradeOff>(e =>
        {
            e.Property(t => t.Direction).HasConversion<string>().HasMaxLength(30);
            e.Property(t => t.Description).HasMaxLength(OpportunityNeeds.MaxText);
            e.HasIndex(t => t.NeedsId);
        });
        b.Entity<NeedsReference>(e =>
        {
            e.HasKey(r => new { r.NeedsId, r.ReferenceCaseId });
            e.HasOne(r => r.ReferenceCase).WithMany().HasForeignKey(r => r.ReferenceCaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => r.ReferenceCaseId);
        });
    }
}
