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

/// <summary>How much care the account gets; set by hand for now.</summary>
public enum AccountTier
{
    Strategic,
    Key,
    Standard,
}

/// <summary>A company we sell to, or want to.</summary>
public sealed class Account : Entity, IAudited
{
    public const int MaxName = 200;
    public const int MaxIndustry = 100;
    public const int MaxApplication = 100;
    public const int MaxApplications = 20;
    public const int MaxCity = 100;
    public const int MaxWebsite = 300;
    public const int MaxNotes = 4000;

    public required string Name { get; set; }

    /// <summary><see cref="Text.SearchKey"/> of the name: what lists sort and search by.</summary>
    public required string SearchName { get; set; }

    public string? Industry { get; set; }

    /// <summary>Where the customer uses what it buys, e.g. "apartment blocks" within construction.</summary>
    public List<string> Applications { get; set; } = [];

    /// <summary>ISO 3166-1 alpha-2 code.</summary>
    public string? Country { get; set; }

    public string? City { get; set; }

    public string? Website { get; set; }

    public AccountTier? Tier { get; set; }

    public AccountStatus Status { get; set; }

    public long OwnerId { get; set; }

    public User? Owner { get; set; }

    /// <summary>The parent company, for groups with several plants or subsidiaries.</summary>
    public long? ParentId { get; set; }

    public Account? Parent { get; set; }

    public string? Notes { get; set; }

    /// <summary>Colleagues besides the owner who work this account and so see it.</summary>
    public List<AccountTeamMember> TeamMembers { get; set; } = [];

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
