using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Fit;

/// <summary>How an account stands against one criterion, with a sentence that says why.</summary>
public sealed record FitCriterionResult(long CriterionId, FitDimension Dimension, int Weight, string Targets, FitOutcome Outcome, string Explanation);

/// <summary>An account's fit score and the criteria behind it; <paramref name="Score"/> is null while no criteria are set.</summary>
public sealed record FitExplanation(long AccountId, int? Score, int MetWeight, int TotalWeight, IReadOnlyList<FitCriterionResult> Criteria);

/// <summary>
/// Explains an account's fit in the caller's language. Anyone who may see the account may read it:
/// the fit is about the company, not about prices or deals.
/// </summary>
public sealed class ExplainFit(BridgeheadDb db)
{
    public async Task<FitExplanation> HandleAsync(long accountId, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.Id, a.Industry, a.Employees, a.Country, Applications = a.Applications.Select(x => x.ApplicationId).ToList() })
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("account");
        var criteria = await db.FitCriteria.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
        var names = await FitNames.LoadAsync(db, criteria, account.Applications, ct);
        var facts = new FitFacts(account.Industry, account.Applications, account.Employees, account.Country);
        var compiled = FitRules.Compile(criteria);
        var results = compiled.Select(c =>
        {
            var outcome = c.Judge(facts);
            var targets = names.Targets(c.Criterion);
            return new FitCriterionResult(c.Criterion.Id, c.Criterion.Dimension, c.Criterion.Weight, targets, outcome, Sentence(c.Criterion, outcome, facts, targets, names));
        }).ToList();
        return new FitExplanation(account.Id, FitRules.Score(compiled, facts),
            results.Where(r => r.Outcome == FitOutcome.Met).Sum(r => r.Weight), results.Sum(r => r.Weight), results);
    }

    private static string Sentence(FitCriterion c, FitOutcome outcome, FitFacts f, string targets, FitNames names)
    {
        var template = (c.Dimension, outcome) switch
        {
            (FitDimension.Industry, FitOutcome.Met) => FitText.IndustryMet,
            (FitDimension.Industry, FitOutcome.NotMet) => FitText.IndustryNotMet,
            (FitDimension.Industry, _) => FitText.IndustryUnknown,
            (FitDimension.Application, FitOutcome.Met) => FitText.ApplicationMet,
            (FitDimension.Application, FitOutcome.NotMet) => FitText.ApplicationNotMet,
            (FitDimension.Application, _) => FitText.ApplicationUnknown,
            (FitDimension.Size, FitOutcome.Met) => FitText.SizeMet,
            (FitDimension.Size, FitOutcome.NotMet) => FitText.SizeNotMet,
            (FitDimension.Size, _) => FitText.SizeUnknown,
            (FitDimension.Region, FitOutcome.Met) => FitText.RegionMet,
            (FitDimension.Region, FitOutcome.NotMet) => FitText.RegionNotMet,
            (FitDimension.Region, _) => FitText.RegionUnknown,
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };
        var value = c.Dimension switch
        {
            FitDimension.Industry => f.Industry is { } code ? FitNames.Industry(code) : "",
            FitDimension.Application => outcome == FitOutcome.Met
                ? string.Join(", ", f.ApplicationIds.Where(id => c.Values.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Select(names.Application))
                : string.Join(", ", f.ApplicationIds.Select(names.Application)),
            FitDimension.Size => f.Employees?.ToString("N0", System.Globalization.CultureInfo.CurrentCulture) ?? "",
            FitDimension.Region => f.Country ?? "",
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };
        return Validator.Format(template, value, targets);
    }
}
