using System.Linq.Expressions;

namespace Bridgehead.Contacts;

/// <summary>A contact as the API returns it and the pages show it.</summary>
public sealed record ContactDto(
    long Id,
    long AccountId,
    string AccountName,
    string Name,
    string? Title,
    Department? Department,
    BuyingRole? BuyingRole,
    int? Influence,
    Stance? Stance,
    string? Pains,
    string? Email,
    string? Phone,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The SQL-side shape: one query, only the columns needed.</summary>
    internal static readonly Expression<Func<Contact, ContactDto>> Projection = c => new ContactDto(
        c.Id,
        c.AccountId,
        c.Account!.Name,
        c.Name,
        c.Title,
        c.Department,
        c.BuyingRole,
        c.Influence,
        c.Stance,
        c.Pains,
        c.Email,
        c.Phone,
        c.Version,
        c.CreatedAt,
        c.UpdatedAt);
}
