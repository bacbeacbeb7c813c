using Bridgehead.Accounts;
using Bridgehead.Auditing;
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
    public const int MaxEntryAngle = 2000;
    public const int MaxRationale = 2000;
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

    /// <summary>Where the customer will use what we sell, from the application taxonomy.</summary>
    public long? ApplicationId { get; set; }

    public Industries.Application? Application { get; set; }

    /// <summary>Why now and how we get in: the opening (an incumbent's slip, a new line, a change of buyer).</summary>
    public string? EntryAngle { get; set; }

    public Route? Route { get; set; }

    /// <summary>Why this route (or why we drop the pursuit); recorded with the route decision.</summary>
    public string? RouteRationale { get; set; }

    public DateTime? RouteDecidedAt { get; set; }

    /// <summary>The agents, distributors or consortium partners the route goes through.</summary>
    public List<OpportunityPartner> Partners { get; set; } = [];

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

    /// <summary>The record's key in the system it was imported from (another CRM, an ERP, a spreadsheet); unique, so importing the same row twice updates instead of creating.</summary>
    public string? ExternalId { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>What a partner does on a route.</summary>
public enum PartnerRole
{
    Agent,
    Distributor,
    ConsortiumLeader,
    ConsortiumMember,
}

/// <summary>A partner account on a pursuit's route; audited as a change of the pursuit's partners.</summary>
public sealed class OpportunityPartner : IAuditedPart
{
    public long OpportunityId { get; set; }

    /// <summary>An account of type partner.</summary>
    public long PartnerAccountId { get; set; }

    public Account? PartnerAccount { get; set; }

    public PartnerRole Role { get; set; }

    /// <summary>The partner's share of the business (commission, margin or consortium share), 0-100.</summary>
    public decimal? SharePercent { get; set; }

    string IAuditedPart.ParentType => "opportunity";

    string IAuditedPart.ParentKeyProperty => nameof(OpportunityId);

    bool IAuditedPart.ParentIsAccount => false;

    string IAuditedPart.Field => "partners";

    string IAuditedPart.Value => FormattableString.Invariant($"{PartnerAccountId}:{Role}:{SharePercent}");
}
