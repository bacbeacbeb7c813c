using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Orders;
using Bridgehead.Products;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Exports;

/// <summary>
/// A table an export writes: the column headers (the field keys of <see cref="ImportFields"/>, in
/// their order, less the columns the caller may not read) and the rows in the same column order,
/// read from the database a page at a time while the file is written.
/// </summary>
public sealed record ExportTable(ImportEntity Entity, IReadOnlyList<string> Headers, IAsyncEnumerable<object?[]> Rows);

/// <summary>What to export: the kind of record and the list filters of that kind (the others are ignored).</summary>
public sealed record ExportRequest(ImportEntity Entity)
{
    public AccountFilter Accounts { get; init; } = new();
    public ContactFilter Contacts { get; init; } = new();
    public OpportunityFilter Opportunities { get; init; } = new();
    public ProductFilter Products { get; init; } = new();
    public OrderFilter Orders { get; init; } = new();
}

/// <summary>
/// Exports accounts, contacts, opportunities, products or orders (one row per order line, the
/// order's fields repeated) as the caller may read them: rows through the record filters of
/// visibility, columns by field rules (unit cost for managers and admins only; list and unit
/// prices not for quality and product). Values are written the way an import reads them, so an
/// exported file imports back with no mapping: enum keys in camelCase, users by e-mail, accounts
/// by id and external id, dates yyyy-MM-dd, invariant numbers. Who may not read a kind at all is
/// refused before anything is written (403): quality and product read no opportunities, product
/// reads no orders. Rows are read in keyset pages by id, untracked, so any number of rows exports
/// in constant memory.
/// </summary>
public sealed class ExportRecords(BridgeheadDb db)
{
    /// <summary>Rows read per query; orders are read a quarter as many at a time (their lines come with them).</summary>
    internal const int PageSize = 2000;

    public async Task<ExportTable> HandleAsync(ExportRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var viewer = Access.Require(db.Viewer);
        return request.Entity switch
        {
            ImportEntity.Accounts => Accounts(request.Accounts),
            ImportEntity.Contacts => Contacts(request.Contacts),
            ImportEntity.Opportunities => await OpportunitiesAsync(viewer, request.Opportunities, ct),
            ImportEntity.Products => Products(viewer, request.Products),
            ImportEntity.Orders => Orders(viewer, request.Orders),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Entity, null),
        };
    }

    /// <summary>The columns of a kind of record the viewer may read: the catalogue's keys, less unit cost and prices where the role may not see them.</summary>
    public static IReadOnlyList<string> Headers(ImportEntity entity, Viewer viewer) =>
        [.. ImportFields.For(entity).Select(f => f.Key).Where(k => Shows(k, viewer))];

    private static bool Shows(string key, Viewer viewer) => key switch
    {
        "unitCost" => viewer.SeesCosts,
        "listPrice" or "unitPrice" => viewer.SeesPrices,
        _ => true,
    };

    private ExportTable Table(ImportEntity entity, IAsyncEnumerable<object?[]> fullRows)
    {
        var viewer = Access.Require(db.Viewer);
        var keys = ImportFields.For(entity).Select(f => f.Key).ToList();
        var kept = keys.Select((k, i) => (k, i)).Where(x => Shows(x.k, viewer)).Select(x => x.i).ToArray();
        if (kept.Length == keys.Count)
        {
            return new ExportTable(entity, keys, fullRows);
        }
        return new ExportTable(entity, [.. kept.Select(i => keys[i])], KeepColumns(fullRows, kept));
    }

    private static async IAsyncEnumerable<object?[]> KeepColumns(IAsyncEnumerable<object?[]> rows, int[] kept, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var row in rows.WithCancellation(ct))
        {
            var cells = new object?[kept.Length];
            for (var i = 0; i < kept.Length; i++)
            {
                cells[i] = row[kept[i]];
            }
            yield return cells;
        }
    }

    // ---- accounts ----

    private sealed record AccountRow(long Id, string? ExternalId, string Name, AccountType Type, AccountStatus Status, string? Industry, string? Country,
        string? City, string? Website, int? Employees, string? Owner, string? ParentExternalId, string? Notes);

    private ExportTable Accounts(AccountFilter filter)
    {
        var query = ListAccounts.Matching(db, filter);
        // The parent is read through the same visibility: a parent the caller may not see leaves the cell blank.
        var rows = PagesAsync(query, a => new AccountRow(a.Id, a.ExternalId, a.Name, a.Type, a.Status, a.Industry, a.Country, a.City, a.Website, a.Employees,
                a.Owner!.Email, a.Parent!.ExternalId, a.Notes), r => r.Id)
            .Select(r => new object?[]
            {
                r.Id, r.ExternalId, r.Name, r.Type, r.Status, r.Industry, r.Country, r.City, r.Website, r.Employees, r.Owner, r.ParentExternalId, r.Notes,
            });
        return Table(ImportEntity.Accounts, rows);
    }

    // ---- contacts ----

    private sealed record ContactRow(long Id, string? ExternalId, long AccountId, string? AccountExternalId, string Name, string? Title, Department? Department,
        BuyingRole? BuyingRole, int? Influence, Stance? Stance, string? Email, string? Phone, string? Pains);

    private ExportTable Contacts(ContactFilter filter)
    {
        var query = ListContacts.Matching(db, filter);
        var rows = PagesAsync(query, c => new ContactRow(c.Id, c.ExternalId, c.AccountId, c.Account!.ExternalId, c.Name, c.Title, c.Department, c.BuyingRole,
                c.Influence, c.Stance, c.Email, c.Phone, c.Pains), r => r.Id)
            .Select(r => new object?[]
            {
                r.Id, r.ExternalId, r.AccountId, r.AccountExternalId, r.Name, r.Title, r.Department, r.BuyingRole, r.Influence, r.Stance, r.Email, r.Phone, r.Pains,
            });
        return Table(ImportEntity.Contacts, rows);
    }

    // ---- opportunities ----

    private sealed record OpportunityRow(long Id, string? ExternalId, long AccountId, string? AccountExternalId, string Title, string Pipeline, string Stage,
        OpportunityStatus Status, string? ProductCategory, decimal? EstimatedAnnualValue, string? Currency, DateOnly? ExpectedCloseDate, int? Probability,
        ForecastCategory ForecastCategory, CloseReason? CloseReason, string? Owner, string? Notes);

    private async Task<ExportTable> OpportunitiesAsync(Viewer viewer, OpportunityFilter filter, CancellationToken ct)
    {
        Access.RequireSalesReader(viewer);
        var query = await ListOpportunities.MatchingAsync(db, filter, ct);
        // The pipeline by its English name (an import finds it by either name); the probability
        // only where the owner set one, so a re-import keeps following the stage.
        var rows = PagesAsync(query, o => new OpportunityRow(o.Id, o.ExternalId, o.AccountId, o.Account!.ExternalId, o.Title, o.Pipeline!.NameEn, o.Stage,
                o.Status, o.ProductCategory, o.EstimatedAnnualValue, o.Currency, o.ExpectedCloseDate, o.Probability, o.ForecastCategory, o.CloseReason,
                o.Owner!.Email, o.Notes), r => r.Id, ct)
            .Select(r => new object?[]
            {
                r.Id, r.ExternalId, r.AccountId, r.AccountExternalId, r.Title, r.Pipeline, r.Stage, r.Status, r.ProductCategory, r.EstimatedAnnualValue,
                r.Currency?.Trim(), r.ExpectedCloseDate, r.Probability, r.ForecastCategory, r.CloseReason, r.Owner, r.Notes,
            });
        return Table(ImportEntity.Opportunities, rows);
    }

    // ---- products ----

    private sealed record ProductRow(long Id, string? ExternalId, string Sku, string Name, string? Category, string Unit, string Currency, decimal? ListPrice,
        decimal? UnitCost, int? ProductionLeadTimeDays, decimal? WeeklyCapacity, decimal? MinimumBatch, bool IsActive, string? Notes);

    private ExportTable Products(Viewer viewer, ProductFilter filter)
    {
        var query = db.Products.AsNoTracking();
        if (Text.Clean(filter.Q) is { } q)
        {
            var pattern = Text.ContainsPattern(q);
            query = query.Where(p => EF.Functions.Like(p.SearchName, pattern, Text.LikeEscape) || EF.Functions.Like(p.SkuKey, pattern, Text.LikeEscape));
        }
        if (Text.Clean(filter.Category) is { } category)
        {
            query = query.Where(p => p.Category == category);
        }
        if (filter.Active is { } active)
        {
            query = query.Where(p => p.IsActive == active);
        }
        // Cost and price are not even read for a role that may not see them.
        var seesCosts = viewer.SeesCosts;
        var seesPrices = ProductAccess.SeesListPrice(viewer);
        var rows = PagesAsync(query, p => new ProductRow(p.Id, p.ExternalId, p.Sku, p.Name, p.Category, p.Unit, p.Currency,
                seesPrices ? p.ListPrice : null, seesCosts ? p.UnitCost : null, p.ProductionLeadTimeDays, p.WeeklyCapacity, p.MinimumBatch, p.IsActive, p.Notes), r => r.Id)
            .Select(r => new object?[]
            {
                r.Id, r.ExternalId, r.Sku, r.Name, r.Category, r.Unit, r.Currency.Trim(), r.ListPrice, r.UnitCost, r.ProductionLeadTimeDays, r.WeeklyCapacity,
                r.MinimumBatch, r.IsActive, r.Notes,
            });
        return Table(ImportEntity.Products, rows);
    }

    // ---- orders ----

    private sealed record OrderRow(long Id, string? ExternalId, long AccountId, string? AccountExternalId, OrderKind Kind, OrderStatus Status,
        string? CustomerReference, string Currency, DateOnly OrderedOn, string? Notes);

    private sealed record LineRow(long OrderId, string? ExternalId, string Sku, decimal Quantity, decimal? UnitPrice, DateOnly RequestedDate,
        DateOnly? PromisedDate, decimal DeliveredQuantity, DateOnly? DeliveredOn);

    private ExportTable Orders(Viewer viewer, OrderFilter filter)
    {
        OrderAccess.RequireReader(viewer);
        var today = FulfilmentData.TodayOf(db);
        var query = ListOrders.Matching(db, filter, today);
        if (filter.AtRisk is true)
        {
            // Only these can be at risk; the judgement itself is made per page (see OrderRowsAsync).
            query = query.Where(o => (o.Status == OrderStatus.Confirmed || o.Status == OrderStatus.PartlyDelivered)
                && o.Lines.Any(l => (l.Status == OrderLineStatus.Open || l.Status == OrderLineStatus.PartlyDelivered) && l.PromisedDate >= today));
        }
        return Table(ImportEntity.Orders, OrderRowsAsync(query, viewer.SeesPrices, filter.AtRisk));
    }

    private async IAsyncEnumerable<object?[]> OrderRowsAsync(IQueryable<Order> query, bool seesPrices, bool? atRisk, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var after = 0L;
        while (true)
        {
            var from = after;
            var orders = await query.Where(o => o.Id > from).OrderBy(o => o.Id).Take(PageSize / 4)
                .Select(o => new OrderRow(o.Id, o.ExternalId, o.AccountId, db.Accounts.Where(a => a.Id == o.AccountId).Select(a => a.ExternalId).FirstOrDefault(),
                    o.Kind, o.Status, o.CustomerReference, o.Currency, o.OrderedOn, o.Notes))
                .ToListAsync(ct);
            if (orders.Count == 0)
            {
                yield break;
            }
            var ids = orders.Select(o => o.Id).ToList();
            if (atRisk is { } risk)
            {
                // At risk is judged line by line against the calendar and the bookings, as the list does.
                var judged = await OrderReader.ToDtosAsync(db,
                    await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(OrderReader.Projection(db)).ToListAsync(ct), ct);
                var keep = judged.Where(o => o.AtRisk == risk).Select(o => o.Id).ToHashSet();
                ids = [.. ids.Where(keep.Contains)];
            }
            var lines = ids.Count == 0
                ? Enumerable.Empty<LineRow>().ToLookup(l => l.OrderId)
                : (await db.OrderLines.AsNoTracking().Where(l => ids.Contains(l.OrderId))
                    .OrderBy(l => l.OrderId).ThenBy(l => l.Position).ThenBy(l => l.Id)
                    .Select(l => new LineRow(l.OrderId, l.ExternalId, l.Product!.Sku, l.Quantity, seesPrices ? l.UnitPrice : null, l.RequestedDate, l.PromisedDate,
                        l.DeliveredQuantity, l.DeliveredOn))
                    .ToListAsync(ct)).ToLookup(l => l.OrderId);
            var kept = ids.ToHashSet();
            foreach (var o in orders.Where(o => kept.Contains(o.Id)))
            {
                var currency = o.Currency.Trim();
                var any = false;
                foreach (var l in lines[o.Id])
                {
                    any = true;
                    yield return
                    [
                        o.Id, o.ExternalId, l.ExternalId, o.AccountId, o.AccountExternalId, o.Kind, o.Status, o.CustomerReference, currency, o.OrderedOn,
                        l.Sku, l.Quantity, l.UnitPrice, l.RequestedDate, l.PromisedDate, l.DeliveredQuantity, l.DeliveredOn, o.Notes,
                    ];
                }
                if (!any)
                {
                    // An order without lines still shows, with the line's cells blank.
                    yield return
                    [
                        o.Id, o.ExternalId, null, o.AccountId, o.AccountExternalId, o.Kind, o.Status, o.CustomerReference, currency, o.OrderedOn,
                        null, null, null, null, null, null, null, o.Notes,
                    ];
                }
            }
            if (orders.Count < PageSize / 4)
            {
                yield break;
            }
            after = orders[^1].Id;
        }
    }

    // ---- paging ----

    /// <summary>The query's rows by id, a page at a time, each page one untracked query that continues after the last id seen.</summary>
    private static async IAsyncEnumerable<TRow> PagesAsync<T, TRow>(IQueryable<T> query, Expression<Func<T, TRow>> projection, Func<TRow, long> idOf,
        [EnumeratorCancellation] CancellationToken ct = default) where T : Entity
    {
        var after = 0L;
        while (true)
        {
            var from = after;
            var page = await query.Where(x => x.Id > from).OrderBy(x => x.Id).Take(PageSize).Select(projection).ToListAsync(ct);
            foreach (var row in page)
            {
                yield return row;
            }
            if (page.Count < PageSize)
            {
                yield break;
            }
            after = idOf(page[^1]);
        }
    }
}
