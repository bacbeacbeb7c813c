using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Three quality incidents at demo customers, on products their orders delivered (so the defect
/// rate in PPM has figures): one closed with the full 8D, a verification, our cost and a settled
/// claim; one contained with the root cause still open; and one critical opened a few hours ago,
/// its containment due. Written as records (no notifications for the past); Korean accounts get
/// Korean text.
/// </summary>
internal static class DemoIncidents
{
    private sealed record Source(long AccountId, bool Korean, long OrderId, long ProductId, decimal Delivered, string Currency);

    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var quality = await db.Users.AsNoTracking().Where(u => u.IsDemo && u.Role == Role.Quality).OrderBy(u => u.Id).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);
        var delivered = await db.Deliveries.AsNoTracking()
            .OrderBy(d => d.Id)
            .Select(d => new
            {
                d.AccountId, d.OrderId, d.Line!.ProductId, d.Quantity,
                Korean = db.Accounts.Where(a => a.Id == d.AccountId).Select(a => a.Country == "KR").FirstOrDefault(),
                Currency = db.Orders.Where(o => o.Id == d.OrderId).Select(o => o.Currency).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var sources = delivered
            .GroupBy(d => d.AccountId)
            .Select(g => g.First())
            .Select(d => new Source(d.AccountId, d.Korean, d.OrderId, d.ProductId, d.Quantity, d.Currency ?? "KRW"))
            .ToList();
        if (quality is not { } owner || sources.Count == 0)
        {
            return;
        }
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        Source Pick(int i) => sources[i % sources.Count];
        static decimal Defects(Source s, decimal share) => Math.Max(1, decimal.Round(s.Delivered * share, 0));

        // 1. Closed: the whole 8D done, verified, the cost booked and the claim settled.
        var a = Pick(0);
        var closed = New(a, owner, now.AddDays(-60), IncidentSeverity.Major, Defects(a, 0.004m),
            a.Korean ? "플랜지 버 발생" : "Burrs on flange faces",
            a.Korean ? "입고 검사에서 플랜지 면의 버가 발견되어 조립 라인에서 선별 작업을 했습니다." : "Incoming inspection found burrs on the flange faces; the customer sorted at the assembly line.",
            "L-2611-07");
        closed.Status = IncidentStatus.Closed;
        closed.ContainedAt = closed.OpenedAt.AddHours(18);
        closed.Containment = a.Korean ? "고객사 재고와 당사 재고 전수 선별, 출하 보류." : "100% sort of the customer's and our stock; shipments held.";
        closed.RootCause = a.Korean ? "트리밍 금형 마모: 점검 주기가 생산량을 반영하지 못했습니다." : "Worn trimming die: the check interval did not follow the output.";
        closed.CorrectiveAction = a.Korean ? "금형 교체, 5,000개마다 마모 점검." : "Die replaced; wear check every 5,000 parts.";
        closed.PreventiveAction = a.Korean ? "관리 계획서에 금형 수명 관리 추가, 유사 금형에 수평 전개." : "Die life added to the control plan and rolled out to similar dies.";
        closed.Verification = a.Korean ? "3개 로트 연속 버 없음, 고객 입고 검사 합격." : "Three lots in a row without a burr; passed the customer's incoming inspection.";
        closed.VerifiedAt = now.AddDays(-20);
        closed.VerifiedById = owner;
        closed.ClosedAt = now.AddDays(-15);
        closed.Cost = 1_850_000m;
        closed.ClaimStatus = ClaimStatus.Settled;
        closed.ClaimAmount = 2_400_000m;
        var doneDays = new[] { -60, -60, -59, -59, -45, -40, -20, -18, -15 };
        foreach (var step in closed.Steps)
        {
            step.OwnerId = owner;
            step.DoneOn = today.AddDays(doneDays[(int)step.Step]);
            step.DueOn ??= step.DoneOn;
        }

        // 2. Contained; the root cause is still being found.
        var b = Pick(1);
        var contained = New(b, owner, now.AddDays(-6), IncidentSeverity.Major, Defects(b, 0.002m),
            b.Korean ? "도장 박리" : "Paint peeling after salt spray",
            b.Korean ? "염수 분무 시험에서 도장 박리가 발생했습니다." : "The customer's salt spray test showed peeling on the coated parts.",
            "L-2640-02");
        contained.Status = IncidentStatus.Contained;
        contained.ContainedAt = contained.OpenedAt.AddHours(10);
        contained.Containment = b.Korean ? "해당 로트 출하 보류, 대체품 공급." : "Suspect lots held; replacement parts shipped.";
        contained.ClaimStatus = ClaimStatus.Claimed;
        contained.ClaimAmount = 900_000m;
        foreach (var step in contained.Steps.Where(s => s.Step <= EightDStep.D3))
        {
            step.OwnerId = owner;
            step.DoneOn = today.AddDays(-6 + (int)step.Step / 2);
        }
        contained.Steps.Single(s => s.Step == EightDStep.D4).DueOn = today.AddDays(5);
        contained.Steps.Single(s => s.Step == EightDStep.D4).Note = b.Korean ? "전처리 라인 조건 확인 중." : "Checking the pre-treatment line settings.";

        // 3. Critical, opened hours ago: containment due within the day.
        var c = Pick(2);
        var critical = New(c, owner, now.AddHours(-5), IncidentSeverity.Critical, Defects(c, 0.01m),
            c.Korean ? "하우징 균열로 고객 라인 정지" : "Cracked housings stopped the customer's line",
            c.Korean ? "조립 중 하우징 균열이 발견되어 고객 라인이 정지했습니다." : "Housings cracked during assembly and the customer's line stopped.",
            "L-2702-11");
        critical.Steps.Single(s => s.Step == EightDStep.D0).DoneOn = today;

        db.Incidents.AddRange(closed, contained, critical);
        await db.SaveChangesAsync(ct);
    }

    private static Incident New(Source s, long owner, DateTime openedAt, IncidentSeverity severity, decimal defects, string title, string description, string lot)
    {
        var incident = new Incident
        {
            AccountId = s.AccountId,
            OrderId = s.OrderId,
            ProductId = s.ProductId,
            Title = title,
            Description = description,
            Lot = lot,
            DefectQuantity = defects,
            Severity = severity,
            Status = IncidentStatus.Open,
            OpenedAt = openedAt,
            OpenedById = owner,
            OwnerId = owner,
            ContainmentDueAt = openedAt + Incident.ContainmentWindow,
            Currency = s.Currency,
            ClaimStatus = ClaimStatus.None,
        };
        foreach (var step in Enum.GetValues<EightDStep>())
        {
            incident.Steps.Add(new IncidentStep
            {
                AccountId = s.AccountId,
                Step = step,
                DueOn = step == EightDStep.D3 ? DateOnly.FromDateTime(incident.ContainmentDueAt) : null,
            });
        }
        return incident;
    }
}
