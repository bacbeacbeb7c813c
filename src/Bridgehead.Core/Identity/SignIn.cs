using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Identity;

/// <summary>How a sign-in attempt ended. Wrong name and wrong password look the same to the caller.</summary>
public enum SignInOutcome
{
    Success,
    Invalid,
    LockedOut,
}

public sealed record SignInResult(SignInOutcome Outcome, User? User = null, DateTime? LockedUntil = null);

/// <summary>
/// Checks a user name and password. Five wrong passwords in a row lock the user for 15 minutes;
/// the count and the lock live in the database and are updated atomically, so they hold across
/// every instance and against parallel guessing. Wrong name, wrong password and locked out read
/// the same to the caller, so sign-in does not tell which user names exist.
/// </summary>
public sealed class SignIn(BridgeheadDb db)
{
    public async Task<SignInResult> HandleAsync(string? userName, string? password, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || password.Length > Passwords.MaxLength)
        {
            return new SignInResult(SignInOutcome.Invalid);
        }
        var normalized = User.Normalize(userName);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized && u.IsActive, ct);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        if (user is null)
        {
            Passwords.VerifyNothing(password);
            return new SignInResult(SignInOutcome.Invalid);
        }
        if (user.IsLockedOut(now))
        {
            Passwords.VerifyNothing(password);
            return new SignInResult(SignInOutcome.LockedOut, LockedUntil: user.LockedUntil);
        }
        if (!Passwords.Verify(password, user.PasswordHash, out var needsRehash))
        {
            var lockedUntil = await RecordFailureAsync(db, user.Id, now, endSessions: false, ct);
            return lockedUntil is null
                ? new SignInResult(SignInOutcome.Invalid)
                : new SignInResult(SignInOutcome.LockedOut, LockedUntil: lockedUntil);
        }
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.FailedSignIns, 0)
            .SetProperty(u => u.LockedUntil, (DateTime?)null), ct);
        if (needsRehash)
        {
            var hash = Passwords.Hash(password);
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, hash), ct);
            user.PasswordHash = hash;
        }
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        return new SignInResult(SignInOutcome.Success, user);
    }

    /// <summary>
    /// Counts one wrong password in the database itself (no read-modify-write race); the fifth in
    /// a row locks the user. Returns the lock's end when this failure locked the user.
    /// </summary>
    internal static async Task<DateTime?> RecordFailureAsync(BridgeheadDb db, long userId, DateTime now, bool endSessions, CancellationToken ct)
    {
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedSignIns, u => u.FailedSignIns + 1), ct);
        var until = now + User.LockoutDuration;
        var locked = await db.Users.Where(u => u.Id == userId && u.FailedSignIns >= User.MaxFailedSignIns)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.LockedUntil, until)
                .SetProperty(u => u.FailedSignIns, 0)
                .SetProperty(u => u.SecurityStamp, u => endSessions ? User.NewStamp() : u.SecurityStamp), ct);
        return locked > 0 ? until : null;
    }
}
