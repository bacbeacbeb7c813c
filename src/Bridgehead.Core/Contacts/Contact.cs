using Bridgehead.Accounts;
using Bridgehead.Common;

namespace Bridgehead.Contacts;

/// <summary>The department a person works in at the customer.</summary>
public enum Department
{
    Purchasing,
    Engineering,
    Quality,
    Production,
    Finance,
    Management,
    Other,
}

/// <summary>The part a person plays in the customer's buying decision.</summary>
public enum BuyingRole
{
    DecisionMaker,
    EconomicBuyer,
    TechnicalEvaluator,
    User,
    Influencer,
    Gatekeeper,
    Champion,
}

/// <summary>How a person leans toward us.</summary>
public enum Stance
{
    Supporter,
    Neutral,
    Opponent,
}

/// <summary>A person at an account.</summary>
public sealed class Contact : Entity, IAudited, IUnderAccount
{
    public const int MaxName = 150;
    public const int MaxTitle = 150;
    public const int MaxEmail = 254;
    public const int MaxPhone = 50;
    public const int MaxPains = 4000;

    public long AccountId { get; set; }

    public Account? Account { get; set; }

    public required string Name { get; set; }

    public required string SearchName { get; set; }

    public string? Title { get; set; }

    public Department? Department { get; set; }

    public BuyingRole? BuyingRole { get; set; }

    /// <summary>1 (little) to 5 (decisive).</summary>
    public int? Influence { get; set; }

    public Stance? Stance { get; set; }

    /// <summary>Their pains and wishes, in their words.</summary>
    public string? Pains { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>The record's key in the system it was imported from (another CRM, an ERP, a spreadsheet); unique, so importing the same row twice updates instead of creating.</summary>
    public string? ExternalId { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}
