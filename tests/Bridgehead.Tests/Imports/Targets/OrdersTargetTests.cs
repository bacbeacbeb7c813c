using System.Globalization;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Imports.Targets;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Imports.Targets.TargetRun;

namespace Bridgehead.Tests.Imports.Targets;

public sealed class OrdersTargetTests_Sqlite() : OrdersTargetTests(Provider.Sqlite);

public sealed class OrdersTargetTests_Postgres() : OrdersTargetTests(Provider.Postgres);

/// <summary>The order import: rows make orders by external id within and across batches, lines matched without duplicates, deliveries as records, statuses, visibility, problems per field.</summary>
public abstract class OrdersTargetTests(Provider provider) : AppTests(provider)
{
    private readonly OrdersTarget _target = new();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Day(int daysAgo) => Today.AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ImportRow Line(int n, string order, long accountId, string sku, string quantity, int requestedDaysAgo, params (string Key, string? Value)[] more) =>
        Row(n, [("externalId", order), ("accountId", accountId.ToString(CultureInfo.InvariantCulture)), ("currency", "KRW"), ("orderedOn", Day(30)),
            ("productSku", sku), ("quantity", quantity), ("requestedDate", Day(requestedDaysAgo)), .. more]);

    private async Task<Order> LoadAsync(string externalId)
    {
        await using var db = App.OpenDb();
        return await db.Orders.Include(o => o.Lines.OrderBy(l => l.Position)).SingleAsync(o => o.ExternalId == externalId);
    }

    private async Task<List<Delivery>> DeliveriesAsync(long orderId)
    {
        await using var db = App.OpenDb();
        return await db.Deliveries.Where(d => d.OrderId == orderId).OrderBy(d => d.Id).ToListAsync();
    }

    [Fact]
    public async Task SalesWriters_MayImport_QualityAndOthersNot()
    {
        Assert.True(_target.MayImport(new Viewer(1, Role.Rep, 1, "r")));
        Assert.True(_target.MayImport(new Viewer(1, Role.Manager, 1, "m")));
        Assert.True(_target.MayImport(new Viewer(1, Role.Admin, null, "a")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Quality, null, "q")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Product, null, "p")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Viewer, null, "v")));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task RowsSharingAnExternalId_MakeOneOrder_WithDeliveryRecords_AndAgainCreateNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep);
        var (p1, sku1) = await App.ProductAsync(listPrice: 1000m);
        var (p2, sku2) = await App.ProductAsync(listPrice: 50m, currency: "USD");
        var order = Ext("SO");
        ImportRow[] rows =
        [
            Line(2, order, account.Id, sku1, "10", 20, ("lineExternalId", "10"), ("status", "delivered"), ("promisedDate", Day(15)), ("deliveredOn", Day(14)),
                ("customerReference", "PO-77"), ("kind", "일회성 주문")),
            Line(3, order, account.Id, sku2.ToLowerInvariant(), "5", 10, ("lineExternalId", "20"), ("deliveredQuantity", "2"), ("deliveredOn", Day(5)), ("unitPrice", "12.5")),
        ];

        var first = await App.ApplyAsync(_target, rep, rows);
        var again = await App.ApplyAsync(_target, rep, rows);

        Assert.Empty(first);
        Assert.Empty(again);
        var o = await LoadAsync(order);
        Assert.Equal((account.Id, OrderStatus.PartlyDelivered, "PO-77", "KRW", Today.AddDays(-30), rep.Id, 1L),
            (o.AccountId, o.Status, o.CustomerReference, o.Currency.Trim(), o.OrderedOn, o.CreatedById, o.Version));
        Assert.NotNull(o.ConfirmedAt);
        Assert.Equal(2, o.Lines.Count);
        var (one, two) = (o.Lines[0], o.Lines[1]);
        Assert.Equal((p1, 10m, 1000m, Today.AddDays(-15), OrderLineStatus.Delivered, 10m, Today.AddDays(-14), "10", 1),
            (one.ProductId, one.Quantity, one.UnitPrice, one.PromisedDate, one.Status, one.DeliveredQuantity, one.DeliveredOn, one.ExternalId, one.Position));
        Assert.Equal((p2, 12.5m, Today.AddDays(-10), OrderLineStatus.PartlyDelivered, 2m, (DateOnly?)null, 2),
            (two.ProductId, two.UnitPrice, two.PromisedDate, two.Status, two.DeliveredQuantity, two.DeliveredOn, two.Position));
        var deliveries = await DeliveriesAsync(o.Id);
        Assert.Equal([(one.Id, 10m, Today.AddDays(-14)), (two.Id, 2m, Today.AddDays(-5))], deliveries.Select(d => (d.OrderLineId, d.Quantity, d.DeliveredOn)));
        Assert.All(deliveries, d => Assert.Equal((account.Id, rep.Id), (d.AccountId, d.RecordedById)));
    }

    [Fact]
    public async Task ALaterBatch_AddsAndUpdatesLines_RowsWithoutLineIdsMatchByProductAndDate_AndDeliveriesOnlyGrow()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep);
        var (_, sku1) = await App.ProductAsync();
        var (_, sku2) = await App.ProductAsync();
        var order = Ext("SO");

        Assert.Empty(await App.ApplyAsync(_target, rep, Line(2, order, account.Id, sku1, "8", 10)));
        Assert.Empty(await App.ApplyAsync(_target, rep,
            Line(3, order, account.Id, sku1, "8", 10, ("deliveredQuantity", "4"), ("deliveredOn", Day(2))),
            Line(4, order, account.Id, sku2, "3", 9, ("lineExternalId", "B"))));
        Assert.Empty(await App.ApplyAsync(_target, rep,
            Line(3, order, account.Id, sku1, "8", 10, ("deliveredQuantity", "4"), ("deliveredOn", Day(2))),
            Line(4, order, account.Id, sku2, "6", 9, ("lineExternalId", "B"))));
        var backwards = await App.ApplyAsync(_target, rep, Line(3, order, account.Id, sku1, "8", 10, ("deliveredQuantity", "1"), ("deliveredOn", Day(2))));

        OneProblem(backwards, 3, "deliveredQuantity");
        var o = await LoadAsync(order);
        Assert.Equal([(1, 8m, 4m, OrderLineStatus.PartlyDelivered), (2, 6m, 0m, OrderLineStatus.Open)],
            o.Lines.Select(l => (l.Position, l.Quantity, l.DeliveredQuantity, l.Status)));
        Assert.Equal(OrderStatus.PartlyDelivered, o.Status);
        // Created, then lines added and delivered, then a line's quantity changed: three versions.
        Assert.Equal(3, o.Version);
        Assert.Single(await DeliveriesAsync(o.Id));
    }

    [Fact]
    public async Task DraftsAndCancelledOrders_AndNoWayBackToDraft()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep);
        var (_, sku) = await App.ProductAsync();
        var (draft, cancelled) = (Ext("SO"), Ext("SO"));

        Assert.Empty(await App.ApplyAsync(_target, rep,
            Line(2, draft, account.Id, sku, "1", 0, ("status", "draft")),
            Line(3, cancelled, account.Id, sku, "5", 10, ("status", "cancelled"), ("lineExternalId", "1")),
            Line(4, cancelled, account.Id, sku, "5", 5, ("status", "cancelled"), ("lineExternalId", "2"), ("deliveredQuantity", "5"), ("deliveredOn", Day(3)))));
        var problems = await App.ApplyAsync(_target, rep,
            Line(2, cancelled, account.Id, sku, "5", 10, ("status", "confirmed"), ("lineExternalId", "1")),
            Line(3, draft, account.Id, sku, "1", 0, ("promisedDate", Day(0))));

        Assert.Equal([(2, "status"), (3, "promisedDate")], problems.Select(p => (p.RowNumber, p.Field)).ToList());
        var d = await LoadAsync(draft);
        Assert.Equal((OrderStatus.Draft, (DateTime?)null, (DateOnly?)null, OrderLineStatus.Open), (d.Status, d.ConfirmedAt, d.Lines[0].PromisedDate, d.Lines[0].Status));
        var c = await LoadAsync(cancelled);
        Assert.Equal(OrderStatus.Cancelled, c.Status);
        Assert.Equal([OrderLineStatus.Cancelled, OrderLineStatus.Delivered], c.Lines.Select(l => l.Status));
    }

    [Fact]
    public async Task ALineWithCapacityBooked_IsNotChangedByImport()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep);
        var (productId, sku) = await App.ProductAsync();
        var order = Ext("SO");
        Assert.Empty(await App.ApplyAsync(_target, rep, Line(2, order, account.Id, sku, "10", 0, ("lineExternalId", "1"))));
        var line = (await LoadAsync(order)).Lines[0];
        await using (var db = App.OpenDb())
        {
            db.CapacityBookings.Add(new CapacityBooking { ProductId = productId, OrderLineId = line.Id, Quantity = 10, WeekStart = Today });
            await db.SaveChangesAsync();
        }

        var same = await App.ApplyAsync(_target, rep, Line(2, order, account.Id, sku, "10", 0, ("lineExternalId", "1"), ("notes", "Same line, new note")));
        var changed = await App.ApplyAsync(_target, rep, Line(2, order, account.Id, sku, "12", 0, ("lineExternalId", "1")));

        Assert.Empty(same);
        OneProblem(changed, 2, null);
        var o = await LoadAsync(order);
        Assert.Equal((10m, "Same line, new note"), (o.Lines[0].Quantity, o.Notes));
    }

    [Fact]
    public async Task AnotherTeamsAccountOrOrder_IsAProblem_ThatNamesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var stranger = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var mine = await App.AccountAsync(rep);
        var theirs = await App.AccountAsync(stranger);
        var (_, sku) = await App.ProductAsync();
        var theirOrder = Ext("SO");
        Assert.Empty(await App.ApplyAsync(_target, stranger, Line(2, theirOrder, theirs.Id, sku, "1", 1)));
        var tag = Ext("SO");

        var problems = await App.ApplyAsync(_target, rep,
            Line(2, tag, theirs.Id, sku, "1", 1),
            Line(3, theirOrder, mine.Id, sku, "1", 1));

        Assert.Equal([(2, "accountId"), (3, "externalId")], problems.Select(p => (p.RowNumber, p.Field)).ToList());
        Assert.DoesNotContain(problems, p => p.Message.Contains(theirs.Name, StringComparison.OrdinalIgnoreCase));
        await using var db = App.OpenDb();
        Assert.False(await db.Orders.AnyAsync(o => o.ExternalId == tag));
        Assert.Single((await LoadAsync(theirOrder)).Lines);
    }

    [Fact]
    public async Task FromTheCommandLine_TheOrderIsRecordedAsTheAccountOwners_AndARowWithItsIdAddsALine()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep);
        var (_, sku1) = await App.ProductAsync();
        var (p2, sku2) = await App.ProductAsync();
        var order = Ext("SO");

        Assert.Empty(await App.ApplyAsync(_target, Viewer.System,
            Line(2, order, account.Id, sku1, "3", 5, ("deliveredQuantity", "3"), ("deliveredOn", Day(1)))));
        var created = await LoadAsync(order);
        var byId = await App.ApplyAsync(_target, rep,
            Row(2, ("id", created.Id.ToString(CultureInfo.InvariantCulture)), ("currency", "KRW"), ("orderedOn", Day(30)), ("productSku", sku2), ("quantity", "7"),
                ("requestedDate", Day(2))));

        Assert.Empty(byId);
        var o = await LoadAsync(order);
        Assert.Equal((rep.Id, (long?)rep.Id, OrderStatus.PartlyDelivered, 2L), (o.CreatedById, o.ConfirmedById, o.Status, o.Version));
        Assert.Equal([1, 2], o.Lines.Select(l => l.Position));
        Assert.Equal(p2, o.Lines[1].ProductId);
        Assert.Equal(rep.Id, Assert.Single(await DeliveriesAsync(o.Id)).RecordedById);
    }

    [Fact]
    public async Task BadRows_AreProblemsOnTheirFields_AndSaveNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep);
        var (_, sku) = await App.ProductAsync();
        var tag = Ext("SO");
        var a = account.Id;

        var problems = await App.ApplyAsync(_target, rep,
            Row(2, ("accountId", a.ToString(CultureInfo.InvariantCulture)), ("currency", "KRW"), ("orderedOn", Day(3)), ("productSku", sku), ("quantity", "1"), ("requestedDate", Day(1))),
            Line(3, tag + "b", a, "NO-SUCH-SKU-" + tag, "1", 1),
            Line(4, tag + "c", a, sku, "0", 1),
            Line(5, tag + "d", a, sku, "1", 40),
            Line(6, tag + "e", a, sku, "1", 1, ("status", "draft"), ("deliveredQuantity", "1"), ("deliveredOn", Day(1))),
            Line(7, tag + "f", a, sku, "1", 1, ("deliveredQuantity", "1")),
            Line(8, tag + "g", a, sku, "4", 1, ("status", "delivered"), ("deliveredQuantity", "3"), ("deliveredOn", Day(1))),
            Line(9, tag + "h", a, sku, "1", 1, ("deliveredQuantity", "1"), ("deliveredOn", Day(-2))),
            Line(10, tag + "i", a, sku, "1", 1, ("currency", null)),
            Line(11, tag + "j", a, sku, "1", -3, ("orderedOn", Day(-1))),
            Line(12, tag + "k", a, sku, "1", 1, ("status", "shipped")),
            Line(13, tag + "l", a, sku, "1", 1, ("unitPrice", "-1")));

        Assert.Equal(
            [(2, "externalId"), (3, "productSku"), (4, "quantity"), (5, "requestedDate"), (6, "deliveredQuantity"), (7, "deliveredOn"), (8, "deliveredQuantity"),
             (9, "deliveredOn"), (10, "currency"), (11, "orderedOn"), (12, "status"), (13, "unitPrice")],
            problems.Select(p => (p.RowNumber, p.Field)).ToList());
        await using var db = App.OpenDb();
        Assert.False(await db.Orders.AnyAsync(o => o.ExternalId!.StartsWith(tag)));
    }
}
