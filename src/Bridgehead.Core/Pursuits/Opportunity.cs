using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Pursuits;

/// <summary>Where a pursuit stands.</summary>
public enum OpportunityStatus
{
    Open,
    Won,
    Lost,
    Dropped,
}

/// <summary>How we reach the customer.</summary>
public enum Route
{
    Direct,
    Agent,
    Distributor,
    Consortium,
}

/// <summary>How sure the owner is of closing this period's business.</summary>
public enum ForecastCategory
{
    Pipeline,
    BestCase,
    Commit,
}

/// <summary>The pursuit of a supply position at an account: the deal.</summary>
public sealed class Opportunity : Entity, IAudited, IUnderAccount
{
    public const int MaxTitle = 200;
    public const int MaxCategory = 100;
    public const int MaxApplication = 100;
    public const int MaxNotes = 4000;

    public long AccountId { get; set; }

    public Account? Account { get; set; }

    public required string Title { get; set; }

    public required string SearchName { get; set; }

    /// <summary>The process this pursuit follows.</summary>
    public long PipelineId { get; set; }

    public Pipeline? Pipeline { get; set; }

    /// <summary>Key of the current stage (see <see cref="Stages"/>); it moves only through the gates.</summary>
    public required string Stage { get; set; }

    public DateTime StageEnteredAt { get; set; }

    public string? ProductCategory { get; set; }

    public string? Application { get; set; }

    public Route? Route { get; set; }

    public decimal? EstimatedAnnualValue { get; set; }

    /// <summary>ISO 4217 code of <see cref="EstimatedAnnualValue"/>.</summary>
    public string? Currency { get; set; }

    public DateOnly? ExpectedCloseDate { get; set; }

    /// <summary>The owner's own chance of winning, 0-100, instead of the stage's; null follows the stage.</summary>
    public int? Probability { get; set; }

    /// <summary>Why the owner overrode the stage's probability.</summary>
    public string? ProbabilityReason { get; set; }

    public ForecastCategory ForecastCategory { get; set; }

    /// <summary>Changes only through advance (won), close (lost, dropped) and reopen.</summary>
    public OpportunityStatus Status { get; set; }

    public DateTime? ClosedAt { get; set; }

    public CloseReason? CloseReason { get; set; }

    /// <summary>Who won the business when we lost it.</summary>
    public long? WinningCompetitorId { get; set; }

    /// <summary>The rep who drives the pursuit (often the account owner).</summary>
    public long OwnerId { get; set; }

    public User? Owner { get; set; }

    public string? Notes { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}
