using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Wallet;

/// <summary>What the Openings list is sorted by (always largest first).</summary>
public enum OpeningsSort
{
    Combined,
    Signal,
    Fit,
    WalletNotOurs,
}

/// <summary>Filters and order of the Openings list.</summary>
public sealed record OpeningsQuery
{
    /// <summary>ISIC code: a section covers its divisions.</summary>
    public string? Industry { get; init; }

    public long? ApplicationId { get; init; }

    public OpeningsSort Sort { get; init; }
}

/// <summary>One account in the Openings list, with each part of its score.</summary>
/// <param name="Signal">The opening signal, 0-100.</param>
/// <param name="FitScore">The ideal-customer fit, 0-100; null (counted as 0) while no criteria are set.</param>
/// <param name="WalletNotOurs">The account's wallet not yet ours, in the base currency.</param>
/// <param name="WalletScore">That wallet relative to the largest in the list, 0-100.</param>
/// <param name="Combined">50% signal + 30% fit + 20% wallet score.</param>
/// <param name="HasUnconverted">Some value of the account had no exchange rate and is left out of the wallet.</param>
public sealed record OpeningDto(
    long AccountId,
    string AccountName,
    AccountStatus Status,
    string? Industry,
    decimal Signal,
    int? FitScore,
    Money WalletNotOurs,
    decimal WalletScore,
    decimal Combined,
    int RecentSlips,
    bool HasUnconverted);

/// <summary>A page of the Openings list.</summary>
/// <param name="Total">How many accounts qualify under the filters.</param>
public sealed record OpeningsDto(IReadOnlyList<OpeningDto> Items, string? NextCursor, int Total, string BaseCurrency, OpeningsSort Sort);

/// <summary>
/// The accounts the caller sees that show an opening (a signal above 0) or wallet not yet ours,
/// ranked by <see cref="SignalWeight"/> x signal + <see cref="FitWeight"/> x fit +
/// <see cref="WalletWeight"/> x wallet relative to the largest in the list. Four queries whatever
/// the number of accounts: the accounts, their share entries, their recent slips, the rates.
/// </summary>
public sealed class ListOpenings(BridgeheadDb db, CurrencySettings settings)
{
    public const decimal SignalWeight = 0.5m;
    public const decimal FitWeight = 0.3m;
    public const decimal WalletWeight = 0.2m;

    public async Task<OpeningsDto> HandleAsync(OpeningsQuery query, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var today = Wallets.Today(db);
        var earliest = OpeningSignal.Earliest(today);

        var accounts = db.Accounts.AsNoTracking();
        if (Text.Clean(query.Industry) is { } industry)
        {
            var codes = IsicCatalogue.Find(industry) is { } known ? IsicCatalogue.Covered(known.Code) : [industry];
            accounts = accounts.Where(a => a.Industry != null && codes.Contains(a.Industry));
        }
        if (query.ApplicationId is { } applicationId)
        {
            accounts = accounts.Where(a => a.Applications.Any(x => x.ApplicationId == applicationId));
        }
        var candidates = accounts.Where(a =>
            db.SupplierShares.Any(s => s.AccountId == a.Id)
            || db.IncumbentEvents.Any(e => e.AccountId == a.Id && e.OccurredOn >= earliest));

        var facts = await candidates
            .Select(a => new { a.Id, a.Name, a.Status, a.Industry, a.FitScore })
            .ToListAsync(ct);
        var shares = await db.SupplierShares.AsNoTracking()
            .Where(s => candidates.Any(a => a.Id == s.AccountId))
            .Select(s => new WalletRow(s.AccountId, s.CategoryKey, s.Id, s.CompetitorId, s.SharePercent, s.AnnualValue, s.Currency, s.AsOf))
            .ToListAsync(ct);
        var slips = await db.IncumbentEvents.AsNoTracking()
            .Where(e => e.OccurredOn >= earliest && candidates.Any(a => a.Id == e.AccountId))
            .Select(e => new { e.AccountId, e.Kind, e.Severity, e.OccurredOn })
            .ToListAsync(ct);
        var rates = await WalletMath.RatesAsync(db, settings, ct);

        var sharesBy = shares.ToLookup(s => s.AccountId);
        var slipsBy = slips.ToLookup(s => s.AccountId);
        var rows = facts.Select(a =>
            {
                var unconverted = new HashSet<string>(StringComparer.Ordinal);
                var notOurs = WalletMath.NotOurs(sharesBy[a.Id], rates, unconverted);
                var contributions = slipsBy[a.Id].Select(s => OpeningSignal.Contribution(s.Kind, s.Severity, s.OccurredOn, today)).Where(c => c > 0).ToList();
                var signal = OpeningSignal.Round(OpeningSignal.Score(contributions));
                return (a.Id, a.Name, a.Status, a.Industry, a.FitScore, Signal: signal, NotOurs: notOurs, Slips: contributions.Count, Unconverted: unconverted.Count > 0);
            })
            .Where(r => r.Signal > 0 || r.NotOurs > 0)
            .ToList();
        var largest = rows.Count == 0 ? 0 : rows.Max(r => r.NotOurs);
        var items = rows.Select(r =>
            {
                var walletScore = largest > 0 ? decimal.Round(r.NotOurs * 100m / largest, 1, MidpointRounding.AwayFromZero) : 0;
                var combined = decimal.Round((SignalWeight * r.Signal) + (FitWeight * (r.FitScore ?? 0)) + (WalletWeight * walletScore), 1, MidpointRounding.AwayFromZero);
                return new OpeningDto(r.Id, r.Name, r.Status, r.Industry, r.Signal, r.FitScore, new Money(r.NotOurs, settings.BaseCurrency),
                    walletScore, combined, r.Slips, r.Unconverted);
            })
            .ToList();

        IOrderedEnumerable<OpeningDto> ordered = query.Sort switch
        {
            OpeningsSort.Combined => items.OrderByDescending(o => o.Combined),
            OpeningsSort.Signal => items.OrderByDescending(o => o.Signal),
            OpeningsSort.Fit => items.OrderByDescending(o => o.FitScore ?? -1),
            OpeningsSort.WalletNotOurs => items.OrderByDescending(o => o.WalletNotOurs.Amount),
            _ => throw new ArgumentOutOfRangeException(nameof(query)),
        };
        var sorted = ordered.ThenByDescending(o => o.Combined).ThenBy(o => Text.SearchKey(o.AccountName), StringComparer.Ordinal).ThenBy(o => o.AccountId).ToList();

        // The list is ranked in memory, so the cursor is a position in it, tied to the sort.
        var offset = 0;
        if (page.Cursor is { } cursor)
        {
            var (sort, position) = Keyset.Decode<string>(cursor);
            if (sort != query.Sort.ToString() || position < 0)
            {
                throw new BadRequestException("cursor", CommonText.InvalidCursor);
            }
            offset = (int)Math.Min(position, int.MaxValue);
        }
        var slice = sorted.Skip(offset).Take(page.Limit).ToList();
        var next = offset + slice.Count < sorted.Count ? Keyset.Encode(query.Sort.ToString(), offset + slice.Count) : null;
        return new OpeningsDto(slice, next, sorted.Count, settings.BaseCurrency, query.Sort);
    }
}
