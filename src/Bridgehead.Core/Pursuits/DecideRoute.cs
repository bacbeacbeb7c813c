using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

/// <summary>A partner on the route, as the body of POST /opportunities/{id}/route names it.</summary>
public sealed record RoutePartnerInput(long? AccountId, PartnerRole? Role, decimal? SharePercent);

/// <summary>The body of POST /opportunities/{id}/route.</summary>
/// <param name="Decision">direct, agent, distributor, consortium, or drop (closes the pursuit as dropped).</param>
/// <param name="Rationale">Why: required, kept with the decision (and as the close note when dropping).</param>
public sealed record RouteInput(string? Decision, string? Rationale, IReadOnlyList<RoutePartnerInput>? Partners);

/// <summary>A partner on the route: only the partner account's name, never more of it.</summary>
public sealed record RoutePartnerDto(long AccountId, string Name, PartnerRole Role, decimal? SharePercent);

/// <summary>The route decision of a pursuit.</summary>
/// <param name="Decision">direct, agent, distributor or consortium; "drop" when the pursuit was dropped by a route decision; null while undecided.</param>
/// <param name="Version">The opportunity's version (its ETag).</param>
public sealed record RouteDto(long OpportunityId, string? Decision, string? Rationale, DateTime? DecidedAt, IReadOnlyList<RoutePartnerDto> Partners, long Version);

/// <summary>A partner account someone may put on a route.</summary>
public sealed record PartnerChoiceDto(long Id, string Name, string? Country);

/// <summary>The decisions a route may take; "drop" is not a route but the end of the pursuit.</summary>
public static class RouteDecisions
{
    public const string Drop = "drop";

    /// <summary>The decision keys as the API spells them.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. Enum.GetValues<Route>().Select(Key), Drop];

    public static string Key(Route route) => route switch
    {
        Route.Direct => "direct",
        Route.Agent => "agent",
        Route.Distributor => "distributor",
        Route.Consortium => "consortium",
        _ => throw new ArgumentOutOfRangeException(nameof(route)),
    };

    public static Route? Parse(string? key) => Enum.GetValues<Route>().Select(r => (Route?)r).FirstOrDefault(r => Key(r!.Value) == key);

    /// <summary>The decision of a pursuit: its route, or "drop" when a route decision dropped it.</summary>
    internal static string? Of(Route? route, OpportunityStatus status, DateTime? decidedAt) =>
        route is { } r ? Key(r) : status == OpportunityStatus.Dropped && decidedAt is not null ? Drop : null;
}

/// <summary>The route decision of a pursuit the caller can see, with the partners' names.</summary>
public sealed class GetRoute(BridgeheadDb db)
{
    public async Task<RouteDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var o = await db.Opportunities.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Id, x.Route, x.RouteRationale, x.RouteDecidedAt, x.Status, x.Version })
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("opportunity");
        var partners = await db.OpportunityPartners.AsNoTracking().Where(p => p.OpportunityId == id).ToListAsync(ct);
        var names = await PartnerNamesAsync(db, [.. partners.Select(p => p.PartnerAccountId)], ct);
        return new RouteDto(o.Id, RouteDecisions.Of(o.Route, o.Status, o.RouteDecidedAt), o.RouteRationale, o.RouteDecidedAt,
            [.. partners.OrderBy(p => p.Role).ThenBy(p => Text.SearchKey(names.GetValueOrDefault(p.PartnerAccountId) ?? ""), StringComparer.Ordinal)
                .Select(p => new RoutePartnerDto(p.PartnerAccountId, names.GetValueOrDefault(p.PartnerAccountId) ?? "", p.Role, p.SharePercent))],
            o.Version);
    }

    /// <summary>
    /// Partner accounts' names, whether or not the caller could otherwise see those accounts: a
    /// partner is not a customer, and the route shows only its name.
    /// </summary>
    internal static async Task<Dictionary<long, string>> PartnerNamesAsync(BridgeheadDb db, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ids.Count == 0
            ? []
            : await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => ids.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id, a => a.Name, ct);
}

/// <summary>
/// Every partner account (type partner) by name, for the route's partner picker: any sales user
/// may choose any partner, including partner accounts they could not otherwise open.
/// </summary>
public sealed class ListPartnerChoices(BridgeheadDb db)
{
    public const int MaxResults = 500;

    public async Task<IReadOnlyList<PartnerChoiceDto>> HandleAsync(string? q, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var query = db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => a.Type == AccountType.Partner);
        if (Text.Clean(q) is { } term)
        {
            var pattern = Text.ContainsPattern(term);
            query = query.Where(a => EF.Functions.Like(a.SearchName, pattern, Text.LikeEscape));
        }
        return await query.OrderBy(a => a.SearchName).ThenBy(a => a.Id).Take(MaxResults)
            .Select(a => new PartnerChoiceDto(a.Id, a.Name, a.Country)).ToListAsync(ct);
    }
}

/// <summary>
/// Decides how to reach the customer: direct, through an agent or a distributor, in a consortium
/// (each with the partner accounts it goes through), or drop the pursuit. The rationale is
/// required; "drop" closes the pursuit as dropped (reason: we withdrew) with the rationale as the
/// close note, so the stage history records it.
/// </summary>
public sealed class DecideRoute(BridgeheadDb db, CloseOpportunity close, GetRoute get)
{
    public async Task<RouteDto> HandleAsync(long id, long? expectedVersion, RouteInput input, CancellationToken ct)
    {
        var (o, _) = await Moves.LoadAsync(db, id, expectedVersion, ct);
        await db.Entry(o).Collection(x => x.Partners).LoadAsync(ct);

        var v = new Validator();
        var key = Text.Clean(input.Decision);
        var route = RouteDecisions.Parse(key);
        var drop = key == RouteDecisions.Drop;
        if (key is null)
        {
            v.Add("decision", CommonText.Required);
        }
        else if (route is null && !drop)
        {
            v.Add("decision", Validator.Format(RouteText.UnknownDecision, string.Join(", ", RouteDecisions.Keys)));
        }
        var rationale = Text.Clean(input.Rationale);
        v.Required("rationale", rationale, drop ? StageChange.MaxReason : Opportunity.MaxRationale);

        var partners = input.Partners ?? [];
        await ValidatePartnersAsync(v, o, partners, ct);
        if (route is not null || drop)
        {
            CheckRoles(v, route, drop, partners);
        }
        v.ThrowIfInvalid();
        if (o.Status != OpportunityStatus.Open)
        {
            throw new ConflictException([RouteText.ClosedNoRoute]);
        }

        var now = db.Clock.GetUtcNow().UtcDateTime;
        o.Route = route;
        o.RouteRationale = rationale;
        o.RouteDecidedAt = now;
        ReplacePartners(o, partners);
        if (drop)
        {
            // The same tracked record: the close saves the route decision with it, in one save.
            await close.HandleAsync(id, null, new CloseInput(OpportunityStatus.Dropped, CloseReason.WeWithdrew, null, rationale), ct);
        }
        else
        {
            await db.SaveAsync(ct);
        }
        return await get.HandleAsync(id, ct);
    }

    private async Task ValidatePartnersAsync(Validator v, Opportunity o, IReadOnlyList<RoutePartnerInput> partners, CancellationToken ct)
    {
        var ids = partners.Where(p => p.AccountId is not null).Select(p => p.AccountId!.Value).Distinct().ToList();
        var types = ids.Count == 0
            ? []
            : await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Type, ct);
        var seen = new HashSet<long>();
        for (var i = 0; i < partners.Count; i++)
        {
            var p = partners[i];
            var at = $"partners[{i}]";
            if (p.AccountId is not { } accountId)
            {
                v.Add(at + ".accountId", CommonText.Required);
            }
            else if (accountId == o.AccountId)
            {
                v.Add(at + ".accountId", RouteText.PartnerIsCustomer);
            }
            else if (!types.TryGetValue(accountId, out var type) || type != AccountType.Partner)
            {
                v.Add(at + ".accountId", RouteText.NotAPartner);
            }
            else if (!seen.Add(accountId))
            {
                v.Add(at + ".accountId", CommonText.DuplicateValue);
            }
            if (p.Role is null)
            {
                v.Add(at + ".role", CommonText.Required);
            }
            v.Defined(at + ".role", p.Role);
            v.Range(at + ".sharePercent", p.SharePercent, 0m, 100m);
        }
        // The total only once each share is within range (a single 101 is that share's error).
        if (partners.All(p => p.SharePercent is null or (>= 0m and <= 100m)) && partners.Sum(p => p.SharePercent ?? 0m) > 100m)
        {
            v.Add("partners", RouteText.SharesOver100);
        }
    }

    /// <summary>Each route needs the partners that make it: none for direct (or drop), a matching one otherwise.</summary>
    private static void CheckRoles(Validator v, Route? route, bool drop, IReadOnlyList<RoutePartnerInput> partners)
    {
        if (drop)
        {
            if (partners.Count > 0)
            {
                v.Add("partners", RouteText.DropNoPartners);
            }
            return;
        }
        var roles = partners.Select(p => p.Role).ToList();
        switch (route!.Value)
        {
            case Route.Direct when partners.Count > 0:
                v.Add("partners", RouteText.DirectNoPartners);
                break;
            case Route.Agent when !roles.Contains(PartnerRole.Agent):
                v.Add("partners", RouteText.AgentNeeded);
                break;
            case Route.Distributor when !roles.Contains(PartnerRole.Distributor):
                v.Add("partners", RouteText.DistributorNeeded);
                break;
            case Route.Consortium when !roles.Any(r => r is PartnerRole.ConsortiumLeader or PartnerRole.ConsortiumMember):
                v.Add("partners", RouteText.ConsortiumNeeded);
                break;
            case Route.Direct:
            case Route.Agent:
            case Route.Distributor:
            case Route.Consortium:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(route));
        }
    }

    /// <summary>
    /// Partners that stay as they were are kept; a changed or gone one is removed and a new one
    /// added, so the opportunity's history shows each partner change (old and new).
    /// </summary>
    private void ReplacePartners(Opportunity o, IReadOnlyList<RoutePartnerInput> wanted)
    {
        foreach (var current in o.Partners.ToList())
        {
            if (!wanted.Any(w => w.AccountId == current.PartnerAccountId && w.Role == current.Role && w.SharePercent == current.SharePercent))
            {
                o.Partners.Remove(current);
                db.OpportunityPartners.Remove(current);
            }
        }
        foreach (var w in wanted)
        {
            if (!o.Partners.Any(p => p.PartnerAccountId == w.AccountId))
            {
                o.Partners.Add(new OpportunityPartner { OpportunityId = o.Id, PartnerAccountId = w.AccountId!.Value, Role = w.Role!.Value, SharePercent = w.SharePercent });
            }
        }
    }
}
