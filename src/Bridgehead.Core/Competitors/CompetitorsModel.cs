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
            e.HasIndex(c => c.SearchName).IsUnique();
        });
    }
}
