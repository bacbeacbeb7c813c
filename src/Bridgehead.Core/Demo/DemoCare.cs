using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.Care;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Stage 10 in the demo: the default care plans saved, two customers flagged strategic (the first
/// with a manager as executive sponsor, the second without one), every customer placed in its tier,
/// and visits and business reviews so that the care list has one customer due this week (the
/// first: its review falls due in the next days), one overdue (the second: a review long past and
/// no sponsor) and others fine (a recent visit). Korean accounts get Korean notes.
/// </summary>
internal static class DemoCare
{
    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var today = CareDates.Today(db);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var customers = await db.Accounts
            .Where(a => a.Status == AccountStatus.Customer && a.Owner!.IsActive)
            .OrderBy(a => a.Id)
            .ToListAsync(ct);
        var sponsor = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && (u.Role == Role.Manager || u.Role == Role.Admin))
            .OrderBy(u => u.Role == Role.Manager ? 0 : 1).ThenBy(u => u.Id)
            .Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);
        foreach (var tier in CarePlacement.TopDown)
        {
            if (!await db.CarePlans.AnyAsync(p => p.Tier == tier, ct))
            {
                db.CarePlans.Add(CareSchedule.DefaultPlan(tier));
            }
        }
        if (customers.Count < 3)
        {
            await db.SaveChangesAsync(ct);
            await CarePlacement.PlaceTiersAsync(db, CurrencySettings.Default, null, ct);
            return;
        }
        var (dueSoon, overdue) = (customers[0], customers[1]);
        dueSoon.IsStrategic = true;
        dueSoon.ExecutiveSponsorId = sponsor;
        overdue.IsStrategic = true;
        await db.SaveChangesAsync(ct);
        await CarePlacement.PlaceTiersAsync(db, CurrencySettings.Default, null, ct);

        var plans = await CareSchedule.PlansAsync(db, ct);
        var strategic = plans[AccountTier.Strategic];
        var reviewEvery = strategic.ReviewEveryDays ?? 90;
        // Due this week and not yet late: the review falls due today or within the next two days (never past Sunday).
        var untilSunday = CareDates.EndOfWeek(today).DayNumber - today.DayNumber;
        db.Activities.Add(Touch(dueSoon, ActivityKind.Visit, now.AddDays(-2), Visit(dueSoon)));
        db.Activities.Add(Touch(dueSoon, ActivityKind.BusinessReview, now.AddDays(-reviewEvery + Math.Min(2, untilSunday)), Review(dueSoon)));
        // Overdue: the last business review is two weeks past its rhythm, and no executive sponsor is named.
        db.Activities.Add(Touch(overdue, ActivityKind.BusinessReview, now.AddDays(-reviewEvery - 14), Review(overdue)));
        await db.SaveChangesAsync(ct);

        // Every other customer is fine: one recently visited where its own rhythm would otherwise make it due.
        var others = customers.Skip(2).Select(c => c.Id).ToList();
        var care = await CareSchedule.LoadAsync(db, others, ct);
        var endOfWeek = CareDates.EndOfWeek(today);
        foreach (var c in customers.Skip(2).Where(c => care.TryGetValue(c.Id, out var due) && due.IsDueBy(endOfWeek) && !due.SponsorMissing))
        {
            db.Activities.Add(Touch(c, ActivityKind.Visit, now.AddDays(-1), Visit(c)));
        }
        await db.SaveChangesAsync(ct);
    }

    private static Activity Touch(Account account, ActivityKind kind, DateTime at, (string Subject, string Body) words) => new()
    {
        AccountId = account.Id,
        Kind = kind,
        Subject = words.Subject,
        Body = words.Body,
        OccurredAt = at,
        AuthorId = account.OwnerId,
    };

    private static (string, string) Visit(Account a) => a.Country == "KR"
        ? ("정기 방문: 생산 현장 점검", "생산 담당자와 다음 분기 물량과 납기를 확인했습니다.")
        : ("Regular visit: plant walk", "Walked the line with the production lead; checked next quarter's volumes and delivery dates.");

    private static (string, string) Review(Account a) => a.Country == "KR"
        ? ("분기 비즈니스 리뷰", "구매·품질 담당과 지난 분기 납기 준수율, 품질, 다음 분기 계획을 함께 검토했습니다.")
        : ("Quarterly business review", "Reviewed on-time delivery, quality and next quarter's plan with purchasing and quality.");
}
