using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Accounts;

/// <summary>The fields of an account that people edit; the body of POST and, merged, of PATCH.</summary>
public sealed record AccountInput
{
    public string? Name { get; init; }
    public AccountType? Type { get; init; }
    public string? Industry { get; init; }
    public List<long>? ApplicationIds { get; init; }
    public int? Employees { get; init; }
    public string? Country { get; init; }
    public string? City { get; init; }
    public string? Website { get; init; }
    public AccountTier? Tier { get; init; }
    public AccountStatus? Status { get; init; }
    public long? OwnerId { get; init; }
    public long? ParentId { get; init; }
    public List<long>? TeamMemberIds { get; init; }
    public string? Notes { get; init; }

    /// <summary>Flagged strategic (care tiers); only managers and admins change it.</summary>
    public bool? IsStrategic { get; init; }

    /// <summary>Our executive sponsoring the relationship: an active user.</summary>
    public long? ExecutiveSponsorId { get; init; }

    public static AccountInput From(Account a) => new()
    {
        Name = a.Name,
        Type = a.Type,
        Industry = a.Industry,
        ApplicationIds = [.. a.Applications.Select(x => x.ApplicationId).Order()],
        Employees = a.Employees,
        Country = a.Country,
        City = a.City,
        Website = a.Website,
        Tier = a.Tier,
        Status = a.Status,
        OwnerId = a.OwnerId,
        ParentId = a.ParentId,
        TeamMemberIds = [.. a.TeamMembers.Select(m => m.UserId).Order()],
        Notes = a.Notes,
        IsStrategic = a.IsStrategic,
        ExecutiveSponsorId = a.ExecutiveSponsorId,
    };

    /// <summary>Checks every field (and the references against the database), then throws all errors together.</summary>
    internal async Task<AccountInput> ValidateAsync(BridgeheadDb db, Account? existing, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        if ((IsStrategic ?? false) != (existing?.IsStrategic ?? false) && !viewer.ApprovesDeals)
        {
            throw new ForbiddenException(Validator.Format(Care.CareText.FieldManagersOnly, "isStrategic"));
        }
        var v = new Validator();
        v.Required("name", Name, Account.MaxName);
        v.Defined("type", Type);
        var industry = Text.Clean(Industry);
        if (industry is not null && IsicCatalogue.Find(industry) is null)
        {
            v.Add("industry", CommonText.UnknownIndustry);
        }
        if (Employees is < 0 or > Account.MaxEmployees)
        {
            v.Add("employees", Validator.Format(CommonText.OutOfRange, 0, Account.MaxEmployees));
        }
        v.MaxLength("city", City, Account.MaxCity);
        v.MaxLength("notes", Notes, Account.MaxNotes);
        v.Defined("tier", Tier);
        v.Defined("status", Status);
        // A customer's tier is placed by the care plans (CarePlacement); only prospects and former
        // customers keep one set by hand. Left empty (a form without the field), the placed tier stays.
        if ((Status ?? existing?.Status) == AccountStatus.Customer && Tier is not null && Tier != existing?.Tier)
        {
            v.Add("tier", Care.CareText.TierPlaced);
        }

        var applications = (ApplicationIds ?? []).Distinct().Order().ToList();
        if (applications.Count > Account.MaxApplications)
        {
            v.Add("applicationIds", Validator.Format(CommonText.TooMany, Account.MaxApplications));
        }
        else if (applications.Count > 0 && await db.Applications.CountAsync(x => applications.Contains(x.Id), ct) != applications.Count)
        {
            v.Add("applicationIds", CommonText.UnknownApplication);
        }

        var country = Text.Clean(Country)?.ToUpperInvariant();
        if (country is not null && !IsCountry(country))
        {
            v.Add("country", CommonText.InvalidCountry);
        }

        var website = Text.Clean(Website);
        if (website is not null)
        {
            if (!website.Contains("://", StringComparison.Ordinal))
            {
                website = "https://" + website;
            }
            v.MaxLength("website", website, Account.MaxWebsite);
            if (!Uri.TryCreate(website, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !uri.Host.Contains('.', StringComparison.Ordinal))
            {
                v.Add("website", CommonText.InvalidUrl);
            }
        }

        var ownerId = OwnerId ?? existing?.OwnerId ?? Access.DefaultOwner(viewer, v, "ownerId");
        if (!v.HasError("ownerId"))
        {
            await Access.ValidateOwnerAsync(db, v, "ownerId", ownerId, existing?.OwnerId, ct);
        }

        // A kept parent is not checked again: the caller may not see the group the account belongs to.
        if (ParentId is { } parentId && parentId != existing?.ParentId)
        {
            await ValidateParentAsync(db, v, parentId, existing?.Id, ct);
        }

        var team = (TeamMemberIds ?? []).Distinct().Where(id => id != ownerId).ToList();
        if (existing is not null && !team.ToHashSet().SetEquals(existing.TeamMembers.Select(m => m.UserId))
            && !await Access.MayReassignAsync(db, viewer, existing.OwnerId, ct))
        {
            v.Add("teamMemberIds", CommonText.TeamChangeNotAllowed);
        }
        if (team.Count > Account.MaxApplications)
        {
            v.Add("teamMemberIds", Validator.Format(CommonText.TooMany, Account.MaxApplications));
        }
        else if (team.Count > 0)
        {
            var eligible = await db.Users.AsNoTracking()
                .Where(u => team.Contains(u.Id) && u.IsActive && (u.Role == Role.Admin || u.Role == Role.Manager || u.Role == Role.Rep))
                .CountAsync(ct);
            if (eligible != team.Count)
            {
                v.Add("teamMemberIds", CommonText.OwnerNotEligible);
            }
        }

        if (ExecutiveSponsorId is { } sponsorId && sponsorId != existing?.ExecutiveSponsorId
            && !await db.Users.AsNoTracking().AnyAsync(u => u.Id == sponsorId && u.IsActive, ct))
        {
            v.Add("executiveSponsorId", Care.CareText.SponsorNotActive);
        }

        v.ThrowIfInvalid();
        return this with
        {
            IsStrategic = IsStrategic ?? false,
            Name = Name!.Trim(),
            Type = Type ?? existing?.Type ?? AccountType.Customer,
            Industry = industry is null ? null : IsicCatalogue.Find(industry)!.Code,
            ApplicationIds = applications,
            Country = country,
            City = Text.Clean(City),
            Website = website,
            Status = Status ?? existing?.Status ?? AccountStatus.Prospect,
            OwnerId = ownerId,
            TeamMemberIds = team,
            Notes = Text.Clean(Notes),
        };
    }

    private static async Task ValidateParentAsync(BridgeheadDb db, Validator v, long parentId, long? selfId, CancellationToken ct)
    {
        if (parentId == selfId)
        {
            v.Add("parentId", CommonText.ParentIsSelf);
            return;
        }
        if (!await db.Accounts.AnyAsync(a => a.Id == parentId, ct))
        {
            v.Add("parentId", CommonText.MustBeVisibleAccount);
            return;
        }
        if (selfId is null)
        {
            return;
        }
        // Walk up from the new parent; meeting this account means the change would close a loop.
        long? cursor = parentId;
        for (var depth = 0; cursor is { } current && depth < 50; depth++)
        {
            if (current == selfId)
            {
                v.Add("parentId", CommonText.ParentCycle);
                return;
            }
            cursor = await db.Accounts.IgnoreQueryFilters().Where(a => a.Id == current).Select(a => a.ParentId).FirstOrDefaultAsync(ct);
        }
    }

    /// <summary>An ISO 3166-1 alpha-2 code in capitals that .NET knows as a region; the account import checks countries the same way.</summary>
    internal static bool IsCountry(string code)
    {
        if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
        {
            return false;
        }
        // At most 26 x 26 answers, each asked of the culture data once (an import asks a million times).
        return Countries.GetOrAdd(code, static c =>
        {
            try
            {
                return new RegionInfo(c).TwoLetterISORegionName == c;
            }
            catch (ArgumentException)
            {
                return false;
            }
        });
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Countries = new(StringComparer.Ordinal);

    /// <summary>Copies validated values onto the record, adding and removing team members as needed.</summary>
    internal void ApplyTo(Account a)
    {
        a.Name = Name!;
        a.SearchName = Text.SearchKey(Name!);
        a.Type = Type!.Value;
        a.Industry = Industry;
        a.Employees = Employees;
        var applications = ApplicationIds!.ToHashSet();
        a.Applications.RemoveAll(x => !applications.Contains(x.ApplicationId));
        foreach (var id in applications.Where(id => a.Applications.All(x => x.ApplicationId != id)))
        {
            a.Applications.Add(new AccountApplication { AccountId = a.Id, ApplicationId = id });
        }
        a.Country = Country;
        a.City = City;
        a.Website = Website;
        a.Tier = Status == AccountStatus.Customer ? Tier ?? a.Tier : Tier;
        a.Status = Status!.Value;
        a.OwnerId = OwnerId!.Value;
        a.ParentId = ParentId;
        a.Notes = Notes;
        a.IsStrategic = IsStrategic ?? false;
        a.ExecutiveSponsorId = ExecutiveSponsorId;
        var wanted = TeamMemberIds!.ToHashSet();
        a.TeamMembers.RemoveAll(m => !wanted.Contains(m.UserId));
        foreach (var id in wanted.Where(id => a.TeamMembers.All(m => m.UserId != id)))
        {
            a.TeamMembers.Add(new AccountTeamMember { AccountId = a.Id, UserId = id });
        }
    }
}
