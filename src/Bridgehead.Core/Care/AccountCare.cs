using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Care;

/// <summary>What care is due: a visit, a business review, or an executive sponsor to name.</summary>
public enum CareItem
{
    Visit,
    Review,
    Sponsor,
}

/// <summary>Which care the list shows: due by the end of this week (overdue included), or overdue only.</summary>
public enum CareDueFilter
{
    Week,
    Overdue,
}

/// <summary>A user named on an account.</summary>
public sealed record CarePerson(long Id, string Name);

/// <summary>One customer's care: its tier and why, its plan's rhythm, its due dates and what is overdue.</summary>
/// <param name="PlacedBy">The rule that placed the account in its tier under the current plans.</param>
/// <param name="PlacedThreshold">The threshold of that rule (revenue or potential), base currency; null for the strategic flag and the rest.</param>
/// <param name="Placed">The tier the rules give today; it differs from <paramref name="Tier"/> until the account is re-placed (saving a plan, the six-hourly job).</param>
public sealed record AccountCareDto(
    long AccountId,
    AccountTier Tier,
    AccountTier Placed,
    CareReason PlacedBy,
    Money? PlacedThreshold,
    bool IsStrategic,
    CarePlanDto Plan,
    DateOnly? LastVisitOn,
    DateOnly VisitDueOn,
    DateOnly? LastReviewOn,
    DateOnly? ReviewDueOn,
    CarePerson? Sponsor,
    bool SponsorMissing,
    IReadOnlyList<CareItem> Overdue,
    Money AnnualRevenue,
    Money Potential);

/// <summary>One customer on the care list.</summary>
/// <param name="Due">What falls due by the list's date (or is late).</param>
/// <param name="DueOn">The earliest date among them (today for a missing sponsor alone).</param>
public sealed record CareDueDto(
    long AccountId,
    string AccountName,
    long OwnerId,
    string OwnerName,
    AccountTier Tier,
    IReadOnlyList<CareItem> Due,
    IReadOnlyList<CareItem> Overdue,
    DateOnly DueOn,
    DateOnly? LastVisitOn,
    DateOnly VisitDueOn,
    DateOnly? ReviewDueOn,
    bool SponsorMissing);

/// <summary>Dates the care pages count with.</summary>
public static class CareDates
{
    public static DateOnly Today(BridgeheadDb db) => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    /// <summary>The Sunday that ends the (Monday-to-Sunday) week of <paramref name="day"/>.</summary>
    public static DateOnly EndOfWeek(DateOnly day) => day.AddDays((7 - (int)day.DayOfWeek) % 7);

    /// <summary>What of <paramref name="care"/> is overdue today.</summary>
    public static IReadOnlyList<CareItem> Overdue(CareDue care, DateOnly today)
    {
        var items = new List<CareItem>();
        if (care.VisitOverdue(today))
        {
            items.Add(CareItem.Visit);
        }
        if (care.ReviewOverdue(today))
        {
            items.Add(CareItem.Review);
        }
        if (care.SponsorMissing)
        {
            items.Add(CareItem.Sponsor);
        }
        return items;
    }

    /// <summary>What of <paramref name="care"/> falls due by <paramref name="until"/> (late items included).</summary>
    public static IReadOnlyList<CareItem> DueBy(CareDue care, DateOnly until)
    {
        var items = new List<CareItem>();
        if (care.VisitDueOn <= until)
        {
            items.Add(CareItem.Visit);
        }
        if (care.ReviewDueOn is { } review && review <= until)
        {
            items.Add(CareItem.Review);
        }
        if (care.SponsorMissing)
        {
            items.Add(CareItem.Sponsor);
        }
        return items;
    }
}

/// <summary>The care of one customer account the caller sees (404 otherwise, and for accounts that are not customers).</summary>
public sealed class GetAccountCare(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<AccountCareDto> HandleAsync(long accountId, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.Id, a.Status, a.Tier, a.IsStrategic, a.ExecutiveSponsorId })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("account");
        if (account.Status != AccountStatus.Customer)
        {
            throw new NotFoundException("care");
        }
        var care = (await CareSchedule.LoadAsync(db, [accountId], ct))[accountId];
        var plans = await CareSchedule.PlansAsync(db, ct);
        var size = (await CarePlacement.SizesAsync(db, settings, [accountId], ct)).GetValueOrDefault(accountId) ?? CareSize.Zero;
        var placed = CarePlacement.Explain(plans, account.IsStrategic, size.AnnualRevenue, size.Potential);
        var sponsor = account.ExecutiveSponsorId is { } sponsorId
            ? await db.Users.AsNoTracking().Where(u => u.Id == sponsorId).Select(u => new CarePerson(u.Id, u.DisplayName)).FirstOrDefaultAsync(ct)
            : null;
        var today = CareDates.Today(db);
        var currency = settings.BaseCurrency;
        return new AccountCareDto(
            accountId,
            care.Tier,
            placed.Tier,
            placed.Reason,
            Money.From(placed.Threshold, currency),
            account.IsStrategic,
            CarePlanDto.From(plans[care.Tier], currency),
            care.LastVisitOn,
            care.VisitDueOn,
            care.LastReviewOn,
            care.ReviewDueOn,
            sponsor,
            care.SponsorMissing,
            CareDates.Overdue(care, today),
            new Money(size.AnnualRevenue, currency),
            new Money(size.Potential, currency));
    }
}

/// <summary>
/// The customers the caller sees with care due by the end of this week (or overdue only), soonest
/// first; optionally one owner's. The schedule is computed, so the page is cut in memory; the cursor
/// is the last row's due date and account id.
/// </summary>
public sealed class ListCareDue(BridgeheadDb db)
{
    public async Task<Page<CareDueDto>> HandleAsync(CareDueFilter due, long? ownerId, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var today = CareDates.Today(db);
        var until = CareDates.EndOfWeek(today);
        var accounts = ownerId is { } owner ? db.Accounts.Where(a => a.OwnerId == owner) : db.Accounts;
        var all = await CareSchedule.LoadAsync(db, accounts, ct);
        var rows = all.Values
            .Select(c => (Care: c, Due: due == CareDueFilter.Overdue ? CareDates.Overdue(c, today) : CareDates.DueBy(c, until), Overdue: CareDates.Overdue(c, today)))
            .Where(x => x.Due.Count > 0)
            .Select(x => (x.Care, x.Due, x.Overdue, DueOn: DueOn(x.Care, x.Due, today)))
            .OrderBy(x => x.DueOn).ThenBy(x => x.Care.AccountId)
            .AsEnumerable();
        if (page.Cursor is { } cursor)
        {
            var (lastDue, lastId) = Keyset.Decode<DateOnly>(cursor);
            rows = rows.Where(x => x.DueOn > lastDue || (x.DueOn == lastDue && x.Care.AccountId > lastId));
        }
        var slice = rows.Take(page.Limit + 1).ToList();
        string? next = null;
        if (slice.Count > page.Limit)
        {
            slice.RemoveAt(slice.Count - 1);
            next = Keyset.Encode(slice[^1].DueOn, slice[^1].Care.AccountId);
        }
        var ids = slice.Select(x => x.Care.AccountId).ToList();
        var names = await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Name, a.OwnerId, OwnerName = a.Owner!.DisplayName })
            .ToDictionaryAsync(a => a.Id, ct);
        var items = slice.Where(x => names.ContainsKey(x.Care.AccountId)).Select(x =>
        {
            var n = names[x.Care.AccountId];
            return new CareDueDto(n.Id, n.Name, n.OwnerId, n.OwnerName, x.Care.Tier, x.Due, x.Overdue, x.DueOn,
                x.Care.LastVisitOn, x.Care.VisitDueOn, x.Care.ReviewDueOn, x.Care.SponsorMissing);
        }).ToList();
        return new Page<CareDueDto>(items, next);
    }

    private static DateOnly DueOn(CareDue care, IReadOnlyList<CareItem> due, DateOnly today)
    {
        var dates = new List<DateOnly>();
        if (due.Contains(CareItem.Visit))
        {
            dates.Add(care.VisitDueOn);
        }
        if (due.Contains(CareItem.Review) && care.ReviewDueOn is { } review)
        {
            dates.Add(review);
        }
        if (due.Contains(CareItem.Sponsor))
        {
            dates.Add(today);
        }
        return dates.Min();
    }
}
