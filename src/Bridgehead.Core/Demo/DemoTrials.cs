using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Quotes;
using Bridgehead.Trials;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Trial plans for the open demo pursuits in product testing (stage 8), those of the demo
/// manager's team first: the first fully passed (pilot rounds 1-3, the run, the audit), the second
/// with a conditional audit whose major finding is still open, the third with round 2 ending in a
/// few days without a result (so it shows on the quality home), the rest not planned yet. Results
/// are recorded by the demo quality user. Korean accounts get Korean text.
/// </summary>
internal static class DemoTrials
{
    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var manager = await db.Users.AsNoTracking().Where(u => u.IsDemo && u.Role == Role.Manager).OrderBy(u => u.Id).FirstOrDefaultAsync(ct);
        var quality = await db.Users.AsNoTracking().Where(u => u.IsDemo && u.Role == Role.Quality).OrderBy(u => u.Id).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);
        var teamId = manager?.TeamId;
        var deals = (await db.Opportunities.AsNoTracking()
                .Where(o => o.Status == OpportunityStatus.Open && o.Stage == "testing")
                .Select(o => new { o.Id, o.AccountId, o.ProductCategory, Korean = o.Account!.Country == "KR", Ours = teamId != null && o.Account.Owner!.TeamId == teamId })
                .ToListAsync(ct))
            .OrderByDescending(d => d.Ours).ThenBy(d => d.Id).Take(3).ToList();
        var catalogue = await db.Products.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Id).Select(p => new { p.Id, p.Category }).ToListAsync(ct);
        if (deals.Count == 0 || catalogue.Count == 0)
        {
            return;
        }
        var dealIds = deals.Select(d => d.Id).ToList();
        var quoted = (await db.Quotes.AsNoTracking()
                .Where(q => dealIds.Contains(q.OpportunityId) && q.Status != QuoteStatus.Draft)
                .Join(db.QuoteLines, q => q.Id, l => l.QuoteId, (q, l) => new { q.OpportunityId, l.ProductId })
                .ToListAsync(ct))
            .ToLookup(x => x.OpportunityId, x => x.ProductId);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);

        for (var i = 0; i < deals.Count; i++)
        {
            var d = deals[i];
            var ko = d.Korean;
            // The items under test: those of the sent quotes, else three of the category (or of the catalogue).
            var items = quoted[d.Id].Distinct().ToList();
            if (items.Count < 2)
            {
                var fitting = catalogue.Where(p => string.Equals(p.Category, d.ProductCategory, StringComparison.OrdinalIgnoreCase)).Select(p => p.Id).ToList();
                items = [.. items.Concat(fitting.Count >= 2 ? fitting : catalogue.Skip(i).Select(p => p.Id)).Distinct().Take(3)];
            }
            string[] lines = ko ? ["프레스 1라인", "프레스 2라인", "조립 3라인"] : ["Press line 1", "Press line 2", "Assembly line 3"];

            TrialPhase Phase(TrialKind kind, int round, int startDaysAgo, int days, TrialResult result, List<long> products, List<string> onLines) => new()
            {
                AccountId = d.AccountId,
                OpportunityId = d.Id,
                Kind = kind,
                Round = round,
                ProductIds = products,
                Lines = onLines,
                PlannedStart = today.AddDays(-startDaysAgo),
                PlannedEnd = today.AddDays(-startDaysAgo + days),
                ActualStart = result == TrialResult.Pending ? null : today.AddDays(-startDaysAgo),
                ActualEnd = result == TrialResult.Pending ? null : today.AddDays(-startDaysAgo + days),
                Result = result,
                ResultRecordedAt = result == TrialResult.Pending ? null : now.AddDays(-startDaysAgo + days),
                ResultRecordedById = result == TrialResult.Pending ? null : quality,
                DrillResult = TrialResult.Pending,
            };
            var one = Phase(TrialKind.Pilot, 1, 70, 7, TrialResult.Passed, [items[0]], [lines[0]]);
            one.Notes = ko ? "1개 품목, 1개 라인에서 초도 샘플 검증" : "First samples: one item on one line";
            var two = Phase(TrialKind.Pilot, 2, 50, 10, i == 2 ? TrialResult.Pending : TrialResult.Passed, [.. items.Take(2)], [.. lines.Take(2)]);
            if (i == 2)
            {
                // Ends in a few days without a result: on the quality home.
                two.PlannedStart = today.AddDays(-5);
                two.PlannedEnd = today.AddDays(3);
                db.TrialPhases.AddRange(one, two, Phase(TrialKind.MassProduction, 0, -20, 5, TrialResult.Pending, [.. items], []));
                continue;
            }
            two.CorrectiveActions = ko ? "2라인 금형 온도 조건을 1라인과 맞춤" : "Aligned the mould temperature of line 2 with line 1";
            var run = Phase(TrialKind.MassProduction, 0, 25, 4, TrialResult.Passed, [.. items], [.. lines.Take(2)]);
            run.PlannedOutput = 20000m;
            run.ActualOutput = 19650m;
            run.YieldPercent = 99.1m;
            run.ContinuousHours = 72m;
            run.DrillOn = today.AddDays(-23);
            run.DrillResult = TrialResult.Passed;
            run.DrillNotes = ko ? "라인 정지 후 20분 내 대체 라인 가동, 고객 통보 15분" : "Line stop drill: backup line running within 20 minutes, customer told within 15";
            var audit = Phase(TrialKind.Audit, 0, 10, 2, i == 0 ? TrialResult.Passed : TrialResult.Conditional, [], []);
            audit.Auditors = ko ? "고객사 품질보증팀 박 차장, 구매팀 이 과장" : "Customer SQE team (2 auditors) and their purchasing lead";
            if (i == 0)
            {
                var three = Phase(TrialKind.Pilot, 3, 40, 10, TrialResult.Passed, [.. items], [.. lines]);
                three.Notes = ko ? "견적 전 품목, 전 라인 검증" : "All quoted items on all lines";
                db.TrialPhases.AddRange(one, two, three, run, audit);
            }
            else
            {
                audit.Issues = ko ? "계측기 교정 기록 일부 누락" : "Calibration records incomplete for two gauges";
                audit.CorrectiveActions = ko ? "교정 일정 재수립, 기록 양식 개정 중" : "Calibration schedule reset; record form being revised";
                db.TrialPhases.AddRange(one, two, run, audit);
            }
            await db.SaveChangesAsync(ct);
            if (i == 1)
            {
                db.TrialFindings.AddRange(
                    new TrialFinding
                    {
                        AccountId = d.AccountId,
                        PhaseId = audit.Id,
                        Text = ko ? "게이지 G-12 교정 성적서 없음" : "No calibration certificate for gauge G-12",
                        Severity = FindingSeverity.Major,
                        Status = FindingStatus.Open,
                        DueOn = today.AddDays(10),
                    },
                    new TrialFinding
                    {
                        AccountId = d.AccountId,
                        PhaseId = audit.Id,
                        Text = ko ? "자재 식별 라벨 일부 훼손" : "Some material labels worn",
                        Severity = FindingSeverity.Minor,
                        Status = FindingStatus.Closed,
                        Resolution = ko ? "라벨 재부착, 주간 점검 항목에 추가" : "Relabelled; added to the weekly check",
                        ClosedAt = now.AddDays(-3),
                        ClosedById = quality,
                    });
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
