using Bridgehead.Common;

namespace Bridgehead.Identity;

/// <summary>A person who signs in.</summary>
public sealed class User : Entity, IAudited
{
    public const int MaxUserName = 64;
    public const int MaxDisplayName = 100;
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public required string UserName { get; set; }

    /// <summary>Lower-case user name; unique.</summary>
    public required string NormalizedUserName { get; set; }

    public required string DisplayName { get; set; }

    public string? Email { get; set; }

    public Role Role { get; set; }

    public long? TeamId { get; set; }

    public Team? Team { get; set; }

    public required string PasswordHash { get; set; }

    /// <summary>Set for generated (one-time) passwords: the user must choose their own at first sign-in.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Changes when the password changes, which signs out every other session.</summary>
    public required string SecurityStamp { get; set; }

    public int FailedSignIns { get; set; }

    public DateTime? LockedUntil { get; set; }

    /// <summary>"ko" or "en"; null follows the browser.</summary>
    public string? Language { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Created by the demo data set; its one-time password may be re-issued by <c>serve --demo</c>.</summary>
    public bool IsDemo { get; set; }

    long? IAudited.AuditAccountId => null;

    public bool IsLockedOut(DateTime now) => LockedUntil is { } until && until > now;

    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();

    public void SetPassword(string hash, bool oneTime)
    {
        PasswordHash = hash;
        MustChangePassword = oneTime;
        SecurityStamp = NewStamp();
        FailedSignIns = 0;
        LockedUntil = null;
    }

    public static string NewStamp() => Guid.NewGuid().ToString("N");
}

/// <summary>A sales team: a manager and the reps they lead.</summary>
public sealed class Team : Entity, IAudited
{
    public const int MaxName = 100;

    public required string Name { get; set; }

    /// <summary>The manager who leads the team (approves its deals, sees its accounts).</summary>
    public long? ManagerId { get; set; }

    public User? Manager { get; set; }

    long? IAudited.AuditAccountId => null;
}
