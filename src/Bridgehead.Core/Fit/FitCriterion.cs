using Bridgehead.Common;

namespace Bridgehead.Fit;

/// <summary>What an ideal-customer criterion looks at.</summary>
public enum FitDimension
{
    /// <summary>The account's industry is one of the values (a section covers its divisions).</summary>
    Industry,

    /// <summary>The account is tagged with one of the applications (values are application ids).</summary>
    Application,

    /// <summary>The account's head count lies between the bounds.</summary>
    Size,

    /// <summary>The account's country is one of the values (ISO 3166-1 alpha-2).</summary>
    Region,
}

/// <summary>
/// One trait of the ideal customer, with its weight. An account's fit score is the weight of the
/// criteria it meets over the weight of all criteria, 0-100.
/// </summary>
public sealed class FitCriterion : Entity, IAudited
{
    public const int MaxValues = 50;
    public const int MaxWeight = 100;

    public FitDimension Dimension { get; set; }

    /// <summary>Industry codes, application ids or country codes, by dimension; empty for size.</summary>
    public List<string> Values { get; set; } = [];

    public int? MinEmployees { get; set; }

    public int? MaxEmployees { get; set; }

    /// <summary>1-100: how much this trait counts against the others.</summary>
    public int Weight { get; set; }

    long? IAudited.AuditAccountId => null;
}
