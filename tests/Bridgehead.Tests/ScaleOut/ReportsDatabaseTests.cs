using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Reports;
using Npgsql;

namespace Bridgehead.Tests.ScaleOut;

/// <summary>The reports connection setting (Bridgehead:ReportsDatabase), without a server.</summary>
public sealed class ReportsDatabaseTests
{
    private const string Main = "Host=10.0.5.30;Database=bridgehead;Username=bridgehead";

    [Fact]
    public void Unset_MeansTheMainDatabase()
    {
        Assert.Null(ReportsDatabase.ConnectionString(null, Main));
        Assert.Null(ReportsDatabase.ConnectionString("  ", Main));
    }

    [Fact]
    public void AStandbyConnection_IsCompleted_ReadOnlyAndNamed()
    {
        var completed = ReportsDatabase.ConnectionString(
            "Host=10.0.5.30:5432,10.0.5.31:5432;Database=bridgehead;Username=bridgehead;Target Session Attributes=prefer-standby", Main);

        var b = new NpgsqlConnectionStringBuilder(completed);
        Assert.Equal("10.0.5.30:5432,10.0.5.31:5432", b.Host);
        Assert.Equal(ReportsDatabase.ApplicationName, b.ApplicationName);
        Assert.Contains("default_transaction_read_only=on", b.Options, StringComparison.Ordinal);
        Assert.Contains("prefer-standby", completed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ItsOwnApplicationName_AndOptions_AreKept()
    {
        var b = new NpgsqlConnectionStringBuilder(ReportsDatabase.ConnectionString(
            "Host=standby;Database=bridgehead;Application Name=bi;Options=-c statement_timeout=60000", Main));

        Assert.Equal("bi", b.ApplicationName);
        Assert.Equal("-c statement_timeout=60000 -c default_transaction_read_only=on", b.Options);
    }

    [Theory]
    [InlineData("Data Source=reports.db", Main)]
    [InlineData("Host=standby;Database=bridgehead", "Data Source=/var/lib/bridgehead/bridgehead.db")]
    public void OnlyPostgres_IsAccepted_NamingTheSetting(string reports, string main)
    {
        var refused = Assert.Throws<ValidationException>(() => ReportsDatabase.ConnectionString(reports, main));
        Assert.Equal([ReportsDatabase.SettingName], refused.Errors.Keys);
    }

    [Fact]
    public async Task TheReportsContext_RefusesToSave()
    {
        var options = ReportsDatabase.Options(ReportsDatabase.ConnectionString("Host=127.0.0.1;Port=1;Database=none;Timeout=1", Main)!);
        await using var db = new BridgeheadDb(options) { Viewer = Viewer.System };
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "x", Xml = "<key/>" });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("read-only", refused.Message, StringComparison.Ordinal);
    }
}
