using Bridgehead.Care;
using Bridgehead.Competitors;
using Bridgehead.Contacts;
using Bridgehead.Data;
using Bridgehead.Feedback;
using Bridgehead.Forecasting;
using Bridgehead.Incidents;
using Bridgehead.Orders;
using Bridgehead.Wallet;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Health;

/// <summary>
/// Loads the <see cref="HealthFacts"/> of a batch of customer accounts, in a fixed number of
/// queries whatever the batch size (no query per account). It reads what the context's viewer
/// sees: the background work reads as the system; a sales reader of the account sees the same
/// facts, since every record read here is visible with its account.
/// Windows, counted back from <c>today</c>: moves, OTIF and orders the last 90 days (and the 90
/// before), share of wallet against 6 months ago, feedback unanswered for more than 7 days,
/// champions quiet for 60 days.
/// </summary>
public static class HealthData
{
    public const int RecentDays = 90;
    public const int FeedbackGraceDays = 7;
    public const int ChampionQuietDays = 60;
    public const int ShareMonths = 6;

    /// <summary>The facts per customer account among <paramref name="accountIds"/> (others are left out).</summary>
    public static async Task<IReadOnlyDictionary<long, HealthFacts>> LoadAsync(
        BridgeheadDb db, IReadOnlyCollection<long> accountIds, DateOnly today, CurrencySettings? currency = null, CancellationToken ct = default)
    {
        var care = await CareSchedule.LoadAsync(db, accountIds, ct);
        var ids = care.Keys.ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<long, HealthFacts>();
        }
        var recent = today.AddDays(-RecentDays);
        var previous = today.AddDays(-2 * RecentDays);

        var shares = await db.SupplierShares.AsNoTracking()
            .Where(s => ids.Contains(s.AccountId))
            .Select(s => new WalletRow(s.AccountId, s.CategoryKey, s.Id, s.CompetitorId, s.SharePercent, s.AnnualValue, s.Currency, s.AsOf))
            .ToListAsync(ct);
        var rates = shares.Count == 0 ? [] : await WalletMath.RatesAsync(db, currency ?? CurrencySettings.Default, ct);

        var moves = await db.CompetitorMoves.AsNoTracking()
            .Where(m => m.AccountId != null && ids.Contains(m.AccountId.Value) && m.OccurredOn > recent && m.OccurredOn <= today)
            .GroupBy(m => new { m.AccountId, m.Kind, m.Impact })
            .Select(g => new { g.Key.AccountId, g.Key.Kind, g.Key.Impact, Count = g.Count() })
            .ToListAsync(ct);

        var incidents = await db.Incidents.AsNoTracking()
            .Where(i => ids.Contains(i.AccountId) && (i.Status == IncidentStatus.Open || i.Status == IncidentStatus.Contained))
            .GroupBy(i => new { i.AccountId, i.Severity })
            .Select(g => new { g.Key.AccountId, g.Key.Severity, Count = g.Count() })
            .ToListAsync(ct);

        // One query for both OTIF (by promised date) and the order volume (by order date).
        var lines = await db.OrderLines.AsNoTracking()
            .Where(l => ids.Contains(l.AccountId) && l.Order!.Status != OrderStatus.Draft && l.Order.Status != OrderStatus.Cancelled
                && l.Status != OrderLineStatus.Cancelled
                && ((l.PromisedDate > previous && l.PromisedDate <= today) || (l.Order.OrderedOn > previous && l.Order.OrderedOn <= today)))
            .Select(l => new
            {
                l.AccountId, l.ProductId, l.Order!.Kind, OrderStatus = l.Order.Status, l.Status, l.Quantity, l.DeliveredQuantity,
                l.PromisedDate, l.DeliveredOn, l.Order.OrderedOn, l.UnitPrice, l.Order.Currency,
            })
            .ToListAsync(ct);

        var feedbackDue = today.AddDays(-FeedbackGraceDays);
        var feedback = await db.Feedback.AsNoTracking()
            .Where(f => ids.Contains(f.AccountId) && f.Status != FeedbackStatus.Closed && f.Response == null && f.ReceivedOn < feedbackDue)
            .GroupBy(f => f.AccountId)
            .Select(g => new { AccountId = g.Key, Count = g.Count(), Oldest = g.Min(f => f.ReceivedOn) })
            .ToListAsync(ct);

        var quietSince = today.AddDays(-ChampionQuietDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var champions = await db.BuyingCenterMembers.AsNoTracking()
            .Where(m => ids.Contains(m.AccountId) && m.Role == BuyingRole.Champion)
            .Select(m => new
            {
                m.AccountId,
                m.ContactId,
                Active = db.Activities.Any(x => x.ContactId == m.ContactId && x.OccurredAt >= quietSince),
            })
            .ToListAsync(ct);

        var result = new Dictionary<long, HealthFacts>();
        foreach (var id in ids)
        {
            var due = care[id];
            var accountLines = lines.Where(l => l.AccountId == id).ToList();
            var scored = accountLines
                .Where(l => l.PromisedDate is { } p && p > previous && p <= today)
                .Select(l => (Recent: l.PromisedDate > recent, Score: Fulfilment.Score(
                    new LineState(l.ProductId, l.Kind, 0, l.OrderStatus, l.Status, l.Quantity, l.DeliveredQuantity, l.PromisedDate, l.DeliveredOn), today)))
                .Where(x => x.Score.Otif is not null)
                .ToList();
            var ordered = accountLines.Where(l => l.OrderedOn > previous && l.OrderedOn <= today).ToList();
            var byQuantity = ordered.Any(l => l.UnitPrice is null) || ordered.Select(l => l.Currency).Distinct().Count() > 1;
            decimal Volume(bool recentWindow) => ordered
                .Where(l => (l.OrderedOn > recent) == recentWindow)
                .Sum(l => byQuantity ? l.Quantity : l.Quantity * (l.UnitPrice ?? 0));
            var accountMoves = moves.Where(m => m.AccountId == id).ToList();
            var accountIncidents = incidents.Where(i => i.AccountId == id).ToList();
            var fb = feedback.FirstOrDefault(f => f.AccountId == id);
            var accountChampions = champions.Where(c => c.AccountId == id).Select(c => (c.ContactId, c.Active)).Distinct().ToList();
            result[id] = new HealthFacts
            {
                Shares = ShareFacts(shares.Where(s => s.AccountId == id), rates, today),
                PoachingAttempts = accountMoves.Where(m => m.Kind == CompetitorMoveKind.PoachingAttempt).Sum(m => m.Count),
                HighImpactMoves = accountMoves.Where(m => m.Kind != CompetitorMoveKind.PoachingAttempt && m.Impact == MoveImpact.High).Sum(m => m.Count),
                MediumImpactMoves = accountMoves.Where(m => m.Kind != CompetitorMoveKind.PoachingAttempt && m.Impact == MoveImpact.Medium).Sum(m => m.Count),
                LowImpactMoves = accountMoves.Where(m => m.Kind != CompetitorMoveKind.PoachingAttempt && m.Impact == MoveImpact.Low).Sum(m => m.Count),
                CriticalIncidents = accountIncidents.Where(i => i.Severity == IncidentSeverity.Critical).Sum(i => i.Count),
                MajorIncidents = accountIncidents.Where(i => i.Severity == IncidentSeverity.Major).Sum(i => i.Count),
                MinorIncidents = accountIncidents.Where(i => i.Severity == IncidentSeverity.Minor).Sum(i => i.Count),
                LinesDue = scored.Count(x => x.Recent),
                LinesOtif = scored.Count(x => x.Recent && x.Score.Otif == true),
                PreviousLinesDue = scored.Count(x => !x.Recent),
                PreviousLinesOtif = scored.Count(x => !x.Recent && x.Score.Otif == true),
                UnansweredFeedback = fb?.Count ?? 0,
                OldestUnansweredDays = fb is null ? 0 : today.DayNumber - fb.Oldest.DayNumber,
                VisitOverdue = due.VisitOverdue(today),
                ReviewOverdue = due.ReviewOverdue(today),
                SponsorMissing = due.SponsorMissing,
                Champions = accountChampions.Select(c => c.ContactId).Distinct().Count(),
                QuietChampions = accountChampions.GroupBy(c => c.ContactId).Count(g => !g.Any(c => c.Active)),
                Ordered = Volume(true),
                PreviousOrdered = Volume(false),
                OrdersByQuantity = byQuantity,
            };
        }
        return result;
    }

    /// <summary>Our share per category now and six months ago, weighted by the category's yearly value.</summary>
    private static List<ShareFact> ShareFacts(IEnumerable<WalletRow> rows, Dictionary<string, decimal> rates, DateOnly today)
    {
        var before = today.AddMonths(-ShareMonths);
        var unconverted = new HashSet<string>(StringComparer.Ordinal);
        var categories = new List<(decimal Now, decimal Before, decimal? Value)>();
        foreach (var category in rows.GroupBy(r => r.CategoryKey))
        {
            var then = ShareRules.PictureAt(category, before, r => r.Entry);
            if (then.Count == 0)
            {
                // No picture six months ago: no baseline to compare with.
                continue;
            }
            var current = ShareRules.PictureAt(category, today, r => r.Entry);
            var ourNow = current.Where(r => r.CompetitorId is null).Sum(r => r.SharePercent);
            var ourBefore = then.Where(r => r.CompetitorId is null).Sum(r => r.SharePercent);
            if (ourNow == 0 && ourBefore == 0)
            {
                continue;
            }
            var value = WalletMath.Value(current.Where(r => r.SharePercent > 0), rates, unconverted).Total;
            categories.Add((ourNow, ourBefore, value));
        }
        var known = categories.Where(c => c.Value is > 0).Select(c => c.Value!.Value).ToList();
        var fallback = known.Count == 0 ? 1m : known.Average();
        return [.. categories.Select(c => new ShareFact(c.Now, c.Before, c.Value is { } v and > 0 ? v : fallback))];
    }
}
