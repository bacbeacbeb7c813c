using Bridgehead.Contacts;

namespace Bridgehead.BuyingCenter;

/// <summary>
/// A member of a pursuit's buying center as the API returns it. <c>LastTouch</c> is the latest
/// activity on the timeline linked to the person (any pursuit, not in the future);
/// <c>DaysSinceTouch</c> the whole days since then (null when never touched).
/// </summary>
public sealed record MemberDto(
    long Id,
    long ContactId,
    string ContactName,
    string? ContactTitle,
    Department? Department,
    BuyingRole? Role,
    int? Influence,
    Stance? Stance,
    string? Pains,
    string? OurFit,
    DateTime? LastTouch,
    int? DaysSinceTouch,
    long Version);

/// <summary>
/// What is known and what is blank in a buying center. The member lists hold member ids.
/// <c>CoveragePercent</c> is the share of the six departments (purchasing, engineering, quality,
/// production, finance, management) with at least one member; "other" does not count.
/// </summary>
public sealed record CoverageDto(
    int StaleDays,
    IReadOnlyList<Department> DepartmentsKnown,
    IReadOnlyList<Department> DepartmentsBlank,
    IReadOnlyList<BuyingRole> RolesKnown,
    IReadOnlyList<BuyingRole> RolesBlank,
    bool HasChampion,
    bool HasDecisionMaker,
    IReadOnlyList<long> HighInfluenceOpponents,
    IReadOnlyList<long> Untouched,
    IReadOnlyList<long> MembersWithoutPains,
    int CoveragePercent);

/// <summary>What a warning is about; the API names the codes in camelCase.</summary>
public enum WarningCode
{
    NoMembers,
    NoDecisionMaker,
    NoChampion,
    OpponentHighInfluence,
    MissingDepartment,
    Untouched,
}

/// <summary>A gap in the buying center, in the caller's language; <c>MemberIds</c> names the members it is about.</summary>
public sealed record WarningDto(WarningCode Code, string Message, IReadOnlyList<long>? MemberIds);

/// <summary>
/// A pursuit's buying center: the members (by department, then name), the coverage and the
/// warnings. <c>ReadOnly</c> is true once the pursuit is closed: its buying center is the record
/// of who decided and is no longer changed.
/// </summary>
public sealed record BuyingCenterDto(
    long OpportunityId,
    bool ReadOnly,
    IReadOnlyList<MemberDto> Members,
    CoverageDto Coverage,
    IReadOnlyList<WarningDto> Warnings);

/// <summary>A person at the pursuit's account who is not yet in its buying center.</summary>
public sealed record MemberCandidateDto(long ContactId, string Name, string? Title, Department? Department, BuyingRole? BuyingRole);
