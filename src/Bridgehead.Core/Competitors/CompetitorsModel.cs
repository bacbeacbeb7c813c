using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Competitors;

internal static class CompetitorsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Competitor>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(Competitor.MaxName);
            e.Property(c => c.SearchName).HasMaxLength(Competitor.MaxName);
            e.Property(c => c.Strengths).HasMaxLength(Competitor.MaxText);
            e.Property(c => c.Weaknesses).HasMaxLength(Competitor.MaxText);
            e.Property(c => c.PricePosition).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.Website).HasMaxLength(Competitor.MaxWebsite);
            e.Property(c => c.Notes).HasMaxLength(Competitor.MaxText);
            e.HasIndex(c => c.SearchName).IsUnique();
        });
        b.Entity<CompetitorMove>(e =>
        {
            e.Property(m => m.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(m => m.Impact).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Title).HasMaxLength(CompetitorMove.MaxTitle);
            e.Property(m => m.Detail).HasMaxLength(CompetitorMove.MaxText);
            e.Property(m => m.Industry).HasMaxLength(Accounts.Account.MaxIndustry);
            e.HasOne(m => m.Competitor).WithMany().HasForeignKey(m => m.CompetitorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Accounts.Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pursuits.Opportunity>().WithMany().HasForeignKey(m => m.OpportunityId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Industries.Application>().WithMany().HasForeignKey(m => m.ApplicationId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(m => m.RecordedById).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(m => new { m.OccurredOn, m.Id });
            e.HasIndex(m => new { m.AccountId, m.OccurredOn });
            e.HasIndex(m => new { m.CompetitorId, m.OccurredOn });
            e.HasIndex(m => m.OpportunityId);
        });
    }
}
