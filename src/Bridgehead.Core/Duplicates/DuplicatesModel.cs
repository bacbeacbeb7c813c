using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Duplicates;

internal static class DuplicatesModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<MergeRecord>(e =>
        {
            e.Property(x => x.EntityType).HasMaxLength(MergeRecord.MaxEntityType);
            e.Property(x => x.MergedName).HasMaxLength(MergeRecord.MaxName);
            e.HasIndex(x => new { x.EntityType, x.SurvivorId });
            e.HasIndex(x => new { x.EntityType, x.MergedId });
            e.HasIndex(x => x.AccountId);
        });
    }
}
