using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Care;

/// <summary>When a customer's next visit and business review fall due under its tier's care plan, and whether a required sponsor is missing.</summary>
public sealed record CareDue(
    long AccountId,
    AccountTier Tier,
    DateOnly? LastVisitOn,
    DateOnly VisitDueOn,
    DateOnly? LastReviewOn,
    DateOnly? ReviewDueOn,
    bool SponsorMissing)
{
    public bool VisitOverdue(DateOnly today) => VisitDueOn < today;

    public bool ReviewOverdue(DateOnly today) => ReviewDueOn is { } due && due < today;

    /// <summary>A visit or review past its date, or a required executive sponsor missing.</summary>
    public bool IsOverdue(DateOnly today) => VisitOverdue(today) || ReviewOverdue(today) || SponsorMissing;

    /// <summary>Something falls due from today to <paramref name="until"/> (inclusive), or is already late.</summary>
    public bool IsDueBy(DateOnly until) => VisitDueOn <= until || (ReviewDueOn is { } due && due <= until);
}

/// <summary>
/// The care rhythm, computed: a visit counts as a <see cref="ActivityKind.Visit"/> or
/// <see cref="ActivityKind.Meeting"/> on the account's timeline, a review as a
/// <see cref="ActivityKind.BusinessReview"/>. With none yet, the rhythm counts from the day the
/// account was created. Customers without a tier follow the standard plan; a tier without a plan
/// (none saved yet) uses <see cref="DefaultPlan"/>.
/// </summary>
public static class CareSchedule
{
    /// <summary>The plans a fresh installation starts with (admins change them on the care plans page).</summary>
    public static CarePlan DefaultPlan(AccountTier tier) => tier switch
    {
        AccountTier.Strategic => new CarePlan { Tier = tier, IncludesStrategic = true, MinAnnualRevenue = 5_000_000_000m, VisitEveryDays = 30, ReviewEveryDays = 90, ExecutiveSponsorRequired = true },
        AccountTier.Key => new CarePlan { Tier = tier, MinAnnualRevenue = 1_000_000_000m, MinPotential = 3_000_000_000m, VisitEveryDays = 60, ReviewEveryDays = 180 },
        AccountTier.Standard => new CarePlan { Tier = tier, VisitEveryDays = 120 },
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };

    /// <summary>The pure rule: due dates from the plan and the last touches.</summary>
    public static CareDue Compute(long accountId, CarePlan plan, DateOnly since, DateOnly? lastVisit, DateOnly? lastReview, bool hasSponsor) =>
        new(
            accountId,
            plan.Tier,
            lastVisit,
            (lastVisit ?? since).AddDays(plan.VisitEveryDays),
            lastReview,
            plan.ReviewEveryDays is { } every ? (lastReview ?? since).AddDays(every) : null,
            plan.ExecutiveSponsorRequired && !hasSponsor);

    /// <summary>The saved plans, one per tier, filling in defaults for tiers without one.</summary>
    public static async Task<IReadOnlyDictionary<AccountTier, CarePlan>> PlansAsync(BridgeheadDb db, CancellationToken ct = default)
    {
        var saved = await db.CarePlans.AsNoTracking().ToListAsync(ct);
        return Enum.GetValues<AccountTier>().ToDictionary(t => t, t => saved.FirstOrDefault(p => p.Tier == t) ?? DefaultPlan(t));
    }

    /// <summary>
    /// The care due of the given customer accounts (those the context's viewer sees), in three
    /// queries whatever their number. Accounts that are not customers are left out.
    /// </summary>
    public static Task<IReadOnlyDictionary<long, CareDue>> LoadAsync(BridgeheadDb db, IReadOnlyCollection<long> accountIds, CancellationToken ct = default) =>
        LoadAsync(db, db.Accounts.Where(a => accountIds.Contains(a.Id)), ct);

    /// <summary>
    /// The care due of the customers among <paramref name="accounts"/> (a query over the context's
    /// accounts, e.g. all the viewer sees, or one owner's), in three queries whatever their number:
    /// the plans, the accounts, and the last touches (the accounts' query runs again inside it).
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, CareDue>> LoadAsync(BridgeheadDb db, IQueryable<Account> accounts, CancellationToken ct = default)
    {
        var plans = await PlansAsync(db, ct);
        var customers = accounts.AsNoTracking().Where(a => a.Status == AccountStatus.Customer);
        var rows = await customers
            .Select(a => new { a.Id, a.Tier, a.CreatedAt, a.ExecutiveSponsorId })
            .ToListAsync(ct);
        var ids = customers.Select(a => a.Id);
        var touches = await db.Activities.AsNoTracking()
            .Where(x => ids.Contains(x.AccountId)
                && (x.Kind == ActivityKind.Visit || x.Kind == ActivityKind.Meeting || x.Kind == ActivityKind.BusinessReview))
            .GroupBy(x => new { x.AccountId, Review = x.Kind == ActivityKind.BusinessReview })
            .Select(g => new { g.Key.AccountId, g.Key.Review, Last = g.Max(x => x.OccurredAt) })
            .ToListAsync(ct);
        var last = touches.ToDictionary(t => (t.AccountId, t.Review), t => t.Last);
        return rows.ToDictionary(a => a.Id, a =>
        {
            DateTime? visit = last.TryGetValue((a.Id, false), out var v0) ? v0 : null;
            DateTime? review = last.TryGetValue((a.Id, true), out var r0) ? r0 : null;
            return Compute(
                a.Id,
                plans[a.Tier ?? AccountTier.Standard],
                DateOnly.FromDateTime(a.CreatedAt),
                visit is { } v ? DateOnly.FromDateTime(v) : null,
                review is { } r ? DateOnly.FromDateTime(r) : null,
                a.ExecutiveSponsorId is not null);
        });
    }
}
