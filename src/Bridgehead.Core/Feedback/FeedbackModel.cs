using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Feedback;

internal static class FeedbackModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<FeedbackItem>(e =>
        {
            e.ToTable("feedback");
            e.Property(f => f.Category).HasConversion<string>().HasMaxLength(20);
            e.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(f => f.Text).HasMaxLength(FeedbackItem.MaxText);
            e.Property(f => f.Response).HasMaxLength(FeedbackItem.MaxText);
            e.HasOne(f => f.Opportunity).WithMany().HasForeignKey(f => f.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(f => f.Contact).WithMany().HasForeignKey(f => f.ContactId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(f => f.Owner).WithMany().HasForeignKey(f => f.OwnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(f => f.OpportunityId);
            e.HasIndex(f => f.AccountId);
            // The overdue look-ups: an owner's open feedback by due date.
            e.HasIndex(f => new { f.OwnerId, f.Status, f.DueOn });
        });
    }
}
