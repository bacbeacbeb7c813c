using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Identity;

/// <summary>What an admin may change about a user.</summary>
public sealed record UserChange
{
    public string? DisplayName { get; init; }
    public string? Email { get; init; }
    public Role? Role { get; init; }

    /// <summary>The team by name (created if new); null or blank for none.</summary>
    public string? Team { get; init; }
    public bool? IsActive { get; init; }

    public static UserChange From(UserDto u) => new()
    {
        DisplayName = u.DisplayName,
        Email = u.Email,
        Role = u.Role,
        Team = u.TeamName,
        IsActive = u.IsActive,
    };
}

/// <summary>
/// An admin changes a user's name, role, team or activity. A deactivated user is signed out at
/// their next request; the last active admin cannot be demoted or deactivated.
/// </summary>
public sealed class UpdateUser(BridgeheadDb db, ListUsers users)
{
    public async Task<UserDto> HandleAsync(long id, long? expectedVersion, Func<UserChange, UserChange> change, CancellationToken ct)
    {
        var viewer = Access.RequireAdmin(db.Viewer);
        var user = await db.Users.Include(u => u.Team).FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new NotFoundException("user");
        Concurrency.Expect(db, user, expectedVersion);
        var current = await users.FindAsync(id, ct) ?? throw new NotFoundException("user");
        var wanted = change(UserChange.From(current));

        var v = new Validator();
        var displayName = Text.Clean(wanted.DisplayName);
        v.Required("displayName", displayName, User.MaxDisplayName);
        v.Email("email", wanted.Email, 254);
        v.Defined("role", wanted.Role);
        var role = wanted.Role ?? user.Role;
        var teamName = Text.Clean(wanted.Team);
        v.MaxLength("team", teamName, Team.MaxName);
        if (teamName is not null && role is not (Role.Rep or Role.Manager))
        {
            v.Add("team", CommonText.TeamOnlyForSales);
        }
        var active = wanted.IsActive ?? user.IsActive;
        if (!active && id == viewer.UserId)
        {
            v.Add("isActive", CommonText.NotYourself);
        }
        v.ThrowIfInvalid();

        if (user.Role == Role.Admin && user.IsActive && (role != Role.Admin || !active)
            && !await db.Users.AnyAsync(u => u.Id != id && u.Role == Role.Admin && u.IsActive, ct))
        {
            throw new ConflictException([CommonText.LastAdmin]);
        }

        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var team = teamName is null ? null : await db.Teams.FirstOrDefaultAsync(t => t.Name == teamName, ct) ?? db.Teams.Add(new Team { Name = teamName }).Entity;
        if (user.Team is { } oldTeam && oldTeam.ManagerId == user.Id && (oldTeam != team || role != Role.Manager))
        {
            oldTeam.ManagerId = null;
        }
        user.DisplayName = displayName!;
        user.Email = Text.Clean(wanted.Email);
        user.Role = role;
        user.Team = team;
        user.TeamId = team?.Id;
        if (user.IsActive != active)
        {
            user.IsActive = active;
            user.SecurityStamp = User.NewStamp();
        }
        await db.SaveAsync(ct);
        if (team is not null && role == Role.Manager && team.ManagerId is null)
        {
            team.ManagerId = user.Id;
            await db.SaveAsync(ct);
        }
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return (await users.FindAsync(id, ct))!;
    }
}

/// <summary>An admin gives a user a new one-time password (shown once), ends their sessions and revokes their API tokens.</summary>
public sealed class ResetPassword(BridgeheadDb db)
{
    public async Task<string> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new NotFoundException("user");
        var password = Passwords.Generate();
        user.SetPassword(Passwords.Hash(password), oneTime: true);
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var now = db.Clock.GetUtcNow().UtcDateTime;
        await db.ApiTokens.Where(t => t.UserId == id && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        await db.SaveAsync(ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return password;
    }
}
