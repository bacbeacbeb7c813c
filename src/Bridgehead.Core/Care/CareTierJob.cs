using Bridgehead.Background;
using Bridgehead.Data;
using Bridgehead.Forecasting;

namespace Bridgehead.Care;

/// <summary>
/// Every six hours, re-places every customer in its care tier: revenue moves as orders come in and
/// age out of the twelve months, potential as wallet entries change. Only changed tiers are written,
/// so a run with nothing new writes nothing.
/// </summary>
public sealed class CareTierJob(CurrencySettings settings) : IBackgroundJob
{
    public string Name => "care-tiers";

    public TimeSpan Every => TimeSpan.FromHours(6);

    public Task RunAsync(BridgeheadDb db, CancellationToken ct) => CarePlacement.PlaceTiersAsync(db, settings, null, ct);
}
