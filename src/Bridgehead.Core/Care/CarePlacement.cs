using Bridgehead.Accounts;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Orders;
using Bridgehead.Wallet;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Care;

/// <summary>Why a customer is in its tier: the first rule it met, read top-down.</summary>
public enum CareReason
{
    /// <summary>Flagged strategic, and the tier's plan takes strategic accounts.</summary>
    StrategicFlag,

    /// <summary>Revenue of the last 365 days reached the tier's threshold.</summary>
    Revenue,

    /// <summary>Potential (its wallet) reached the tier's threshold.</summary>
    Potential,

    /// <summary>No rule met: the standard tier takes the rest.</summary>
    Rest,
}

/// <summary>Where a customer falls and why; <paramref name="Threshold"/> is the threshold met (revenue or potential).</summary>
public sealed record CarePlaced(AccountTier Tier, CareReason Reason, decimal? Threshold);

/// <summary>A customer's size in the base currency: revenue of the last 365 days and potential (its wallet).</summary>
public sealed record CareSize(decimal AnnualRevenue, decimal Potential)
{
    public static CareSize Zero { get; } = new(0, 0);
}

/// <summary>
/// Places customers in care tiers: the pure rule (<see cref="Place"/>), the sizes it reads
/// (<see cref="SizesAsync"/>) and the write of changed tiers (<see cref="PlaceTiersAsync"/>).
/// Prospects and former customers keep whatever tier was set by hand.
/// </summary>
public static class CarePlacement
{
    /// <summary>Tiers from the top down: the order the rules are read in.</summary>
    public static IReadOnlyList<AccountTier> TopDown { get; } = [AccountTier.Strategic, AccountTier.Key, AccountTier.Standard];

    /// <summary>The tier of a customer: the first tier (strategic, key) whose rule it meets; standard takes the rest.</summary>
    public static AccountTier Place(IReadOnlyDictionary<AccountTier, CarePlan> plans, bool isStrategic, decimal annualRevenue, decimal potential) =>
        Explain(plans, isStrategic, annualRevenue, potential).Tier;

    /// <summary>The tier and the rule that put the customer there.</summary>
    public static CarePlaced Explain(IReadOnlyDictionary<AccountTier, CarePlan> plans, bool isStrategic, decimal annualRevenue, decimal potential)
    {
        foreach (var tier in TopDown.Where(t => t != AccountTier.Standard))
        {
            if (!plans.TryGetValue(tier, out var plan))
            {
                plan = CareSchedule.DefaultPlan(tier);
            }
            if (plan.IncludesStrategic && isStrategic)
            {
                return new CarePlaced(tier, CareReason.StrategicFlag, null);
            }
            if (plan.MinAnnualRevenue is { } revenue && annualRevenue >= revenue)
            {
                return new CarePlaced(tier, CareReason.Revenue, revenue);
            }
            if (plan.MinPotential is { } min && potential >= min)
            {
                return new CarePlaced(tier, CareReason.Potential, min);
            }
        }
        return new CarePlaced(AccountTier.Standard, CareReason.Rest, null);
    }

    /// <summary>Orders that count as revenue: confirmed and on (not drafts, not cancelled).</summary>
    internal static readonly OrderStatus[] RevenueStatuses = [OrderStatus.Confirmed, OrderStatus.PartlyDelivered, OrderStatus.Delivered];

    /// <summary>
    /// Revenue of the last 365 days (order lines of confirmed orders ordered since, quantity x unit
    /// price, cancelled lines and lines without a price count 0) and potential (per product category
    /// the wallet's annual value from each supplier's latest entry), both in the base currency; amounts
    /// in a currency without an exchange rate count 0. Three queries whatever the number of accounts;
    /// accounts the context's viewer may not see count 0. Null <paramref name="accountIds"/>: every
    /// customer.
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, CareSize>> SizesAsync(BridgeheadDb db, CurrencySettings settings, IReadOnlyCollection<long>? accountIds, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var since = today.AddDays(-365);
        var rates = await WalletMath.RatesAsync(db, settings, ct);

        var lines = db.OrderLines.AsNoTracking()
            .Where(l => l.UnitPrice != null && l.Status != OrderLineStatus.Cancelled
                && RevenueStatuses.Contains(l.Order!.Status) && l.Order.OrderedOn > since && l.Order.OrderedOn <= today);
        var shares = db.SupplierShares.AsNoTracking();
        if (accountIds is not null)
        {
            lines = lines.Where(l => accountIds.Contains(l.AccountId));
            shares = shares.Where(s => accountIds.Contains(s.AccountId));
        }
        else
        {
            lines = lines.Where(l => db.Accounts.Any(a => a.Id == l.AccountId && a.Status == AccountStatus.Customer));
            shares = shares.Where(s => db.Accounts.Any(a => a.Id == s.AccountId && a.Status == AccountStatus.Customer));
        }
        // Decimal arithmetic stays in memory: SQLite has no decimal type to multiply in.
        var revenueRows = await lines.Select(l => new { l.AccountId, l.Order!.Currency, l.Quantity, Price = l.UnitPrice!.Value }).ToListAsync(ct);
        var shareRows = await shares
            .Select(s => new WalletRow(s.AccountId, s.CategoryKey, s.Id, s.CompetitorId, s.SharePercent, s.AnnualValue, s.Currency, s.AsOf))
            .ToListAsync(ct);

        var revenue = revenueRows
            .GroupBy(r => r.AccountId)
            .ToDictionary(g => g.Key, g => g.Sum(r => rates.TryGetValue(r.Currency.Trim(), out var rate) ? r.Quantity * r.Price * rate : 0m));
        var unconverted = new HashSet<string>(StringComparer.Ordinal);
        var potential = shareRows
            .GroupBy(r => r.AccountId)
            .ToDictionary(g => g.Key, g => g.GroupBy(r => r.CategoryKey)
                .Sum(c => WalletMath.Value(WalletMath.Current(c, r => r.Entry), rates, unconverted).Total ?? 0m));
        return revenue.Keys.Union(potential.Keys).ToDictionary(
            id => id,
            id => new CareSize(WalletMath.Round(revenue.GetValueOrDefault(id)), WalletMath.Round(potential.GetValueOrDefault(id))));
    }

    /// <summary>
    /// Re-places customers (the given ones, or all with null) under the saved plans and writes the
    /// tiers that changed in one save, through the change tracker so each change is audited like any
    /// account edit. Returns how many accounts changed tier.
    /// </summary>
    public static async Task<int> PlaceTiersAsync(BridgeheadDb db, CurrencySettings settings, IReadOnlyCollection<long>? accountIds, CancellationToken ct)
    {
        var plans = await CareSchedule.PlansAsync(db, ct);
        var customers = db.Accounts.AsNoTracking().Where(a => a.Status == AccountStatus.Customer);
        if (accountIds is not null)
        {
            customers = customers.Where(a => accountIds.Contains(a.Id));
        }
        var current = await customers.Select(a => new { a.Id, a.Tier, a.IsStrategic }).ToListAsync(ct);
        if (current.Count == 0)
        {
            return 0;
        }
        var sizes = await SizesAsync(db, settings, accountIds, ct);
        var wanted = current
            .Select(a => (a.Id, a.Tier, Placed: Place(plans, a.IsStrategic, sizes.GetValueOrDefault(a.Id)?.AnnualRevenue ?? 0, sizes.GetValueOrDefault(a.Id)?.Potential ?? 0)))
            .Where(a => a.Tier != a.Placed)
            .ToDictionary(a => a.Id, a => a.Placed);
        if (wanted.Count == 0)
        {
            return 0;
        }
        var ids = wanted.Keys.ToList();
        foreach (var account in await db.Accounts.Where(a => ids.Contains(a.Id)).ToListAsync(ct))
        {
            account.Tier = wanted[account.Id];
        }
        await db.SaveChangesAsync(ct);
        return wanted.Count;
    }

    /// <summary>Sets the tier of one account (about to be saved) from the rules, when it is a customer; prospects keep theirs.</summary>
    public static async Task PlaceOneAsync(BridgeheadDb db, CurrencySettings settings, Account account, CancellationToken ct)
    {
        if (account.Status != AccountStatus.Customer)
        {
            return;
        }
        var plans = await CareSchedule.PlansAsync(db, ct);
        var size = account.Id == 0
            ? CareSize.Zero
            : (await SizesAsync(db, settings, [account.Id], ct)).GetValueOrDefault(account.Id) ?? CareSize.Zero;
        account.Tier = Place(plans, account.IsStrategic, size.AnnualRevenue, size.Potential);
    }
}
