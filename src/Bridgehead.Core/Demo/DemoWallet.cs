using Bridgehead.Accounts;
using Bridgehead.Competitors;
using Bridgehead.Data;
using Bridgehead.Wallet;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Share of wallet and incumbents' slips for the demo: most customers and prospects have the
/// picture of one or two of the categories their deals are about, recorded on two to four dates
/// so our share moves (we supply at customers, not yet at prospects), and some accounts have
/// slips, recent and old. Korean accounts get Korean notes.
/// </summary>
internal sealed class DemoWallet(BridgeheadDb db, IReadOnlyList<Competitor> competitors)
{
    private readonly Random _rng = new(4242);

    private static readonly int[][] Timelines = [[400, 120], [330, 190, 45], [540, 300, 150, 20], [250, 60]];

    private static readonly string[] KoreanSlipNotes =
    [
        "3주 연속 납기 지연으로 생산 라인이 멈춤. 구매팀장이 대체 공급사를 찾는 중.",
        "입고 검사에서 불량률 2% 초과. 품질팀이 8D 보고서를 요구함.",
        "원자재 가격을 이유로 단가 8% 인상 통보. 구매팀이 불만을 표시함.",
        "담당 영업이 바뀐 뒤 대응이 늦어져 구매 담당과 관계가 나빠짐.",
        "긴급 발주 대응을 거절해 공장장이 불쾌해함.",
    ];

    private static readonly string[] EnglishSlipNotes =
    [
        "Third late shipment in a row; the line stood still for half a shift. Purchasing is asking around.",
        "Incoming inspection found 2% defects; quality asked them for an 8D report.",
        "Announced an 8% price rise citing raw materials; the buyer pushed back hard.",
        "Their new account manager stopped returning calls; the buyer says so openly.",
        "Refused a rush order; the plant manager was not pleased.",
    ];

    private static readonly string[] KoreanShareNotes = ["구매팀 면담에서 확인", "연간 구매 계획 기준 추정", "입찰 결과로 확인"];

    private static readonly string[] EnglishShareNotes = ["Confirmed with purchasing", "Estimated from the yearly purchase plan", "From the last tender's award"];

    public async Task CreateAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var accounts = await db.Accounts
            .Where(a => a.Type == AccountType.Customer && a.Status != AccountStatus.Former)
            .OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Status, a.Country })
            .ToListAsync(ct);
        var categories = (await db.Opportunities
                .Where(o => o.ProductCategory != null)
                .Select(o => new { o.AccountId, o.ProductCategory })
                .ToListAsync(ct))
            .GroupBy(o => o.AccountId)
            .ToDictionary(g => g.Key, g => g.Select(o => o.ProductCategory!).Distinct().Order(StringComparer.Ordinal).ToList());

        foreach (var account in accounts)
        {
            if (!categories.TryGetValue(account.Id, out var own) || _rng.NextDouble() < 0.15)
            {
                continue;
            }
            var korean = account.Country == "KR";
            var rivals = competitors.OrderBy(_ => _rng.Next()).Take(_rng.Next(1, 4)).ToList();
            foreach (var category in own.Take(_rng.Next(1, 3)))
            {
                AddShares(account.Id, category, account.Status == AccountStatus.Customer, korean, rivals, today);
            }
            if (_rng.NextDouble() < 0.35)
            {
                foreach (var _ in Enumerable.Range(0, _rng.Next(1, 3)))
                {
                    AddSlip(account.Id, rivals[_rng.Next(rivals.Count)], korean, today);
                }
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The category's picture on each date of a timeline: every supplier recorded, so each picture stays within 100%.</summary>
    private void AddShares(long accountId, string category, bool weSupply, bool korean, List<Competitor> rivals, DateOnly today)
    {
        var timeline = Timelines[_rng.Next(Timelines.Length)];
        // The category's yearly spend at the account: KRW for Korean accounts, USD elsewhere.
        var wallet = korean ? _rng.Next(2, 30) * 100_000_000m : _rng.Next(2, 30) * 100_000m;
        var currency = korean ? "KRW" : "USD";
        var unitPrice = korean ? _rng.Next(5, 60) * 1000m : _rng.Next(4, 45);
        decimal ours = weSupply ? _rng.Next(8, 30) : 0;
        foreach (var daysAgo in timeline)
        {
            var asOf = today.AddDays(-daysAgo);
            var open = _rng.Next(0, 4) * 5;
            var left = 100 - open - ours;
            var weights = rivals.Select(_ => _rng.Next(1, 5)).ToList();
            var total = weights.Sum();
            var shares = new List<(long? CompetitorId, decimal Share)>();
            if (weSupply)
            {
                shares.Add((null, ours));
            }
            for (var i = 0; i < rivals.Count; i++)
            {
                shares.Add((rivals[i].Id, Math.Floor(left * weights[i] / total)));
            }
            foreach (var (competitorId, share) in shares)
            {
                var value = decimal.Round(wallet * share / 100m, 0);
                db.SupplierShares.Add(new SupplierShare
                {
                    AccountId = accountId,
                    ProductCategory = category,
                    CategoryKey = Common.Text.SearchKey(category),
                    CompetitorId = competitorId,
                    SharePercent = share,
                    AnnualValue = value,
                    Currency = currency,
                    AnnualVolume = decimal.Round(value / unitPrice, 0),
                    VolumeUnit = korean ? "개" : "pcs",
                    AsOf = asOf,
                    Note = competitorId is null && _rng.NextDouble() < 0.5 ? Pick(korean ? KoreanShareNotes : EnglishShareNotes) : null,
                });
            }
            // Our share moves between dates: mostly up at customers we work, sometimes down.
            if (weSupply)
            {
                ours = Math.Clamp(ours + _rng.Next(-6, 15), 5, 70);
            }
        }
    }

    private void AddSlip(long accountId, Competitor rival, bool korean, DateOnly today)
    {
        var kind = Enum.GetValues<IncumbentEventKind>()[_rng.Next(Enum.GetValues<IncumbentEventKind>().Length)];
        var severity = Enum.GetValues<Severity>()[_rng.Next(Enum.GetValues<Severity>().Length)];
        db.IncumbentEvents.Add(new IncumbentEvent
        {
            AccountId = accountId,
            CompetitorId = rival.Id,
            Kind = kind,
            Severity = severity,
            // Some fresh, some months old, some past the year the signal looks back.
            OccurredOn = today.AddDays(-Pick([3, 12, 25, 40, 75, 130, 200, 290, 420, 500])),
            Note = Pick(korean ? KoreanSlipNotes : EnglishSlipNotes),
        });
    }

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];
}
