using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Quotes;

/// <summary>A line as the caller writes it. The server fills in SKU, unit, cost and totals.</summary>
/// <param name="UnitPrice">Price of one unit before discount; left out, the product's list price converted to the quote's currency.</param>
/// <param name="DiscountPercent">0-100; left out, 0.</param>
/// <param name="Description">What the customer reads; left out, the product's name.</param>
public sealed record QuoteLineInput(long? ProductId, decimal? Quantity, Money? UnitPrice = null, decimal? DiscountPercent = null, string? Description = null);

/// <summary>A value proposition as the caller writes it.</summary>
/// <param name="Value">What it is worth to the customer per year, in the quote's currency, when it can be put in money.</param>
public sealed record ValuePropositionInput(ValueKind? Kind, string? Description, Money? Value = null, string? Basis = null);

/// <summary>The body of POST /quotes and, merged, of PATCH (lines and value propositions are replaced as whole lists).</summary>
public sealed record QuoteInput
{
    public const int MaxLines = 200;
    public const int MaxValues = 20;
    public const decimal MaxQuantity = 1_000_000_000m;

    /// <summary>The largest amount a quote keeps (money columns hold 15 digits before the point): a line, the subtotal, the cost total.</summary>
    public const decimal MaxAmount = 999_999_999_999_999m;
    public const int DefaultValidDays = 30;

    public long? OpportunityId { get; init; }

    /// <summary>On create only: an earlier version of the same pursuit whose lines, value propositions, currency, language and notes the new one starts from.</summary>
    public long? CopyFrom { get; init; }

    /// <summary>ISO 4217 code; left out, the pursuit's currency or the base currency.</summary>
    public string? Currency { get; init; }

    /// <summary>Left out, 30 days from today.</summary>
    public DateOnly? ValidUntil { get; init; }

    /// <summary>The customer document's language, "en" or "ko"; left out, Korean for a Korean customer, else English.</summary>
    public string? Language { get; init; }

    public string? CustomerNote { get; init; }

    public string? InternalNote { get; init; }

    public IReadOnlyList<QuoteLineInput>? Lines { get; init; }

    public IReadOnlyList<ValuePropositionInput>? ValuePropositions { get; init; }

    public static QuoteInput From(Quote q)
    {
        var currency = q.Currency.Trim();
        return new()
        {
            OpportunityId = q.OpportunityId,
            Currency = currency,
            ValidUntil = q.ValidUntil,
            Language = q.Language,
            CustomerNote = q.CustomerNote,
            InternalNote = q.InternalNote,
            Lines = [.. q.Lines.OrderBy(l => l.Position).Select(l => new QuoteLineInput(l.ProductId, l.Quantity, new Money(l.UnitPrice, currency), l.DiscountPercent, l.Description))],
            ValuePropositions = [.. q.ValuePropositions.OrderBy(v => v.Id).Select(v => new ValuePropositionInput(v.Kind, v.Description, Money.From(v.Value, currency), v.Basis))],
        };
    }
}

/// <summary>A line after validation: the product's snapshot, the price in the quote's currency, and the existing line it repeats (kept as it is).</summary>
internal sealed record ResolvedLine(QuoteLine? Keep, long ProductId, string Sku, string Description, string Unit, decimal Quantity, decimal UnitPrice, decimal DiscountPercent, decimal? UnitCost);

internal sealed record ResolvedValue(ValueKind Kind, string Description, decimal? Value, string? Basis);

/// <summary>A quote's wanted content, checked against the catalogue and the exchange rates.</summary>
internal sealed record ResolvedQuote(string Currency, DateOnly ValidUntil, string Language, string? CustomerNote, string? InternalNote,
    IReadOnlyList<ResolvedLine> Lines, IReadOnlyList<ResolvedValue> Values)
{
    /// <summary>
    /// Checks every field and throws the errors together (named like "lines[2].quantity"). A line
    /// that repeats one of <paramref name="current"/>'s lines keeps that line's snapshot (so a
    /// product retired since does not block other edits); every other line needs an active product.
    /// </summary>
    public static async Task<ResolvedQuote> ValidateAsync(BridgeheadDb db, CurrencySettings settings, QuoteInput input, Quote? current, CancellationToken ct)
    {
        var v = new Validator();
        var today = QuoteReader.Today(db);

        var currency = CurrencySettings.Normalize(input.Currency);
        if (currency is null)
        {
            v.Add("currency", CommonText.Required);
        }
        else if (!CurrencySettings.IsCode(currency))
        {
            v.Add("currency", CommonText.InvalidCurrency);
            currency = null;
        }
        if (input.ValidUntil is not { } validUntil)
        {
            v.Add("validUntil", CommonText.Required);
            validUntil = today;
        }
        else if (validUntil < today)
        {
            v.Add("validUntil", QuotesText.ValidUntilPast);
        }
        var language = Text.Clean(input.Language)?.ToLowerInvariant();
        if (language is not ("en" or "ko"))
        {
            v.Add("language", QuotesText.UnknownLanguage);
        }
        var customerNote = Text.Clean(input.CustomerNote);
        var internalNote = Text.Clean(input.InternalNote);
        v.MaxLength("customerNote", customerNote, Quote.MaxText);
        v.MaxLength("internalNote", internalNote, Quote.MaxText);

        var lines = await LinesAsync(db, settings, v, input.Lines ?? [], currency, current, ct);
        var values = ValuesOf(v, input.ValuePropositions ?? [], currency);
        v.ThrowIfInvalid();
        return new ResolvedQuote(currency!, validUntil, language!, customerNote, internalNote, lines, values);
    }

    private static async Task<List<ResolvedLine>> LinesAsync(BridgeheadDb db, CurrencySettings settings, Validator v, IReadOnlyList<QuoteLineInput> input,
        string? currency, Quote? current, CancellationToken ct)
    {
        var resolved = new List<ResolvedLine>();
        if (input.Count > QuoteInput.MaxLines)
        {
            v.Add("lines", Validator.Format(CommonText.TooMany, QuoteInput.MaxLines));
            return resolved;
        }
        var ids = input.Where(l => l?.ProductId is not null).Select(l => l.ProductId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Sku, p.Name, p.Unit, p.UnitCost, p.ListPrice, p.Currency, p.IsActive })
            .ToDictionaryAsync(p => p.Id, ct);
        var rates = await CurrencyConverter.LoadAsync(db, settings, ct);
        var unmatched = current?.Lines.OrderBy(l => l.Position).ToList() ?? [];

        for (var i = 0; i < input.Count; i++)
        {
            var field = $"lines[{i}]";
            var line = input[i];
            if (line is null)
            {
                v.Add(field, CommonText.Required);
                continue;
            }
            var ok = true;
            if (line.Quantity is not { } quantity)
            {
                v.Add(field + ".quantity", CommonText.Required);
                ok = false;
                quantity = 0;
            }
            else if (quantity <= 0 || quantity > QuoteInput.MaxQuantity)
            {
                v.Add(field + ".quantity", QuotesText.QuantityPositive);
                ok = false;
            }
            else if (decimal.Round(quantity, 4) != quantity)
            {
                v.Add(field + ".quantity", CommonText.TooManyDecimals);
                ok = false;
            }
            var discount = line.DiscountPercent ?? 0m;
            if (discount is < 0 or > 100)
            {
                v.Add(field + ".discountPercent", Validator.Format(CommonText.OutOfRange, 0, 100));
                ok = false;
            }
            else if (decimal.Round(discount, 2) != discount)
            {
                v.Add(field + ".discountPercent", CommonText.TooManyDecimals);
                ok = false;
            }
            decimal? price = null;
            if (line.UnitPrice is { } given)
            {
                var code = CurrencySettings.Normalize(given.Currency) ?? currency ?? "";
                var money = new Money(given.Amount, code);
                Money.Validate(v, field + ".unitPrice", money);
                if (currency is not null && code != currency && !v.HasError(field + ".unitPrice.currency"))
                {
                    v.Add(field + ".unitPrice.currency", Validator.Format(QuotesText.OtherCurrency, currency));
                }
                ok &= !v.HasError(field + ".unitPrice.currency") && !v.HasError(field + ".unitPrice.amount");
                price = given.Amount;
            }
            var description = Text.Clean(line.Description);
            v.MaxLength(field + ".description", description, Products.Product.MaxName);

            if (line.ProductId is not { } productId)
            {
                v.Add(field + ".productId", CommonText.Required);
                continue;
            }
            if (!products.TryGetValue(productId, out var product))
            {
                v.Add(field + ".productId", QuotesText.UnknownProduct);
                continue;
            }
            if (currency is null)
            {
                continue;
            }
            var productCurrency = product.Currency.Trim();
            if (price is null)
            {
                if (product.ListPrice is not { } list)
                {
                    v.Add(field + ".unitPrice", QuotesText.NoListPrice);
                    continue;
                }
                if (rates.Convert(list, productCurrency, currency) is not { } converted)
                {
                    v.Add(field + ".productId", Validator.Format(QuotesText.NoRate, rates.Missing(productCurrency, currency)));
                    continue;
                }
                price = QuoteMath.Round(converted, currency);
            }
            if (!ok)
            {
                continue;
            }
            if (quantity * price.Value > QuoteInput.MaxAmount)
            {
                // Each value is within its limit, their product need not be.
                v.Add(field, QuotesText.LineTooLarge);
                continue;
            }
            var keep = unmatched.FirstOrDefault(l => l.ProductId == productId && l.Quantity == quantity && l.UnitPrice == price
                && l.DiscountPercent == discount && (description is null || description == l.Description));
            if (keep is not null)
            {
                unmatched.Remove(keep);
                resolved.Add(new ResolvedLine(keep, productId, keep.Sku, keep.Description, keep.Unit, quantity, price.Value, discount, keep.UnitCost));
                continue;
            }
            if (!product.IsActive)
            {
                v.Add(field + ".productId", Validator.Format(QuotesText.ProductRetired, product.Sku));
                continue;
            }
            decimal? cost = null;
            if (product.UnitCost is { } unitCost)
            {
                if (rates.Convert(unitCost, productCurrency, currency) is not { } convertedCost)
                {
                    v.Add(field + ".productId", Validator.Format(QuotesText.NoRate, rates.Missing(productCurrency, currency)));
                    continue;
                }
                cost = decimal.Round(convertedCost, 4, MidpointRounding.AwayFromZero);
            }
            resolved.Add(new ResolvedLine(null, productId, product.Sku, description ?? product.Name, product.Unit, quantity, price.Value, discount, cost));
        }
        // The sums too must fit; the words name no cost, which the caller may not see.
        if (resolved.Sum(l => l.Quantity * l.UnitPrice) > QuoteInput.MaxAmount || resolved.Sum(l => l.Quantity * (l.UnitCost ?? 0m)) > QuoteInput.MaxAmount)
        {
            v.Add("lines", QuotesText.QuoteTooLarge);
        }
        return resolved;
    }

    private static List<ResolvedValue> ValuesOf(Validator v, IReadOnlyList<ValuePropositionInput> input, string? currency)
    {
        var values = new List<ResolvedValue>();
        if (input.Count > QuoteInput.MaxValues)
        {
            v.Add("valuePropositions", Validator.Format(CommonText.TooMany, QuoteInput.MaxValues));
            return values;
        }
        for (var i = 0; i < input.Count; i++)
        {
            var field = $"valuePropositions[{i}]";
            var item = input[i];
            if (item is null)
            {
                v.Add(field, CommonText.Required);
                continue;
            }
            if (item.Kind is null)
            {
                v.Add(field + ".kind", CommonText.Required);
            }
            v.Defined(field + ".kind", item.Kind);
            var description = Text.Clean(item.Description);
            v.Required(field + ".description", description, Quote.MaxText);
            var basis = Text.Clean(item.Basis);
            v.MaxLength(field + ".basis", basis, Quote.MaxText);
            if (item.Value is { } value)
            {
                var code = CurrencySettings.Normalize(value.Currency) ?? currency ?? "";
                Money.Validate(v, field + ".value", new Money(value.Amount, code));
                if (currency is not null && code != currency && !v.HasError(field + ".value.currency"))
                {
                    v.Add(field + ".value.currency", Validator.Format(QuotesText.OtherCurrency, currency));
                }
            }
            if (item.Kind is { } kind && Enum.IsDefined(kind) && description is not null)
            {
                values.Add(new ResolvedValue(kind, description, item.Value?.Amount, basis));
            }
        }
        return values;
    }

    /// <summary>
    /// Writes the content onto the quote: lines and value propositions that did not change stay
    /// (so the history lists only real changes), then the totals, margin and approval causes are
    /// computed. A change of price, currency or validity takes back an approval (or a pending
    /// request for one): the changed quote must be submitted again.
    /// </summary>
    public void ApplyTo(Quote quote, QuoteLimits limits)
    {
        var priced = quote.Currency.Trim() != Currency || quote.ValidUntil != ValidUntil;
        quote.Currency = Currency;
        quote.ValidUntil = ValidUntil;
        quote.Language = Language;
        quote.CustomerNote = CustomerNote;
        quote.InternalNote = InternalNote;

        var kept = Lines.Where(l => l.Keep is not null).Select(l => l.Keep!).ToHashSet();
        foreach (var gone in quote.Lines.Where(l => !kept.Contains(l)).ToList())
        {
            quote.Lines.Remove(gone);
            priced = true;
        }
        for (var i = 0; i < Lines.Count; i++)
        {
            var line = Lines[i];
            if (line.Keep is { } existing)
            {
                existing.Position = i + 1;
                continue;
            }
            priced = true;
            quote.Lines.Add(new QuoteLine
            {
                QuoteId = quote.Id,
                Position = i + 1,
                ProductId = line.ProductId,
                Sku = line.Sku,
                Description = line.Description,
                Unit = line.Unit,
                Quantity = line.Quantity,
                UnitPrice = line.UnitPrice,
                DiscountPercent = line.DiscountPercent,
                UnitCost = line.UnitCost,
            });
        }
        quote.Lines.Sort((a, b) => a.Position.CompareTo(b.Position));

        var unmatched = quote.ValuePropositions.ToList();
        var wanted = new List<ValueProposition>();
        foreach (var value in Values)
        {
            var same = unmatched.FirstOrDefault(x => x.Kind == value.Kind && x.Description == value.Description && x.Value == value.Value && x.Basis == value.Basis);
            if (same is not null)
            {
                unmatched.Remove(same);
                wanted.Add(same);
            }
            else
            {
                wanted.Add(new ValueProposition { QuoteId = quote.Id, Kind = value.Kind, Description = value.Description, Value = value.Value, Basis = value.Basis });
            }
        }
        foreach (var gone in unmatched)
        {
            quote.ValuePropositions.Remove(gone);
        }
        foreach (var added in wanted.Where(x => !quote.ValuePropositions.Contains(x)))
        {
            quote.ValuePropositions.Add(added);
        }

        QuoteMath.Recompute(quote);
        if (priced && quote.Approval != Common.ApprovalState.NotNeeded)
        {
            quote.Approval = Common.ApprovalState.NotNeeded;
            quote.ApprovalComment = null;
            quote.ApprovedById = null;
            quote.ApprovedAt = null;
        }
        quote.ApprovalReason = QuoteApproval.Write(QuoteApproval.Causes(quote, limits));
    }
}
