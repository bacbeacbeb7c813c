using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Incidents;

internal static class IncidentsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Incident>(e =>
        {
            e.Property(i => i.Title).HasMaxLength(Incident.MaxTitle);
            e.Property(i => i.Description).HasMaxLength(Incident.MaxText);
            e.Property(i => i.Lot).HasMaxLength(Incident.MaxLot);
            e.Property(i => i.Severity).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.ClaimStatus).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.Containment).HasMaxLength(Incident.MaxText);
            e.Property(i => i.RootCause).HasMaxLength(Incident.MaxText);
            e.Property(i => i.CorrectiveAction).HasMaxLength(Incident.MaxText);
            e.Property(i => i.PreventiveAction).HasMaxLength(Incident.MaxText);
            e.Property(i => i.Verification).HasMaxLength(Incident.MaxText);
            e.Property(i => i.Currency).HasMaxLength(3).IsFixedLength();
            e.HasOne<Accounts.Account>().WithMany().HasForeignKey(i => i.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Orders.Order>().WithMany().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Products.Product>().WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(i => i.OpenedById).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(i => i.OwnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(i => i.VerifiedById).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(i => i.Steps).WithOne(s => s.Incident).HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(i => new { i.AccountId, i.OpenedAt });
            e.HasIndex(i => new { i.Status, i.Id });
            e.HasIndex(i => new { i.ProductId, i.OpenedAt });
            e.HasIndex(i => i.OrderId);
        });
        b.Entity<IncidentStep>(e =>
        {
            e.Property(s => s.Step).HasConversion<string>().HasMaxLength(4);
            e.Property(s => s.Note).HasMaxLength(IncidentStep.MaxNote);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(s => new { s.IncidentId, s.Step }).IsUnique();
            e.HasIndex(s => s.AccountId);
        });
    }
}
