using Bridgehead.Competitors;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Health;
using Bridgehead.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Account health for the demo, run LAST so it reads every other demo record: scores every
/// customer once (as the hourly job does), then tells one story: the weakest customer slid from
/// healthy to watch (or at risk) over the last four weeks. If nothing else in the demo made it
/// weak, a rival's poaching attempts at it do (moves of the last weeks). Its daily snapshots of
/// the past four weeks are filled in and the band-drop alert is raised on the day it crossed 70.
/// </summary>
internal static class DemoHealth
{
    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var job = new HealthJob(CurrencySettings.Default);
        await job.RunAsync(db, ct);
        var weakest = await db.AccountHealth.AsNoTracking()
            .Join(db.Accounts, h => h.AccountId, a => a.Id, (h, a) => new { h.AccountId, h.Score, a.Name, a.Country, a.OwnerId })
            .OrderBy(x => x.Score).ThenBy(x => x.AccountId)
            .FirstOrDefaultAsync(ct);
        if (weakest is null)
        {
            return;
        }
        var today = HealthScoring.Today(db);
        if (weakest.Score >= HealthScorer.HealthyFrom)
        {
            var rival = await db.Competitors.AsNoTracking().OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
            if (rival is not { } rivalId)
            {
                return;
            }
            var korean = weakest.Country == "KR";
            // Each attempt costs 8 points: enough of them to leave the healthy band.
            var attempts = ((weakest.Score - HealthScorer.HealthyFrom) / 8) + 1;
            for (var i = 0; i < attempts; i++)
            {
                db.CompetitorMoves.Add(new CompetitorMove
                {
                    CompetitorId = rivalId,
                    Kind = CompetitorMoveKind.PoachingAttempt,
                    Impact = MoveImpact.High,
                    OccurredOn = today.AddDays(-4 - (7 * i)),
                    Title = korean ? "경쟁사가 구매팀에 다음 분기 단가 인하를 제안" : "Rival offered the buyer a lower price for next quarter",
                    Detail = korean ? "구매 담당이 견적 비교를 요청함. 방문 일정 필요." : "The buyer asked us to match it; a visit is due.",
                    AccountId = weakest.AccountId,
                    RecordedById = weakest.OwnerId,
                });
            }
            await db.SaveChangesAsync(ct);
        }

        // Rescore that account. The alert this raises (dated today) is replaced below by the
        // story's: raised on the day the band fell.
        var results = await HealthScoring.StoreAsync(db, new Dictionary<long, string> { [weakest.AccountId] = weakest.Name }, today, CurrencySettings.Default, ct);
        db.ChangeTracker.Clear();
        var now = results[weakest.AccountId];
        if (now.Band == HealthBand.Healthy)
        {
            return;
        }
        await db.OutboxEvents.Where(e => e.AccountId == weakest.AccountId && e.Event == NotificationEvent.HealthBandDropped).ExecuteDeleteAsync(ct);
        int[] healthyScores = [88, 85, 81, 78, 74];
        for (var i = 0; i < healthyScores.Length; i++)
        {
            var day = today.AddDays(-28 + (5 * i));
            db.HealthSnapshots.Add(new HealthSnapshot { AccountId = weakest.AccountId, ScoredOn = day, Score = healthyScores[i], Band = HealthScorer.BandOf(healthyScores[i]) });
        }
        var fell = today.AddDays(-3);
        for (var day = fell; day < today; day = day.AddDays(1))
        {
            db.HealthSnapshots.Add(new HealthSnapshot { AccountId = weakest.AccountId, ScoredOn = day, Score = now.Score, Band = now.Band });
        }
        var alert = Events.Raise(db, NotificationEvent.HealthBandDropped, "account", weakest.AccountId, weakest.AccountId,
            new { name = weakest.Name, fromBand = HealthScoring.Key(HealthBand.Healthy), toBand = HealthScoring.Key(now.Band), score = now.Score },
            HealthScoring.DedupKey(weakest.AccountId, fell));
        alert.OccurredAt = fell.ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc);
        await db.SaveChangesAsync(ct);
    }
}
