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
/// the lock lives in the database, so it holds across every instance.
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
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized && u.IsActive, ct);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        if (user is null)
        {
            Passwords.VerifyNothing(password);
            return new SignInResult(SignInOutcome.Invalid);
        }
        if (user.IsLockedOut(now))
        {
            return new SignInResult(SignInOutcome.LockedOut, LockedUntil: user.LockedUntil);
        }
        if (!Passwords.Verify(password, user.PasswordHash, out var needsRehash))
        {
            user.RecordFailedSignIn(now);
            await SaveQuietlyAsync(ct);
            return user.IsLockedOut(now)
                ? new SignInResult(SignInOutcome.LockedOut, LockedUntil: user.LockedUntil)
                : new SignInResult(SignInOutcome.Invalid);
        }
        user.RecordSignIn();
        if (needsRehash)
        {
            user.PasswordHash = Passwords.Hash(password);
        }
        await SaveQuietlyAsync(ct);
        return new SignInResult(SignInOutcome.Success, user);
    }

    /// <summary>Counting failures is bookkeeping: two racing attempts must not fail the sign-in itself.</summary>
    private async Task SaveQuietlyAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
        }
    }
}
