using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Identity;

/// <summary>What a role may do, beyond which records it sees (that is <see cref="BridgeheadDb"/>'s filters).</summary>
public static class Access
{
    public static Viewer Require(Viewer? viewer) => viewer ?? throw new ForbiddenException("No user.");

    /// <summary>The viewer, when an admin; otherwise 403 with <paramref name="why"/> (or the general admin-only message).</summary>
    public static Viewer RequireAdmin(Viewer? viewer, string? why = null)
    {
        var v = Require(viewer);
        return v.IsAdmin ? v : throw new ForbiddenException(why ?? CommonText.AdminOnly);
    }

    /// <summary>Accounts, contacts, opportunities and the timeline are changed by sales roles only.</summary>
    public static Viewer RequireSalesWriter(Viewer? viewer)
    {
        var v = Require(viewer);
        return v.CanEditSales ? v : throw new ForbiddenException(CommonText.ReadOnlyRole);
    }

    /// <summary>Opportunities and activities are read by sales roles and the viewer.</summary>
    public static Viewer RequireSalesReader(Viewer? viewer)
    {
        var v = Require(viewer);
        return v.CanReadSales ? v : throw new ForbiddenException(CommonText.ReadOnlyRole);
    }

    public static bool IsSalesRole(Role role) => role switch
    {
        Role.Admin or Role.Manager or Role.Rep => true,
        Role.Quality or Role.Product or Role.Viewer => false,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>
    /// Checks who may own a record: an active sales user; a rep may only name themselves, a manager
    /// themselves or their team, an admin anyone. Keeping the current owner is always allowed.
    /// </summary>
    public static async Task ValidateOwnerAsync(BridgeheadDb db, Validator v, string field, long ownerId, long? currentOwnerId, CancellationToken ct)
    {
        var viewer = Require(db.Viewer);
        if (ownerId == currentOwnerId)
        {
            return;
        }
        if (currentOwnerId is { } current && !await MayReassignAsync(db, viewer, current, ct))
        {
            v.Add(field, CommonText.OwnerChangeNotAllowed);
            return;
        }
        var owner = await db.Users.AsNoTracking()
            .Where(u => u.Id == ownerId)
            .Select(u => new { u.Role, u.TeamId, u.IsActive })
            .FirstOrDefaultAsync(ct);
        if (owner is null || !owner.IsActive || !IsSalesRole(owner.Role))
        {
            v.Add(field, CommonText.OwnerNotEligible);
            return;
        }
        switch (viewer.Role)
        {
            case Role.Rep when ownerId != viewer.UserId:
                v.Add(field, CommonText.OwnerOnlySelf);
                break;
            case Role.Manager when ownerId != viewer.UserId && (viewer.TeamId is null || owner.TeamId != viewer.TeamId):
                v.Add(field, CommonText.OwnerOnlyTeam);
                break;
            case Role.Admin:
            case Role.Manager:
            case Role.Rep:
            case Role.Quality:
            case Role.Product:
            case Role.Viewer:
            default:
                break;
        }
    }

    /// <summary>
    /// Who may hand a record (or an account's team) to others: the current owner, the manager of the
    /// owner's team, and admins. Being on an account's team lets a rep work the account, not take it.
    /// </summary>
    public static async Task<bool> MayReassignAsync(BridgeheadDb db, Viewer viewer, long currentOwnerId, CancellationToken ct)
    {
        if (viewer.IsAdmin || viewer.IsSystem || viewer.UserId == currentOwnerId)
        {
            return true;
        }
        if (viewer.ManagedTeamId is not { } team)
        {
            return false;
        }
        return await db.Users.AnyAsync(u => u.Id == currentOwnerId && u.TeamId == team, ct);
    }

    /// <summary>The owner a new record gets when none is named: the person creating it.</summary>
    public static long DefaultOwner(Viewer viewer, Validator v, string field) =>
        viewer.UserId ?? Fail(v, field);

    private static long Fail(Validator v, string field)
    {
        v.Add(field, CommonText.SystemNeedsOwner);
        return 0;
    }
}
