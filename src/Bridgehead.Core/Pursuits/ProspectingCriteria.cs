using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

// The gate criteria of stages 1-2 that read the market map: the share of wallet, the entry
// angle, the buying center and the route decision. Each judges a batch with one query.

/// <summary>Leaving prospecting: the account's share of wallet is recorded for the pursuit's product category.</summary>
public sealed class WalletMappedCriterion : IGateCriterion
{
    public string Key => "walletMapped";

    public IReadOnlyCollection<string> Stages => ["prospecting"];

    public string Name => ProspectingText.Criterion_walletMapped;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        // The account's entries (category and date: a few rows per account); the pursuit's category
        // is matched by its search key here, exactly as shares store theirs. (Grouping in SQL
        // would need APPLY, which SQLite lacks.)
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new
            {
                o.Id,
                o.ProductCategory,
                Entries = query.Db.SupplierShares.Where(s => s.AccountId == o.AccountId)
                    .Select(s => new { s.CategoryKey, s.AsOf })
                    .ToList(),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r =>
        {
            if (r.ProductCategory is null)
            {
                return new Verdict(false, PursuitsText.Why_NoCategory);
            }
            var key = Text.SearchKey(r.ProductCategory);
            var latest = r.Entries.Where(e => e.CategoryKey == key).Max(e => (DateOnly?)e.AsOf);
            return latest is { } found
                ? new Verdict(true, Validator.Format(ProspectingText.Why_WalletMapped, r.ProductCategory, found.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
                : new Verdict(false, Validator.Format(ProspectingText.Why_NoWallet, r.ProductCategory));
        });
    }
}

/// <summary>Leaving prospecting: the pursuit says why now and how we get in.</summary>
public sealed class EntryAngleCriterion : IGateCriterion
{
    /// <summary>How much of the angle the reason quotes.</summary>
    public const int Quoted = 80;

    public string Key => "entryAngle";

    public IReadOnlyCollection<string> Stages => ["prospecting"];

    public string Name => ProspectingText.Criterion_entryAngle;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new { o.Id, o.EntryAngle })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => Text.Clean(r.EntryAngle) is { } angle
            ? new Verdict(true, Validator.Format(ProspectingText.Why_EntryAngle, Text.Excerpt(angle, Quoted)))
            : new Verdict(false, ProspectingText.Why_NoEntryAngle));
    }
}

/// <summary>
/// The buying-center criteria of the contact stage: someone from the named departments is a
/// member of the pursuit's buying center with their pains recorded.
/// </summary>
public abstract class BuyingCenterCriterion : IGateCriterion
{
    public abstract string Key { get; }

    public IReadOnlyCollection<string> Stages => ["contact"];

    public abstract string Name { get; }

    /// <summary>The departments that count.</summary>
    protected abstract IReadOnlyList<Department> Departments { get; }

    /// <summary>The reason when nobody from the departments is a member.</summary>
    protected abstract string WhyNobody { get; }

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        var departments = Departments.ToList();
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new
            {
                o.Id,
                Members = query.Db.BuyingCenterMembers
                    .Where(m => m.OpportunityId == o.Id && m.Department != null && departments.Contains(m.Department.Value))
                    .Select(m => new { m.Contact!.Name, Department = m.Department!.Value, HasPains = m.Pains != null && m.Pains != "" })
                    .ToList(),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r =>
        {
            var withPains = r.Members.Where(m => m.HasPains).OrderBy(m => m.Name, StringComparer.CurrentCulture).ToList();
            if (withPains.Count > 0)
            {
                return new Verdict(true, Validator.Format(ProspectingText.Why_MembersWithPains,
                    string.Join(", ", withPains.Select(m => $"{m.Name} ({Labels.Of(m.Department)})"))));
            }
            return r.Members.Count > 0
                ? new Verdict(false, Validator.Format(ProspectingText.Why_MembersWithoutPains, string.Join(", ", r.Members.Select(m => m.Name).Order(StringComparer.CurrentCulture))))
                : new Verdict(false, WhyNobody);
        });
    }
}

/// <summary>Leaving contact: purchasing is in the buying center, with their pains.</summary>
public sealed class PurchasingMappedCriterion : BuyingCenterCriterion
{
    public override string Key => "purchasingMapped";

    public override string Name => ProspectingText.Criterion_purchasingMapped;

    protected override IReadOnlyList<Department> Departments => [Department.Purchasing];

    protected override string WhyNobody => ProspectingText.Why_NoPurchasing;
}

/// <summary>Leaving contact: engineering or quality is in the buying center, with their pains.</summary>
public sealed class TechnicalMappedCriterion : BuyingCenterCriterion
{
    public override string Key => "technicalMapped";

    public override string Name => ProspectingText.Criterion_technicalMapped;

    protected override IReadOnlyList<Department> Departments => [Department.Engineering, Department.Quality];

    protected override string WhyNobody => ProspectingText.Why_NoTechnical;
}

/// <summary>Leaving contact: the route to the customer is decided, with its rationale.</summary>
public sealed class RouteDecidedCriterion : IGateCriterion
{
    public string Key => "routeDecided";

    public IReadOnlyCollection<string> Stages => ["contact"];

    public string Name => ProspectingText.Criterion_routeDecided;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Route, o.RouteRationale })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => (r.Route, Text.Clean(r.RouteRationale)) switch
        {
            (null, _) => new Verdict(false, ProspectingText.Why_NoRoute),
            ({ } route, null) => new Verdict(false, Validator.Format(ProspectingText.Why_RouteWithoutRationale, Labels.Of(route))),
            ({ } route, { } why) => new Verdict(true, Validator.Format(ProspectingText.Why_RouteDecided, Labels.Of(route),
                Text.Excerpt(why, EntryAngleCriterion.Quoted))),
        });
    }
}
