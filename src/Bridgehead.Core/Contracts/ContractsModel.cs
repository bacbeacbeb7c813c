using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Contracts;

internal static class ContractsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Contract>(e =>
        {
            e.Property(c => c.Number).HasMaxLength(Contract.MaxNumber);
            e.Property(c => c.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(c => c.Terms).HasMaxLength(Contract.MaxTerms);
            e.Property(c => c.Notes).HasMaxLength(Contract.MaxNotes);
            e.HasOne<Accounts.Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pursuits.Opportunity>().WithMany().HasForeignKey(c => c.OpportunityId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(c => c.CreatedById).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.ContractId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => c.OpportunityId).IsUnique();
            e.HasIndex(c => new { c.AccountId, c.StartsOn });
        });
        b.Entity<ContractLine>(e =>
        {
            e.HasOne(l => l.Product).WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => new { l.ContractId, l.Position });
            e.HasIndex(l => l.ProductId);
            e.HasIndex(l => l.AccountId);
        });
    }
}
