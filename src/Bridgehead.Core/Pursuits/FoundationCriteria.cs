using Bridgehead.Common;
using Bridgehead.Industries;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

// The gate criteria the foundation's records can judge. Later modules (buying center, quotes,
// trials...) add their own classes implementing IGateCriterion in their folders.

/// <summary>Leaving prospecting: we know the customer's industry and at least one application.</summary>
public sealed class AccountProfiledCriterion : IGateCriterion
{
    public string Key => "accountProfiled";

    public IReadOnlyCollection<string> Stages => ["prospecting"];

    public string Name => PursuitsText.Criterion_accountProfiled;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new
            {
                o.Id,
                o.Account!.Industry,
                Applications = o.Account.Applications.Select(x => new ApplicationTag(x.ApplicationId, x.Application!.NameEn, x.Application.NameKo)).ToList(),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => (r.Industry, r.Applications.Count) switch
        {
            (null, _) => new Verdict(false, PursuitsText.Why_NoIndustry),
            (_, 0) => new Verdict(false, PursuitsText.Why_NoApplication),
            _ => new Verdict(true, Validator.Format(PursuitsText.Why_Profiled,
                IsicCatalogue.Find(r.Industry)?.Name ?? r.Industry, string.Join(", ", r.Applications.Select(a => a.Name)))),
        });
    }
}

/// <summary>Leaving prospecting and needs: the pursuit names what we sell and where the customer uses it.</summary>
public sealed class CategoryKnownCriterion : IGateCriterion
{
    public string Key => "categoryKnown";

    public IReadOnlyCollection<string> Stages => ["prospecting", "needs"];

    public string Name => PursuitsText.Criterion_categoryKnown;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new
            {
                o.Id,
                o.ProductCategory,
                Application = o.Application == null ? null : new ApplicationTag(o.Application.Id, o.Application.NameEn, o.Application.NameKo),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => (r.ProductCategory, r.Application) switch
        {
            (null, _) => new Verdict(false, PursuitsText.Why_NoCategory),
            (_, null) => new Verdict(false, PursuitsText.Why_NoOpportunityApplication),
            _ => new Verdict(true, Validator.Format(PursuitsText.Why_CategoryKnown, r.ProductCategory, r.Application.Name)),
        });
    }
}

/// <summary>Leaving contact: at least one person at the account is on record.</summary>
public sealed class ContactKnownCriterion : IGateCriterion
{
    public string Key => "contactKnown";

    public IReadOnlyCollection<string> Stages => ["contact"];

    public string Name => PursuitsText.Criterion_contactKnown;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new { o.Id, Contacts = query.Db.Contacts.Count(c => c.AccountId == o.AccountId) })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => r.Contacts == 0
            ? new Verdict(false, PursuitsText.Why_NoContact)
            : new Verdict(true, Validator.Format(PursuitsText.Why_Contacts, r.Contacts)));
    }
}

/// <summary>Leaving any stage from contact to testing: someone worked the pursuit recently.</summary>
public sealed class RecentActivityCriterion : IGateCriterion
{
    /// <summary>How recent the last activity on the pursuit must be.</summary>
    public const int Days = 30;

    public string Key => "recentActivity";

    public IReadOnlyCollection<string> Stages => ["contact", "needs", "development", "quote", "feedback", "negotiation", "testing"];

    public string Name => Validator.Format(PursuitsText.Criterion_recentActivity, Days);

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new { o.Id, Last = query.Db.Activities.Where(a => a.OpportunityId == o.Id).Max(a => (DateTime?)a.OccurredAt) })
            .ToListAsync(ct);
        var since = query.Now.AddDays(-Days);
        return rows.ToDictionary(r => r.Id, r => r.Last switch
        {
            null => new Verdict(false, PursuitsText.Why_NoActivity),
            { } last when last < since => new Verdict(false, Validator.Format(PursuitsText.Why_ActivityOld, (int)(query.Now - last).TotalDays)),
            { } last => new Verdict(true, Validator.Format(PursuitsText.Why_ActivityRecent, Math.Max(0, (int)(query.Now - last).TotalDays))),
        });
    }
}

/// <summary>Leaving quote: the pursuit has an estimated annual value and an expected close date.</summary>
public sealed class ValueEstimatedCriterion : IGateCriterion
{
    public string Key => "valueEstimated";

    public IReadOnlyCollection<string> Stages => ["quote"];

    public string Name => PursuitsText.Criterion_valueEstimated;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new { o.Id, o.EstimatedAnnualValue, o.ExpectedCloseDate })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => (r.EstimatedAnnualValue, r.ExpectedCloseDate) switch
        {
            (null, _) => new Verdict(false, PursuitsText.Why_NoValue),
            (_, null) => new Verdict(false, PursuitsText.Why_NoCloseDate),
            _ => new Verdict(true, PursuitsText.Why_ValueEstimated),
        });
    }
}

/// <summary>Leaving negotiation and testing: an open task on the pursuit says what happens next.</summary>
public sealed class NextStepPlannedCriterion : IGateCriterion
{
    public string Key => "nextStepPlanned";

    public IReadOnlyCollection<string> Stages => ["negotiation", "testing"];

    public string Name => PursuitsText.Criterion_nextStepPlanned;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        var rows = await query.Db.Opportunities.AsNoTracking()
            .Where(o => query.OpportunityIds.Contains(o.Id))
            .Select(o => new { o.Id, Next = query.Db.Tasks.Where(t => t.OpportunityId == o.Id && t.CompletedAt == null).Min(t => (DateOnly?)t.DueOn) })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => r.Next is { } due
            ? new Verdict(true, Validator.Format(PursuitsText.Why_NextStep, due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
            : new Verdict(false, PursuitsText.Why_NoNextStep));
    }
}
