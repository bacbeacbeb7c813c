using Bridgehead.Common;
using Bridgehead.Contacts;

namespace Bridgehead.BuyingCenter;

/// <summary>
/// The rules that judge a buying center, in one place: which departments and roles are covered,
/// who is a high-influence opponent, who has gone untouched, and the warnings that follow.
/// </summary>
public static class BuyingCenterRules
{
    /// <summary>A member with no touch on the timeline for this many days is untouched (GET ?staleDays= changes it).</summary>
    public const int DefaultStaleDays = 30;

    public const int MinStaleDays = 1;

    public const int MaxStaleDays = 3650;

    /// <summary>An opponent with at least this influence (of 5) is warned about.</summary>
    public const int HighInfluence = 4;

    /// <summary>The departments a buying center should reach; "other" is welcome but not required.</summary>
    public static readonly IReadOnlyList<Department> ExpectedDepartments =
        [.. Enum.GetValues<Department>().Where(d => d != Department.Other)];

    public static readonly IReadOnlyList<BuyingRole> Roles = Enum.GetValues<BuyingRole>();

    /// <summary>Untouched: never touched, or the last touch is <paramref name="staleDays"/> whole days old or older.</summary>
    public static bool IsUntouched(MemberDto m, int staleDays) => m.DaysSinceTouch is not { } days || days >= staleDays;

    public static bool IsHighInfluenceOpponent(MemberDto m) => m is { Stance: Stance.Opponent, Influence: >= HighInfluence };

    public static CoverageDto Coverage(IReadOnlyList<MemberDto> members, int staleDays)
    {
        var departments = members.Where(m => m.Department is not null).Select(m => m.Department!.Value).ToHashSet();
        var roles = members.Where(m => m.Role is not null).Select(m => m.Role!.Value).ToHashSet();
        var known = ExpectedDepartments.Count(departments.Contains);
        return new CoverageDto(
            staleDays,
            [.. Enum.GetValues<Department>().Where(departments.Contains)],
            [.. ExpectedDepartments.Where(d => !departments.Contains(d))],
            [.. Roles.Where(roles.Contains)],
            [.. Roles.Where(r => !roles.Contains(r))],
            roles.Contains(BuyingRole.Champion),
            roles.Contains(BuyingRole.DecisionMaker),
            [.. members.Where(IsHighInfluenceOpponent).Select(m => m.Id)],
            [.. members.Where(m => IsUntouched(m, staleDays)).Select(m => m.Id)],
            [.. members.Where(m => string.IsNullOrWhiteSpace(m.Pains)).Select(m => m.Id)],
            (int)Math.Round(100m * known / ExpectedDepartments.Count, MidpointRounding.AwayFromZero));
    }

    /// <summary>
    /// The warnings, most serious first, in the current UI language. An empty buying center gets
    /// only <see cref="WarningCode.NoMembers"/>: every other gap follows from it.
    /// </summary>
    public static IReadOnlyList<WarningDto> Warnings(IReadOnlyList<MemberDto> members, CoverageDto coverage)
    {
        if (members.Count == 0)
        {
            return [new WarningDto(WarningCode.NoMembers, BuyingCenterText.WarnNoMembers, null)];
        }
        var byId = members.ToDictionary(m => m.Id);
        var warnings = new List<WarningDto>();
        if (!coverage.HasDecisionMaker)
        {
            warnings.Add(new WarningDto(WarningCode.NoDecisionMaker, BuyingCenterText.WarnNoDecisionMaker, null));
        }
        if (!coverage.HasChampion)
        {
            warnings.Add(new WarningDto(WarningCode.NoChampion, BuyingCenterText.WarnNoChampion, null));
        }
        foreach (var id in coverage.HighInfluenceOpponents)
        {
            var m = byId[id];
            warnings.Add(new WarningDto(WarningCode.OpponentHighInfluence,
                Validator.Format(BuyingCenterText.WarnOpponent, m.ContactName, m.Influence!.Value), [id]));
        }
        if (coverage.DepartmentsBlank.Count > 0)
        {
            warnings.Add(new WarningDto(WarningCode.MissingDepartment,
                Validator.Format(BuyingCenterText.WarnMissingDepartments, List(coverage.DepartmentsBlank.Select(d => Labels.Of(d)))), null));
        }
        if (coverage.Untouched.Count > 0)
        {
            warnings.Add(new WarningDto(WarningCode.Untouched,
                Validator.Format(BuyingCenterText.WarnUntouched, coverage.StaleDays, List(coverage.Untouched.Select(id => byId[id].ContactName))),
                coverage.Untouched));
        }
        return warnings;
    }

    private static string List(IEnumerable<string> names) => string.Join(BuyingCenterText.ListSeparator, names);
}
