using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Wallet;

/// <summary>One supplier in the current picture of a category.</summary>
/// <param name="ShareId">The entry that gives this share (edit it to correct the picture).</param>
public sealed record WalletSupplierDto(
    long ShareId, SupplierKind Supplier, long? CompetitorId, string? CompetitorName, decimal SharePercent,
    decimal? AnnualVolume, string? VolumeUnit, Money? AnnualValue, DateOnly AsOf);

/// <summary>Our share in the picture at a date on which the picture changed.</summary>
public sealed record SharePointDto(DateOnly AsOf, decimal SharePercent);

/// <summary>One product category at an account: who supplies it today, what is open, what it is worth, and how our share moved.</summary>
/// <param name="AsOf">The date of the newest entry of the category.</param>
/// <param name="OpenShare">100 minus the suppliers' shares: what nobody we know of holds.</param>
/// <param name="TotalWalletValue">The category's yearly spend in the base currency, estimated from the suppliers whose value is known (scaled up to 100%); null when none is.</param>
/// <param name="WalletNotOurs">The part of that spend not with us: total x (100 - our share) / 100.</param>
/// <param name="UnconvertedCurrencies">Currencies of values left out because they have no exchange rate.</param>
/// <param name="OurShareHistory">Our share at every date the picture changed, oldest first (0 before we supplied).</param>
public sealed record WalletCategoryDto(
    string ProductCategory,
    DateOnly AsOf,
    IReadOnlyList<WalletSupplierDto> Suppliers,
    decimal OurShare,
    decimal OpenShare,
    Money? TotalWalletValue,
    Money? WalletNotOurs,
    IReadOnlyList<string> UnconvertedCurrencies,
    IReadOnlyList<SharePointDto> OurShareHistory);

/// <summary>An account's share of wallet: every category, and the wallet not yet ours in the base currency.</summary>
public sealed record ShareOfWalletDto(
    long AccountId,
    string BaseCurrency,
    IReadOnlyList<WalletCategoryDto> Categories,
    Money WalletNotOurs,
    IReadOnlyList<string> UnconvertedCurrencies);

/// <summary>The columns of an entry that the wallet arithmetic reads.</summary>
internal sealed record WalletRow(long AccountId, string CategoryKey, long Id, long? CompetitorId, decimal SharePercent, decimal? AnnualValue, string? Currency, DateOnly AsOf)
{
    public ShareEntry Entry => new(Id, CompetitorId, SharePercent, AsOf);
}

/// <summary>The wallet arithmetic shared by the account's summary and the Openings list.</summary>
internal static class WalletMath
{
    public static async Task<Dictionary<string, decimal>> RatesAsync(BridgeheadDb db, CurrencySettings settings, CancellationToken ct)
    {
        var rates = await db.ExchangeRates.AsNoTracking().ToDictionaryAsync(r => r.Currency.Trim(), r => r.Rate, StringComparer.Ordinal, ct);
        // The base currency converts at 1, whatever an old rate (from before a change of base) says.
        rates[settings.BaseCurrency] = 1m;
        return rates;
    }

    /// <summary>The current picture of one category: each supplier's latest entry, leavers (0%) left out.</summary>
    public static List<T> Current<T>(IEnumerable<T> rows, Func<T, ShareEntry> entry) =>
        [.. ShareRules.PictureAt(rows, DateOnly.MaxValue, entry).Where(r => entry(r).SharePercent > 0)];

    /// <summary>Total wallet and the part not ours, in the base currency; currencies without a rate go to <paramref name="unconverted"/>.</summary>
    public static (decimal? Total, decimal? NotOurs) Value(IEnumerable<WalletRow> picture, Dictionary<string, decimal> rates, ISet<string> unconverted)
    {
        decimal known = 0, value = 0, ours = 0;
        foreach (var row in picture)
        {
            if (row.CompetitorId is null)
            {
                ours += row.SharePercent;
            }
            if (row.AnnualValue is not { } amount || row.Currency is not { } currency)
            {
                continue;
            }
            if (!rates.TryGetValue(currency.Trim(), out var rate))
            {
                unconverted.Add(currency.Trim());
                continue;
            }
            known += row.SharePercent;
            value += amount * rate;
        }
        if (known <= 0)
        {
            return (null, null);
        }
        var total = value * 100m / known;
        return (Round(total), Round(total * (100m - ours) / 100m));
    }

    /// <summary>Every category of one account: (not ours in base, unconverted currencies).</summary>
    public static decimal NotOurs(IEnumerable<WalletRow> accountRows, Dictionary<string, decimal> rates, ISet<string> unconverted) =>
        accountRows.GroupBy(r => r.CategoryKey)
            .Sum(g => Value(Current(g, r => r.Entry), rates, unconverted).NotOurs ?? 0);

    public static decimal Round(decimal value) => decimal.Round(value, 4, MidpointRounding.AwayFromZero);
}

/// <summary>
/// The share of wallet of one account: per category the current picture (each supplier's latest
/// entry), our share, the open share, the estimated wallet and the part not yet ours, and the
/// history of our share; plus the account's wallet not yet ours in the base currency.
/// </summary>
public sealed class GetShareOfWallet(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<ShareOfWalletDto> HandleAsync(long accountId, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        await Wallets.RequireAccountAsync(db, accountId, ct);
        var shares = await db.SupplierShares.AsNoTracking().Where(s => s.AccountId == accountId)
            .Select(ShareQueries.Projection).ToListAsync(ct);
        var rates = await WalletMath.RatesAsync(db, settings, ct);
        var allUnconverted = new SortedSet<string>(StringComparer.Ordinal);
        var categories = new List<WalletCategoryDto>();
        decimal notOurs = 0;
        foreach (var group in shares.GroupBy(s => Text.SearchKey(s.ProductCategory)))
        {
            static ShareEntry Entry(SupplierShareDto s) => new(s.Id, s.CompetitorId, s.SharePercent, s.AsOf);
            var newest = group.OrderByDescending(s => s.AsOf).ThenByDescending(s => s.Id).First();
            var current = WalletMath.Current(group, Entry)
                .OrderBy(s => s.Supplier == SupplierKind.Us ? 0 : 1).ThenByDescending(s => s.SharePercent).ThenBy(s => s.CompetitorName)
                .ToList();
            var ourShare = current.Where(s => s.Supplier == SupplierKind.Us).Sum(s => s.SharePercent);
            var unconverted = new SortedSet<string>(StringComparer.Ordinal);
            var (total, notOursHere) = WalletMath.Value(
                current.Select(s => new WalletRow(accountId, group.Key, s.Id, s.CompetitorId, s.SharePercent, s.AnnualValue?.Amount, s.AnnualValue?.Currency, s.AsOf)),
                rates, unconverted);
            allUnconverted.UnionWith(unconverted);
            notOurs += notOursHere ?? 0;
            var entries = group.Select(Entry).ToList();
            var history = entries.Select(e => e.AsOf).Distinct().Order()
                .Select(d => new SharePointDto(d, ShareRules.PictureAt(entries, d, e => e).Where(e => e.CompetitorId is null).Sum(e => e.SharePercent)))
                .ToList();
            categories.Add(new WalletCategoryDto(
                newest.ProductCategory,
                newest.AsOf,
                [.. current.Select(s => new WalletSupplierDto(s.Id, s.Supplier, s.CompetitorId, s.CompetitorName, s.SharePercent, s.AnnualVolume, s.VolumeUnit, s.AnnualValue, s.AsOf))],
                ourShare,
                Math.Max(0, 100m - current.Sum(s => s.SharePercent)),
                total is { } t ? new Money(t, settings.BaseCurrency) : null,
                notOursHere is { } n ? new Money(n, settings.BaseCurrency) : null,
                [.. unconverted],
                history));
        }
        return new ShareOfWalletDto(accountId, settings.BaseCurrency,
            [.. categories.OrderBy(c => Text.SearchKey(c.ProductCategory), StringComparer.Ordinal)],
            new Money(WalletMath.Round(notOurs), settings.BaseCurrency), [.. allUnconverted]);
    }
}
