using Bridgehead.Contracts;
using Bridgehead.Data;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// A signed purchase contract for every won demo pursuit: from the day it was won, for a year,
/// with the lines of its latest sent quote where it has one, otherwise a year's volume of the
/// catalogue products of its category at a small discount on the list price. Korean accounts get
/// Korean terms and notes. (The demo orders call quantities off these contracts.)
/// </summary>
internal static class DemoContracts
{
    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var won = await db.Opportunities.AsNoTracking()
            .Where(o => o.Status == OpportunityStatus.Won)
            .OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.AccountId, o.ClosedAt, o.ProductCategory, o.OwnerId, o.Account!.Country })
            .ToListAsync(ct);
        var products = await db.Products.AsNoTracking().Where(p => p.IsActive && p.ListPrice != null).OrderBy(p => p.Id).ToListAsync(ct);
        if (won.Count == 0 || products.Count == 0)
        {
            return;
        }
        var ids = won.Select(o => o.Id).ToList();
        var quotes = (await db.Quotes.AsNoTracking().Include(q => q.Lines)
                .Where(q => ids.Contains(q.OpportunityId) && q.SentAt != null)
                .ToListAsync(ct))
            .GroupBy(q => q.OpportunityId)
            .ToDictionary(g => g.Key, g => g.MaxBy(q => q.Number)!);
        var now = db.Clock.GetUtcNow().UtcDateTime;

        for (var i = 0; i < won.Count; i++)
        {
            var o = won[i];
            var korean = o.Country == "KR";
            var signed = DateOnly.FromDateTime(o.ClosedAt ?? now.AddDays(-30));
            var contract = new Contract
            {
                AccountId = o.AccountId,
                OpportunityId = o.Id,
                Number = FormattableString.Invariant($"BH-{signed.Year}-{i + 1:000}"),
                StartsOn = signed,
                EndsOn = signed.AddYears(1).AddDays(-1),
                SignedOn = signed,
                Currency = "KRW",
                Terms = korean ? KoreanTerms : EnglishTerms,
                Notes = korean ? "연간 물량 기준 계약입니다. 정기 발주로 월별 분할 인출합니다." : "Annual volume contract; released in monthly call-offs.",
                CreatedById = o.OwnerId,
            };
            if (quotes.TryGetValue(o.Id, out var quote))
            {
                contract.Currency = quote.Currency.Trim();
                foreach (var line in quote.Lines.OrderBy(l => l.Position))
                {
                    // A year's volume of what the quote priced per order, at the price after discount.
                    contract.Lines.Add(Line(contract, line.ProductId, line.Quantity * 12m, line.UnitPrice * (1m - (line.DiscountPercent / 100m))));
                }
            }
            else
            {
                var fitting = products.Where(p => string.Equals(p.Category, o.ProductCategory, StringComparison.OrdinalIgnoreCase)).ToList();
                var picked = (fitting.Count > 0 ? fitting : [products[i % products.Count], products[(i + 2) % products.Count]]).Take(2).DistinctBy(p => p.Id);
                foreach (var product in picked)
                {
                    var volume = decimal.Round((product.WeeklyCapacity ?? 100m) * 4m / 100m, 0) * 100m;
                    contract.Lines.Add(Line(contract, product.Id, Math.Max(volume, 100m), decimal.Round(product.ListPrice!.Value * 0.95m, 0)));
                }
            }
            db.Contracts.Add(contract);
        }
        await db.SaveChangesAsync(ct);
    }

    private static ContractLine Line(Contract contract, long productId, decimal quantity, decimal unitPrice) => new()
    {
        AccountId = contract.AccountId,
        ProductId = productId,
        Quantity = quantity,
        UnitPrice = decimal.Round(unitPrice, 4, MidpointRounding.AwayFromZero),
        Position = contract.Lines.Count + 1,
    };

    private const string EnglishTerms =
        "Prices fixed per product for the contract year; one raw-material adjustment after six months.\n"
        + "Payment 60 days after month-end closing.\n"
        + "Delivery within four weeks of each call-off, monthly releases.\n"
        + "Quality: at most 500 PPM defective; 8D report within ten working days.";

    private const string KoreanTerms =
        "단가: 계약 기간 동안 제품별 고정, 6개월 후 원자재 연동 1회 조정\n"
        + "결제: 월말 마감 후 60일\n"
        + "납기: 발주 후 4주 이내, 월별 분할 납품\n"
        + "품질: 불량률 500 PPM 이하, 8D 보고서 10영업일 이내 제출";
}
