using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Trials;

internal static class TrialsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<TrialPhase>(e =>
        {
            e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.Result).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.DrillResult).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.Issues).HasMaxLength(TrialPhase.MaxText);
            e.Property(p => p.CorrectiveActions).HasMaxLength(TrialPhase.MaxText);
            e.Property(p => p.DrillNotes).HasMaxLength(TrialPhase.MaxText);
            e.Property(p => p.Auditors).HasMaxLength(TrialPhase.MaxAuditors);
            e.Property(p => p.Notes).HasMaxLength(TrialPhase.MaxText);
            e.HasOne(p => p.Opportunity).WithMany().HasForeignKey(p => p.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(p => p.ResultRecordedById).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(p => new { p.OpportunityId, p.Kind, p.Round }).IsUnique();
            e.HasIndex(p => p.AccountId);
            e.HasIndex(p => new { p.Result, p.Id });
        });
        b.Entity<TrialFinding>(e =>
        {
            e.Property(f => f.Text).HasMaxLength(TrialFinding.MaxText);
            e.Property(f => f.Severity).HasConversion<string>().HasMaxLength(20);
            e.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(f => f.Resolution).HasMaxLength(TrialFinding.MaxText);
            e.HasOne(f => f.Phase).WithMany().HasForeignKey(f => f.PhaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(f => f.ClosedById).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(f => f.PhaseId);
            e.HasIndex(f => f.AccountId);
        });
    }
}
