using Bridgehead.Common;

namespace Bridgehead.Incidents;

/// <summary>How badly a defect hurts the customer.</summary>
public enum IncidentSeverity
{
    /// <summary>A nuisance: no stop at the customer.</summary>
    Minor,

    /// <summary>Rework, sorting or a slowed line at the customer.</summary>
    Major,

    /// <summary>A stopped line, a safety risk or a recall.</summary>
    Critical,
}

/// <summary>Where an incident is. Containment must come within 24 hours of opening; closing needs a verification.</summary>
public enum IncidentStatus
{
    Open,
    Contained,
    Closed,
}

/// <summary>The customer's claim on us for the damage.</summary>
public enum ClaimStatus
{
    None,
    Claimed,
    Agreed,
    Rejected,
    Settled,
}

/// <summary>The nine disciplines of an 8D report.</summary>
public enum EightDStep
{
    /// <summary>Plan; emergency response.</summary>
    D0,

    /// <summary>Form the team.</summary>
    D1,

    /// <summary>Describe the problem.</summary>
    D2,

    /// <summary>Contain it (interim action).</summary>
    D3,

    /// <summary>Find the root cause.</summary>
    D4,

    /// <summary>Choose the permanent corrective action.</summary>
    D5,

    /// <summary>Implement and validate it.</summary>
    D6,

    /// <summary>Prevent recurrence.</summary>
    D7,

    /// <summary>Close and recognise the team.</summary>
    D8,
}

/// <summary>
/// Stage 10, defect management: a quality failure at a customer, worked through the 8D steps by the
/// quality role. Opened from an account, optionally an order and a product. Containment is due 24
/// hours after opening; an incident whose containment is overdue is escalated by the background
/// work. Cost (ours) and the customer's claim are recorded in <see cref="Currency"/>. Read by
/// quality, admin and viewer for every account and by sales roles for the accounts they see.
/// </summary>
public sealed class Incident : Entity, IAudited, IUnderAccount
{
    public const int MaxTitle = 200;
    public const int MaxLot = 100;
    public const int MaxText = 4000;
    public static readonly TimeSpan ContainmentWindow = TimeSpan.FromHours(24);

    public long AccountId { get; set; }

    public long? OrderId { get; set; }

    public long? ProductId { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    /// <summary>The production lot or batch the defects came from.</summary>
    public string? Lot { get; set; }

    /// <summary>Defective units found; counts towards the defect rate in PPM.</summary>
    public decimal DefectQuantity { get; set; }

    public IncidentSeverity Severity { get; set; }

    public IncidentStatus Status { get; set; }

    public DateTime OpenedAt { get; set; }

    public long OpenedById { get; set; }

    /// <summary>The quality engineer who runs it.</summary>
    public long? OwnerId { get; set; }

    /// <summary><see cref="OpenedAt"/> plus 24 hours.</summary>
    public DateTime ContainmentDueAt { get; set; }

    public DateTime? ContainedAt { get; set; }

    /// <summary>What was done to stop defective parts reaching the customer (sorting, stock hold...).</summary>
    public string? Containment { get; set; }

    public string? RootCause { get; set; }

    public string? CorrectiveAction { get; set; }

    public string? PreventiveAction { get; set; }

    /// <summary>ISO 4217 code of <see cref="Cost"/> and <see cref="ClaimAmount"/>.</summary>
    public string? Currency { get; set; }

    /// <summary>What the incident cost us (sorting, scrap, freight).</summary>
    public decimal? Cost { get; set; }

    public ClaimStatus ClaimStatus { get; set; }

    /// <summary>What the customer claims from us.</summary>
    public decimal? ClaimAmount { get; set; }

    /// <summary>0 = not escalated; raised by hand or when containment is overdue.</summary>
    public int EscalationLevel { get; set; }

    public DateTime? EscalatedAt { get; set; }

    /// <summary>How the fix was proven to work; required to close.</summary>
    public string? Verification { get; set; }

    public DateTime? VerifiedAt { get; set; }

    public long? VerifiedById { get; set; }

    public DateTime? ClosedAt { get; set; }

    public List<IncidentStep> Steps { get; set; } = [];

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>One 8D discipline of an incident: who owns it, when it is due and when it was done. All nine are created with the incident.</summary>
public sealed class IncidentStep : Entity, IAudited, IUnderAccount
{
    public const int MaxNote = 4000;

    public long IncidentId { get; set; }

    public Incident? Incident { get; set; }

    public long AccountId { get; set; }

    public EightDStep Step { get; set; }

    public long? OwnerId { get; set; }

    public DateOnly? DueOn { get; set; }

    public DateOnly? DoneOn { get; set; }

    public string? Note { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}
