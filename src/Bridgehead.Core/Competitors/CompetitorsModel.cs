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
    }
}
