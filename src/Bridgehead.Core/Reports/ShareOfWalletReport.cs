using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Wallet;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Reports;

/// <summary>
/// Share-of-wallet trend: our share of the filtered accounts' spend, one row per month of the
/// period, taken as of the month's last day (the last month as of the period's end).
/// <para>
/// At that date each category of each account has its picture (<see cref="ShareRules.PictureAt"/>:
/// every supplier's latest entry on or before the date; suppliers at 0% have left). A category
/// counts when its picture holds a supplier and its yearly spend is known
/// (<see cref="WalletMath.Value"/>: the values given, in the base currency, scaled up to 100%).
/// Our share is the spend-weighted mean of our share over the counted categories:
/// sum(our % x spend) / sum(spend); the top competitor is the rival with the largest weighted share
/// computed the same way (0% where it does not supply). Accounts counted: accounts with at least
/// one counted category. Wallet: the sum of the counted categories' spend. Months with nothing
/// counted have an empty share.
/// </para>
/// Filters: owner, team, industry, application and pipeline narrow the accounts
/// (<see cref="ReportFilter.Accounts"/>). Sales readers only (share of wallet is sales intelligence).
/// </summary>
public sealed class ShareOfWalletReport(BridgeheadDb db, CurrencySettings settings) : IReport
{
    public string Name => "share-of-wallet";

    public string Title => AccountReportsText.Wallet_Title;

    public string Description => AccountReportsText.Wallet_Description;

    public bool IsFor(Viewer viewer) => viewer.CanReadSales;

    public async Task<ReportResult> RunAsync(ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var accounts = filter.Accounts(db).Select(a => a.Id);
        var to = filter.To;
        var shares = await db.SupplierShares.AsNoTracking()
            .Where(s => s.AsOf <= to && accounts.Contains(s.AccountId))
            .Select(s => new WalletRow(s.AccountId, s.CategoryKey, s.Id, s.CompetitorId, s.SharePercent, s.AnnualValue, s.Currency, s.AsOf))
            .ToListAsync(ct);
        var competitorIds = shares.Where(s => s.CompetitorId is not null).Select(s => s.CompetitorId!.Value).Distinct().ToList();
        var names = await db.Competitors.AsNoTracking().Where(c => competitorIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var rates = await WalletMath.RatesAsync(db, settings, ct);
        var categories = shares.GroupBy(s => (s.AccountId, s.CategoryKey)).Select(g => g.ToList()).ToList();
        var unconverted = new SortedSet<string>(StringComparer.Ordinal);

        var rows = new List<object?[]>();
        foreach (var month in MonthSlice.Of(filter))
        {
            decimal spend = 0, ours = 0;
            var rivals = new Dictionary<long, decimal>();
            var counted = new HashSet<long>();
            foreach (var entries in categories)
            {
                var picture = ShareRules.PictureAt(entries, month.End, r => r.Entry).Where(r => r.SharePercent > 0).ToList();
                if (picture.Count == 0 || WalletMath.Value(picture, rates, unconverted).Total is not { } total)
                {
                    continue;
                }
                counted.Add(picture[0].AccountId);
                spend += total;
                foreach (var row in picture)
                {
                    if (row.CompetitorId is { } rival)
                    {
                        rivals[rival] = rivals.GetValueOrDefault(rival) + (row.SharePercent * total);
                    }
                    else
                    {
                        ours += row.SharePercent * total;
                    }
                }
            }
            string? topName = null;
            decimal? topShare = null;
            if (rivals.Count > 0)
            {
                var top = rivals
                    .Select(r => (Name: names.GetValueOrDefault(r.Key, ""), Weighted: r.Value))
                    .OrderByDescending(r => r.Weighted).ThenBy(r => r.Name, StringComparer.CurrentCulture)
                    .First();
                topName = top.Name;
                topShare = Percent(top.Weighted, spend);
            }
            rows.Add(spend > 0
                ? [month.Label, Percent(ours, spend), counted.Count, decimal.Round(spend, 2, MidpointRounding.AwayFromZero), topName, topShare]
                : [month.Label, null, 0, null, null, null]);
        }
        var note = unconverted.Count == 0
            ? Validator.Format(AccountReportsText.Wallet_Note, settings.BaseCurrency)
            : Validator.Format(AccountReportsText.Wallet_NoteUnconverted, settings.BaseCurrency, string.Join(", ", unconverted));
        return new ReportResult(
            [
                new("month", AccountReportsText.Month, ReportColumnKind.Text),
                new("ourShare", AccountReportsText.Wallet_OurShare, ReportColumnKind.Percent),
                new("accounts", AccountReportsText.Wallet_Accounts, ReportColumnKind.Count),
                new("wallet", AccountReportsText.Wallet_Wallet, ReportColumnKind.Money),
                new("topCompetitor", AccountReportsText.Wallet_TopCompetitor, ReportColumnKind.Text),
                new("topCompetitorShare", AccountReportsText.Wallet_TopCompetitorShare, ReportColumnKind.Percent),
            ],
            rows,
            new ReportChart(ReportChartKind.Line, "month", ["ourShare", "topCompetitorShare"]),
            note);
    }

    /// <summary>A weighted sum over the weights' total, as 0-100 with one decimal.</summary>
    private static decimal Percent(decimal weighted, decimal spend) => decimal.Round(weighted / spend, 1, MidpointRounding.AwayFromZero);
}
