using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Quotes;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Quote versions for the open demo pursuits at stage 5 (quote) and beyond, from the catalogue:
/// the first has a superseded version and a sent one with value propositions, the second a draft
/// waiting for its team manager's approval (a discount above the demo limit), the rest one sent
/// version each (approved by the manager where it crosses a limit). Korean accounts get Korean
/// notes and Korean documents. The demo policy: margin floor 20%, discount limit 10%.
/// </summary>
internal static class DemoQuotes
{
    public const int MaxPursuits = 8;

    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        if (!await db.QuotePolicies.AnyAsync(ct))
        {
            db.QuotePolicies.Add(new QuotePolicy { MinMarginPercent = 20m, MaxDiscountPercent = 10m });
            await db.SaveChangesAsync(ct);
        }
        var limits = await QuoteLimits.LoadAsync(db, ct);
        var laterStages = Stages.All.Where(s => s.IsPursuit && s.Number >= 5).Select(s => s.Key).ToList();
        var pursuits = await db.Opportunities.AsNoTracking()
            .Where(o => o.Status == OpportunityStatus.Open && laterStages.Contains(o.Stage))
            .OrderBy(o => o.Id).Take(MaxPursuits)
            .Select(o => new { o.Id, o.AccountId, o.Stage, o.ProductCategory, o.OwnerId, o.Owner!.TeamId, o.Account!.Country })
            .ToListAsync(ct);
        var products = await db.Products.AsNoTracking().Where(p => p.IsActive && p.ListPrice != null).OrderBy(p => p.Id).ToListAsync(ct);
        if (pursuits.Count == 0 || products.Count == 0)
        {
            return;
        }
        var managers = await db.Users.AsNoTracking().Where(u => u.Role == Role.Manager && u.TeamId != null)
            .Select(u => new { u.Id, u.TeamId }).ToListAsync(ct);
        var admin = await db.Users.AsNoTracking().Where(u => u.Role == Role.Admin).OrderBy(u => u.Id).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);

        for (var i = 0; i < pursuits.Count; i++)
        {
            var p = pursuits[i];
            var korean = p.Country == "KR";
            var approver = managers.FirstOrDefault(m => m.TeamId == p.TeamId)?.Id ?? admin;
            var fitting = products.Where(x => string.Equals(x.Category, p.ProductCategory, StringComparison.OrdinalIgnoreCase)).ToList();
            var picked = (fitting.Count > 0 ? fitting : [products[i % products.Count], products[(i + 3) % products.Count]]).Take(2).ToList();

            Quote Make(int number, decimal discount, decimal quantityFactor, int sentDaysAgo, bool withValues)
            {
                var quote = new Quote
                {
                    AccountId = p.AccountId,
                    OpportunityId = p.Id,
                    Number = number,
                    Currency = "KRW",
                    Language = korean ? "ko" : "en",
                    ValidUntil = today.AddDays(30 - sentDaysAgo),
                    Status = QuoteStatus.Draft,
                    Approval = ApprovalState.NotNeeded,
                    CustomerNote = korean ? "공장 인도 조건, 부가세 별도입니다." : "Prices ex works, VAT excluded.",
                    InternalNote = korean ? "구매팀이 2차 공급처로 검토 중입니다." : "Purchasing is weighing us as a second source.",
                    CreatedById = p.OwnerId,
                };
                var position = 1;
                foreach (var product in picked)
                {
                    quote.Lines.Add(new QuoteLine
                    {
                        Position = position++,
                        ProductId = product.Id,
                        Sku = product.Sku,
                        Description = product.Name,
                        Unit = product.Unit,
                        Quantity = decimal.Round((product.WeeklyCapacity is { } capacity && capacity > 0 ? capacity / 10m : 50m) * quantityFactor, 0) + 1,
                        UnitPrice = product.ListPrice!.Value,
                        DiscountPercent = discount,
                        UnitCost = product.UnitCost,
                    });
                }
                if (withValues)
                {
                    quote.ValuePropositions.Add(korean
                        ? new ValueProposition { Kind = ValueKind.CostSaving, Description = "현장 위탁 재고로 고객 재고 자산을 줄입니다.", Value = 48_000_000m, Basis = "월 사용량 2주분 재고 기준" }
                        : new ValueProposition { Kind = ValueKind.CostSaving, Description = "Consignment stock on site cuts the customer's inventory.", Value = 48_000_000m, Basis = "Two weeks of their monthly usage" });
                    quote.ValuePropositions.Add(korean
                        ? new ValueProposition { Kind = ValueKind.MarketInsight, Description = "경쟁사 원자재 가격 인상 전망과 대응 일정을 공유합니다." }
                        : new ValueProposition { Kind = ValueKind.RiskReduction, Description = "A second plant keeps supply going if one line stops.", Basis = "Both plants qualified for the same parts" });
                }
                QuoteMath.Recompute(quote);
                var causes = QuoteApproval.Causes(quote, limits);
                quote.ApprovalReason = QuoteApproval.Write(causes);
                if (sentDaysAgo > 0)
                {
                    if (causes.Count > 0)
                    {
                        quote.Approval = ApprovalState.Approved;
                        quote.ApprovedById = approver;
                        quote.ApprovedAt = now.AddDays(-sentDaysAgo - 1);
                        quote.ApprovalComment = korean ? "첫 거래라 승인합니다." : "Approved for a first order.";
                    }
                    quote.Status = QuoteStatus.Sent;
                    quote.SentAt = now.AddDays(-sentDaysAgo);
                }
                return quote;
            }

            if (i == 0)
            {
                var first = Make(1, 0m, 1m, 24, withValues: false);
                first.Status = QuoteStatus.Superseded;
                db.Quotes.Add(first);
                db.Quotes.Add(Make(2, 5m, 1.2m, 6, withValues: true));
            }
            else if (i == 1)
            {
                var pending = Make(1, 15m, 1m, 0, withValues: true);
                pending.Approval = pending.ApprovalReason is null ? ApprovalState.NotNeeded : ApprovalState.Pending;
                db.Quotes.Add(pending);
            }
            else
            {
                var sent = Make(1, i % 2 == 0 ? 0m : 5m, 1m, 3 + i, withValues: true);
                if (p.Stage == "testing")
                {
                    sent.Status = QuoteStatus.Accepted;
                    sent.AnsweredAt = now.AddDays(-1);
                }
                db.Quotes.Add(sent);
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
