namespace Bridgehead.Demo;

public sealed partial class DemoData
{
    private partial Task CreateRecordsAsync(CancellationToken ct) => db.SaveChangesAsync(ct);
}
