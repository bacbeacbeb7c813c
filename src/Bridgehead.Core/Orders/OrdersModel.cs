using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

internal static class OrdersModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Order>(e =>
        {
            e.Property(x => x.ExternalId).HasMaxLength(Imports.ImportFields.MaxExternalId);
            e.HasIndex(x => x.ExternalId).IsUnique();
            e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.Rhythm).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.CustomerReference).HasMaxLength(Order.MaxReference);
            e.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(o => o.Specification).HasMaxLength(Order.MaxText);
            e.Property(o => o.Notes).HasMaxLength(Order.MaxText);
            e.HasOne<Accounts.Account>().WithMany().HasForeignKey(o => o.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Contracts.Contract>().WithMany().HasForeignKey(o => o.ContractId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(o => o.CreatedById).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(o => o.ConfirmedById).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(o => o.Lines).WithOne(l => l.Order).HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(o => new { o.AccountId, o.OrderedOn });
            e.HasIndex(o => new { o.Status, o.Id });
            e.HasIndex(o => o.ContractId);
        });
        b.Entity<OrderLine>(e =>
        {
            e.Property(x => x.ExternalId).HasMaxLength(Imports.ImportFields.MaxExternalId);
            e.HasIndex(x => new { x.OrderId, x.ExternalId }).IsUnique();
            e.Property(l => l.Status).HasConversion<string>().HasMaxLength(20);
            e.HasOne(l => l.Product).WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => new { l.OrderId, l.Position });
            e.HasIndex(l => new { l.ProductId, l.PromisedDate });
            e.HasIndex(l => new { l.Status, l.PromisedDate });
            e.HasIndex(l => l.AccountId);
        });
        b.Entity<Delivery>(e =>
        {
            e.Property(d => d.Note).HasMaxLength(Delivery.MaxNote);
            e.HasOne(d => d.Line).WithMany().HasForeignKey(d => d.OrderLineId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Order>().WithMany().HasForeignKey(d => d.OrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Identity.User>().WithMany().HasForeignKey(d => d.RecordedById).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(d => d.OrderLineId);
            e.HasIndex(d => d.OrderId);
            e.HasIndex(d => d.AccountId);
        });
        b.Entity<CapacityBooking>(e =>
        {
            e.HasOne<Products.Product>().WithMany().HasForeignKey(c => c.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<OrderLine>().WithMany().HasForeignKey(c => c.OrderLineId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.ProductId, c.WeekStart });
            e.HasIndex(c => c.OrderLineId);
        });
    }
}
