using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.ProductRequests;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Product requests raised from demo pursuits, in every status: one that several accounts wait
/// on (with a duplicate merged into it), one under review and one accepted that block a pursuit, a released one
/// that names a catalogue product, a declined one and a new one raised from an account. A request
/// whose first account is Korean is written in Korean.
/// </summary>
internal static class DemoProductRequests
{
    private sealed record Story(string Title, string TitleKo, string Detail, string DetailKo, string? Category, ProductRequestStatus Status,
        string? Note, string? NoteKo, int Pursuits, bool Blocking);

    private static readonly Story[] Stories =
    [
        new("Valve rated for 40 bar steam", "40bar 증기용 밸브", "The new boiler line runs at 40 bar; our range stops at 25.", "신규 보일러 라인이 40bar로 운전되는데 당사 제품은 25bar까지입니다.",
            "valves", ProductRequestStatus.InDevelopment, "Prototype on the test bench in May; samples in July.", "5월 시험대에서 시제품 검증, 7월 샘플 제공 예정.", 3, true),
        new("Food-grade gasket with FDA certificate", "FDA 인증 식품용 개스킷", "Their audit asks for FDA 21 CFR 177 on every wetted part.", "고객 심사에서 접액부 전체에 FDA 21 CFR 177 인증을 요구합니다.",
            "gaskets", ProductRequestStatus.UnderReview, "Checking the compound with our supplier.", "원료 공급사와 배합을 검토 중입니다.", 1, true),
        new("Quick coupling for tool-free maintenance", "공구 없이 정비하는 퀵 커플링", "Their crews must change filters without tools, in under five minutes.", "현장 작업자가 공구 없이 5분 안에 필터를 교체해야 합니다.",
            "fittings", ProductRequestStatus.Accepted, "On next year's roadmap; design starts in Q2.", "내년 로드맵에 반영, 2분기 설계 착수.", 1, true),
        new("Compact pump for rooftop units", "옥상 설비용 소형 펌프", "Space on the roof allows 40 cm; ours is 55 cm long.", "옥상 설치 공간이 40cm인데 당사 제품은 55cm입니다.",
            "pumps", ProductRequestStatus.Released, "The compact series is in the catalogue.", "소형 시리즈가 카탈로그에 등록되었습니다.", 1, false),
        new("Stainless housing for coastal sites", "해안 현장용 스테인리스 하우징", "Salt air corrodes the painted housing within two years.", "염분 때문에 도장 하우징이 2년 안에 부식됩니다.",
            null, ProductRequestStatus.Declined, "Volume too small for a new casting; coated housing offered instead.", "신규 주조를 하기엔 물량이 적어 코팅 하우징으로 대체 제안.", 1, false),
        new("Lower minimum order for prototype runs", "시제품용 최소 주문 수량 인하", "They order 20 pieces per prototype; our minimum is 200.", "시제품마다 20개씩 주문하는데 당사 최소 주문은 200개입니다.",
            null, ProductRequestStatus.New, null, null, 0, false),
    ];

    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var pursuits = await db.Opportunities.AsNoTracking().Where(o => o.Status == OpportunityStatus.Open)
            .OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.AccountId, o.OwnerId, Korean = o.Account!.Country == "KR" })
            .Take(Stories.Sum(s => s.Pursuits) + 1)
            .ToListAsync(ct);
        if (pursuits.Count == 0)
        {
            return;
        }
        var product = await db.Products.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Id).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var next = 0;
        var requests = new List<ProductRequest>();
        foreach (var story in Stories)
        {
            var taken = pursuits.Skip(next).Take(Math.Max(1, story.Pursuits)).ToList();
            next += story.Pursuits;
            var first = taken[0];
            var korean = first.Korean;
            var title = korean ? story.TitleKo : story.Title;
            var request = new ProductRequest
            {
                Title = title,
                SearchName = Text.SearchKey(title),
                Detail = korean ? story.DetailKo : story.Detail,
                Category = story.Category,
                Status = story.Status,
                StatusNote = korean ? story.NoteKo : story.Note,
                StatusChangedAt = now.AddDays(-3 * (requests.Count + 1)),
                ProductId = story.Status == ProductRequestStatus.Released ? product : null,
                RaisedById = first.OwnerId,
            };
            foreach (var accountId in taken.Select(p => p.AccountId).Distinct())
            {
                request.Accounts.Add(new ProductRequestAccount { AccountId = accountId });
            }
            foreach (var p in taken.Take(story.Pursuits))
            {
                request.Opportunities.Add(new ProductRequestOpportunity { OpportunityId = p.Id, AccountId = p.AccountId, Blocking = story.Blocking });
            }
            requests.Add(request);
        }
        db.ProductRequests.AddRange(requests);
        await db.SaveChangesAsync(ct);

        // A second rep raised the 40 bar valve again; development merged it into the first.
        var survivor = requests[0];
        var duplicateTitle = survivor.Title + (pursuits[0].Korean ? " (중복)" : " (duplicate)");
        db.ProductRequests.Add(new ProductRequest
        {
            Title = duplicateTitle,
            SearchName = Text.SearchKey(duplicateTitle),
            Detail = survivor.Detail,
            Category = survivor.Category,
            Status = ProductRequestStatus.New,
            StatusChangedAt = now.AddDays(-20),
            RaisedById = pursuits[^1].OwnerId,
            MergedIntoId = survivor.Id,
        });
        await db.SaveChangesAsync(ct);
    }
}
