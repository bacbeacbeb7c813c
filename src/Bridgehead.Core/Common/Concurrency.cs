using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Common;

/// <summary>Optimistic concurrency: an edit states the version it was made on, and a stale one is refused.</summary>
public static class Concurrency
{
    /// <summary>
    /// Refuses the edit when the caller saw an older version, and makes the save itself check the
    /// version too, so an edit that races past this check still cannot overwrite silently.
    /// </summary>
    public static void Expect(BridgeheadDb db, Entity entity, long? expectedVersion)
    {
        if (expectedVersion is not { } expected)
        {
            return;
        }
        if (entity.Version != expected)
        {
            throw new PreconditionFailedException(entity.Version);
        }
        db.Entry(entity).Property(e => e.Version).OriginalValue = expected;
    }

    /// <summary>Saves, turning a lost race into the same answer as a stale version.</summary>
    public static async Task SaveAsync(this BridgeheadDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PreconditionFailedException(null);
        }
    }

    /// <summary>Runs <paramref name="work"/> in a transaction: the caller's, or one of its own that commits when the work is done.</summary>
    public static async Task InTransactionAsync(this BridgeheadDb db, Func<Task> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await work();
            return;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await work();
        await tx.CommitAsync(ct);
    }
}
