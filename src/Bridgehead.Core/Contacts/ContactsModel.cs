using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Contacts;

internal static class ContactsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Contact>(e =>
        {
            e.Property(x => x.ExternalId).HasMaxLength(Imports.ImportFields.MaxExternalId);
            e.HasIndex(x => x.ExternalId).IsUnique();
            e.Property(c => c.Name).HasMaxLength(Contact.MaxName);
            e.Property(c => c.SearchName).HasMaxLength(Contact.MaxName);
            e.Property(c => c.Title).HasMaxLength(Contact.MaxTitle);
            e.Property(c => c.Email).HasMaxLength(Contact.MaxEmail);
            e.Property(c => c.Phone).HasMaxLength(Contact.MaxPhone);
            e.Property(c => c.Pains).HasMaxLength(Contact.MaxPains);
            e.Property(c => c.Department).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.BuyingRole).HasConversion<string>().HasMaxLength(30);
            e.Property(c => c.Stance).HasConversion<string>().HasMaxLength(20);
            e.HasOne(c => c.Account).WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(c => new { c.AccountId, c.SearchName });
            e.HasIndex(c => new { c.SearchName, c.Id });
        });
    }
}
