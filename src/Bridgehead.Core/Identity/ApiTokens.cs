using System.Runtime.CompilerServices;
using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

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

/// <summary>What a request needs of the user behind a bearer token: who, in which role and team.</summary>
public sealed record TokenUser(long Id, Role Role, long? TeamId, string DisplayName, string SecurityStamp, long TokenId, DateTime? LastUsedAt);

/// <summary>Finds the active user behind a bearer token, or null.</summary>
public sealed class ValidateToken(BridgeheadDb db)
{
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(5);

    // Every API request runs this: one indexed lookup (the unique token hash), compiled once per
    // model (a compiled query keeps the SQL of the first provider it ran on, and one process may
    // hold a SQLite and a PostgreSQL model, as the tests do), the few columns the request's
    // principal carries rather than the whole user. Nothing is cached, so a revoked or expired
    // token, or a deactivated user, is refused on the very next request.
    private static readonly ConditionalWeakTable<IModel, Func<BridgeheadDb, string, DateTime, CancellationToken, Task<TokenUser?>>> Compiled = new();

    private static Func<BridgeheadDb, string, DateTime, CancellationToken, Task<TokenUser?>> Compile() =>
        EF.CompileAsyncQuery((BridgeheadDb db, string hash, DateTime now, CancellationToken ct) =>
            db.ApiTokens.AsNoTracking()
                .Where(t => t.TokenHash == hash && t.RevokedAt == null && t.ExpiresAt > now && t.User!.IsActive)
                .Select(t => new TokenUser(t.UserId, t.User!.Role, t.User.TeamId, t.User.DisplayName, t.User.SecurityStamp, t.Id, t.LastUsedAt))
                .FirstOrDefault());

    public async Task<TokenUser?> HandleAsync(string token, CancellationToken ct)
    {
        if (!token.StartsWith(ApiToken.Prefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return null;
        }
        var hash = ApiToken.Hash(token);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var found = await Compiled.GetValue(db.Model, _ => Compile())(db, hash, now, ct);
        if (found is null)
        {
            return null;
        }
        if (found.LastUsedAt is null || now - found.LastUsedAt > TouchEvery)
        {
            await db.ApiTokens.Where(t => t.Id == found.TokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }
        return found;
    }
}
