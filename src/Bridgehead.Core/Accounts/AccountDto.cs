using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Bridgehead.Industries;

namespace Bridgehead.Accounts;

/// <summary>An account as the API returns it and the pages show it.</summary>
public sealed record AccountDto(
    long Id,
    string Name,
    AccountType Type,
    string? Industry,
    [property: JsonIgnore] IReadOnlyList<ApplicationTag> ApplicationTags,
    int? Employees,
    int? FitScore,
    string? Country,
    string? City,
    string? Website,
    AccountTier? Tier,
    AccountStatus Status,
    long OwnerId,
    string OwnerName,
    long? ParentId,
    string? ParentName,
    IReadOnlyList<long> TeamMemberIds,
    string? Notes,
    bool IsStrategic,
    long? ExecutiveSponsorId,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The industry's name in the caller's language.</summary>
    public string? IndustryName => IsicCatalogue.Find(Industry)?.Name;

    public IReadOnlyList<long> ApplicationIds => [.. ApplicationTags.Select(t => t.Id)];

    /// <summary>The applications' names in the caller's language.</summary>
    public IReadOnlyList<string> Applications => [.. ApplicationTags.Select(t => t.Name)];

    /// <summary>The SQL-side shape: one query, only the columns needed.</summary>
    internal static readonly Expression<Func<Account, AccountDto>> Projection = a => new AccountDto(
        a.Id,
        a.Name,
        a.Type,
        a.Industry,
        a.Applications.OrderBy(x => x.ApplicationId).Select(x => new ApplicationTag(x.ApplicationId, x.Application!.NameEn, x.Application.NameKo)).ToList(),
        a.Employees,
        a.FitScore,
        a.Country,
        a.City,
        a.Website,
        a.Tier,
        a.Status,
        a.OwnerId,
        a.Owner!.DisplayName,
        a.ParentId,
        a.Parent != null ? a.Parent.Name : null,
        a.TeamMembers.OrderBy(m => m.UserId).Select(m => m.UserId).ToList(),
        a.Notes,
        a.IsStrategic,
        a.ExecutiveSponsorId,
        a.Version,
        a.CreatedAt,
        a.UpdatedAt);
}
