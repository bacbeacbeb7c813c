using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Industries;

internal static class IndustriesModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Application>(e =>
        {
            e.Property(a => a.IndustryCode).HasMaxLength(2);
            e.Property(a => a.NameEn).HasMaxLength(Application.MaxName);
            e.Property(a => a.NameKo).HasMaxLength(Application.MaxName);
            e.Property(a => a.SearchName).HasMaxLength(Application.MaxName);
            e.Ignore(a => a.Name);
            e.HasIndex(a => new { a.IndustryCode, a.SearchName }).IsUnique();
        });
    }
}
