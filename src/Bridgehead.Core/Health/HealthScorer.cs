namespace Bridgehead.Health;

/// <summary>One product category's share of wallet as the health score reads it.</summary>
/// <param name="Now">Our share today, 0-100.</param>
/// <param name="Before">Our share six months ago, 0-100.</param>
/// <param name="Weight">The category's yearly value (base currency) or, when unknown, the mean of the known ones (1 when none is known).</param>
public sealed record ShareFact(decimal Now, decimal Before, decimal Weight);

/// <summary>
/// Everything the health score of one customer account is computed from: plain numbers, loaded by
/// <see cref="HealthData"/> (or made up by a test), so <see cref="HealthScorer"/> stays pure.
/// </summary>
public sealed record HealthFacts
{
    /// <summary>Categories where we had a share six months ago or have one now.</summary>
    public IReadOnlyList<ShareFact> Shares { get; init; } = [];

    /// <summary>Competitor moves at the account in the last 90 days: poaching attempts (any impact).</summary>
    public int PoachingAttempts { get; init; }

    /// <summary>Other moves at the account in the last 90 days, by impact.</summary>
    public int HighImpactMoves { get; init; }

    public int MediumImpactMoves { get; init; }

    public int LowImpactMoves { get; init; }

    /// <summary>Open or contained quality incidents, by severity.</summary>
    public int CriticalIncidents { get; init; }

    public int MajorIncidents { get; init; }

    public int MinorIncidents { get; init; }

    /// <summary>Order lines due (promised) in the last 90 days and judged, and how many of them were on time in full.</summary>
    public int LinesDue { get; init; }

    public int LinesOtif { get; init; }

    /// <summary>The same for the 90 days before.</summary>
    public int PreviousLinesDue { get; init; }

    public int PreviousLinesOtif { get; init; }

    /// <summary>Feedback without our answer, received more than 7 days ago.</summary>
    public int UnansweredFeedback { get; init; }

    /// <summary>Days since the oldest of those was received (0 when none).</summary>
    public int OldestUnansweredDays { get; init; }

    public bool VisitOverdue { get; init; }

    public bool ReviewOverdue { get; init; }

    public bool SponsorMissing { get; init; }

    /// <summary>Distinct contacts with the champion role in the account's buying centers.</summary>
    public int Champions { get; init; }

    /// <summary>Of those, the ones with no timeline entry involving them in the last 60 days.</summary>
    public int QuietChampions { get; init; }

    /// <summary>Ordered value (or quantity, see <see cref="OrdersByQuantity"/>) of the last 90 days.</summary>
    public decimal Ordered { get; init; }

    /// <summary>The same for the 90 days before.</summary>
    public decimal PreviousOrdered { get; init; }

    /// <summary>True when some ordered line had no price (or the currencies differ), so quantities are compared.</summary>
    public bool OrdersByQuantity { get; init; }
}

/// <summary>One reason the score is below 100, with the numbers behind it (the page and API turn them into a sentence).</summary>
public sealed record HealthSignal(string Key, int PointsLost, int MaxPoints, IReadOnlyDictionary<string, decimal> Facts);

public sealed record HealthResult(int Score, HealthBand Band, IReadOnlyList<HealthSignal> Signals)
{
    /// <summary>The signal that costs the most points; null when none costs any.</summary>
    public HealthSignal? TopReason => HealthScorer.TopReason(Signals);
}

/// <summary>
/// The account health score: 100 minus the points each signal loses, clamped to 0-100. Pure and
/// monotone: worse facts never raise the score. The signals and their weights:
/// <list type="bullet">
/// <item><c>shareOfWalletTrend</c> (up to 20): our share now against six months ago, per category,
/// weighted by the category's yearly value; a net fall of F points loses F x 0.8 (25 points fallen
/// lose all 20). Gains offset falls.</item>
/// <item><c>competitorMoves</c> (up to 20): moves at the account in the last 90 days: a poaching
/// attempt 8, another high-impact move 6, medium 3, low 1.</item>
/// <item><c>openIncidents</c> (up to 20): open or contained incidents: critical 15, major 8, minor 3.</item>
/// <item><c>otifTrend</c> (up to 15): on-time-in-full of the lines due in the last 90 days: 0.25 per
/// point below 95% (up to 10), plus 0.25 per point fallen from the 90 days before (up to 5). No
/// lines due: no loss; no lines before: no trend loss.</item>
/// <item><c>unansweredFeedback</c> (up to 10): 4 per piece of feedback without our answer received
/// more than 7 days ago.</item>
/// <item><c>overdueCare</c> (up to 10): visit overdue 5, business review overdue 3, required
/// executive sponsor missing 2.</item>
/// <item><c>championGoneQuiet</c> (up to 10): 5 per champion with no timeline entry involving them in
/// 60 days.</item>
/// <item><c>orderVolumeTrend</c> (up to 15): ordered value of the last 90 days against the 90 before
/// (quantities when some line is unpriced); a fall beyond 20% loses 0.25 per further point (an 80%
/// fall or more loses all 15). Nothing ordered before: no loss.</item>
/// </list>
/// Bands: healthy 70-100, watch 40-69, at risk 0-39.
/// </summary>
public static class HealthScorer
{
    public const string ShareOfWalletTrend = "shareOfWalletTrend";
    public const string CompetitorMoves = "competitorMoves";
    public const string OpenIncidents = "openIncidents";
    public const string OtifTrend = "otifTrend";
    public const string UnansweredFeedback = "unansweredFeedback";
    public const string OverdueCare = "overdueCare";
    public const string ChampionGoneQuiet = "championGoneQuiet";
    public const string OrderVolumeTrend = "orderVolumeTrend";

    public const int HealthyFrom = 70;
    public const int WatchFrom = 40;

    /// <summary>The OTIF below which points are lost.</summary>
    public const decimal OtifTarget = 95m;

    /// <summary>The fall in ordered volume tolerated before points are lost.</summary>
    public const decimal OrderFallTolerated = 20m;

    public static HealthBand BandOf(int score) =>
        score >= HealthyFrom ? HealthBand.Healthy : score >= WatchFrom ? HealthBand.Watch : HealthBand.AtRisk;

    /// <summary>How bad a band is: healthy 0, watch 1, at risk 2 (the enum's order).</summary>
    public static bool IsWorse(HealthBand band, HealthBand than) => (int)band > (int)than;

    public static HealthResult Score(HealthFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        HealthSignal[] signals =
        [
            Share(facts),
            Moves(facts),
            Incidents(facts),
            Otif(facts),
            Feedback(facts),
            Care(facts),
            Champions(facts),
            Orders(facts),
        ];
        var score = Math.Clamp(100 - signals.Sum(s => s.PointsLost), 0, 100);
        return new HealthResult(score, BandOf(score), signals);
    }

    public static HealthSignal? TopReason(IEnumerable<HealthSignal> signals) =>
        signals.Where(s => s.PointsLost > 0).OrderByDescending(s => s.PointsLost).FirstOrDefault();

    private static int Points(decimal raw, int max) => (int)Math.Clamp(Math.Round(raw, MidpointRounding.AwayFromZero), 0, max);

    private static HealthSignal Share(HealthFacts f)
    {
        const int max = 20;
        var weights = f.Shares.Sum(s => Math.Max(0, s.Weight));
        if (f.Shares.Count == 0 || weights <= 0)
        {
            return new HealthSignal(ShareOfWalletTrend, 0, max, new Dictionary<string, decimal> { ["categories"] = 0 });
        }
        var now = f.Shares.Sum(s => Clamp(s.Now) * Math.Max(0, s.Weight)) / weights;
        var before = f.Shares.Sum(s => Clamp(s.Before) * Math.Max(0, s.Weight)) / weights;
        var fall = Math.Max(0, before - now);
        return new HealthSignal(ShareOfWalletTrend, Points(fall * 0.8m, max), max, new Dictionary<string, decimal>
        {
            ["categories"] = f.Shares.Count,
            ["shareNow"] = Math.Round(now, 1),
            ["shareBefore"] = Math.Round(before, 1),
        });
    }

    private static decimal Clamp(decimal percent) => Math.Clamp(percent, 0, 100);

    private static HealthSignal Moves(HealthFacts f)
    {
        const int max = 20;
        var raw = (8m * Math.Max(0, f.PoachingAttempts)) + (6m * Math.Max(0, f.HighImpactMoves)) + (3m * Math.Max(0, f.MediumImpactMoves)) + Math.Max(0, f.LowImpactMoves);
        return new HealthSignal(CompetitorMoves, Points(raw, max), max, new Dictionary<string, decimal>
        {
            ["moves"] = Math.Max(0, f.PoachingAttempts) + Math.Max(0, f.HighImpactMoves) + Math.Max(0, f.MediumImpactMoves) + Math.Max(0, f.LowImpactMoves),
            ["poachingAttempts"] = Math.Max(0, f.PoachingAttempts),
            ["highImpact"] = Math.Max(0, f.HighImpactMoves),
        });
    }

    private static HealthSignal Incidents(HealthFacts f)
    {
        const int max = 20;
        var raw = (15m * Math.Max(0, f.CriticalIncidents)) + (8m * Math.Max(0, f.MajorIncidents)) + (3m * Math.Max(0, f.MinorIncidents));
        return new HealthSignal(OpenIncidents, Points(raw, max), max, new Dictionary<string, decimal>
        {
            ["critical"] = Math.Max(0, f.CriticalIncidents),
            ["major"] = Math.Max(0, f.MajorIncidents),
            ["minor"] = Math.Max(0, f.MinorIncidents),
        });
    }

    private static decimal? Percent(int otif, int due) => due <= 0 ? null : 100m * Math.Clamp(otif, 0, due) / due;

    private static HealthSignal Otif(HealthFacts f)
    {
        const int max = 15;
        if (Percent(f.LinesOtif, f.LinesDue) is not { } now)
        {
            return new HealthSignal(OtifTrend, 0, max, new Dictionary<string, decimal> { ["linesDue"] = 0 });
        }
        var level = Math.Min(10m, Math.Max(0, OtifTarget - now) * 0.25m);
        var facts = new Dictionary<string, decimal> { ["linesDue"] = f.LinesDue, ["otif"] = Math.Round(now, 1) };
        var trend = 0m;
        if (Percent(f.PreviousLinesOtif, f.PreviousLinesDue) is { } before)
        {
            trend = Math.Min(5m, Math.Max(0, before - now) * 0.25m);
            facts["previousOtif"] = Math.Round(before, 1);
        }
        return new HealthSignal(OtifTrend, Points(level + trend, max), max, facts);
    }

    private static HealthSignal Feedback(HealthFacts f)
    {
        const int max = 10;
        var count = Math.Max(0, f.UnansweredFeedback);
        return new HealthSignal(UnansweredFeedback, Points(4m * count, max), max, new Dictionary<string, decimal>
        {
            ["unanswered"] = count,
            ["oldestDays"] = count == 0 ? 0 : Math.Max(0, f.OldestUnansweredDays),
        });
    }

    private static HealthSignal Care(HealthFacts f)
    {
        const int max = 10;
        var raw = (f.VisitOverdue ? 5 : 0) + (f.ReviewOverdue ? 3 : 0) + (f.SponsorMissing ? 2 : 0);
        return new HealthSignal(OverdueCare, Points(raw, max), max, new Dictionary<string, decimal>
        {
            ["visitOverdue"] = f.VisitOverdue ? 1 : 0,
            ["reviewOverdue"] = f.ReviewOverdue ? 1 : 0,
            ["sponsorMissing"] = f.SponsorMissing ? 1 : 0,
        });
    }

    private static HealthSignal Champions(HealthFacts f)
    {
        const int max = 10;
        var quiet = Math.Max(0, f.QuietChampions);
        return new HealthSignal(ChampionGoneQuiet, Points(5m * quiet, max), max, new Dictionary<string, decimal>
        {
            ["champions"] = Math.Max(Math.Max(0, f.Champions), quiet),
            ["quiet"] = quiet,
        });
    }

    private static HealthSignal Orders(HealthFacts f)
    {
        const int max = 15;
        var now = Math.Max(0, f.Ordered);
        var before = Math.Max(0, f.PreviousOrdered);
        var facts = new Dictionary<string, decimal>
        {
            ["byQuantity"] = f.OrdersByQuantity ? 1 : 0,
        };
        if (before <= 0)
        {
            return new HealthSignal(OrderVolumeTrend, 0, max, facts);
        }
        var fall = Math.Max(0, (before - now) * 100m / before);
        facts["changePercent"] = Math.Round((now - before) * 100m / before, 1);
        return new HealthSignal(OrderVolumeTrend, Points(Math.Max(0, fall - OrderFallTolerated) * 0.25m, max), max, facts);
    }
}
