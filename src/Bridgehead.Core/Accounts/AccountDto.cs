using System.Linq.Expressions;

namespace Bridgehead.Accounts;

/// <summary>An account as the API returns it and the pages show it.</summary>
public sealed record AccountDto(
    long Id,
    string Name,
    string? Industry,
    IReadOnlyList<string> Applications,
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
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The SQL-side shape: one query, only the columns needed.</summary>
    internal static readonly Expression<Func<Account, AccountDto>> Projection = a => new AccountDto(
        a.Id,
        a.Name,
        a.Industry,
        a.Applications,
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
        a.Version,
        a.CreatedAt,
        a.UpdatedAt);
}
