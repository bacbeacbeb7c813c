using Bridgehead.Accounts;
using Bridgehead.Background;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Health;

/// <summary>
/// Every hour: scores every customer account in batches of <see cref="BatchSize"/> (a constant
/// number of queries per batch), upserts its <see cref="AccountHealth"/> and today's
/// <see cref="HealthSnapshot"/>, and raises <c>healthBandDropped</c> in the same save when the band
/// got worse than the stored one. Idempotent: a second run the same day on the same facts changes
/// no band, raises nothing and adds no snapshot. Accounts that stopped being customers lose their
/// stored health (their snapshots stay as history).
/// </summary>
public sealed class HealthJob(CurrencySettings currency) : IBackgroundJob
{
    public const int BatchSize = 500;

    public string Name => "health";

    public TimeSpan Every => TimeSpan.FromHours(1);

    public async Task RunAsync(BridgeheadDb db, CancellationToken ct)
    {
        var today = HealthScoring.Today(db);
        await db.AccountHealth
            .Where(h => !db.Accounts.Any(a => a.Id == h.AccountId && a.Status == AccountStatus.Customer))
            .ExecuteDeleteAsync(ct);
        long last = 0;
        while (true)
        {
            var batch = await db.Accounts.AsNoTracking()
                .Where(a => a.Status == AccountStatus.Customer && a.Id > last)
                .OrderBy(a => a.Id)
                .Take(BatchSize)
                .Select(a => new { a.Id, a.Name })
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return;
            }
            await HealthScoring.StoreAsync(db, batch.ToDictionary(a => a.Id, a => a.Name), today, currency, ct);
            db.ChangeTracker.Clear();
            last = batch[^1].Id;
        }
    }
}
