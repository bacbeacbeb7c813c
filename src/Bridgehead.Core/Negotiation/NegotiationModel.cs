using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Negotiation;

internal static class NegotiationModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<NegotiationTerm>(e =>
        {
            e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.Label).HasMaxLength(NegotiationTerm.MaxLabel);
            e.Property(t => t.Unit).HasMaxLength(NegotiationTerm.MaxUnit);
            e.Property(t => t.Exception).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.ExceptionComment).HasMaxLength(NegotiationTerm.MaxText);
            e.Property(t => t.Notes).HasMaxLength(NegotiationTerm.MaxText);
            e.HasOne(t => t.Opportunity).WithMany().HasForeignKey(t => t.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(t => t.ExceptionDecidedById).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(t => new { t.OpportunityId, t.Position });
            e.HasIndex(t => t.AccountId);
            e.HasIndex(t => new { t.Exception, t.Id });
        });
        b.Entity<NegotiationOffer>(e =>
        {
            e.Property(o => o.Side).HasConversion<string>().HasMaxLength(10);
            e.Property(o => o.Note).HasMaxLength(NegotiationTerm.MaxText);
            e.Property(o => o.Approval).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.ApprovalComment).HasMaxLength(NegotiationTerm.MaxText);
            e.HasOne(o => o.Term).WithMany().HasForeignKey(o => o.TermId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(o => o.ApprovedById).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(o => o.RecordedById).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Pursuits.Opportunity>().WithMany().HasForeignKey(o => o.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(o => new { o.OpportunityId, o.Round });
            e.HasIndex(o => o.TermId);
            e.HasIndex(o => o.AccountId);
            e.HasIndex(o => new { o.Approval, o.Id });
        });
        b.Entity<Concession>(e =>
        {
            e.Property(c => c.Gave).HasMaxLength(Concession.MaxText);
            e.Property(c => c.Got).HasMaxLength(Concession.MaxText);
            e.Property(c => c.Currency).HasMaxLength(3).IsFixedLength();
            e.HasOne(c => c.Term).WithMany().HasForeignKey(c => c.TermId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(c => c.RecordedBy).WithMany().HasForeignKey(c => c.RecordedById).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Pursuits.Opportunity>().WithMany().HasForeignKey(c => c.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => c.OpportunityId);
            e.HasIndex(c => c.AccountId);
        });
    }
}
