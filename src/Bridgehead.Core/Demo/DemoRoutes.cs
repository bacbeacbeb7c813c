using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Stages 1-2 of the demo pursuits: the rivals' profiles, three partner accounts (a Korean
/// distributor, a Vietnamese agent, a German consortium partner), routes with their rationales
/// and partners, and entry angles. Invented companies only.
/// </summary>
internal static class DemoRoutes
{
    private sealed record Profile(string Strengths, string Weaknesses, PricePosition Price, string Website, string? Notes);

    private static readonly Dictionary<string, Profile> Profiles = new(StringComparer.Ordinal)
    {
        ["Namhae Special Steel"] = new("포항·광양 인근 공장으로 납기가 짧고 구매팀과 오랜 관계.", "고합금 규격은 품질 편차가 커서 재작업이 잦음.", PricePosition.Below, "https://namhae-steel.example.kr", "국내 조선·플랜트 고객 대부분에 1차 공급."),
        ["Seorim Alloy"] = new("니켈 합금 인증(ASME, PED) 보유, 기술 영업 인력이 현장 상주.", "소량 주문 대응이 늦고 가격 인상을 자주 통보함.", PricePosition.Above, "https://seorim-alloy.example.kr", null),
        ["Kessler Werkstoffe"] = new("Strong metallurgy lab and European references in power plants.", "Long lead times to Asia; little local stock.", PricePosition.Above, "https://kessler-werkstoffe.example.de", "Sells through agents outside Germany."),
        ["Tokai Precision Materials"] = new("Tight tolerances and a clean quality record at Japanese OEMs.", "Slow to change specifications; prices in yen swing with the currency.", PricePosition.Similar, "https://tokai-precision.example.jp", null),
        ["Huaxin Metal Export"] = new("Lowest price and large stock of standard grades.", "Certificates questioned after failed audits; late deliveries at peak season.", PricePosition.Below, "https://huaxin-metal.example.cn", "Often the incumbent we replace after a quality failure."),
        ["Daon Industrial Supply"] = new("전국 유통망과 당일 배송, 구매 담당자와 친밀.", "기술 지원이 약하고 자체 생산이 없어 공급 안정성이 낮음.", PricePosition.Similar, "https://daon-supply.example.kr", "대리점형 경쟁사, 일부 고객에서는 협력도 가능."),
    };

    private sealed record PartnerSpec(string Name, string Country, string City, string Notes);

    private static readonly PartnerSpec Distributor = new("한빛산업유통", "KR", "창원", "경남 지역 플랜트·조선 고객 대상 대리점. 재고 보유, 당일 배송 가능.");
    private static readonly PartnerSpec Agent = new("Mekong Industrial Agency", "VN", "Ho Chi Minh City", "Commission agent for steel and alloy buyers in southern Vietnam; knows the purchasing heads at the EPC yards.");
    private static readonly PartnerSpec Consortium = new("Nordwerk Anlagenbau GmbH", "DE", "Duisburg", "Plant builder we bid with on European EPC packages; leads the consortium and holds the main contract.");

    private static readonly string[] KoreanAngles =
    [
        "기존 공급사가 지난 분기 두 차례 납기를 어겨 구매팀이 두 번째 공급처를 찾고 있음.",
        "신규 라인 증설로 내년 물량이 30% 늘어나며 공급사 재선정 예정.",
        "기존 공급사의 품질 불량(크랙)으로 품질팀이 대체 소재 검토를 요청.",
        "구매팀장이 교체되어 기존 계약 조건을 재검토하는 시점.",
    ];

    private static readonly string[] EnglishAngles =
    [
        "The incumbent raised prices twice this year; purchasing wants a second source before the next tender.",
        "A new production line starts next spring and needs a qualified supplier.",
        "The current supplier failed the customer's audit; quality asked for alternatives.",
        "A new purchasing head is reviewing every single-source category.",
    ];

    private static readonly Dictionary<Route, (string Korean, string English)> Rationales = new()
    {
        [Route.Direct] = ("구매·기술 담당자와 직접 관계가 있고 국내 공장에서 바로 공급 가능.", "We know the buyer and the engineers, and ship from our own plant."),
        [Route.Agent] = ("현지 구매 결정권자와 관계가 있는 에이전트를 통해 진입.", "The local agent knows the decision makers; we pay commission on orders."),
        [Route.Distributor] = ("소량 다품종 주문과 당일 배송이 필요해 대리점 재고를 활용.", "Small, frequent orders need the distributor's stock and delivery."),
        [Route.Consortium] = ("EPC 패키지 입찰로 설비 업체와 컨소시엄 구성.", "The EPC package is tendered as a whole; we bid with the plant builder."),
    };

    /// <summary>Adds the partner accounts and decides the demo pursuits' routes; sets rivals' profiles and entry angles.</summary>
    public static async Task AddAsync(BridgeheadDb db, IReadOnlyDictionary<string, User> users, DateTime now, CancellationToken ct)
    {
        foreach (var competitor in await db.Competitors.ToListAsync(ct))
        {
            if (Profiles.TryGetValue(competitor.Name, out var p))
            {
                (competitor.Strengths, competitor.Weaknesses, competitor.PricePosition, competitor.Website, competitor.Notes) = (p.Strengths, p.Weaknesses, p.Price, p.Website, p.Notes);
            }
        }

        var owner = users.Values.Where(u => u.Role == Role.Manager).OrderBy(u => u.Id).FirstOrDefault()
            ?? users.Values.OrderBy(u => u.Id).First();
        var partners = new[] { Distributor, Agent, Consortium }.Select(s => new Account
        {
            Name = s.Name,
            SearchName = Text.SearchKey(s.Name),
            Type = AccountType.Partner,
            Country = s.Country,
            City = s.City,
            Status = AccountStatus.Prospect,
            OwnerId = owner.Id,
            Notes = s.Notes,
        }).ToList();
        db.Accounts.AddRange(partners);
        await db.SaveChangesAsync(ct);
        var (distributor, agent, consortium) = (partners[0], partners[1], partners[2]);

        var deals = await db.Opportunities.Include(o => o.Account).Where(o => o.Account!.Type == AccountType.Customer)
            .OrderBy(o => o.Id).ToListAsync(ct);
        var n = 0;
        foreach (var deal in deals)
        {
            n++;
            var korean = deal.Account!.Country == "KR";
            var stage = Stages.Find(deal.Stage)?.Number ?? 1;
            // Stage 1: the angle is being worked out (most have one); later stages passed that gate.
            if (stage > 1 || n % 4 != 0)
            {
                deal.EntryAngle = (korean ? KoreanAngles : EnglishAngles)[n % KoreanAngles.Length];
            }
            // The route is decided in stage 2: prospecting has none yet, half of contact has.
            var decided = deal.Route is not null && (stage > 2 || (stage == 2 && n % 2 == 0));
            if (!decided)
            {
                deal.Route = null;
                continue;
            }
            var route = deal.Route!.Value;
            deal.RouteRationale = korean ? Rationales[route].Korean : Rationales[route].English;
            deal.RouteDecidedAt = deal.StageEnteredAt > now.AddDays(-1) ? deal.StageEnteredAt : deal.StageEnteredAt.AddDays(-3);
            switch (route)
            {
                case Route.Agent:
                    deal.Partners.Add(new OpportunityPartner { PartnerAccountId = agent.Id, Role = PartnerRole.Agent, SharePercent = 5m });
                    break;
                case Route.Distributor:
                    deal.Partners.Add(new OpportunityPartner { PartnerAccountId = distributor.Id, Role = PartnerRole.Distributor, SharePercent = 12m });
                    break;
                case Route.Consortium:
                    deal.Partners.Add(new OpportunityPartner { PartnerAccountId = consortium.Id, Role = PartnerRole.ConsortiumLeader, SharePercent = 60m });
                    break;
                case Route.Direct:
                    break;
                default:
                    throw new InvalidOperationException($"Unknown route {route}.");
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
