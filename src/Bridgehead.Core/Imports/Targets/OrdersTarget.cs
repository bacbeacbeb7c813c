using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Imports.Targets;

/// <summary>
/// Imports orders, one row per order line, for sales writers (who see prices; quality may not).
/// - Rows sharing the order's <c>externalId</c> (or <c>id</c>, one of which every row needs) make
///   one order, within a batch and across batches: a later row adds or updates lines of the
///   order an earlier one created. Order fields (account, kind, status, currency, dates) come from
///   the rows; the account never changes.
/// - A line is found by <c>lineExternalId</c>; without one (or when no line has it), by an
///   unclaimed line of the same product and requested date that has no external id; else the row
///   appends a line. So a file re-imported, with or without line ids, creates no second line.
/// - The product by SKU (retired ones too: history has them); kind default spot (scheduled and
///   made-to-order orders come without contract or specification: history is taken as it was).
/// - Status: draft (no promise, no deliveries), or confirmed (the default), partlyDelivered,
///   delivered: a confirmed order whose lines are promised for <c>promisedDate</c> (default the
///   requested date), with deliveries from <c>deliveredQuantity</c> and <c>deliveredOn</c>
///   (delivered rows default to the full quantity); the order's status then follows its lines, as
///   recording deliveries sets it. Deliveries are real delivery records, so on-time-in-full and
///   account health read imported history. A re-import adds only what is delivered beyond the
///   recorded quantity; it never takes deliveries back. Cancelled cancels what is not delivered.
/// - Imported orders book no plant capacity: their lines are history or come from another system.
///   A line with capacity booked in Bridgehead is not changed by import.
/// - A unit price left blank on a new line takes the product's list price when it is in the
///   order's currency.
/// </summary>
public sealed class OrdersTarget : IImportTarget
{
    public ImportEntity Entity => ImportEntity.Orders;

    public bool MayImport(Viewer viewer) => viewer.CanEditSales;

    public async Task<IReadOnlyList<ImportProblem>> ApplyAsync(BridgeheadDb db, IReadOnlyList<ImportRow> rows, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var values = rows.Select(r => new ImportValues(r)).ToList();
        var index = await RecordIndex.LoadAsync(db.Orders.Include(o => o.Lines), db.Orders, values, o => o.ExternalId, ct);
        var accounts = await ImportLookups.AccountsAsync(db, values, ct);
        var skus = values.Select(v => v.Raw("productSku")).OfType<string>().Select(Text.SearchKey).Distinct().ToList();
        var products = (await db.Products.AsNoTracking().Where(p => skus.Contains(p.SkuKey))
            .Select(p => new ProductRef(p.Id, p.SkuKey, p.ListPrice, p.Currency)).ToListAsync(ct)).ToDictionary(p => p.SkuKey, StringComparer.Ordinal);
        var lineIds = index.Loaded.SelectMany(o => o.Lines).Select(l => l.Id).ToList();
        var booked = lineIds.Count == 0 ? [] : (await db.CapacityBookings.AsNoTracking().Where(b => lineIds.Contains(b.OrderLineId))
            .Select(b => b.OrderLineId).Distinct().ToListAsync(ct)).ToHashSet();
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var batch = new Batch(db, viewer, index, accounts, products, booked, now, DateOnly.FromDateTime(now));
        var problems = new List<ImportProblem>();
        foreach (var row in values)
        {
            batch.Apply(row);
            problems.AddRange(row.Problems);
        }
        return problems;
    }

    private sealed record ProductRef(long Id, string SkuKey, decimal? ListPrice, string Currency);

    private sealed record Batch(
        BridgeheadDb Db,
        Viewer Viewer,
        RecordIndex<Order> Index,
        AccountRefs Accounts,
        IReadOnlyDictionary<string, ProductRef> Products,
        IReadOnlySet<long> Booked,
        DateTime Now,
        DateOnly Today)
    {
        /// <summary>Lines rows of this batch have already updated: a line is matched by product and date once.</summary>
        private readonly HashSet<OrderLine> _claimed = [];

        public void Apply(ImportValues row)
        {
            var externalId = row.ExternalId();
            if (row.Raw("id") is null && externalId is null && row.Ok)
            {
                row.Add("externalId", ImportsText.Orders_ExternalIdRequired);
            }
            if (!row.Ok || !Index.TryFind(row, externalId, out var order))
            {
                return;
            }
            var creating = order is null;
            var account = Accounts.Resolve(row, required: creating);
            if (order is not null && account is not null && account.Id != order.AccountId)
            {
                row.Add(row.Raw("accountId") is not null ? "accountId" : "accountExternalId", OrderText.AccountFixed);
            }

            // The order.
            var kind = (row.Has("kind") ? row.Choice<OrderKind>("kind") : null) ?? order?.Kind ?? OrderKind.Spot;
            var wanted = row.Choice<OrderStatus>("status");
            var reference = row.Has("customerReference") ? row.Cell("customerReference", Order.MaxReference) : order?.CustomerReference;
            var notes = row.Has("notes") ? row.Cell("notes", Order.MaxText) : order?.Notes;
            var currency = row.Has("currency") || creating ? row.Currency("currency") : order!.Currency.Trim();
            if (currency is null && !row.HasProblem("currency"))
            {
                row.Add("currency", CommonText.Required);
            }
            var orderedOn = row.Has("orderedOn") || creating ? row.Date("orderedOn") : order!.OrderedOn;
            if (orderedOn is null && !row.HasProblem("orderedOn"))
            {
                row.Add("orderedOn", CommonText.Required);
            }
            else if (orderedOn > Today)
            {
                row.Add("orderedOn", OrderText.OrderedInFuture);
            }
            var status = Status(row, order, wanted);

            // The line.
            var lineExternalId = row.ExternalId("lineExternalId");
            ProductRef? product = null;
            if (row.Raw("productSku") is not { } sku)
            {
                row.Add("productSku", CommonText.Required);
            }
            else if (!Products.TryGetValue(Text.SearchKey(sku), out product))
            {
                row.Add("productSku", ImportsText.Orders_UnknownProduct);
            }
            var quantity = row.Number("quantity", 0, OrderInput.MaxQuantity);
            if (quantity is null && !row.HasProblem("quantity"))
            {
                row.Add("quantity", CommonText.Required);
            }
            else if (quantity == 0)
            {
                row.Add("quantity", OrderText.QuantityPositive);
            }
            var unitPrice = row.Amount("unitPrice");
            var requested = row.Date("requestedDate");
            if (requested is null && !row.HasProblem("requestedDate"))
            {
                row.Add("requestedDate", CommonText.Required);
            }
            else if (requested < orderedOn)
            {
                row.Add("requestedDate", OrderText.RequestedBeforeOrdered);
            }
            else if (requested > Today.AddYears(OrderInput.MaxYearsAhead))
            {
                row.Add("requestedDate", Validator.Format(OrderText.TooFarAhead, OrderInput.MaxYearsAhead));
            }
            var promised = row.Date("promisedDate");
            if (promised < orderedOn)
            {
                row.Add("promisedDate", OrderText.RequestedBeforeOrdered);
            }
            var delivered = row.Number("deliveredQuantity", 0, OrderInput.MaxQuantity);
            var deliveredOn = row.Date("deliveredOn");
            if (deliveredOn > Today)
            {
                row.Add("deliveredOn", OrderText.DeliveredInFuture);
            }
            else if (deliveredOn < orderedOn)
            {
                row.Add("deliveredOn", OrderText.DeliveredBeforeOrdered);
            }
            if (status == OrderStatus.Draft && (promised is not null || delivered > 0 || deliveredOn is not null))
            {
                row.Add(promised is not null ? "promisedDate" : delivered > 0 ? "deliveredQuantity" : "deliveredOn", ImportsText.Orders_DraftNothingPromised);
            }
            if (wanted == OrderStatus.Delivered && delivered is null && quantity is not null)
            {
                delivered = quantity;
            }
            if (delivered > 0 && deliveredOn is null && !row.HasProblem("deliveredOn"))
            {
                row.Add("deliveredOn", ImportsText.Orders_DeliveredOnRequired);
            }
            else if (deliveredOn is not null && delivered is null && !row.HasProblem("deliveredQuantity"))
            {
                row.Add("deliveredQuantity", CommonText.Required);
            }
            if (wanted == OrderStatus.Delivered && delivered < quantity)
            {
                row.Add("deliveredQuantity", ImportsText.Orders_DeliveredInFull);
            }
            if (!row.Ok)
            {
                return;
            }

            var line = order is null ? null : FindLine(order, lineExternalId, product!.Id, requested!.Value);
            if (line is null && order is not null && order.Lines.Count >= OrderInput.MaxLines)
            {
                row.Add(null, Validator.Format(CommonText.TooMany, OrderInput.MaxLines));
                return;
            }
            promised = status == OrderStatus.Draft ? null : promised ?? line?.PromisedDate ?? requested;
            if (line is not null && Booked.Contains(line.Id)
                && (line.ProductId != product!.Id || line.Quantity != quantity || line.RequestedDate != requested || line.PromisedDate != promised))
            {
                row.Add(null, ImportsText.Orders_LineBooked);
                return;
            }
            if (line is not null && delivered < line.DeliveredQuantity)
            {
                row.Add("deliveredQuantity", Validator.Format(ImportsText.Orders_DeliveriesKept, line.DeliveredQuantity));
                return;
            }

            // Write it.
            var previousExternal = order?.ExternalId;
            if (order is null)
            {
                order = new Order
                {
                    AccountId = account!.Id,
                    Currency = currency!,
                    Status = OrderStatus.Draft,
                    CreatedById = Viewer.UserId ?? account.OwnerId,
                };
                Db.Orders.Add(order);
            }
            order.Kind = kind;
            order.CustomerReference = reference;
            order.Currency = currency!;
            order.OrderedOn = orderedOn!.Value;
            order.Notes = notes;
            if (externalId is not null)
            {
                order.ExternalId = externalId;
            }
            if (line is null)
            {
                line = new OrderLine
                {
                    AccountId = order.AccountId,
                    Order = order,
                    Position = order.Lines.Count == 0 ? 1 : order.Lines.Max(l => l.Position) + 1,
                    Status = OrderLineStatus.Open,
                };
                order.Lines.Add(line);
                unitPrice ??= product!.Currency.Trim() == currency ? product.ListPrice : null;
            }
            else
            {
                unitPrice ??= line.UnitPrice;
            }
            _claimed.Add(line);
            line.ProductId = product!.Id;
            line.Quantity = quantity!.Value;
            line.UnitPrice = unitPrice;
            line.RequestedDate = requested!.Value;
            line.PromisedDate = promised;
            if (lineExternalId is not null)
            {
                line.ExternalId = lineExternalId;
            }
            if (delivered > line.DeliveredQuantity)
            {
                Deliver(order, line, delivered.Value - line.DeliveredQuantity, deliveredOn!.Value);
            }
            else
            {
                // A changed quantity may make a delivered line short again, or a short one full.
                line.Status = Fulfilment.LineStatus(line.Status, line.Quantity, line.DeliveredQuantity);
                line.DeliveredOn = line.DeliveredQuantity >= line.Quantity && line.DeliveredQuantity > 0 ? line.DeliveredOn ?? deliveredOn : null;
            }
            if (status == OrderStatus.Cancelled && line.Status != OrderLineStatus.Delivered)
            {
                line.Status = OrderLineStatus.Cancelled;
            }
            if (status is not (OrderStatus.Draft or OrderStatus.Cancelled) && order.ConfirmedAt is null)
            {
                order.ConfirmedAt = Now;
                order.ConfirmedById = Viewer.UserId ?? account?.OwnerId ?? order.CreatedById;
            }
            order.Status = status is OrderStatus.Draft or OrderStatus.Cancelled
                ? status
                : Fulfilment.OrderStatusOf(OrderStatus.Confirmed, [.. order.Lines.Select(l => (l.Status, l.DeliveredQuantity))]);
            if (order.Id != 0 && Db.Entry(line).State is EntityState.Added or EntityState.Modified && Db.Entry(order).State == EntityState.Unchanged)
            {
                // A line added or changed changes its order: its version rises (and the import counts it updated).
                Db.Entry(order).Property(o => o.UpdatedAt).IsModified = true;
            }
            Index.Remember(order, previousExternal);
        }

        /// <summary>
        /// What the order is to be: draft, cancelled or confirmed (its lines then say how far it is
        /// delivered). Left out: the order's own, confirmed for a new one. A confirmed order does not
        /// go back to draft, a cancelled one stays cancelled, and one with capacity booked in
        /// Bridgehead is cancelled there (which frees the capacity), not by import.
        /// </summary>
        private OrderStatus Status(ImportValues row, Order? order, OrderStatus? wanted)
        {
            var intent = wanted switch
            {
                null => order?.Status switch
                {
                    null => OrderStatus.Confirmed,
                    OrderStatus.Draft => OrderStatus.Draft,
                    OrderStatus.Cancelled => OrderStatus.Cancelled,
                    OrderStatus.Confirmed or OrderStatus.PartlyDelivered or OrderStatus.Delivered => OrderStatus.Confirmed,
                    _ => throw new ArgumentOutOfRangeException(nameof(order)),
                },
                OrderStatus.Draft or OrderStatus.Cancelled => wanted.Value,
                OrderStatus.Confirmed or OrderStatus.PartlyDelivered or OrderStatus.Delivered => OrderStatus.Confirmed,
                _ => throw new ArgumentOutOfRangeException(nameof(wanted)),
            };
            if (order is null || order.Id == 0)
            {
                return intent;
            }
            if (intent == OrderStatus.Draft && order.Status != OrderStatus.Draft)
            {
                row.Add("status", ImportsText.Orders_NoBackToDraft);
            }
            else if (order.Status == OrderStatus.Cancelled && intent != OrderStatus.Cancelled)
            {
                row.Add("status", OrderText.Rule_AlreadyCancelled);
            }
            else if (intent == OrderStatus.Cancelled && order.Status != OrderStatus.Cancelled && order.Lines.Any(l => Booked.Contains(l.Id)))
            {
                row.Add("status", ImportsText.Orders_LineBooked);
            }
            return intent;
        }

        private OrderLine? FindLine(Order order, string? lineExternalId, long productId, DateOnly requested)
        {
            if (lineExternalId is not null && order.Lines.FirstOrDefault(l => l.ExternalId == lineExternalId) is { } byId)
            {
                return byId;
            }
            return order.Lines.Where(l => l.ExternalId is null && !_claimed.Contains(l) && l.ProductId == productId && l.RequestedDate == requested)
                .OrderBy(l => l.Position).FirstOrDefault();
        }

        /// <summary>
        /// A delivery record for what the row says left beyond the recorded quantity, then the
        /// line's delivered quantity, date and status as <see cref="RecordDelivery"/> sets them.
        /// </summary>
        private void Deliver(Order order, OrderLine line, decimal quantity, DateOnly on)
        {
            var delivery = new Delivery
            {
                AccountId = order.AccountId,
                OrderId = order.Id,
                Line = line,
                Quantity = quantity,
                DeliveredOn = on,
                RecordedById = Viewer.UserId ?? order.CreatedById,
            };
            Db.Deliveries.Add(delivery);
            if (order.Id == 0)
            {
                // A delivery names its order by key only: a new order's temporary key, which the
                // save replaces with the real one.
                Db.Entry(delivery).Property(d => d.OrderId).CurrentValue = Db.Entry(order).Property(o => o.Id).CurrentValue;
            }
            line.DeliveredQuantity += quantity;
            line.Status = Fulfilment.LineStatus(line.Status, line.Quantity, line.DeliveredQuantity);
            line.DeliveredOn = line.DeliveredQuantity >= line.Quantity ? (line.DeliveredOn is { } before && before > on ? before : on) : null;
        }
    }
}
