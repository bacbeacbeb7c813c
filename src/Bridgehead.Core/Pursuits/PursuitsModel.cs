using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

internal static class PursuitsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Opportunity>(e =>
        {
            e.Property(o => o.Title).HasMaxLength(Opportunity.MaxTitle);
            e.Property(o => o.SearchName).HasMaxLength(Opportunity.MaxTitle);
            e.Property(o => o.Stage).HasMaxLength(40);
            e.Property(o => o.ProductCategory).HasMaxLength(Opportunity.MaxCategory);
            e.Property(o => o.Application).HasMaxLength(Opportunity.MaxApplication);
            e.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(o => o.Notes).HasMaxLength(Opportunity.MaxNotes);
            e.Property(o => o.Route).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            e.HasOne(o => o.Account).WithMany().HasForeignKey(o => o.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(o => o.Owner).WithMany().HasForeignKey(o => o.OwnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(o => new { o.AccountId, o.Status });
            e.HasIndex(o => new { o.SearchName, o.Id });
            e.HasIndex(o => new { o.Stage, o.Status });
            e.HasIndex(o => o.OwnerId);
        });
    }
}
