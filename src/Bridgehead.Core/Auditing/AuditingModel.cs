using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Auditing;

internal static class AuditingModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.EntityType).HasMaxLength(40);
            e.Property(a => a.UserName).HasMaxLength(100);
            e.Property(a => a.Action).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(a => new { a.EntityType, a.EntityId, a.Id });
            e.HasIndex(a => a.AccountId);
        });
    }
}
