using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Data;

internal static class DataModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<IdempotencyRecord>(e =>
        {
            e.Property(r => r.Key).HasMaxLength(IdempotencyRecord.MaxKey);
            e.Property(r => r.RequestHash).HasMaxLength(64);
            e.Property(r => r.ContentType).HasMaxLength(200);
            e.Property(r => r.Location).HasMaxLength(500);
            e.Property(r => r.ETag).HasMaxLength(100);
            e.HasIndex(r => new { r.UserId, r.Key }).IsUnique();
            e.HasIndex(r => r.CreatedAt);
        });
    }
}
