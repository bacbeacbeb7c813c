using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Care;

internal static class CareModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<CarePlan>(e =>
        {
            e.Property(p => p.Tier).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.Notes).HasMaxLength(CarePlan.MaxNotes);
            e.HasIndex(p => p.Tier).IsUnique();
        });
    }
}
