using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Imports;

internal static class ImportsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ImportJob>(e =>
        {
            e.Property(x => x.Entity).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Format).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.FileName).HasMaxLength(ImportJob.MaxFileName);
            e.Property(x => x.StoredFile).HasMaxLength(ImportJob.MaxFileName);
            e.Property(x => x.Mapping).HasMaxLength(ImportJob.MaxMapping);
            e.Property(x => x.Failure).HasMaxLength(ImportJob.MaxFailure);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.Status, x.HeartbeatAt });
            e.HasIndex(x => new { x.CreatedById, x.Id });
        });
        b.Entity<ImportRowError>(e =>
        {
            e.Property(x => x.Field).HasMaxLength(ImportRowError.MaxField);
            e.Property(x => x.Message).HasMaxLength(ImportRowError.MaxMessage);
            e.Property(x => x.Values).HasMaxLength(ImportRowError.MaxValues);
            e.HasOne<ImportJob>().WithMany().HasForeignKey(x => x.JobId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.JobId, x.RowNumber });
        });
        b.Entity<ImportMapping>(e =>
        {
            e.Property(x => x.Entity).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Name).HasMaxLength(ImportMapping.MaxName);
            e.Property(x => x.Columns).HasMaxLength(ImportJob.MaxMapping);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.CreatedById, x.Entity, x.Name }).IsUnique();
        });
    }
}
