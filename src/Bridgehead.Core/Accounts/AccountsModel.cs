using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Accounts;

internal static class AccountsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Account>(e =>
        {
            e.Property(x => x.ExternalId).HasMaxLength(Imports.ImportFields.MaxExternalId);
            e.HasIndex(x => x.ExternalId).IsUnique();
            e.Property(a => a.Name).HasMaxLength(Account.MaxName);
            e.Property(a => a.SearchName).HasMaxLength(Account.MaxName);
            e.Property(a => a.Industry).HasMaxLength(Account.MaxIndustry);
            e.Property(a => a.Country).HasMaxLength(2).IsFixedLength();
            e.Property(a => a.City).HasMaxLength(Account.MaxCity);
            e.Property(a => a.Website).HasMaxLength(Account.MaxWebsite);
            e.Property(a => a.Notes).HasMaxLength(Account.MaxNotes);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.Tier).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.Type).HasConversion<string>().HasMaxLength(20);
            e.HasMany(a => a.Applications).WithOne().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => a.Industry);
            e.HasIndex(a => new { a.FitScore, a.Id });
            e.HasOne(a => a.Owner).WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(a => a.ExecutiveSponsorId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(a => a.Parent).WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(a => a.TeamMembers).WithOne().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => new { a.SearchName, a.Id });
            // Owner first, id second: a rep's or manager's accounts from the index alone (NearViewer).
            e.HasIndex(a => new { a.OwnerId, a.Id });
            e.HasIndex(a => a.ParentId);
        });
        b.Entity<AccountApplication>(e =>
        {
            e.HasKey(x => new { x.AccountId, x.ApplicationId });
            e.HasOne(x => x.Application).WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.ApplicationId);
        });
        b.Entity<AccountTeamMember>(e =>
        {
            e.HasKey(m => new { m.AccountId, m.UserId });
            e.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(m => m.UserId);
        });
    }
}
