using System.ComponentModel.DataAnnotations;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Pursuits;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.BuyingCenter;

/// <summary>The member form as posted by the browser (bound as "Member"); converted to the core's <see cref="MemberInput"/>.</summary>
public sealed class MemberForm
{
    [Display(Name = nameof(BuyingCenterPageText.Person), ResourceType = typeof(BuyingCenterPageText))]
    public long? ContactId { get; set; }

    [Display(Name = nameof(BuyingCenterPageText.Department), ResourceType = typeof(BuyingCenterPageText))]
    public Department? Department { get; set; }

    [Display(Name = nameof(BuyingCenterPageText.Role), ResourceType = typeof(BuyingCenterPageText))]
    public BuyingRole? Role { get; set; }

    [Display(Name = nameof(BuyingCenterPageText.Influence), ResourceType = typeof(BuyingCenterPageText))]
    public int? Influence { get; set; }

    [Display(Name = nameof(BuyingCenterPageText.Stance), ResourceType = typeof(BuyingCenterPageText))]
    public Stance? Stance { get; set; }

    [Display(Name = nameof(BuyingCenterPageText.Pains), ResourceType = typeof(BuyingCenterPageText))]
    public string? Pains { get; set; }

    [Display(Name = nameof(BuyingCenterPageText.OurFit), ResourceType = typeof(BuyingCenterPageText))]
    public string? OurFit { get; set; }

    /// <summary>The version the form was opened on; a newer one in the database means someone else saved first.</summary>
    public long Version { get; set; }

    public MemberInput ToInput() => new()
    {
        ContactId = ContactId,
        Department = Department,
        Role = Role,
        Influence = Influence,
        Stance = Stance,
        Pains = Pains,
        OurFit = OurFit,
    };

    public static MemberForm From(MemberDto m) => new()
    {
        ContactId = m.ContactId,
        Department = m.Department,
        Role = m.Role,
        Influence = m.Influence,
        Stance = m.Stance,
        Pains = m.Pains,
        OurFit = m.OurFit,
        Version = m.Version,
    };
}

/// <summary>
/// What the member form partial renders: the values, where it posts and where Cancel goes. A new
/// member's form lists the people to choose from (<c>Candidates</c>); an existing member's names the person.
/// </summary>
public sealed record MemberFormView(MemberForm Member, string Action, string? CancelUrl, IReadOnlyList<SelectListItem>? Candidates, string? PersonName)
{
    public bool IsNew => Candidates is not null;

    public static IReadOnlyList<SelectListItem> Choices(IEnumerable<MemberCandidateDto> candidates) =>
        [.. candidates.Select(c => new SelectListItem(
            c.Title is null ? c.Name : $"{c.Name} · {c.Title}",
            c.ContactId.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
}

/// <summary>The buying-center section of the opportunity page: the map, the members, the warnings and the add form.</summary>
public sealed record BuyingCenterView(OpportunityDto Opportunity, BuyingCenterDto Center, IReadOnlyList<MemberCandidateDto> Candidates, bool CanEdit)
{
    public bool Writable => CanEdit && !Center.ReadOnly;

    public string Base => $"/opportunities/{Opportunity.Id}/buying-center";

    /// <summary>The map's rows: the six departments always (so a blank one shows), "other" and "not set" only when someone is there.</summary>
    public IReadOnlyList<Department?> Rows()
    {
        var rows = BuyingCenterRules.ExpectedDepartments.Select(d => (Department?)d).ToList();
        if (Center.Members.Any(m => m.Department == Department.Other))
        {
            rows.Add(Department.Other);
        }
        if (Center.Members.Any(m => m.Department is null))
        {
            rows.Add(null);
        }
        return rows;
    }

    /// <summary>The map's columns: the seven roles always, "not set" only when someone has no role.</summary>
    public IReadOnlyList<BuyingRole?> Columns()
    {
        var columns = BuyingCenterRules.Roles.Select(r => (BuyingRole?)r).ToList();
        if (Center.Members.Any(m => m.Role is null))
        {
            columns.Add(null);
        }
        return columns;
    }

    /// <summary>The add form on the opportunity page: the people at the account who are not yet members.</summary>
    public MemberFormView AddForm() => new(new MemberForm(), Base + "/add", null, MemberFormView.Choices(Candidates), null);

    public IEnumerable<MemberDto> In(Department? department, BuyingRole? role) =>
        Center.Members.Where(m => m.Department == department && m.Role == role);

    public bool IsUntouched(MemberDto m) => BuyingCenterRules.IsUntouched(m, Center.Coverage.StaleDays);

    public string EditUrl(MemberDto m) => $"{Base}/{m.Id}/edit";

    public static string DepartmentName(Department? d) => d is { } v ? Labels.Of(v) : BuyingCenterPageText.NoDepartment;

    public static string RoleName(BuyingRole? r) => r is { } v ? Labels.Of(v) : BuyingCenterPageText.NoRole;

    public static string StanceClass(Stance? s) => s switch
    {
        Stance.Supporter => "supporter",
        Stance.Neutral => "neutral",
        Stance.Opponent => "opponent",
        null => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>The stance as a symbol, so colour is never the only sign.</summary>
    public static string StanceIcon(Stance? s) => s switch
    {
        Stance.Supporter => "✓",
        Stance.Neutral => "–",
        Stance.Opponent => "✗",
        null => "?",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static string StanceName(Stance? s) => s is { } v ? Labels.Of(v) : BuyingCenterPageText.StanceNotSet;

    /// <summary>Influence as filled and empty dots: ●●●○○.</summary>
    public static string Dots(int? influence) =>
        influence is { } n ? new string('●', n) + new string('○', ContactInput.MaxInfluence - n) : "";

    public static string InfluenceText(int? influence) =>
        influence is { } n ? Common.Validator.Format(BuyingCenterPageText.InfluenceValue, n) : BuyingCenterPageText.InfluenceNotSet;

    /// <summary>Everything a chip shows by colour and symbol, as words (for screen readers and the tooltip).</summary>
    public string Describe(MemberDto m)
    {
        var parts = new List<string> { StanceName(m.Stance), InfluenceText(m.Influence) };
        if (m.Role == BuyingRole.Champion)
        {
            parts.Add(Labels.Of(BuyingRole.Champion));
        }
        if (IsUntouched(m))
        {
            parts.Add(Common.Validator.Format(BuyingCenterPageText.UntouchedFor, Center.Coverage.StaleDays));
        }
        return string.Join(", ", parts);
    }

    public static string LastTouch(MemberDto m) => m.LastTouch is { } at
        ? Common.Validator.Format(BuyingCenterPageText.LastTouchValue, Shared.Display.Date(at), m.DaysSinceTouch ?? 0)
        : BuyingCenterPageText.NeverTouched;
}
