using Bridgehead.Health;
using CsCheck;

namespace Bridgehead.Tests.Health;

/// <summary>
/// The health score's promises for any facts: 0-100, the band from the score, the same answer for
/// the same facts, each signal within its maximum, and monotone (worse facts never raise the score
/// nor lower a signal's loss); plus worked examples of the weights.
/// </summary>
public sealed class HealthScorerTests
{
    private static readonly Gen<ShareFact> GenShare =
        Gen.Select(Gen.Int[0, 100], Gen.Int[0, 100], Gen.Int[0, 1000]).Select(t => new ShareFact(t.Item1, t.Item2, t.Item3));

    private static readonly Gen<HealthFacts> GenFacts =
        from shares in GenShare.Array[0, 4]
        from moves in Gen.Int[0, 4].Array[4]
        from incidents in Gen.Int[0, 3].Array[3]
        from due in Gen.Int[0, 40]
        from otifShare in Gen.Int[0, 100]
        from previousDue in Gen.Int[0, 40]
        from previousShare in Gen.Int[0, 100]
        from feedback in Gen.Int[0, 5]
        from care in Gen.Bool.Array[3]
        from champions in Gen.Int[0, 4]
        from quietShare in Gen.Int[0, 100]
        from ordered in Gen.Int[0, 10_000]
        from previousOrdered in Gen.Int[0, 10_000]
        from byQuantity in Gen.Bool
        select new HealthFacts
        {
            Shares = shares,
            PoachingAttempts = moves[0],
            HighImpactMoves = moves[1],
            MediumImpactMoves = moves[2],
            LowImpactMoves = moves[3],
            CriticalIncidents = incidents[0],
            MajorIncidents = incidents[1],
            MinorIncidents = incidents[2],
            LinesDue = due,
            LinesOtif = due * otifShare / 100,
            PreviousLinesDue = previousDue,
            PreviousLinesOtif = previousDue * previousShare / 100,
            UnansweredFeedback = feedback,
            OldestUnansweredDays = feedback == 0 ? 0 : 8 + feedback,
            VisitOverdue = care[0],
            ReviewOverdue = care[1],
            SponsorMissing = care[2],
            Champions = champions,
            QuietChampions = champions * quietShare / 100,
            Ordered = ordered,
            PreviousOrdered = previousOrdered,
            OrdersByQuantity = byQuantity,
        };

    /// <summary>Ways to make the facts worse, each with the signal it worsens.</summary>
    private static readonly (string Signal, Func<HealthFacts, HealthFacts> Worse)[] Worsenings =
    [
        (HealthScorer.ShareOfWalletTrend, f => f with { Shares = [.. f.Shares.Select((s, i) => i == 0 ? s with { Now = Math.Max(0, s.Now - 7) } : s)] }),
        (HealthScorer.CompetitorMoves, f => f with { PoachingAttempts = f.PoachingAttempts + 1 }),
        (HealthScorer.CompetitorMoves, f => f with { HighImpactMoves = f.HighImpactMoves + 1 }),
        (HealthScorer.CompetitorMoves, f => f with { MediumImpactMoves = f.MediumImpactMoves + 1 }),
        (HealthScorer.CompetitorMoves, f => f with { LowImpactMoves = f.LowImpactMoves + 1 }),
        (HealthScorer.OpenIncidents, f => f with { CriticalIncidents = f.CriticalIncidents + 1 }),
        (HealthScorer.OpenIncidents, f => f with { MajorIncidents = f.MajorIncidents + 1 }),
        (HealthScorer.OpenIncidents, f => f with { MinorIncidents = f.MinorIncidents + 1 }),
        (HealthScorer.OtifTrend, f => f with { LinesOtif = Math.Max(0, f.LinesOtif - 1) }),
        (HealthScorer.OtifTrend, f => f.LinesDue == 0 ? f : f with { LinesDue = f.LinesDue + 1 }),
        (HealthScorer.UnansweredFeedback, f => f with { UnansweredFeedback = f.UnansweredFeedback + 1, OldestUnansweredDays = Math.Max(8, f.OldestUnansweredDays) }),
        (HealthScorer.OverdueCare, f => f with { VisitOverdue = true }),
        (HealthScorer.OverdueCare, f => f with { ReviewOverdue = true }),
        (HealthScorer.OverdueCare, f => f with { SponsorMissing = true }),
        (HealthScorer.ChampionGoneQuiet, f => f with { Champions = f.Champions + 1, QuietChampions = f.QuietChampions + 1 }),
        (HealthScorer.OrderVolumeTrend, f => f with { Ordered = Math.Max(0, f.Ordered - 500) }),
    ];

    private static int Lost(HealthResult r, string key) => r.Signals.Single(s => s.Key == key).PointsLost;

    [Fact]
    public void Score_IsWithin0To100_BandFollowsTheThresholds_AndSignalsStayWithinTheirMaximum() =>
        GenFacts.Sample(f =>
        {
            var r = HealthScorer.Score(f);
            Assert.InRange(r.Score, 0, 100);
            Assert.Equal(r.Score >= 70 ? HealthBand.Healthy : r.Score >= 40 ? HealthBand.Watch : HealthBand.AtRisk, r.Band);
            Assert.Equal(Math.Max(0, 100 - r.Signals.Sum(s => s.PointsLost)), r.Score);
            Assert.Equal(8, r.Signals.Select(s => s.Key).Distinct().Count());
            Assert.All(r.Signals, s => Assert.InRange(s.PointsLost, 0, s.MaxPoints));
        });

    [Fact]
    public void Score_SameFacts_SameResult() =>
        GenFacts.Sample(f =>
        {
            var a = HealthScorer.Score(f);
            var b = HealthScorer.Score(f with { });
            Assert.Equal(a.Score, b.Score);
            Assert.Equal(a.Band, b.Band);
            Assert.Equal(HealthScoring.Serialize(a.Signals), HealthScoring.Serialize(b.Signals));
        });

    [Fact]
    public void Score_IsMonotone_WorseFactsNeverRaiseTheScore_NorLowerTheSignalsLoss() =>
        GenFacts.Sample(f =>
        {
            var before = HealthScorer.Score(f);
            foreach (var (signal, worse) in Worsenings)
            {
                var after = HealthScorer.Score(worse(f));
                Assert.True(after.Score <= before.Score, $"{signal}: {before.Score} -> {after.Score}");
                Assert.True(Lost(after, signal) >= Lost(before, signal), $"{signal} loss fell");
            }
        });

    [Fact]
    public void BandThresholds_AreInclusiveAt70And40() =>
        Gen.Int[0, 100].Sample(score =>
        {
            var band = HealthScorer.BandOf(score);
            Assert.Equal(score >= 70 ? HealthBand.Healthy : score >= 40 ? HealthBand.Watch : HealthBand.AtRisk, band);
        });

    [Fact]
    public void NoFacts_ScoreFullHealth() =>
        Assert.Equal((100, HealthBand.Healthy), (HealthScorer.Score(new HealthFacts()).Score, HealthScorer.Score(new HealthFacts()).Band));

    [Fact]
    public void WorkedExample_WatchAccount()
    {
        // Share 60% -> 45% in one category: fall 15 x 0.8 = 12. One poaching attempt and one
        // medium move: 8 + 3 = 11. One major incident: 8. OTIF 8 of 10 (80%) after 100%:
        // (95 - 80) x 0.25 = 3.75 + (100 - 80) x 0.25 = 5 -> 8.75 -> 9. Total 40 -> 60, watch.
        var r = HealthScorer.Score(new HealthFacts
        {
            Shares = [new ShareFact(45, 60, 1_000_000)],
            PoachingAttempts = 1,
            MediumImpactMoves = 1,
            MajorIncidents = 1,
            LinesDue = 10,
            LinesOtif = 8,
            PreviousLinesDue = 5,
            PreviousLinesOtif = 5,
        });
        Assert.Equal(12, Lost(r, HealthScorer.ShareOfWalletTrend));
        Assert.Equal(11, Lost(r, HealthScorer.CompetitorMoves));
        Assert.Equal(8, Lost(r, HealthScorer.OpenIncidents));
        Assert.Equal(9, Lost(r, HealthScorer.OtifTrend));
        Assert.Equal(60, r.Score);
        Assert.Equal(HealthBand.Watch, r.Band);
        Assert.Equal(HealthScorer.ShareOfWalletTrend, r.TopReason!.Key);
    }

    [Fact]
    public void WorkedExample_AtRiskAccount_CapsEachSignal()
    {
        // Two critical incidents (30, capped at 20), three poaching attempts (24 -> 20), overdue
        // visit, review and no sponsor (10), three unanswered feedback (12 -> 10), two quiet
        // champions (10), orders down 60% ((60 - 20) x 0.25 = 10): 80 lost -> 20, at risk.
        var r = HealthScorer.Score(new HealthFacts
        {
            CriticalIncidents = 2,
            PoachingAttempts = 3,
            VisitOverdue = true,
            ReviewOverdue = true,
            SponsorMissing = true,
            UnansweredFeedback = 3,
            OldestUnansweredDays = 20,
            Champions = 2,
            QuietChampions = 2,
            Ordered = 400,
            PreviousOrdered = 1000,
        });
        Assert.Equal(20, Lost(r, HealthScorer.OpenIncidents));
        Assert.Equal(20, Lost(r, HealthScorer.CompetitorMoves));
        Assert.Equal(10, Lost(r, HealthScorer.OverdueCare));
        Assert.Equal(10, Lost(r, HealthScorer.UnansweredFeedback));
        Assert.Equal(10, Lost(r, HealthScorer.ChampionGoneQuiet));
        Assert.Equal(10, Lost(r, HealthScorer.OrderVolumeTrend));
        Assert.Equal(-60m, r.Signals.Single(s => s.Key == HealthScorer.OrderVolumeTrend).Facts["changePercent"]);
        Assert.Equal(20, r.Score);
        Assert.Equal(HealthBand.AtRisk, r.Band);
    }

    [Fact]
    public void OrdersFallOf20Percent_AndNoDeliveriesDue_LoseNothing()
    {
        var r = HealthScorer.Score(new HealthFacts { Ordered = 80, PreviousOrdered = 100, LinesDue = 0 });
        Assert.Equal(0, Lost(r, HealthScorer.OrderVolumeTrend));
        Assert.Equal(0, Lost(r, HealthScorer.OtifTrend));
        Assert.Equal(100, r.Score);
    }

    [Fact]
    public void ShareGains_OffsetFalls_WeightedByValue()
    {
        // A big category gained 10 points, a small one (a tenth of the value) lost 30: net +6.4, no loss.
        var r = HealthScorer.Score(new HealthFacts { Shares = [new ShareFact(60, 50, 1000), new ShareFact(10, 40, 100)] });
        Assert.Equal(0, Lost(r, HealthScorer.ShareOfWalletTrend));
        // The other way round: net fall (30 x 1000 - 10 x 100) / 1100 = 26.4 -> 21 -> capped 20.
        r = HealthScorer.Score(new HealthFacts { Shares = [new ShareFact(10, 40, 1000), new ShareFact(60, 50, 100)] });
        Assert.Equal(20, Lost(r, HealthScorer.ShareOfWalletTrend));
    }
}
