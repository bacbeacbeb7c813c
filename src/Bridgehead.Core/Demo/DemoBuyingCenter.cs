using Bridgehead.BuyingCenter;
using Bridgehead.Contacts;
using Bridgehead.Data;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Buying centers for most open pursuits from stage 2 (contact) on, built from the account's
/// people. Later stages know more people. Some are left with gaps on purpose, so the warnings
/// show: no champion, an opponent with influence 5, a department nobody has reached; people whose
/// last touch is old come from the timeline itself.
/// </summary>
internal sealed class DemoBuyingCenter(BridgeheadDb db)
{
    private readonly Random _rng = new(4242);

    public async Task AddAsync(CancellationToken ct)
    {
        var deals = (await db.Opportunities.AsNoTracking()
                .Where(o => o.Status == OpportunityStatus.Open)
                .Select(o => new { o.Id, o.AccountId, o.Stage })
                .ToListAsync(ct))
            .Where(d => Stages.Find(d.Stage)?.Number >= 2)
            .OrderBy(d => d.Id)
            .ToList();
        var accountIds = deals.Select(d => d.AccountId).Distinct().ToList();
        var korean = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.Country == "KR", ct);
        var people = (await db.Contacts.AsNoTracking().Where(c => accountIds.Contains(c.AccountId)).ToListAsync(ct))
            .GroupBy(c => c.AccountId)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => Rank(c.Department)).ThenBy(c => c.Id).ToList());

        var members = new List<BuyingCenterMember>();
        for (var i = 0; i < deals.Count; i++)
        {
            var deal = deals[i];
            // Most pursuits, not all: a few are still waiting for their first mapping.
            if (i % 7 == 6 || !people.TryGetValue(deal.AccountId, out var contacts) || contacts.Count == 0)
            {
                continue;
            }
            var stage = Stages.Find(deal.Stage)!.Number;
            var count = Math.Min(contacts.Count, stage <= 2 ? _rng.Next(2, 4) : _rng.Next(3, 6));
            var center = contacts.Take(count)
                .Select(c => Member(c, deal.Id, deal.AccountId, korean[deal.AccountId]))
                .ToList();
            Shape(center, i);
            members.AddRange(center);
        }
        db.BuyingCenterMembers.AddRange(members);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Purchasing first, then the technical people, then the rest; the order people are usually met in.</summary>
    private static int Rank(Department? d) => d switch
    {
        Department.Purchasing => 0,
        Department.Engineering => 1,
        Department.Quality => 2,
        Department.Production => 3,
        Department.Management => 4,
        Department.Finance => 5,
        Department.Other => 6,
        null => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    };

    private BuyingCenterMember Member(Contact c, long opportunityId, long accountId, bool korean)
    {
        var department = c.Department ?? Department.Other;
        return new BuyingCenterMember
        {
            AccountId = accountId,
            OpportunityId = opportunityId,
            ContactId = c.Id,
            Department = c.Department,
            Role = c.BuyingRole,
            Influence = c.Influence,
            Stance = c.Stance,
            // The people the stage-2 gate asks about (purchasing, engineering, quality) mostly have pains on record.
            Pains = c.Pains ?? (Rank(c.Department) <= 2 && _rng.NextDouble() < 0.7
                ? Pick(korean ? DemoPeople.KoreanPains(department) : DemoPeople.EnglishPains(department))
                : null),
            OurFit = _rng.NextDouble() < 0.8 ? Pick(korean ? KoreanFit(department) : EnglishFit(department)) : null,
        };
    }

    /// <summary>A pattern per pursuit, so the demo shows each warning somewhere and healthy buying centers elsewhere.</summary>
    private static void Shape(List<BuyingCenterMember> center, int index)
    {
        switch (index % 5)
        {
            case 0:
            case 3:
                // Healthy: a supporter who pushes for us, and the most influential person decides.
                if (!center.Any(m => m.Role == BuyingRole.Champion) && center.Where(m => m.Stance != Stance.Opponent).MaxBy(m => m.Influence ?? 0) is { } friend)
                {
                    friend.Role = BuyingRole.Champion;
                    friend.Stance = Stance.Supporter;
                }
                if (!center.Any(m => m.Role == BuyingRole.DecisionMaker) && center.Where(m => m.Role != BuyingRole.Champion).MaxBy(m => m.Influence ?? 0) is { } boss)
                {
                    boss.Role = BuyingRole.DecisionMaker;
                }
                break;
            case 1:
                // Nobody inside pushes for us.
                foreach (var m in center.Where(m => m.Role == BuyingRole.Champion))
                {
                    m.Role = BuyingRole.Influencer;
                }
                break;
            case 2:
                // The technical side is against us, and it carries weight.
                if ((center.FirstOrDefault(m => m.Department is Department.Engineering or Department.Quality) ?? center.LastOrDefault()) is { } critic)
                {
                    critic.Stance = Stance.Opponent;
                    critic.Influence = 5;
                    if (critic.Role == BuyingRole.Champion)
                    {
                        critic.Role = BuyingRole.TechnicalEvaluator;
                    }
                }
                break;
            default:
                // As met: whatever the contacts' own records say.
                break;
        }
    }

    private string Pick(string[] items) => items[_rng.Next(items.Length)];

    private static string[] EnglishFit(Department department) => department switch
    {
        Department.Purchasing =>
        [
            "A price fixed for 12 months with a quarterly index clause, and local safety stock so they can drop their second source.",
            "Consignment stock at their plant and one invoice a month instead of forty.",
        ],
        Department.Engineering =>
        [
            "Our application engineer on site for the first trial, with test data for their operating conditions.",
            "A custom drawing within a week and samples from the production line, not the lab.",
        ],
        Department.Quality =>
        [
            "Full PPAP documents and lot traceability; our 8D answer within 48 hours.",
            "Inspection data with every shipment and a zero-defect record at two similar plants.",
        ],
        Department.Production =>
        [
            "Deliveries in kanban lots matched to their line schedule; urgent parts replaced within 24 hours.",
            "Parts that fit their current fixtures, so no line stop for a changeover.",
        ],
        Department.Finance =>
        [
            "A total-cost case: fewer line stops outweigh the higher unit price.",
            "60-day payment terms and a price fixed in their currency.",
        ],
        Department.Management =>
        [
            "A reference visit to a plant that has run our parts for three years.",
            "A second source that cuts their supply risk without a new qualification programme.",
        ],
        Department.Other => ["Training for their maintenance crew at our plant."],
        _ => throw new ArgumentOutOfRangeException(nameof(department)),
    };

    private static string[] KoreanFit(Department department) => department switch
    {
        Department.Purchasing =>
        [
            "12개월 가격 고정과 분기별 지수 연동 조항, 현지 안전재고로 2차 공급사 없이도 안심할 수 있게 합니다.",
            "공장 내 위탁 재고 운영과 월 1회 통합 청구로 구매 업무를 줄여 드립니다.",
        ],
        Department.Engineering =>
        [
            "첫 시험에 응용 엔지니어가 현장 지원하고, 고객 운전 조건에 맞춘 시험 데이터를 제공합니다.",
            "일주일 내 맞춤 도면, 실험실이 아닌 양산 라인 샘플을 드립니다.",
        ],
        Department.Quality =>
        [
            "PPAP 문서 일체와 로트 단위 추적성, 48시간 내 8D 회신을 약속합니다.",
            "출하마다 검사 성적서를 보내고, 유사 공장 두 곳의 무결점 실적을 보여 드립니다.",
        ],
        Department.Production =>
        [
            "라인 일정에 맞춘 간판 단위 납품, 긴급 부품은 24시간 내 교체합니다.",
            "현재 지그에 그대로 맞는 부품이라 교체 작업으로 라인을 세울 일이 없습니다.",
        ],
        Department.Finance =>
        [
            "라인 정지 감소가 단가 차이를 상쇄한다는 총소유비용 분석을 제시합니다.",
            "60일 결제 조건과 원화 고정 가격을 제안합니다.",
        ],
        Department.Management =>
        [
            "3년째 우리 부품을 쓰는 공장 견학을 주선합니다.",
            "신규 인증 없이 공급 리스크를 줄이는 2차 공급선이 됩니다.",
        ],
        Department.Other => ["설비 보전 인력 교육을 우리 공장에서 지원합니다."],
        _ => throw new ArgumentOutOfRangeException(nameof(department)),
    };
}
