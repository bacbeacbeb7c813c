using Bridgehead.Accounts;
using Bridgehead.Competitors;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// About ten competitor moves over the last six months by the demo rivals: a price cut in the
/// market, a new product, a poaching attempt at a demo customer tied to its open pursuit, a
/// capacity expansion, a rival's quality trouble at one of our customers (an opening for us) and
/// a few more. Moves at Korean accounts are written in Korean.
/// </summary>
internal static class DemoMoves
{
    private sealed record Spec(
        int Rival, CompetitorMoveKind Kind, MoveImpact Impact, int DaysAgo, string En, string? Ko, string? DetailEn, string? DetailKo, string Where);

    /// <summary>Where: "market", "pursuit" (the customer with an open pursuit, tied to it), "customer" (another customer).</summary>
    private static readonly Spec[] Specs =
    [
        new(0, CompetitorMoveKind.PriceCut, MoveImpact.High, 160, "List prices on plate cut by 7%", null,
            "Announced to distributors for the first half; larger buyers hear of extra rebates.", null, "market"),
        new(2, CompetitorMoveKind.NewProduct, MoveImpact.Medium, 130, "Corrosion-resistant grade launched", null,
            "Aimed at coastal construction; samples offered free for three months.", null, "market"),
        new(4, CompetitorMoveKind.CapacityExpansion, MoveImpact.Medium, 100, "Second mill opens in Vietnam", null,
            "Adds about 30% capacity; lead times quoted at four weeks from spring.", null, "market"),
        new(1, CompetitorMoveKind.QualityTrouble, MoveImpact.Low, 170, "Recall of a coated batch reported", null,
            "Trade press names two buyers who returned material.", null, "market"),
        new(5, CompetitorMoveKind.Other, MoveImpact.Low, 60, "Hired a senior sales manager from the industry", null, null, null, "market"),
        new(3, CompetitorMoveKind.PriceCut, MoveImpact.Medium, 25, "Spot prices dropped for year-end volume", null,
            "Quotes seen 4-5% under the quarter's level.", null, "market"),
        new(0, CompetitorMoveKind.PoachingAttempt, MoveImpact.High, 12, "Offered 10% below our price to the buyer",
            "구매팀에 당사보다 10% 낮은 가격 제시",
            "Their key account manager met purchasing and engineering; they offer free trial lots.",
            "구매팀과 기술팀을 방문했고 무상 시험 물량을 제안함.", "pursuit"),
        new(1, CompetitorMoveKind.QualityTrouble, MoveImpact.Medium, 35, "Their last lot failed incoming inspection",
            "경쟁사 최근 납품 로트가 수입 검사에서 불합격",
            "The customer's quality team is asking for a second source: an opening for us.",
            "고객 품질팀이 2차 공급처를 찾고 있어 당사에 기회임.", "customer"),
        new(2, CompetitorMoveKind.NewProduct, MoveImpact.Medium, 50, "Presented a lighter alloy to their engineers",
            "고객 기술팀에 경량 합금 신제품 소개", null, null, "customer"),
        new(3, CompetitorMoveKind.PoachingAttempt, MoveImpact.High, 5, "Proposed a two-year contract with rebates",
            "리베이트 조건의 2년 장기 계약 제안", null, null, "pursuit"),
    ];

    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var competitors = await db.Competitors.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        if (competitors.Count == 0)
        {
            return;
        }
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var customers = await db.Accounts.AsNoTracking().Where(a => a.Status == AccountStatus.Customer)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.OwnerId, a.Industry, Korean = a.Country == "KR" }).ToListAsync(ct);
        var pursuit = await db.Opportunities.AsNoTracking()
            .Where(o => o.Status == OpportunityStatus.Open && db.Accounts.Any(a => a.Id == o.AccountId && a.Status == AccountStatus.Customer))
            .OrderBy(o => o.Id).Select(o => new { o.Id, o.AccountId }).FirstOrDefaultAsync(ct);
        var recorder = await db.Users.AsNoTracking().Where(u => u.IsDemo && (u.Role == Role.Manager || u.Role == Role.Rep))
            .OrderBy(u => u.Role == Role.Manager ? 0 : 1).ThenBy(u => u.Id).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct)
            ?? await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(ct);
        var marketIndustry = customers.Where(c => c.Industry != null).GroupBy(c => c.Industry).OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Select(g => g.Key).FirstOrDefault() ?? "24";
        var application = await db.Applications.AsNoTracking().OrderBy(a => a.Id).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);
        var others = customers.Where(c => c.Id != pursuit?.AccountId).ToList();

        var customerIndex = 0;
        for (var i = 0; i < Specs.Length; i++)
        {
            var s = Specs[i];
            var move = new CompetitorMove
            {
                CompetitorId = competitors[s.Rival % competitors.Count],
                Kind = s.Kind,
                Impact = s.Impact,
                OccurredOn = today.AddDays(-s.DaysAgo),
                Title = s.En,
                Detail = s.DetailEn,
                RecordedById = recorder,
            };
            var account = s.Where switch
            {
                "pursuit" when pursuit is not null => customers.First(c => c.Id == pursuit.AccountId),
                "customer" or "pursuit" when others.Count > 0 => others[customerIndex++ % others.Count],
                _ => null,
            };
            if (account is null)
            {
                move.Industry = marketIndustry;
                move.ApplicationId = i % 3 == 1 ? application : null;
            }
            else
            {
                move.AccountId = account.Id;
                move.OpportunityId = s.Where == "pursuit" && pursuit?.AccountId == account.Id ? pursuit.Id : null;
                move.Industry = account.Industry;
                move.RecordedById = account.OwnerId;
                if (account.Korean)
                {
                    move.Title = s.Ko ?? s.En;
                    move.Detail = s.DetailKo ?? s.DetailEn;
                }
            }
            db.CompetitorMoves.Add(move);
        }
        await db.SaveChangesAsync(ct);
    }
}
