using Bridgehead.Data;
using Bridgehead.Needs;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Needs for the demo pursuits at or beyond stage 3: the customer's target against our floor
/// (some below it, closed by a trade), the services asked for, and either a reference case at
/// another customer or the reason none fits. Korean accounts get Korean text.
/// </summary>
internal static class DemoNeeds
{
    private static readonly (ServiceKind Kind, string En, string Ko, bool Must)[] Services =
    [
        (ServiceKind.DeliveryRhythm, "Weekly call-offs with 48 h notice", "48시간 전 통보, 주간 납품", true),
        (ServiceKind.ConsignmentStock, "Two weeks of consignment stock on site", "현장에 2주분 위탁 재고", false),
        (ServiceKind.TechnicalSupport, "Field engineer within 24 hours", "24시간 내 현장 엔지니어 지원", true),
        (ServiceKind.Certification, "ISO 14001 and material certificates per lot", "ISO 14001 및 로트별 재질 성적서", true),
        (ServiceKind.Packaging, "Returnable crates, no cardboard", "종이 박스 대신 회수용 상자", false),
    ];

    private static readonly (TradeDirection Direction, string En, string Ko, decimal Effect)[] Trades =
    [
        (TradeDirection.PriceForService, "3% lower if deliveries are monthly instead of weekly", "주간 대신 월간 납품이면 3% 인하", -3m),
        (TradeDirection.ServiceForPrice, "Consignment stock at no charge if they accept our price", "당사 가격을 받아들이면 위탁 재고 무상 제공", 0m),
    ];

    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var needsStage = Stages.Find("needs")!.Number;
        var deals = (await db.Opportunities.AsNoTracking()
                .Select(o => new { o.Id, o.AccountId, o.Stage, o.Currency, Korean = o.Account!.Country == "KR" })
                .ToListAsync(ct))
            .Where(d => Stages.Find(d.Stage)?.Number is { } n && n >= needsStage && Stages.Find(d.Stage)!.IsPursuit)
            .OrderBy(d => d.Id)
            .ToList();
        var references = await db.ReferenceCases.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, r.AccountId }).ToListAsync(ct);

        for (var i = 0; i < deals.Count; i++)
        {
            var d = deals[i];
            var currency = d.Currency ?? (d.Korean ? "KRW" : "USD");
            var floor = currency == "KRW" ? 12_000m + (i % 7 * 1_500m) : 9m + (i % 7);
            // Every third customer wants less than our floor; the rest are within it.
            var target = i % 3 == 0 ? decimal.Round(floor * 0.95m, 2) : decimal.Round(floor * 1.04m, 2);
            var needs = new OpportunityNeeds
            {
                AccountId = d.AccountId,
                OpportunityId = d.Id,
                TargetPrice = target,
                FloorPrice = floor,
                Currency = currency,
                PriceUnit = d.Korean ? "개" : "pcs",
                Priority = (BuyingPriority)(i % 3),
                StandardProductFits = i % 4 != 1,
                Notes = d.Korean ? "구매팀은 가격보다 납기 안정성을 더 중시한다고 밝힘." : "Purchasing says steady deliveries matter more than the last percent of price.",
            };
            foreach (var s in Services.Skip(i % Services.Length).Concat(Services).Take(2 + (i % 2)))
            {
                needs.ServiceRequirements.Add(new ServiceRequirement { Kind = s.Kind, Detail = d.Korean ? s.Ko : s.En, MustHave = s.Must });
            }
            if (target < floor)
            {
                var t = Trades[i % Trades.Length];
                needs.TradeOffs.Add(new TradeOff { Direction = t.Direction, Description = d.Korean ? t.Ko : t.En, PriceEffectPercent = t.Effect });
            }
            var reference = references.Where(r => r.AccountId != d.AccountId).Skip(i % Math.Max(references.Count, 1)).FirstOrDefault()
                ?? references.FirstOrDefault(r => r.AccountId != d.AccountId);
            if (reference is not null && i % 5 != 4)
            {
                needs.References.Add(new NeedsReference { ReferenceCaseId = reference.Id });
            }
            else
            {
                needs.NoReferenceReason = d.Korean ? "이 용도의 고객 사례가 아직 없음." : "No customer in this application yet.";
            }
            db.OpportunityNeeds.Add(needs);
        }
        await db.SaveChangesAsync(ct);
    }
}
