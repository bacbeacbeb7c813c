using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Fit;

internal static class FitModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<FitCriterion>(e =>
        {
            e.Property(c => c.Dimension).HasConversion<string>().HasMaxLength(20);
        });
    }
}
