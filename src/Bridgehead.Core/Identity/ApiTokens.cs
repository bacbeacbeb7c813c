using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Identity;

public sealed record IssuedToken(string Token, DateTime ExpiresAt);

/// <summary>Issues API tokens; only the hash is kept.</summary>
public sealed class IssueToken(BridgeheadDb db)
{
    public async Task<IssuedToken> HandleAsync(long userId, string name, int? days, CancellationToken ct)
    {
        var v = new Validator();
        v.Range("expires", days, 1, ApiToken.MaxDays);
        v.Required("name", name, ApiToken.MaxName);
        v.ThrowIfInvalid();
        var token = ApiToken.NewSecret();
        var expires = db.Clock.GetUtcNow().UtcDateTime.AddDays(days ?? ApiToken.DefaultDays);
        db.ApiTokens.Add(new ApiToken { UserId = userId, Name = name.Trim(), TokenHash = ApiToken.Hash(token), ExpiresAt = expires });
        await db.SaveAsync(ct);
        return new IssuedToken(token, expires);
    }
}

/// <summary>Finds the active user behind a bearer token, or null.</summary>
public sealed class ValidateToken(BridgeheadDb db)
{
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(5);

    public async Task<User?> HandleAsync(string token, CancellationToken ct)
    {
        if (!token.StartsWith(ApiToken.Prefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return null;
        }
        var hash = ApiToken.Hash(token);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var found = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && t.ExpiresAt > now && t.User!.IsActive)
            .Select(t => new { t.Id, t.LastUsedAt, t.User })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }
        if (found.LastUsedAt is null || now - found.LastUsedAt > TouchEvery)
        {
            await db.ApiTokens.Where(t => t.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }
        return found.User;
    }
}
