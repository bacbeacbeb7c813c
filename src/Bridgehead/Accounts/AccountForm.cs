using System.ComponentModel.DataAnnotations;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Accounts;

/// <summary>The account form as posted by the browser; converted to the core's <see cref="AccountInput"/>.</summary>
public sealed class AccountForm
{
    [Display(Name = nameof(AccountsText.Name), ResourceType = typeof(AccountsText))]
    public string? Name { get; set; }

    [Display(Name = nameof(AccountsText.Type), ResourceType = typeof(AccountsText))]
    public AccountType? Type { get; set; }

    [Display(Name = nameof(AccountsText.Industry), ResourceType = typeof(AccountsText))]
    public string? Industry { get; set; }

    [Display(Name = nameof(AccountsText.Applications), ResourceType = typeof(AccountsText))]
    public List<long> ApplicationIds { get; set; } = [];

    [Display(Name = nameof(AccountsText.Employees), ResourceType = typeof(AccountsText))]
    public int? Employees { get; set; }

    [Display(Name = nameof(AccountsText.Country), ResourceType = typeof(AccountsText))]
    public string? Country { get; set; }

    [Display(Name = nameof(AccountsText.City), ResourceType = typeof(AccountsText))]
    public string? City { get; set; }

    [Display(Name = nameof(AccountsText.Website), ResourceType = typeof(AccountsText))]
    public string? Website { get; set; }

    [Display(Name = nameof(AccountsText.Tier), ResourceType = typeof(AccountsText))]
    public AccountTier? Tier { get; set; }

    [Display(Name = nameof(AccountsText.Status), ResourceType = typeof(AccountsText))]
    public AccountStatus? Status { get; set; }

    [Display(Name = nameof(AccountsText.Owner), ResourceType = typeof(AccountsText))]
    public long? OwnerId { get; set; }

    [Display(Name = nameof(AccountsText.Parent), ResourceType = typeof(AccountsText))]
    public long? ParentId { get; set; }

    [Display(Name = nameof(AccountsText.TeamMembers), ResourceType = typeof(AccountsText))]
    public List<long> TeamMemberIds { get; set; } = [];

    [Display(Name = nameof(AccountsText.Notes), ResourceType = typeof(AccountsText))]
    public string? Notes { get; set; }

    [Display(Name = nameof(Care.CarePagesText.Strategic), ResourceType = typeof(Care.CarePagesText))]
    public bool IsStrategic { get; set; }

    [Display(Name = nameof(Care.CarePagesText.Sponsor), ResourceType = typeof(Care.CarePagesText))]
    public long? ExecutiveSponsorId { get; set; }

    /// <summary>The version the form was opened on; a newer one in the database means someone else saved first.</summary>
    public long Version { get; set; }

    public AccountInput ToInput() => new()
    {
        Name = Name,
        Type = Type,
        Industry = Industry,
        ApplicationIds = ApplicationIds,
        Employees = Employees,
        Country = Country,
        City = City,
        Website = Website,
        Tier = Tier,
        Status = Status,
        OwnerId = OwnerId,
        ParentId = ParentId,
        TeamMemberIds = TeamMemberIds,
        Notes = Notes,
        IsStrategic = IsStrategic,
        ExecutiveSponsorId = ExecutiveSponsorId,
    };

    public static AccountForm From(AccountDto a) => new()
    {
        Name = a.Name,
        Type = a.Type,
        Industry = a.Industry,
        ApplicationIds = [.. a.ApplicationIds],
        Employees = a.Employees,
        Country = a.Country,
        City = a.City,
        Website = a.Website,
        Tier = a.Tier,
        Status = a.Status,
        OwnerId = a.OwnerId,
        ParentId = a.ParentId,
        TeamMemberIds = [.. a.TeamMemberIds],
        Notes = a.Notes,
        IsStrategic = a.IsStrategic,
        ExecutiveSponsorId = a.ExecutiveSponsorId,
        Version = a.Version,
    };
}

/// <summary>The choices an account form offers: owners, colleagues and possible parent companies.</summary>
public sealed record AccountFormChoices(
    IReadOnlyList<SelectListItem> Users,
    IReadOnlyList<SelectListItem> Parents,
    IReadOnlyList<SelectListItem> Industries,
    IReadOnlyList<SelectListItem> Applications)
{
    /// <summary>Parent candidates are capped; a group with more plants than this is found by search.</summary>
    public const int MaxParents = 500;

    public static async Task<AccountFormChoices> LoadAsync(ListUsers users, ListAccounts accounts, ListApplications applications, AccountDto? self, CancellationToken ct)
    {
        var owners = await users.OwnersAsync(ct);
        var page = await accounts.HandleAsync(new AccountFilter(), new Common.PageRequest(MaxParents), ct);
        var parents = page.Items.Where(a => a.Id != self?.Id).Select(a => Option(a.Id, a.Name)).ToList();
        // The current parent stays selectable even when the caller may not see it, so saving keeps it.
        if (self is { ParentId: { } parentId } && parents.All(x => x.Value != Key(parentId)))
        {
            parents.Insert(0, Option(parentId, self.ParentName ?? Shared.UiText.HiddenRecord));
        }
        return new AccountFormChoices(Choices.Users(owners), parents, TaxonomyChoices.Industries(), await TaxonomyChoices.ApplicationsAsync(applications, ct));
    }

    private static string Key(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static SelectListItem Option(long id, string name) => new(name, Key(id));
}
