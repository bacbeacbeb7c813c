using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Negotiation;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// One pursuit in negotiation (stage 7), of an account the demo manager's team works: price,
/// volume and payment terms over two rounds; volume agreed within walk-away, payment days agreed
/// beyond it (the exception waits for the demo manager), price still open; one concession traded
/// and one given for nothing, so the warning shows. Korean accounts get Korean notes.
/// </summary>
internal static class DemoNegotiation
{
    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var manager = await db.Users.AsNoTracking().Where(u => u.IsDemo && u.Role == Role.Manager).OrderBy(u => u.Id).FirstOrDefaultAsync(ct);
        var teamId = manager?.TeamId;
        var deals = db.Opportunities.AsNoTracking().Where(o => o.Status == OpportunityStatus.Open && o.Stage == "negotiation");
        var deal = await deals.Where(o => teamId != null && o.Account!.Owner!.TeamId == teamId)
                       .OrderBy(o => o.Id).Select(o => new { o.Id, o.AccountId, o.Account!.OwnerId, o.Account.Country }).FirstOrDefaultAsync(ct)
                   ?? await deals.OrderBy(o => o.Id).Select(o => new { o.Id, o.AccountId, o.Account!.OwnerId, o.Account.Country }).FirstOrDefaultAsync(ct);
        if (deal is null)
        {
            return;
        }
        var korean = deal.Country == "KR";
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);

        NegotiationTerm Term(int position, TermKind kind, string unit, decimal opening, decimal target, decimal walkAway, decimal? agreed, string? notes) => new()
        {
            AccountId = deal.AccountId,
            OpportunityId = deal.Id,
            Position = position,
            Kind = kind,
            Unit = unit,
            HigherIsBetter = NegotiationRules.DefaultHigherIsBetter(kind),
            Opening = opening,
            Target = target,
            WalkAway = walkAway,
            Agreed = agreed,
            AgreedAt = agreed is null ? null : now.AddDays(-2),
            Exception = agreed is { } a && NegotiationRules.IsBeyond(a, walkAway, NegotiationRules.DefaultHigherIsBetter(kind)) ? ApprovalState.Pending : ApprovalState.NotNeeded,
            Notes = notes,
        };
        var price = Term(1, TermKind.Price, "KRW/pcs", 12800m, 12000m, 11400m, null,
            korean ? "경쟁사 견적이 11,500원 수준이라는 정보가 있습니다." : "Word is the incumbent quoted about 11,500.");
        var volume = Term(2, TermKind.Volume, "pcs/year", 200000m, 150000m, 100000m, 140000m, null);
        var payment = Term(3, TermKind.Payment, korean ? "일" : "days", 30m, 45m, 60m, 75m,
            korean ? "고객 재무팀이 90일을 고수하다 75일로 양보했습니다." : "Their finance team held out for 90 days and came down to 75.");
        db.NegotiationTerms.AddRange(price, volume, payment);
        await db.SaveChangesAsync(ct);

        NegotiationOffer Offer(NegotiationTerm term, int round, OfferSide side, decimal value, int daysAgo, string? note = null) => new()
        {
            AccountId = deal.AccountId,
            OpportunityId = deal.Id,
            TermId = term.Id,
            Round = round,
            Side = side,
            Value = value,
            OfferedOn = today.AddDays(-daysAgo),
            Note = note,
            Approval = ApprovalState.NotNeeded,
            RecordedById = deal.OwnerId,
        };
        db.NegotiationOffers.AddRange(
            Offer(price, 1, OfferSide.Ours, 12800m, 20, korean ? "시작 제안: 목표보다 높게" : "Opening: above target, to leave room"),
            Offer(price, 1, OfferSide.Theirs, 11000m, 18),
            Offer(volume, 1, OfferSide.Ours, 200000m, 20),
            Offer(volume, 1, OfferSide.Theirs, 90000m, 18),
            Offer(payment, 1, OfferSide.Ours, 30m, 20),
            Offer(payment, 1, OfferSide.Theirs, 90m, 18),
            Offer(price, 2, OfferSide.Ours, 12300m, 6, korean ? "물량 약속을 조건으로" : "Against a volume commitment"),
            Offer(price, 2, OfferSide.Theirs, 11700m, 4),
            Offer(volume, 2, OfferSide.Ours, 160000m, 6),
            Offer(volume, 2, OfferSide.Theirs, 140000m, 4),
            Offer(payment, 2, OfferSide.Ours, 60m, 6),
            Offer(payment, 2, OfferSide.Theirs, 75m, 4));
        db.Concessions.AddRange(
            new Concession
            {
                AccountId = deal.AccountId,
                OpportunityId = deal.Id,
                TermId = price.Id,
                Round = 2,
                Gave = korean ? "단가 500원 인하 (12,800원 → 12,300원)" : "Unit price down by 500 (12,800 → 12,300)",
                Got = korean ? "연간 14만 개 물량 약속" : "A commitment to 140,000 pcs a year",
                GaveValue = 70000000m,
                Currency = "KRW",
                ConcededOn = today.AddDays(-6),
                RecordedById = deal.OwnerId,
            },
            new Concession
            {
                AccountId = deal.AccountId,
                OpportunityId = deal.Id,
                TermId = payment.Id,
                Round = 2,
                Gave = korean ? "결제 기간 30일 → 60일 연장" : "Payment terms extended from 30 to 60 days",
                ConcededOn = today.AddDays(-6),
                RecordedById = deal.OwnerId,
            });
        await db.SaveChangesAsync(ct);
    }
}
