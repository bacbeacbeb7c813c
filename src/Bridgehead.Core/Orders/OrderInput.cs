using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Quotes;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>A line as the caller writes it.</summary>
/// <param name="UnitPrice">Left out: the contract's price for the product, else the product's list price in the order's currency (none when no rate converts it).</param>
/// <param name="RequestedDate">When the customer wants it.</param>
public sealed record OrderLineInput(long? ProductId, decimal? Quantity, DateOnly? RequestedDate, Money? UnitPrice = null);

/// <summary>A scheduled order's call-offs: the server writes one line per call-off, <see cref="Count"/> of them.</summary>
public sealed record CallOffPlanInput(long? ProductId, decimal? QuantityPerCallOff, DateOnly? FirstDate, CallOffRhythm? Rhythm, int? Count);

/// <summary>The body of POST /orders and, merged, of PATCH (lines are replaced as a whole).</summary>
public sealed record OrderInput
{
    public const int MaxLines = 200;
    public const int MaxCallOffs = 52;
    public const int MaxEngineeringDays = 365;
    public const decimal MaxQuantity = 1_000_000_000m;

    /// <summary>How far ahead a requested date may lie.</summary>
    public const int MaxYearsAhead = 5;

    public long? AccountId { get; init; }

    public OrderKind? Kind { get; init; }

    /// <summary>Scheduled: the contract called off (required); otherwise optional, for its prices.</summary>
    public long? ContractId { get; init; }

    public string? CustomerReference { get; init; }

    /// <summary>ISO 4217; left out: the contract's currency, else the account's latest contract's, else the base currency.</summary>
    public string? Currency { get; init; }

    /// <summary>The day the customer placed the order; left out, today. Not in the future.</summary>
    public DateOnly? OrderedOn { get; init; }

    /// <summary>Made-to-order: the custom specification (required).</summary>
    public string? Specification { get; init; }

    /// <summary>Made-to-order: working days of engineering before production, 0-365 (required).</summary>
    public int? EngineeringDays { get; init; }

    /// <summary>Scheduled: how often a call-off falls due (a call-off plan sets it).</summary>
    public CallOffRhythm? Rhythm { get; init; }

    public string? Notes { get; init; }

    public IReadOnlyList<OrderLineInput>? Lines { get; init; }

    /// <summary>Scheduled: instead of lines, a plan the server expands into one line per call-off.</summary>
    public CallOffPlanInput? CallOffPlan { get; init; }

    public static OrderInput From(Order o)
    {
        var currency = o.Currency.Trim();
        return new()
        {
            AccountId = o.AccountId,
            Kind = o.Kind,
            ContractId = o.ContractId,
            CustomerReference = o.CustomerReference,
            Currency = currency,
            OrderedOn = o.OrderedOn,
            Specification = o.Kind == OrderKind.MadeToOrder ? o.Specification : null,
            EngineeringDays = o.Kind == OrderKind.MadeToOrder ? o.EngineeringDays : null,
            Rhythm = o.Rhythm,
            Notes = o.Notes,
            Lines = [.. o.Lines.OrderBy(l => l.Position).Select(l => new OrderLineInput(l.ProductId, l.Quantity, l.RequestedDate, Money.From(l.UnitPrice, currency)))],
        };
    }

    /// <summary>Whether <paramref name="other"/> differs from this in anything but the notes and the customer's reference.</summary>
    internal bool DiffersBeyondNotes(OrderInput other) =>
        AccountId != other.AccountId || Kind != other.Kind || ContractId != other.ContractId
        || !string.Equals(Currency, CurrencySettings.Normalize(other.Currency), StringComparison.Ordinal)
        || OrderedOn != other.OrderedOn || Specification != Text.Clean(other.Specification)
        || (EngineeringDays ?? 0) != (other.EngineeringDays ?? 0) || Rhythm != other.Rhythm
        || other.CallOffPlan is not null
        || !(Lines ?? []).SequenceEqual(other.Lines ?? []);
}

/// <summary>A line after validation: product, quantity, date and price in the order's currency.</summary>
internal sealed record ResolvedLine(long ProductId, decimal Quantity, DateOnly RequestedDate, decimal? UnitPrice);

/// <summary>An order's wanted content, checked against the account, the contract and the catalogue.</summary>
internal sealed record ResolvedOrder(
    long AccountId,
    OrderKind Kind,
    long? ContractId,
    string? CustomerReference,
    string Currency,
    DateOnly OrderedOn,
    string? Specification,
    int EngineeringDays,
    CallOffRhythm? Rhythm,
    string? Notes,
    IReadOnlyList<ResolvedLine> Lines)
{
    /// <summary>The call-off dates of a plan: the first date, then one per rhythm step.</summary>
    public static IEnumerable<DateOnly> CallOffDates(DateOnly first, CallOffRhythm rhythm, int count) =>
        Enumerable.Range(0, count).Select(i => rhythm switch
        {
            CallOffRhythm.Weekly => first.AddDays(7 * i),
            CallOffRhythm.Biweekly => first.AddDays(14 * i),
            CallOffRhythm.Monthly => first.AddMonths(i),
            _ => throw new ArgumentOutOfRangeException(nameof(rhythm)),
        });

    /// <summary>
    /// Checks every field and throws the errors together, named like "lines[2].quantity" or
    /// "callOffPlan.count". <paramref name="current"/> is the draft being changed (its account
    /// stays, and its lines do not count against the contract's remaining volume).
    /// </summary>
    public static async Task<ResolvedOrder> ValidateAsync(BridgeheadDb db, CurrencySettings settings, OrderInput input, Order? current, CancellationToken ct)
    {
        var v = new Validator();
        var today = FulfilmentData.TodayOf(db);

        if (input.AccountId is not { } accountId)
        {
            v.Add("accountId", CommonText.Required);
            accountId = 0;
        }
        else if (current is not null && current.AccountId != accountId)
        {
            v.Add("accountId", OrderText.AccountFixed);
        }
        else if (!await db.Accounts.AsNoTracking().AnyAsync(a => a.Id == accountId, ct))
        {
            v.Add("accountId", CommonText.MustBeVisibleAccount);
        }
        if (input.Kind is not { } kind)
        {
            v.Add("kind", CommonText.Required);
            kind = OrderKind.Spot;
        }
        else if (!Enum.IsDefined(kind))
        {
            v.Add("kind", CommonText.UnknownValue);
        }

        var reference = Text.Clean(input.CustomerReference);
        v.MaxLength("customerReference", reference, Order.MaxReference);
        var notes = Text.Clean(input.Notes);
        v.MaxLength("notes", notes, Order.MaxText);
        var orderedOn = input.OrderedOn ?? today;
        if (orderedOn > today)
        {
            v.Add("orderedOn", OrderText.OrderedInFuture);
        }

        // Made to order: a specification and the engineering days before production.
        string? specification = null;
        var engineering = 0;
        if (kind == OrderKind.MadeToOrder)
        {
            specification = Text.Clean(input.Specification);
            v.Required("specification", specification, Order.MaxText);
            if (input.EngineeringDays is not { } days)
            {
                v.Add("engineeringDays", CommonText.Required);
            }
            else
            {
                v.Range("engineeringDays", days, 0, OrderInput.MaxEngineeringDays);
                engineering = days;
            }
        }
        else
        {
            if (Text.Clean(input.Specification) is not null)
            {
                v.Add("specification", OrderText.OnlyMadeToOrder);
            }
            if (input.EngineeringDays is { } days && days != 0)
            {
                v.Add("engineeringDays", OrderText.OnlyMadeToOrder);
            }
        }

        // The contract: required for call-offs, of the same account, signed and not ended.
        ContractTerms? contract = null;
        if (input.ContractId is { } contractId)
        {
            contract = await ContractTerms.LoadAsync(db, contractId, current?.Id, ct);
            if (contract is null || (accountId != 0 && contract.AccountId != accountId))
            {
                v.Add("contractId", OrderText.ContractOfOtherAccount);
                contract = null;
            }
            else if (kind == OrderKind.Scheduled && contract.SignedOn is null)
            {
                v.Add("contractId", OrderText.ContractNotSigned);
                contract = null;
            }
            else if (kind == OrderKind.Scheduled && contract.EndsOn < today)
            {
                v.Add("contractId", Validator.Format(OrderText.ContractEnded, contract.EndsOn));
                contract = null;
            }
        }
        else if (kind == OrderKind.Scheduled)
        {
            v.Add("contractId", OrderText.ContractRequired);
        }

        var rhythm = input.Rhythm;
        if (rhythm is not null && kind != OrderKind.Scheduled)
        {
            v.Add("rhythm", OrderText.OnlyScheduled);
        }

        var currency = CurrencySettings.Normalize(input.Currency);
        if (currency is null)
        {
            currency = contract?.Currency
                ?? (accountId == 0 ? null : await db.Contracts.AsNoTracking().Where(c => c.AccountId == accountId)
                    .OrderByDescending(c => c.StartsOn).ThenByDescending(c => c.Id).Select(c => c.Currency).FirstOrDefaultAsync(ct))?.Trim()
                ?? settings.BaseCurrency;
        }
        if (!CurrencySettings.IsCode(currency))
        {
            v.Add("currency", CommonText.InvalidCurrency);
            currency = null;
        }
        else if (contract is not null && kind == OrderKind.Scheduled && currency != contract.Currency)
        {
            v.Add("currency", Validator.Format(OrderText.ContractCurrency, contract.Currency));
            currency = null;
        }

        // Lines, or a call-off plan the server expands into lines.
        IReadOnlyList<OrderLineInput> lines = input.Lines ?? [];
        var fromPlan = false;
        if (input.CallOffPlan is { } plan)
        {
            if (kind != OrderKind.Scheduled)
            {
                v.Add("callOffPlan", OrderText.OnlyScheduled);
            }
            else if (lines.Count > 0)
            {
                v.Add("callOffPlan", OrderText.PlanOrLines);
            }
            else if (ExpandPlan(v, plan, orderedOn, today) is { } expanded)
            {
                lines = expanded;
                fromPlan = true;
                rhythm = plan.Rhythm;
            }
        }
        var resolved = await LinesAsync(db, settings, v, lines, fromPlan, kind, currency, contract, orderedOn, today, current, ct);
        if (input.CallOffPlan is null && lines.Count == 0)
        {
            v.Add("lines", OrderText.LinesRequired);
        }
        v.ThrowIfInvalid();
        return new ResolvedOrder(accountId, kind, contract?.Id, reference, currency!, orderedOn, specification, engineering,
            kind == OrderKind.Scheduled ? rhythm : null, notes, resolved!);
    }

    private static List<OrderLineInput>? ExpandPlan(Validator v, CallOffPlanInput plan, DateOnly orderedOn, DateOnly today)
    {
        const string f = "callOffPlan.";
        var ok = true;
        if (plan.ProductId is null)
        {
            v.Add(f + "productId", CommonText.Required);
            ok = false;
        }
        if (plan.QuantityPerCallOff is not { } quantity)
        {
            v.Add(f + "quantityPerCallOff", CommonText.Required);
            ok = false;
            quantity = 0;
        }
        else if (!QuantityOk(v, f + "quantityPerCallOff", quantity))
        {
            ok = false;
        }
        if (plan.FirstDate is not { } first)
        {
            v.Add(f + "firstDate", CommonText.Required);
            ok = false;
            first = orderedOn;
        }
        else if (first < orderedOn)
        {
            v.Add(f + "firstDate", OrderText.RequestedBeforeOrdered);
            ok = false;
        }
        if (plan.Rhythm is not { } rhythm)
        {
            v.Add(f + "rhythm", CommonText.Required);
            ok = false;
            rhythm = CallOffRhythm.Weekly;
        }
        else if (!Enum.IsDefined(rhythm))
        {
            v.Add(f + "rhythm", CommonText.UnknownValue);
            ok = false;
        }
        if (plan.Count is not { } count)
        {
            v.Add(f + "count", CommonText.Required);
            return null;
        }
        if (count is < 1 or > OrderInput.MaxCallOffs)
        {
            v.Add(f + "count", Validator.Format(CommonText.OutOfRange, 1, OrderInput.MaxCallOffs));
            return null;
        }
        if (!ok)
        {
            return null;
        }
        var dates = CallOffDates(first, rhythm, count).ToList();
        if (dates[^1] > today.AddYears(OrderInput.MaxYearsAhead))
        {
            v.Add(f + "count", Validator.Format(OrderText.TooFarAhead, OrderInput.MaxYearsAhead));
            return null;
        }
        return [.. dates.Select(d => new OrderLineInput(plan.ProductId, quantity, d))];
    }

    private static bool QuantityOk(Validator v, string field, decimal quantity)
    {
        if (quantity <= 0 || quantity > OrderInput.MaxQuantity)
        {
            v.Add(field, OrderText.QuantityPositive);
            return false;
        }
        if (decimal.Round(quantity, 4) != quantity)
        {
            v.Add(field, CommonText.TooManyDecimals);
            return false;
        }
        return true;
    }

    private static async Task<List<ResolvedLine>?> LinesAsync(BridgeheadDb db, CurrencySettings settings, Validator v, IReadOnlyList<OrderLineInput> input,
        bool fromPlan, OrderKind kind, string? currency, ContractTerms? contract, DateOnly orderedOn, DateOnly today, Order? current, CancellationToken ct)
    {
        if (input.Count > OrderInput.MaxLines)
        {
            v.Add("lines", Validator.Format(CommonText.TooMany, OrderInput.MaxLines));
            return null;
        }
        var ids = input.Where(l => l?.ProductId is not null).Select(l => l.ProductId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Sku, p.Unit, p.ListPrice, p.Currency, p.IsActive })
            .ToDictionaryAsync(p => p.Id, ct);
        var rates = await CurrencyConverter.LoadAsync(db, settings, ct);
        var kept = current?.Lines.Select(l => l.ProductId).ToHashSet() ?? [];
        var latest = today.AddYears(OrderInput.MaxYearsAhead);
        var resolved = new List<ResolvedLine>();
        var fields = new List<string>();
        decimal total = 0;

        for (var i = 0; i < input.Count; i++)
        {
            var field = fromPlan ? "callOffPlan" : $"lines[{i}]";
            string Of(string name) => fromPlan ? field + "." + (name == "quantity" ? "quantityPerCallOff" : name == "requestedDate" ? "firstDate" : name) : field + "." + name;
            var line = input[i];
            if (line is null)
            {
                v.Add(field, CommonText.Required);
                continue;
            }
            var ok = true;
            if (line.Quantity is not { } quantity)
            {
                v.Add(Of("quantity"), CommonText.Required);
                ok = false;
                quantity = 0;
            }
            else
            {
                ok &= QuantityOk(v, Of("quantity"), quantity);
            }
            if (line.RequestedDate is not { } requested)
            {
                v.Add(Of("requestedDate"), CommonText.Required);
                ok = false;
                requested = orderedOn;
            }
            else if (requested < orderedOn)
            {
                v.Add(Of("requestedDate"), OrderText.RequestedBeforeOrdered);
                ok = false;
            }
            else if (requested > latest)
            {
                v.Add(Of("requestedDate"), Validator.Format(OrderText.TooFarAhead, OrderInput.MaxYearsAhead));
                ok = false;
            }
            else if (kind == OrderKind.Scheduled && contract is not null && (requested < contract.StartsOn || requested > contract.EndsOn))
            {
                v.Add(Of("requestedDate"), Validator.Format(OrderText.OutsideContract, contract.StartsOn, contract.EndsOn));
                ok = false;
            }
            decimal? price = null;
            if (line.UnitPrice is { } given)
            {
                var code = CurrencySettings.Normalize(given.Currency) ?? currency ?? "";
                Money.Validate(v, Of("unitPrice"), new Money(given.Amount, code));
                if (currency is not null && code != currency && !v.HasError(Of("unitPrice") + ".currency"))
                {
                    v.Add(Of("unitPrice") + ".currency", Validator.Format(OrderText.OtherCurrency, currency));
                }
                ok &= !v.HasError(Of("unitPrice") + ".currency") && !v.HasError(Of("unitPrice") + ".amount");
                price = given.Amount;
            }
            if (line.ProductId is not { } productId)
            {
                v.Add(Of("productId"), CommonText.Required);
                continue;
            }
            if (!products.TryGetValue(productId, out var product))
            {
                v.Add(Of("productId"), OrderText.UnknownProduct);
                continue;
            }
            if (!product.IsActive && !kept.Contains(productId))
            {
                v.Add(Of("productId"), Validator.Format(OrderText.ProductRetired, product.Sku));
                continue;
            }
            var onContract = contract?.Lines.FirstOrDefault(c => c.ProductId == productId);
            if (kind == OrderKind.Scheduled && contract is not null && onContract is null)
            {
                v.Add(Of("productId"), Validator.Format(OrderText.NotOnContract, product.Sku));
                continue;
            }
            if (!ok || currency is null)
            {
                continue;
            }
            if (price is null && onContract is not null && contract!.Currency == currency)
            {
                price = onContract.UnitPrice;
            }
            else if (price is null && product.ListPrice is { } list && rates.Convert(list, product.Currency, currency) is { } converted)
            {
                price = QuoteMath.Round(converted, currency);
            }
            if (price is { } p && quantity * p > Money.MaxAmount)
            {
                v.Add(field, OrderText.LineTooLarge);
                continue;
            }
            total += price is { } q ? quantity * q : 0;
            resolved.Add(new ResolvedLine(productId, quantity, requested, price));
            fields.Add(fromPlan ? "callOffPlan.quantityPerCallOff" : Of("quantity"));
        }
        if (total > Money.MaxAmount)
        {
            v.Add("lines", OrderText.LineTooLarge);
        }

        // Call-offs may not take more than the contract has left, product by product.
        if (kind == OrderKind.Scheduled && contract is not null)
        {
            var taken = new Dictionary<long, decimal>();
            for (var i = 0; i < resolved.Count; i++)
            {
                var line = resolved[i];
                var left = contract.Remaining(line.ProductId);
                taken[line.ProductId] = taken.GetValueOrDefault(line.ProductId) + line.Quantity;
                if (taken[line.ProductId] > left && !v.HasError(fields[i]))
                {
                    var sku = products[line.ProductId];
                    v.Add(fields[i], Validator.Format(OrderText.BeyondContract, Math.Max(0m, left).ToString("#,0.####", System.Globalization.CultureInfo.CurrentCulture), sku.Unit,
                        contract.Volume(line.ProductId).ToString("#,0.####", System.Globalization.CultureInfo.CurrentCulture)));
                }
            }
        }
        return resolved;
    }

    /// <summary>Writes the content into the order; a draft's lines are replaced as a whole.</summary>
    public void ApplyTo(Order order)
    {
        order.Kind = Kind;
        order.ContractId = ContractId;
        order.CustomerReference = CustomerReference;
        order.Currency = Currency;
        order.OrderedOn = OrderedOn;
        order.Specification = Specification;
        order.EngineeringDays = EngineeringDays;
        order.Rhythm = Rhythm;
        order.Notes = Notes;
        order.Lines.Clear();
        var position = 1;
        foreach (var line in Lines)
        {
            order.Lines.Add(new OrderLine
            {
                AccountId = order.AccountId,
                Position = position++,
                ProductId = line.ProductId,
                Quantity = line.Quantity,
                UnitPrice = line.UnitPrice,
                RequestedDate = line.RequestedDate,
                Status = OrderLineStatus.Open,
            });
        }
    }
}

/// <summary>What an order needs to know of a contract: its account, period, currency, and per product the volume, price and what is left.</summary>
internal sealed record ContractTerms(long Id, long AccountId, DateOnly StartsOn, DateOnly EndsOn, DateOnly? SignedOn, string Currency,
    IReadOnlyList<ContractTerms.Line> Lines, IReadOnlyDictionary<long, decimal> CalledOff)
{
    internal sealed record Line(long ProductId, decimal Quantity, decimal UnitPrice);

    public decimal Volume(long productId) => Lines.Where(l => l.ProductId == productId).Sum(l => l.Quantity);

    /// <summary>The volume less what other orders have called off.</summary>
    public decimal Remaining(long productId) => Volume(productId) - CalledOff.GetValueOrDefault(productId);

    /// <summary>
    /// The contract as the caller sees it (null when not visible), with what the scheduled orders
    /// calling it off have taken per product: every line still wanted, and what was delivered of a
    /// line since cancelled. The order being changed (<paramref name="exceptOrderId"/>) does not count.
    /// </summary>
    public static async Task<ContractTerms?> LoadAsync(BridgeheadDb db, long contractId, long? exceptOrderId, CancellationToken ct)
    {
        var contract = await db.Contracts.AsNoTracking().Where(c => c.Id == contractId)
            .Select(c => new { c.Id, c.AccountId, c.StartsOn, c.EndsOn, c.SignedOn, c.Currency })
            .FirstOrDefaultAsync(ct);
        if (contract is null)
        {
            return null;
        }
        var lines = await db.ContractLines.AsNoTracking().Where(l => l.ContractId == contractId).OrderBy(l => l.Position)
            .Select(l => new Line(l.ProductId, l.Quantity, l.UnitPrice)).ToListAsync(ct);
        var called = await db.OrderLines.AsNoTracking()
            .Where(l => l.Order!.ContractId == contractId && l.Order.Kind == OrderKind.Scheduled && l.OrderId != exceptOrderId)
            .Select(l => new { l.ProductId, Taken = l.Status == OrderLineStatus.Cancelled ? l.DeliveredQuantity : l.Quantity })
            .ToListAsync(ct);
        return new ContractTerms(contract.Id, contract.AccountId, contract.StartsOn, contract.EndsOn, contract.SignedOn, contract.Currency.Trim(), lines,
            called.GroupBy(c => c.ProductId).ToDictionary(g => g.Key, g => g.Sum(c => c.Taken)));
    }
}
