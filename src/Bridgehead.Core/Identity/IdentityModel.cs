using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Identity;

internal static class IdentityModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<User>(e =>
        {
            e.Property(u => u.UserName).HasMaxLength(User.MaxUserName);
            e.Property(u => u.NormalizedUserName).HasMaxLength(User.MaxUserName);
            e.HasIndex(u => u.NormalizedUserName).IsUnique();
            e.Property(u => u.DisplayName).HasMaxLength(User.MaxDisplayName);
            e.Property(u => u.Email).HasMaxLength(254);
            e.Property(u => u.Role).HasConversion<string>().HasMaxLength(20);
            e.Property(u => u.PasswordHash).HasMaxLength(200);
            e.Property(u => u.SecurityStamp).HasMaxLength(64);
            e.Property(u => u.Language).HasMaxLength(10);
            e.HasOne(u => u.Team).WithMany().HasForeignKey(u => u.TeamId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(u => u.TeamId);
        });
        b.Entity<Team>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(Team.MaxName);
            e.HasIndex(t => t.Name).IsUnique();
            e.HasOne(t => t.Manager).WithMany().HasForeignKey(t => t.ManagerId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ApiToken>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(ApiToken.MaxName);
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => t.UserId);
        });
        b.Entity<DataProtectionKey>();
    }
}
