using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Calendar;

internal static class CalendarModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Holiday>(e =>
        {
            e.Property(h => h.Name).HasMaxLength(Holiday.MaxName);
            e.Property(h => h.NameKo).HasMaxLength(Holiday.MaxName);
            e.HasIndex(h => h.Date).IsUnique();
        });
        b.Entity<CalendarSettings>();
        b.Entity<CalendarYear>(e =>
        {
            e.HasKey(y => y.Year);
            e.Property(y => y.Year).ValueGeneratedNever();
        });
    }
}
