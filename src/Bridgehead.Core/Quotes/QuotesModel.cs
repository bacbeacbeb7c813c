using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Quotes;

internal static class QuotesModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Quote>(e =>
        {
            e.Property(q => q.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(q => q.Language).HasMaxLength(5);
            e.Property(q => q.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(q => q.Approval).HasConversion<string>().HasMaxLength(20);
            e.Property(q => q.CustomerNote).HasMaxLength(Quote.MaxText);
            e.Property(q => q.InternalNote).HasMaxLength(Quote.MaxText);
            e.Property(q => q.ApprovalReason).HasMaxLength(Quote.MaxText);
            e.Property(q => q.ApprovalComment).HasMaxLength(Quote.MaxText);
            e.HasOne(q => q.Opportunity).WithMany().HasForeignKey(q => q.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(q => q.CreatedBy).WithMany().HasForeignKey(q => q.CreatedById).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(q => q.ApprovedById).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(q => q.Lines).WithOne().HasForeignKey(l => l.QuoteId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(q => q.ValuePropositions).WithOne().HasForeignKey(v => v.QuoteId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(q => new { q.OpportunityId, q.Number }).IsUnique();
            e.HasIndex(q => q.AccountId);
            e.HasIndex(q => new { q.Approval, q.Id });
        });
        b.Entity<QuoteLine>(e =>
        {
            e.Property(l => l.Sku).HasMaxLength(Products.Product.MaxSku);
            e.Property(l => l.Description).HasMaxLength(Products.Product.MaxName);
            e.Property(l => l.Unit).HasMaxLength(Products.Product.MaxUnit);
            e.HasOne(l => l.Product).WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => new { l.QuoteId, l.Position });
            e.HasIndex(l => l.ProductId);
        });
        b.Entity<ValueProposition>(e =>
        {
            e.Property(v => v.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(v => v.Description).HasMaxLength(Quote.MaxText);
            e.Property(v => v.Basis).HasMaxLength(Quote.MaxText);
            e.HasIndex(v => v.QuoteId);
        });
        b.Entity<QuotePolicy>();
    }
}
