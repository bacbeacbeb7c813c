using Bridgehead.Calendar;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>Feeds <see cref="DeliveryPlanner"/> from the database: production facts, capacity booked, the calendar.</summary>
public static class CapacityPlanning
{
    /// <summary>Promises the lines as of <paramref name="today"/>, booking nothing.</summary>
    public static async Task<IReadOnlyList<LinePromise>> PlanAsync(BridgeheadDb db, DateOnly today, IReadOnlyList<PlanLine> lines, CancellationToken ct)
    {
        var calendar = await WorkingCalendars.LoadAsync(db, ct);
        var ids = lines.Select(l => l.ProductId).Distinct().ToList();
        var facts = await db.Products.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .Select(p => new ProductionFacts(p.Id, p.ProductionLeadTimeDays, p.WeeklyCapacity, p.MinimumBatch))
            .ToDictionaryAsync(f => f.ProductId, ct);
        var booked = await BookedAsync(db, ids, WorkingCalendar.WeekStart(today), ct);
        return DeliveryPlanner.Plan(today, lines, facts, booked, calendar);
    }

    /// <summary>Capacity booked per product and week from <paramref name="fromWeek"/> on, across all accounts.</summary>
    public static async Task<Dictionary<(long ProductId, DateOnly WeekStart), decimal>> BookedAsync(
        BridgeheadDb db, IReadOnlyCollection<long> productIds, DateOnly fromWeek, CancellationToken ct)
    {
        // Summed here: SQLite cannot add up decimals in SQL.
        var rows = await db.CapacityBookings.AsNoTracking()
            .Where(b => productIds.Contains(b.ProductId) && b.WeekStart >= fromWeek)
            .Select(b => new { b.ProductId, b.WeekStart, b.Quantity })
            .ToListAsync(ct);
        return rows.GroupBy(r => (r.ProductId, r.WeekStart)).ToDictionary(g => g.Key, g => g.Sum(r => r.Quantity));
    }

    private static readonly SemaphoreSlim SqliteBookingLock = new(1, 1);

    /// <summary>
    /// Serializes bookings of the same products until the returned lock is disposed (after the
    /// commit), so two confirmations never both take the last free units. PostgreSQL: transaction
    /// advisory locks per product, which hold across instances (call inside a transaction); SQLite
    /// serves one instance, so one lock in the process.
    /// </summary>
    public static async Task<IAsyncDisposable> LockAsync(BridgeheadDb db, IReadOnlyCollection<long> productIds, CancellationToken ct)
    {
        if (db.IsSqlite)
        {
            await SqliteBookingLock.WaitAsync(ct);
            return new Release(SqliteBookingLock);
        }
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Capacity locks on PostgreSQL are held by a transaction: begin one first.");
        }
        foreach (var id in productIds.Distinct().Order())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({BookingLockSpace}, {(int)(id % int.MaxValue)})", ct);
        }
        return new Release(null);
    }

    /// <summary>The first key of the two-key advisory locks on products' capacity.</summary>
    private const int BookingLockSpace = 7_401_009;

    private sealed class Release(SemaphoreSlim? semaphore) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            semaphore?.Release();
            return ValueTask.CompletedTask;
        }
    }
}
