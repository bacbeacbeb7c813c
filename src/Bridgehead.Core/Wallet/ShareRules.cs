using System.Globalization;
using Bridgehead.Common;

namespace Bridgehead.Wallet;

/// <summary>One entry as the picture rules read it.</summary>
/// <param name="CompetitorId">Null: us.</param>
public sealed record ShareEntry(long Id, long? CompetitorId, decimal SharePercent, DateOnly AsOf);

/// <summary>
/// The share-of-wallet picture: at a date D, each supplier holds the share of its latest entry
/// dated on or before D (an entry of 0% says the supplier has left). The picture of one category
/// at one account may never add up to more than 100%.
/// </summary>
public static class ShareRules
{
    /// <summary>Each supplier's current entry as of <paramref name="date"/> (0% entries included).</summary>
    public static IReadOnlyList<T> PictureAt<T>(IEnumerable<T> entries, DateOnly date, Func<T, ShareEntry> key) =>
        [.. entries.Select(e => (Entry: e, Key: key(e)))
            .Where(x => x.Key.AsOf <= date)
            .GroupBy(x => x.Key.CompetitorId)
            .Select(g => g.OrderByDescending(x => x.Key.AsOf).ThenByDescending(x => x.Key.Id).First().Entry)];

    public static decimal TotalAt(IReadOnlyList<ShareEntry> entries, DateOnly date) =>
        PictureAt(entries, date, e => e).Sum(e => e.SharePercent);

    /// <summary>
    /// The first date from <paramref name="from"/> on at which the category's picture would exceed
    /// 100%, with that total; null when every picture fits. The picture only changes on an entry's
    /// date, so those dates (and <paramref name="from"/> itself) are all that need checking.
    /// </summary>
    public static (DateOnly Date, decimal Total)? FirstOverflow(IReadOnlyList<ShareEntry> entries, DateOnly from)
    {
        var dates = entries.Select(e => e.AsOf).Where(d => d >= from).Append(from).Distinct().Order();
        foreach (var date in dates)
        {
            var total = TotalAt(entries, date);
            if (total > 100m)
            {
                return (date, total);
            }
        }
        return null;
    }

    internal static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string OverflowMessage(string template, string category, (DateOnly Date, decimal Total) overflow) =>
        Validator.Format(template, category, Wallets.Percent(overflow.Total), Date(overflow.Date));
}
