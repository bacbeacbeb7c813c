using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Activities;

internal static class ActivitiesModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Activity>(e =>
        {
            e.Property(a => a.Subject).HasMaxLength(Activity.MaxSubject);
            e.Property(a => a.Body).HasMaxLength(Activity.MaxBody);
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
            e.HasOne(a => a.Account).WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(a => a.Contact).WithMany().HasForeignKey(a => a.ContactId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(a => a.Opportunity).WithMany().HasForeignKey(a => a.OpportunityId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(a => a.Author).WithMany().HasForeignKey(a => a.AuthorId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.AccountId, a.OccurredAt });
            e.HasIndex(a => new { a.ContactId, a.OccurredAt });
            e.HasIndex(a => new { a.OpportunityId, a.OccurredAt });
            e.HasIndex(a => new { a.OccurredAt, a.Id });
        });
        b.Entity<TaskItem>(e =>
        {
            e.ToTable("tasks");
            e.Property(t => t.Title).HasMaxLength(TaskItem.MaxTitle);
            e.Property(t => t.Notes).HasMaxLength(TaskItem.MaxNotes);
            e.HasOne(t => t.Assignee).WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(t => t.CreatedById).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(t => t.Account).WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(t => t.Contact).WithMany().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(t => t.Opportunity).WithMany().HasForeignKey(t => t.OpportunityId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(t => new { t.AssigneeId, t.DueOn });
            e.HasIndex(t => new { t.DueOn, t.Id });
            e.HasIndex(t => t.AccountId);
            e.HasIndex(t => t.ContactId);
            e.HasIndex(t => t.OpportunityId);
        });
    }
}
