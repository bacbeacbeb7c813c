using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.References;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Reference cases at demo customers: what we supplied and what it achieved, some that may be
/// named and some anonymous only. Korean accounts get Korean outcomes. Products come from the
/// catalogue when it has any (the pursuits' categories first), otherwise the cases name none.
/// </summary>
internal static class DemoReferences
{
    public const int Count = 9;

    private static readonly (string Title, string Outcome)[] English =
    [
        ("Line retrofit without a stop", "Replaced the valves of two lines during planned maintenance; unplanned stops fell by a third in the first year."),
        ("Consignment stock at the plant", "Consignment stock on site cut their inventory by 18% and no order waited for parts."),
        ("Second source qualified in six weeks", "Qualified as second source in six weeks; price stable for two years."),
        ("Corrosion-resistant upgrade", "Switched to coated parts; maintenance intervals doubled."),
        ("Joint engineering on a new plant", "Our engineers sized the equipment with theirs; commissioning on schedule."),
    ];

    private static readonly (string Title, string Outcome)[] Korean =
    [
        ("무중단 라인 개조", "정기 보수 기간에 두 개 라인의 밸브를 교체해 첫해 비계획 정지가 3분의 1 줄었습니다."),
        ("공장 내 위탁 재고 운영", "현장 위탁 재고로 재고 자산을 18% 줄였고 부품 대기로 멈춘 주문이 없었습니다."),
        ("6주 만의 2차 공급처 승인", "6주 만에 2차 공급처로 승인받았고 2년간 가격을 유지했습니다."),
        ("내식성 사양 개선", "코팅 부품으로 전환해 정비 주기가 두 배로 늘었습니다."),
        ("신규 공장 공동 설계", "당사 엔지니어가 고객과 함께 설비 사양을 정해 일정대로 시운전했습니다."),
    ];

    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var customers = await db.Accounts.AsNoTracking()
            .Where(a => a.Status == AccountStatus.Customer && a.Type == AccountType.Customer)
            .OrderBy(a => a.Id).Take(Count)
            .Select(a => new { a.Id, a.Name, a.Country, Application = a.Applications.Select(x => (long?)x.ApplicationId).FirstOrDefault() })
            .ToListAsync(ct);
        var products = await db.Products.AsNoTracking().Where(p => p.IsActive)
            .OrderBy(p => p.Id).Select(p => new { p.Id, p.Category }).ToListAsync(ct);
        var categories = await db.Opportunities.AsNoTracking().Where(o => o.ProductCategory != null)
            .Select(o => new { o.AccountId, o.ProductCategory }).ToListAsync(ct);

        for (var i = 0; i < customers.Count; i++)
        {
            var c = customers[i];
            var korean = c.Country == "KR";
            var (title, outcome) = (korean ? Korean : English)[i % English.Length];
            var reference = new ReferenceCase
            {
                AccountId = c.Id,
                Title = $"{c.Name}: {title}",
                SearchName = Text.SearchKey($"{c.Name}: {title}"),
                ApplicationId = c.Application,
                Outcome = outcome,
                MayBeNamed = i % 3 != 2,
            };
            reference.Industry = await db.Accounts.AsNoTracking().Where(a => a.Id == c.Id).Select(a => a.Industry).FirstAsync(ct);
            if (products.Count > 0)
            {
                // A product of a category this customer's pursuits name, else the catalogue in turn.
                var wanted = categories.Where(x => x.AccountId == c.Id).Select(x => Text.SearchKey(x.ProductCategory!)).ToHashSet();
                var pick = products.FirstOrDefault(p => p.Category is not null && wanted.Contains(Text.SearchKey(p.Category))) ?? products[i % products.Count];
                reference.Products.Add(new ReferenceProduct { ProductId = pick.Id });
                var second = products[(i + 1) % products.Count];
                if (i % 2 == 0 && second.Id != pick.Id)
                {
                    reference.Products.Add(new ReferenceProduct { ProductId = second.Id });
                }
            }
            db.ReferenceCases.Add(reference);
        }
        await db.SaveChangesAsync(ct);
    }
}
