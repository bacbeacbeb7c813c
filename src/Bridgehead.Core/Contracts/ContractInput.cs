using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Contracts;

/// <summary>A line as the caller writes it: the product, its volume over the period and the unit price.</summary>
/// <param name="UnitPrice">The price of one unit in the contract's currency (the currency may be left out).</param>
public sealed record ContractLineInput(long? ProductId, decimal? Quantity, Money? UnitPrice);

/// <summary>
/// The body of POST /contracts and, merged, of PATCH (lines are replaced as a whole list).
/// Give the pursuit (<c>opportunityId</c>) and its account is taken, or only an account for a
/// contract without a pursuit.
/// </summary>
public sealed record ContractInput
{
    public const int MaxLines = 200;
    public const decimal MaxQuantity = 1_000_000_000m;

    public long? AccountId { get; init; }

    public long? OpportunityId { get; init; }

    public string? Number { get; init; }

    public DateOnly? StartsOn { get; init; }

    public DateOnly? EndsOn { get; init; }

    /// <summary>The day it was signed; left out, a draft. A signed contract meets the contractSigned gate criterion.</summary>
    public DateOnly? SignedOn { get; init; }

    /// <summary>ISO 4217 code of the line prices.</summary>
    public string? Currency { get; init; }

    public string? Terms { get; init; }

    public string? Notes { get; init; }

    public IReadOnlyList<ContractLineInput>? Lines { get; init; }

    /// <summary>On create only: also win the pursuit (leave its last stage) in the same transaction.</summary>
    public bool? Win { get; init; }

    public static ContractInput From(Contract c)
    {
        var currency = c.Currency.Trim();
        return new()
        {
            AccountId = c.AccountId,
            OpportunityId = c.OpportunityId,
            Number = c.Number,
            StartsOn = c.StartsOn,
            EndsOn = c.EndsOn,
            SignedOn = c.SignedOn,
            Currency = currency,
            Terms = c.Terms,
            Notes = c.Notes,
            Lines = [.. c.Lines.OrderBy(l => l.Position).Select(l => new ContractLineInput(l.ProductId, l.Quantity, new Money(l.UnitPrice, currency)))],
        };
    }
}

internal sealed record ResolvedContractLine(long ProductId, decimal Quantity, decimal UnitPrice);

/// <summary>A contract's wanted content, checked field by field.</summary>
internal sealed record ResolvedContract(string? Number, DateOnly StartsOn, DateOnly EndsOn, DateOnly? SignedOn, string Currency, string? Terms, string? Notes,
    IReadOnlyList<ResolvedContractLine> Lines)
{
    /// <summary>
    /// Checks every field and throws the errors together (named like "lines[2].quantity"). A
    /// product the contract already has may stay although it was retired since; a product new to
    /// the contract must be active. Each product appears once, so call-offs add up per line.
    /// </summary>
    public static async Task<ResolvedContract> ValidateAsync(BridgeheadDb db, ContractInput input, Contract? current, Validator v, CancellationToken ct)
    {
        var number = Text.Clean(input.Number);
        v.MaxLength("number", number, Contract.MaxNumber);
        var terms = Text.Clean(input.Terms);
        v.MaxLength("terms", terms, Contract.MaxTerms);
        var notes = Text.Clean(input.Notes);
        v.MaxLength("notes", notes, Contract.MaxNotes);
        if (input.StartsOn is null)
        {
            v.Add("startsOn", CommonText.Required);
        }
        if (input.EndsOn is null)
        {
            v.Add("endsOn", CommonText.Required);
        }
        else if (input.StartsOn is { } starts && input.EndsOn < starts)
        {
            v.Add("endsOn", ContractsText.EndsBeforeStart);
        }
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
        var lines = await LinesAsync(db, v, input.Lines ?? [], currency, current, ct);
        v.ThrowIfInvalid();
        return new ResolvedContract(number, input.StartsOn!.Value, input.EndsOn!.Value, input.SignedOn, currency!, terms, notes, lines);
    }

    private static async Task<List<ResolvedContractLine>> LinesAsync(BridgeheadDb db, Validator v, IReadOnlyList<ContractLineInput> input, string? currency,
        Contract? current, CancellationToken ct)
    {
        var resolved = new List<ResolvedContractLine>();
        if (input.Count > ContractInput.MaxLines)
        {
            v.Add("lines", Validator.Format(CommonText.TooMany, ContractInput.MaxLines));
            return resolved;
        }
        var ids = input.Where(l => l?.ProductId is not null).Select(l => l.ProductId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Sku, p.IsActive })
            .ToDictionaryAsync(p => p.Id, ct);
        var kept = current?.Lines.Select(l => l.ProductId).ToHashSet() ?? [];
        var seen = new HashSet<long>();
        var total = 0m;
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
            else if (quantity <= 0 || quantity > ContractInput.MaxQuantity)
            {
                v.Add(field + ".quantity", ContractsText.QuantityPositive);
                ok = false;
            }
            else if (decimal.Round(quantity, 4) != quantity)
            {
                v.Add(field + ".quantity", CommonText.TooManyDecimals);
                ok = false;
            }
            var price = 0m;
            if (line.UnitPrice is not { } given)
            {
                v.Add(field + ".unitPrice", CommonText.Required);
                ok = false;
            }
            else
            {
                var code = CurrencySettings.Normalize(given.Currency) ?? currency ?? "";
                Money.Validate(v, field + ".unitPrice", new Money(given.Amount, code));
                if (currency is not null && code != currency && !v.HasError(field + ".unitPrice.currency"))
                {
                    v.Add(field + ".unitPrice.currency", Validator.Format(ContractsText.OtherCurrency, currency));
                }
                ok &= !v.HasError(field + ".unitPrice.currency") && !v.HasError(field + ".unitPrice.amount");
                price = given.Amount;
            }
            if (line.ProductId is not { } productId)
            {
                v.Add(field + ".productId", CommonText.Required);
                continue;
            }
            if (!products.TryGetValue(productId, out var product))
            {
                v.Add(field + ".productId", ContractsText.UnknownProduct);
                continue;
            }
            if (!seen.Add(productId))
            {
                v.Add(field + ".productId", Validator.Format(ContractsText.ProductTwice, product.Sku));
                continue;
            }
            if (!product.IsActive && !kept.Contains(productId))
            {
                v.Add(field + ".productId", Validator.Format(ContractsText.ProductRetired, product.Sku));
                continue;
            }
            if (!ok)
            {
                continue;
            }
            var lineTotal = quantity * price;
            if (lineTotal > Money.MaxAmount)
            {
                // Each value is within its limit, their product need not be.
                v.Add(field, ContractsText.LineTooLarge);
                continue;
            }
            total += lineTotal;
            resolved.Add(new ResolvedContractLine(productId, quantity, price));
        }
        if (total > Money.MaxAmount)
        {
            v.Add("lines", ContractsText.ContractTooLarge);
        }
        return resolved;
    }

    /// <summary>
    /// Writes the content onto the contract: lines that did not change stay (so the history lists
    /// only real changes), the others are replaced.
    /// </summary>
    public void ApplyTo(Contract contract)
    {
        contract.Number = Number;
        contract.StartsOn = StartsOn;
        contract.EndsOn = EndsOn;
        contract.SignedOn = SignedOn;
        contract.Currency = Currency;
        contract.Terms = Terms;
        contract.Notes = Notes;

        var unmatched = contract.Lines.ToList();
        var wanted = new List<ContractLine>();
        foreach (var line in Lines)
        {
            var same = unmatched.FirstOrDefault(l => l.ProductId == line.ProductId && l.Quantity == line.Quantity && l.UnitPrice == line.UnitPrice);
            if (same is not null)
            {
                unmatched.Remove(same);
                wanted.Add(same);
            }
            else
            {
                wanted.Add(new ContractLine { ContractId = contract.Id, AccountId = contract.AccountId, ProductId = line.ProductId, Quantity = line.Quantity, UnitPrice = line.UnitPrice });
            }
        }
        foreach (var gone in unmatched)
        {
            contract.Lines.Remove(gone);
        }
        for (var i = 0; i < wanted.Count; i++)
        {
            wanted[i].Position = i + 1;
            if (!contract.Lines.Contains(wanted[i]))
            {
                contract.Lines.Add(wanted[i]);
            }
        }
    }
}
