using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Background;

/// <summary>
/// A named lease: the instance that holds it (until <see cref="ExpiresAt"/>) does the work it
/// names. Several instances serving one database agree through this row which of them runs the
/// background work; a holder that dies loses the lease when it expires.
/// </summary>
public sealed class Lease
{
    public const int MaxName = 100;
    public const int MaxHolder = 200;

    public required string Name { get; set; }

    public required string Holder { get; set; }

    public DateTime ExpiresAt { get; set; }
}

public static class Leases
{
    /// <summary>
    /// Takes or renews the lease for <paramref name="holder"/> until now + <paramref name="duration"/>.
    /// True when the caller holds it afterwards. One conditional UPDATE decides between racing
    /// instances (the database re-checks the condition on the locked row); the first use inserts the
    /// row, and a racing insert loses on the primary key.
    /// </summary>
    public static async Task<bool> TryAcquireAsync(BridgeheadDb db, string name, string holder, TimeSpan duration, CancellationToken ct = default)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var until = now + duration;
        var taken = await db.Leases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct);
        if (taken == 1)
        {
            return true;
        }
        if (await db.Leases.AnyAsync(l => l.Name == name, ct))
        {
            return false;
        }
        var lease = new Lease { Name = name, Holder = holder, ExpiresAt = until };
        db.Leases.Add(lease);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(lease).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>Gives the lease up (on shutdown), so another instance need not wait for it to expire.</summary>
    public static Task ReleaseAsync(BridgeheadDb db, string name, string holder, CancellationToken ct = default) =>
        db.Leases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTime.UnixEpoch), ct);
}
