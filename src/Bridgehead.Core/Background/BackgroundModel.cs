using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Background;

internal static class BackgroundModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Lease>(e =>
        {
            e.HasKey(l => l.Name);
            e.Property(l => l.Name).HasMaxLength(Lease.MaxName);
            e.Property(l => l.Holder).HasMaxLength(Lease.MaxHolder);
        });
    }
}
