using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.ProductRequests;

/// <summary>The money waiting on one request: converted to the base currency, what could not be, and how many pursuits.</summary>
internal sealed record Revenue(Money AtStake, IReadOnlyList<Money> Unconverted, int Count)
{
    public static Revenue None(string baseCurrency) => new(new Money(0m, baseCurrency), [], 0);
}

/// <summary>An open pursuit linked to a request, with what its owner needs to hear of the request.</summary>
internal sealed record WaitingPursuit(long RequestId, long OpportunityId, long AccountId, long OwnerId, string? OwnerLanguage);

/// <summary>
/// The one place that reads a request's links PAST the visibility filters, on purpose:
/// <list type="bullet">
/// <item>revenue at stake is the sum over every linked open pursuit, also those the caller may not
/// read (the product role reads no pursuit at all, yet ranks requests by it) — only the aggregate
/// leaves this class;</item>
/// <item>a status change or a merge by the product role must reach the owner of every linked
/// open pursuit on their timeline;</item>
/// <item>a merge moves every link, and a delete must know whether other accounts wait.</item>
/// </list>
/// Nothing read here is shown to the caller record by record.
/// </summary>
internal static class WaitingPursuits
{
    /// <summary>Revenue at stake per request (all requests when <paramref name="requestIds"/> is null); requests without open pursuits are absent.</summary>
    public static async Task<Dictionary<long, Revenue>> RevenueAsync(BridgeheadDb db, CurrencySettings settings, IReadOnlyCollection<long>? requestIds, CancellationToken ct)
    {
        var links = db.ProductRequestOpportunities.IgnoreQueryFilters().AsNoTracking();
        if (requestIds is not null)
        {
            links = links.Where(l => requestIds.Contains(l.ProductRequestId));
        }
        var rows = await links
            .Join(db.Opportunities.IgnoreQueryFilters(), l => l.OpportunityId, o => o.Id,
                (l, o) => new { l.ProductRequestId, o.Status, o.Currency, o.EstimatedAnnualValue })
            .Where(x => x.Status == OpportunityStatus.Open)
            .GroupBy(x => new { x.ProductRequestId, x.Currency })
            .Select(g => new { g.Key.ProductRequestId, g.Key.Currency, Count = g.Count(), Amount = g.Sum(x => x.EstimatedAnnualValue) })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }
        var rates = await db.ExchangeRates.AsNoTracking().ToDictionaryAsync(r => r.Currency, r => r.Rate, ct);
        // As in the forecast: the base currency converts at 1, whatever an old rate says.
        rates[settings.BaseCurrency] = 1m;
        var result = new Dictionary<long, Revenue>();
        foreach (var group in rows.GroupBy(r => r.ProductRequestId))
        {
            decimal converted = 0;
            var unconverted = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var row in group)
            {
                if (row.Amount is not { } amount || row.Currency is not { } currency)
                {
                    continue;
                }
                var code = currency.Trim();
                if (rates.TryGetValue(code, out var rate))
                {
                    converted += amount * rate;
                }
                else
                {
                    unconverted[code] = unconverted.GetValueOrDefault(code) + amount;
                }
            }
            result[group.Key] = new Revenue(new Money(Round(converted), settings.BaseCurrency),
                [.. unconverted.Select(u => new Money(Round(u.Value), u.Key))], group.Sum(r => r.Count));
        }
        return result;
    }

    /// <summary>The open pursuits linked to the requests, with their owners' language, for the timeline.</summary>
    public static Task<List<WaitingPursuit>> OpenAsync(BridgeheadDb db, IReadOnlyCollection<long> requestIds, CancellationToken ct) =>
        db.ProductRequestOpportunities.IgnoreQueryFilters().AsNoTracking()
            .Where(l => requestIds.Contains(l.ProductRequestId))
            .Join(db.Opportunities.IgnoreQueryFilters(), l => l.OpportunityId, o => o.Id, (l, o) => new { l.ProductRequestId, o })
            .Where(x => x.o.Status == OpportunityStatus.Open)
            .Select(x => new WaitingPursuit(x.ProductRequestId, x.o.Id, x.o.AccountId, x.o.OwnerId, x.o.Owner!.Language))
            .ToListAsync(ct);

    /// <summary>Every link of the requests, tracked, for a merge to move.</summary>
    public static async Task<(List<ProductRequestAccount> Accounts, List<ProductRequestOpportunity> Opportunities)> LinksAsync(
        BridgeheadDb db, IReadOnlyCollection<long> requestIds, CancellationToken ct)
    {
        var accounts = await db.ProductRequestAccounts.IgnoreQueryFilters().Where(l => requestIds.Contains(l.ProductRequestId)).ToListAsync(ct);
        var opportunities = await db.ProductRequestOpportunities.IgnoreQueryFilters().Where(l => requestIds.Contains(l.ProductRequestId)).ToListAsync(ct);
        return (accounts, opportunities);
    }

    /// <summary>How many accounts ask for the request, visible to the caller or not.</summary>
    public static Task<int> AccountCountAsync(BridgeheadDb db, long requestId, CancellationToken ct) =>
        db.ProductRequestAccounts.IgnoreQueryFilters().CountAsync(l => l.ProductRequestId == requestId, ct);

    /// <summary>Per request, how many accounts ask for it, visible or not (for who may delete).</summary>
    public static async Task<Dictionary<long, int>> AccountCountsAsync(BridgeheadDb db, IReadOnlyCollection<long> requestIds, CancellationToken ct) =>
        await db.ProductRequestAccounts.IgnoreQueryFilters().AsNoTracking()
            .Where(l => requestIds.Contains(l.ProductRequestId))
            .GroupBy(l => l.ProductRequestId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    /// <summary>Whether duplicates were merged into the request (the caller may not see them: their links moved away).</summary>
    public static Task<bool> HasDuplicatesAsync(BridgeheadDb db, long requestId, CancellationToken ct) =>
        db.ProductRequests.IgnoreQueryFilters().AnyAsync(r => r.MergedIntoId == requestId, ct);

    /// <summary>
    /// A merged duplicate whose survivor the caller sees: its links moved away, yet an old link to
    /// it must still answer with where it went.
    /// </summary>
    public static async Task<bool> IsMergedIntoVisibleAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        var survivor = await db.ProductRequests.IgnoreQueryFilters().AsNoTracking().Where(r => r.Id == id).Select(r => r.MergedIntoId).FirstOrDefaultAsync(ct);
        // Survivors are never merged themselves (a merge repoints earlier duplicates), so one hop is enough.
        return survivor is { } s && await db.ProductRequests.AnyAsync(r => r.Id == s, ct);
    }

    /// <summary>The request itself, past the filters (used only after <see cref="IsMergedIntoVisibleAsync"/>).</summary>
    public static IQueryable<ProductRequest> Merged(BridgeheadDb db, long id) =>
        db.ProductRequests.IgnoreQueryFilters().AsNoTracking().Where(r => r.Id == id && r.MergedIntoId != null);

    /// <summary>Amounts keep the four decimals money is stored with.</summary>
    private static decimal Round(decimal value) => decimal.Round(value, 4, MidpointRounding.AwayFromZero);

    /// <summary>The culture of an owner's language: Korean when they chose it, else English.</summary>
    public static CultureInfo CultureOf(string? language) =>
        string.Equals(language, "ko", StringComparison.OrdinalIgnoreCase) ? CultureInfo.GetCultureInfo("ko") : CultureInfo.GetCultureInfo("en");
}
