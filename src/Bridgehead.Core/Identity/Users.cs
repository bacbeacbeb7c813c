using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Identity;

/// <summary>A user as others see it: no secrets, ever.</summary>
public sealed record UserDto(long Id, string UserName, string DisplayName, string? Email, Role Role, long? TeamId, string? TeamName, bool IsActive, bool MustChangePassword, string? Language, long Version);

/// <summary>A user as colleagues see them: name, role and team; contact details and account state are for admins.</summary>
public sealed record UserSummary(long Id, string DisplayName, Role Role, long? TeamId, string? TeamName, bool IsActive)
{
    public static UserSummary Of(UserDto u) => new(u.Id, u.DisplayName, u.Role, u.TeamId, u.TeamName, u.IsActive);
}

public sealed record TeamDto(long Id, string Name, long? ManagerId, string? ManagerName, int MemberCount);

public sealed record NewUser(string UserName, string? DisplayName, Role Role, string? TeamName, string? Email = null, string? Password = null);

/// <summary>The created user and, when none was given, the generated one-time password (shown once).</summary>
public sealed record CreatedUser(UserDto User, string? OneTimePassword);

/// <summary>Creates a user; a manager or rep may join a team (created if new, led by the first manager in it).</summary>
public sealed class CreateUser(BridgeheadDb db)
{
    public async Task<CreatedUser> HandleAsync(NewUser input, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        if (!viewer.IsAdmin)
        {
            throw new ForbiddenException(CommonText.ReadOnlyRole);
        }
        var v = new Validator();
        var userName = input.UserName?.Trim() ?? "";
        v.Required("userName", userName, User.MaxUserName);
        if (userName.Length > 0 && !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            v.Add("userName", CommonText.UserNameChars);
        }
        var displayName = Text.Clean(input.DisplayName) ?? userName;
        v.MaxLength("displayName", displayName, User.MaxDisplayName);
        v.Defined("role", (Role?)input.Role);
        v.Email("email", input.Email, 254);
        if (input.Password is not null)
        {
            Passwords.Validate(v, "password", input.Password, userName);
        }
        var teamName = Text.Clean(input.TeamName);
        v.MaxLength("team", teamName, Team.MaxName);
        if (teamName is not null && input.Role is not (Role.Rep or Role.Manager))
        {
            v.Add("team", CommonText.TeamOnlyForSales);
        }
        var normalized = User.Normalize(userName);
        if (v.IsValid && await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, ct))
        {
            v.Add("userName", CommonText.UserNameTaken);
        }
        Team? team = null;
        if (v.IsValid && teamName is not null)
        {
            team = await db.Teams.FirstOrDefaultAsync(t => t.Name == teamName, ct);
            if (team?.ManagerId is not null && input.Role == Role.Manager)
            {
                v.Add("team", Validator.Format(CommonText.TeamHasManager, teamName));
            }
        }
        v.ThrowIfInvalid();

        var password = input.Password ?? Passwords.Generate();
        var user = new User
        {
            UserName = userName,
            NormalizedUserName = normalized,
            DisplayName = displayName,
            Email = Text.Clean(input.Email),
            Role = input.Role,
            PasswordHash = Passwords.Hash(password),
            MustChangePassword = input.Password is null,
            SecurityStamp = User.NewStamp(),
        };
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (teamName is not null)
        {
            team ??= db.Teams.Add(new Team { Name = teamName }).Entity;
            user.Team = team;
        }
        db.Users.Add(user);
        await db.SaveAsync(ct);
        if (team is not null && input.Role == Role.Manager)
        {
            team.ManagerId = user.Id;
            await db.SaveAsync(ct);
        }
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        var dto = await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(Users.Projection).FirstAsync(ct);
        return new CreatedUser(dto, input.Password is null ? password : null);
    }
}

/// <summary>Lists and lookups of users for pickers and the admin page.</summary>
public static class Users
{
    public static readonly System.Linq.Expressions.Expression<Func<User, UserDto>> Projection = u => new UserDto(
        u.Id, u.UserName, u.DisplayName, u.Email, u.Role, u.TeamId, u.Team != null ? u.Team.Name : null, u.IsActive, u.MustChangePassword, u.Language, u.Version);
}

/// <summary>The users of the company, by name; every signed-in user may read names and roles.</summary>
public sealed class ListUsers(BridgeheadDb db)
{
    public async Task<IReadOnlyList<UserDto>> HandleAsync(bool activeOnly, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (activeOnly)
        {
            query = query.Where(u => u.IsActive);
        }
        return await query.OrderBy(u => u.DisplayName).ThenBy(u => u.Id).Select(Users.Projection).ToListAsync(ct);
    }

    public Task<UserDto?> FindAsync(long id, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == id).Select(Users.Projection).FirstOrDefaultAsync(ct);

    /// <summary>Sales users who may own records (for owner pickers).</summary>
    public async Task<IReadOnlyList<UserDto>> OwnersAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking()
            .Where(u => u.IsActive && (u.Role == Role.Admin || u.Role == Role.Manager || u.Role == Role.Rep))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id).Select(Users.Projection).ToListAsync(ct);

    public async Task<IReadOnlyList<TeamDto>> TeamsAsync(CancellationToken ct) =>
        await db.Teams.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new TeamDto(t.Id, t.Name, t.ManagerId, t.Manager != null ? t.Manager.DisplayName : null,
                db.Users.Count(u => u.TeamId == t.Id && u.IsActive)))
            .ToListAsync(ct);
}

/// <summary>A user changes their own password (required after a one-time password).</summary>
public sealed class ChangePassword(BridgeheadDb db)
{
    public async Task HandleAsync(long userId, string? currentPassword, string? newPassword, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.IsActive, ct) ?? throw new NotFoundException("user");
        var v = new Validator();
        if (currentPassword is null || !Passwords.Verify(currentPassword, user.PasswordHash, out _))
        {
            // Guessing through a stolen session counts like guessing at sign-in: five in a row lock
            // the user and end every session.
            await SignIn.RecordFailureAsync(db, userId, db.Clock.GetUtcNow().UtcDateTime, endSessions: true, ct);
            v.Add("currentPassword", CommonText.WrongPassword);
        }
        Passwords.Validate(v, "newPassword", newPassword, user.UserName);
        if (v.IsValid && newPassword == currentPassword)
        {
            v.Add("newPassword", CommonText.SamePassword);
        }
        v.ThrowIfInvalid();
        user.SetPassword(Passwords.Hash(newPassword!), oneTime: false);
        await db.SaveAsync(ct);
    }
}

/// <summary>Stores the UI language a user chose, so it follows them to any device.</summary>
public sealed class SetLanguage(BridgeheadDb db)
{
    public async Task HandleAsync(long userId, string language, CancellationToken ct)
    {
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, language), ct);
    }
}
