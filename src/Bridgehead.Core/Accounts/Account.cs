using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Accounts;

/// <summary>Where the account stands with us.</summary>
public enum AccountStatus
{
    Prospect,
    Customer,
    Former,
}

/// <summary>How much care a customer gets: placed by the admins' care rules (see <see cref="Care.CarePlan"/>).</summary>
public enum AccountTier
{
    Strategic,
    Key,
    Standard,
}

/// <summary>What the company is to us: someone we sell to, or a partner we sell through or with.</summary>
public enum AccountType
{
    Customer,
    Partner,
}

/// <summary>A company we sell to, or want to.</summary>
public sealed class Account : Entity, IAudited
{
    public const int MaxName = 200;
    public const int MaxIndustry = 2;
    public const int MaxApplications = 20;
    public const int MaxEmployees = 10_000_000;
    public const int MaxCity = 100;
    public const int MaxWebsite = 300;
    public const int MaxNotes = 4000;

    public required string Name { get; set; }

    /// <summary><see cref="Text.SearchKey"/> of the name: what lists sort and search by.</summary>
    public required string SearchName { get; set; }

    /// <summary>Customer (the default) or partner: agents, distributors and consortium partners are partners.</summary>
    public AccountType Type { get; set; }

    /// <summary>ISIC Rev.4 code of the industry: a section letter or a two-digit division (see <see cref="Industries.IsicCatalogue"/>).</summary>
    public string? Industry { get; set; }

    /// <summary>Where the customer uses what it buys, e.g. "apartment blocks" within construction; from the application taxonomy.</summary>
    public List<AccountApplication> Applications { get; set; } = [];

    /// <summary>Head count, the size the ideal-customer fit reads.</summary>
    public int? Employees { get; set; }

    /// <summary>How well the account matches the ideal-customer criteria, 0-100; null while no criteria are set. Recomputed whenever the account or the criteria change.</summary>
    public int? FitScore { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code.</summary>
    public string? Country { get; set; }

    public string? City { get; set; }

    public string? Website { get; set; }

    public AccountTier? Tier { get; set; }

    /// <summary>Flagged strategic by its owner or a manager: care rules may place it in the top tier whatever its size.</summary>
    public bool IsStrategic { get; set; }

    /// <summary>Our executive who sponsors the relationship (a user); some care tiers require one.</summary>
    public long? ExecutiveSponsorId { get; set; }

    public AccountStatus Status { get; set; }

    public long OwnerId { get; set; }

    public User? Owner { get; set; }

    /// <summary>The parent company, for groups with several plants or subsidiaries.</summary>
    public long? ParentId { get; set; }

    public Account? Parent { get; set; }

    public string? Notes { get; set; }

    /// <summary>Colleagues besides the owner who work this account and so see it.</summary>
    public List<AccountTeamMember> TeamMembers { get; set; } = [];

    /// <summary>The record's key in the system it was imported from (another CRM, an ERP, a spreadsheet); unique, so importing the same row twice updates instead of creating.</summary>
    public string? ExternalId { get; set; }

    long? IAudited.AuditAccountId => Id;
}

/// <summary>A user on an account's team; audited as a change of the account's team members.</summary>
public sealed class AccountTeamMember : IAuditedPart
{
    public long AccountId { get; set; }

    public long UserId { get; set; }

    public User? User { get; set; }

    string IAuditedPart.ParentType => "account";

    string IAuditedPart.ParentKeyProperty => nameof(AccountId);

    bool IAuditedPart.ParentIsAccount => true;

    string IAuditedPart.Field => "teamMembers";

    string IAuditedPart.Value => UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An application the account is tagged with; audited as a change of the account's applications.</summary>
public sealed class AccountApplication : IAuditedPart
{
    public long AccountId { get; set; }

    public long ApplicationId { get; set; }

    public Industries.Application? Application { get; set; }

    string IAuditedPart.ParentType => "account";

    string IAuditedPart.ParentKeyProperty => nameof(AccountId);

    bool IAuditedPart.ParentIsAccount => true;

    string IAuditedPart.Field => "applications";

    string IAuditedPart.Value => ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
