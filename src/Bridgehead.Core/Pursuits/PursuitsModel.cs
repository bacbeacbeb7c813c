using Bridgehead.Competitors;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

internal static class PursuitsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Opportunity>(e =>
        {
            e.Property(x => x.ExternalId).HasMaxLength(Imports.ImportFields.MaxExternalId);
            e.HasIndex(x => x.ExternalId).IsUnique();
            e.Property(o => o.Title).HasMaxLength(Opportunity.MaxTitle);
            e.Property(o => o.SearchName).HasMaxLength(Opportunity.MaxTitle);
            e.Property(o => o.Stage).HasMaxLength(40);
            e.Property(o => o.ProductCategory).HasMaxLength(Opportunity.MaxCategory);
            e.Property(o => o.EntryAngle).HasMaxLength(Opportunity.MaxEntryAngle);
            e.Property(o => o.RouteRationale).HasMaxLength(Opportunity.MaxRationale);
            e.HasOne(o => o.Application).WithMany().HasForeignKey(o => o.ApplicationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(o => o.Partners).WithOne().HasForeignKey(p => p.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            e.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(o => o.Notes).HasMaxLength(Opportunity.MaxNotes);
            e.Property(o => o.Route).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.ProbabilityReason).HasMaxLength(StageChange.MaxReason);
            e.Property(o => o.ForecastCategory).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.CloseReason).HasConversion<string>().HasMaxLength(30);
            e.HasOne(o => o.Pipeline).WithMany().HasForeignKey(o => o.PipelineId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Competitor>().WithMany().HasForeignKey(o => o.WinningCompetitorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(o => o.Account).WithMany().HasForeignKey(o => o.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(o => o.Owner).WithMany().HasForeignKey(o => o.OwnerId).OnDelete(DeleteBehavior.Restrict);
            // A rep's or manager's list starts from their accounts (NearViewer): the stage is tested
            // in the index instead of on each open pursuit's row.
            e.HasIndex(o => new { o.AccountId, o.Status, o.Stage });
            e.HasIndex(o => new { o.SearchName, o.Id });
            // The list of one stage (and status) in name order, and its next page, for the roles
            // that see everything: the stage's rows in order, instead of every name tested in turn
            // (filtered by the account's industry on top: 287 index rows for a page instead of 9,161).
            e.HasIndex(o => new { o.Stage, o.Status, o.SearchName, o.Id });
            // The list filtered by owner, in its name order.
            e.HasIndex(o => new { o.OwnerId, o.SearchName, o.Id });
            e.HasIndex(o => new { o.PipelineId, o.Status, o.Stage });
            // The board's column heads (count and sums per stage and currency of the open pursuits)
            // from the index alone on PostgreSQL (SQLite ignores INCLUDE). The card order has a
            // PostgreSQL expression index of its own, in the PerformanceAtScale migration.
            e.HasIndex(o => new { o.PipelineId, o.Stage, o.Currency }, "ix_opportunities_board_totals")
                .HasFilter("status = 'Open'")
                .IncludeProperties(o => new { o.EstimatedAnnualValue, o.AccountId });
            // Win-loss: closed pursuits of a period, grouped by outcome, reason and winner.
            e.HasIndex(o => o.ClosedAt)
                .HasFilter("closed_at IS NOT NULL")
                .IncludeProperties(o => new { o.Status, o.CloseReason, o.WinningCompetitorId, o.Currency, o.EstimatedAnnualValue, o.AccountId, o.OwnerId });
        });
        b.Entity<OpportunityPartner>(e =>
        {
            e.HasKey(p => new { p.OpportunityId, p.PartnerAccountId });
            e.Property(p => p.Role).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.SharePercent).HasPrecision(5, 2);
            e.HasOne(p => p.PartnerAccount).WithMany().HasForeignKey(p => p.PartnerAccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(p => p.PartnerAccountId);
        });
        b.Entity<Pipeline>(e =>
        {
            e.Property(p => p.NameEn).HasMaxLength(Pipeline.MaxName);
            e.Property(p => p.NameKo).HasMaxLength(Pipeline.MaxName);
            e.Ignore(p => p.Name);
            e.HasMany(p => p.Stages).WithOne().HasForeignKey(s => s.PipelineId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PipelineStage>(e =>
        {
            e.Property(s => s.Key).HasMaxLength(40);
            e.Property(s => s.NameEn).HasMaxLength(Pipeline.MaxName);
            e.Property(s => s.NameKo).HasMaxLength(Pipeline.MaxName);
            e.Ignore(s => s.Name);
            e.HasIndex(s => new { s.PipelineId, s.Key }).IsUnique();
        });
        b.Entity<StageChange>(e =>
        {
            e.Property(c => c.Move).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.FromStage).HasMaxLength(40);
            e.Property(c => c.ToStage).HasMaxLength(40);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.Reason).HasMaxLength(StageChange.MaxReason);
            e.Property(c => c.CloseReason).HasConversion<string>().HasMaxLength(30);
            e.Property(c => c.ChangedByName).HasMaxLength(200);
            e.HasOne(c => c.Opportunity).WithMany().HasForeignKey(c => c.OpportunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pipeline>().WithMany().HasForeignKey(c => c.PipelineId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Competitor>().WithMany().HasForeignKey(c => c.CompetitorId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(c => new { c.OpportunityId, c.At });
            e.HasIndex(c => new { c.ToStage, c.At });
            // The funnel's cohort: the pursuits opened in a period.
            e.HasIndex(c => new { c.Move, c.At, c.OpportunityId });
        });
    }
}
