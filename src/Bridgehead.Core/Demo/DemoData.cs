using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>A demo user's sign-in name and, unless they have chosen their own, a fresh one-time password.</summary>
public sealed record DemoLogin(string UserName, Role Role, string? OneTimePassword);

/// <summary>
/// The demo data set: a believable industrial customer base to try Bridgehead on. It goes only into
/// an empty database; run again, it re-issues one-time passwords to demo users who have not signed in.
/// </summary>
public sealed partial class DemoData(BridgeheadDb db)
{
    /// <summary>The logins to print, or null when the database holds other data and nothing was done.</summary>
    public async Task<IReadOnlyList<DemoLogin>?> LoadAsync(CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.IsDemo, ct))
        {
            return await ReissueAsync(ct);
        }
        if (await db.Users.AnyAsync(ct) || await db.Accounts.IgnoreQueryFilters().AnyAsync(ct))
        {
            return null;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var logins = await CreateUsersAsync(ct);
        await CreateRecordsAsync(ct);
        await tx.CommitAsync(ct);
        return logins;
    }

    private async Task<IReadOnlyList<DemoLogin>> ReissueAsync(CancellationToken ct)
    {
        var logins = new List<DemoLogin>();
        foreach (var user in await db.Users.Where(u => u.IsDemo).OrderBy(u => u.Id).ToListAsync(ct))
        {
            string? password = null;
            if (user.MustChangePassword)
            {
                password = Passwords.Generate();
                user.SetPassword(Passwords.Hash(password), oneTime: true);
            }
            logins.Add(new DemoLogin(user.UserName, user.Role, password));
        }
        await db.SaveChangesAsync(ct);
        return logins;
    }

    private async Task<IReadOnlyList<DemoLogin>> CreateUsersAsync(CancellationToken ct)
    {
        var logins = new List<DemoLogin>();
        var teams = new Dictionary<string, Team>();
        var managers = new List<(Team Team, User Manager)>();
        foreach (var (userName, displayName, role, teamName) in DemoUsers)
        {
            var password = Passwords.Generate();
            var user = new User
            {
                UserName = userName,
                NormalizedUserName = User.Normalize(userName),
                DisplayName = displayName,
                Email = userName + "@bridgehead.example",
                Role = role,
                PasswordHash = Passwords.Hash(password),
                MustChangePassword = true,
                SecurityStamp = User.NewStamp(),
                IsDemo = true,
            };
            if (teamName is not null)
            {
                if (!teams.TryGetValue(teamName, out var team))
                {
                    teams[teamName] = team = db.Teams.Add(new Team { Name = teamName }).Entity;
                }
                user.Team = team;
                if (role == Role.Manager)
                {
                    managers.Add((team, user));
                }
            }
            db.Users.Add(user);
            logins.Add(new DemoLogin(userName, role, password));
        }
        await db.SaveChangesAsync(ct);
        // A team and its manager point at each other, so the manager is named once both exist.
        foreach (var (team, manager) in managers)
        {
            team.ManagerId = manager.Id;
        }
        await db.SaveChangesAsync(ct);
        return logins;
    }

    /// <summary>One user per role, plus more reps so that visibility between reps and teams can be seen.</summary>
    internal static readonly (string UserName, string DisplayName, Role Role, string? Team)[] DemoUsers =
    [
        ("admin", "Admin Park Jiwon", Role.Admin, null),
        ("manager", "Lee Seojun", Role.Manager, "Korea Industrial"),
        ("rep", "Kim Minji", Role.Rep, "Korea Industrial"),
        ("rep2", "Choi Hyunwoo", Role.Rep, "Korea Industrial"),
        ("rep3", "Anna Weber", Role.Rep, "Global Accounts"),
        ("quality", "Jung Yuna", Role.Quality, null),
        ("product", "Han Dohyun", Role.Product, null),
        ("viewer", "Oh Sora", Role.Viewer, null),
    ];

    private partial Task CreateRecordsAsync(CancellationToken ct);
}
