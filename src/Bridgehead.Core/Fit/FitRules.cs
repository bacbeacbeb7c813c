using System.Globalization;
using Bridgehead.Industries;

namespace Bridgehead.Fit;

/// <summary>How an account stands against one criterion.</summary>
public enum FitOutcome
{
    Met,
    NotMet,

    /// <summary>The account lacks the value the criterion reads (no industry, no head count...): it counts as not met.</summary>
    Unknown,
}

/// <summary>What the fit reads of an account.</summary>
public sealed record FitFacts(string? Industry, IReadOnlyCollection<long> ApplicationIds, int? Employees, string? Country);

/// <summary>A criterion made ready for judging many accounts: its values as sets, a section expanded to its divisions.</summary>
internal sealed class CompiledCriterion
{
    private readonly HashSet<string> _codes;
    private readonly HashSet<long> _applications;

    public CompiledCriterion(FitCriterion c)
    {
        Criterion = c;
        _codes = c.Dimension switch
        {
            FitDimension.Industry => [.. c.Values.SelectMany(IsicCatalogue.Covered)],
            FitDimension.Region => new HashSet<string>(c.Values.Select(v => v.ToUpperInvariant()), StringComparer.Ordinal),
            FitDimension.Application or FitDimension.Size => [],
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };
        _applications = c.Dimension == FitDimension.Application
            ? [.. c.Values.Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)]
            : [];
    }

    public FitCriterion Criterion { get; }

    public FitOutcome Judge(FitFacts f) => Criterion.Dimension switch
    {
        FitDimension.Industry => f.Industry is null ? FitOutcome.Unknown : Of(_codes.Contains(f.Industry)),
        FitDimension.Application => f.ApplicationIds.Count == 0 ? FitOutcome.Unknown : Of(f.ApplicationIds.Any(_applications.Contains)),
        FitDimension.Size => f.Employees is not { } n ? FitOutcome.Unknown
            : Of((Criterion.MinEmployees is not { } min || n >= min) && (Criterion.MaxEmployees is not { } max || n <= max)),
        FitDimension.Region => f.Country is null ? FitOutcome.Unknown : Of(_codes.Contains(f.Country.ToUpperInvariant())),
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    private static FitOutcome Of(bool met) => met ? FitOutcome.Met : FitOutcome.NotMet;
}

/// <summary>The score: the weight of the criteria met over the weight of all, 0-100, rounded; null without criteria.</summary>
internal static class FitRules
{
    public static IReadOnlyList<CompiledCriterion> Compile(IEnumerable<FitCriterion> criteria) => [.. criteria.Select(c => new CompiledCriterion(c))];

    public static int? Score(IReadOnlyList<CompiledCriterion> criteria, FitFacts facts)
    {
        var total = criteria.Sum(c => c.Criterion.Weight);
        if (criteria.Count == 0 || total <= 0)
        {
            return null;
        }
        var met = criteria.Where(c => c.Judge(facts) == FitOutcome.Met).Sum(c => c.Criterion.Weight);
        return (int)Math.Round(100m * met / total, MidpointRounding.AwayFromZero);
    }
}
