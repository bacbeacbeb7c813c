namespace Bridgehead.Health;

/// <summary>Where a customer account's health score falls. Ordered from best to worst.</summary>
public enum HealthBand
{
    /// <summary>70-100.</summary>
    Healthy,

    /// <summary>40-69: something needs attention.</summary>
    Watch,

    /// <summary>0-39: a competitor could take the account.</summary>
    AtRisk,
}

/// <summary>
/// The latest health score of a customer account (0-100) and the signals behind it, kept by the
/// background work so lists, the process overview and alerts need not recompute it. One row per
/// account; not audited (it is derived). Read by the sales roles that see the account.
/// </summary>
public sealed class AccountHealth
{
    public long AccountId { get; set; }

    public int Score { get; set; }

    public HealthBand Band { get; set; }

    /// <summary>The signals as JSON (a list of key, points lost and the facts), so the page can explain the score as it was computed.</summary>
    public required string Signals { get; set; }

    public DateTime ScoredAt { get; set; }
}

/// <summary>One score per account and day: the trend, and what a band drop is measured against.</summary>
public sealed class HealthSnapshot
{
    public long Id { get; set; }

    public long AccountId { get; set; }

    public DateOnly ScoredOn { get; set; }

    public int Score { get; set; }

    public HealthBand Band { get; set; }
}
