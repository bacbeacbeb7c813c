using Bridgehead.Data;

namespace Bridgehead.Background;

/// <summary>
/// Work done in the background by whichever instance holds the background lease (see
/// <see cref="Lease"/>). Implementations are found by reflection and registered once. A job must be
/// safe to run again after a crash: it reads what is left to do from the database.
/// </summary>
public interface IBackgroundJob
{
    /// <summary>A short name for the log.</summary>
    string Name { get; }

    /// <summary>How often it wants to run (at most; the runner's tick is the lower bound).</summary>
    TimeSpan Every { get; }

    /// <summary>Runs once. <paramref name="db"/> sees everything (the system viewer); the runner saves nothing itself.</summary>
    Task RunAsync(BridgeheadDb db, CancellationToken ct);
}
