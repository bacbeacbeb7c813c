using Bridgehead.Data;
using Bridgehead.Forecasting;

namespace Bridgehead.Hosting;

/// <summary>
/// Where the instance keeps its data. Read from, strongest first: environment
/// (<c>BRIDGEHEAD_DATABASE</c>, <c>BRIDGEHEAD_DATA</c>), then appsettings.json
/// (<c>Bridgehead:Database</c>, <c>Bridgehead:Data</c>), then defaults (SQLite in ./bridgehead-data).
/// Reports are written in <c>Bridgehead:BaseCurrency</c> (default KRW).
/// </summary>
public sealed record Settings(string DataFolder, string ConnectionString)
{
    /// <summary>The currency reports convert to; an invalid code stops the start with the setting named.</summary>
    public CurrencySettings Currency { get; init; } = CurrencySettings.Default;

    /// <summary>
    /// Where reports read (<c>BRIDGEHEAD_REPORTS_DATABASE</c>, <c>Bridgehead:ReportsDatabase</c>; e.g. a
    /// standby listed with the primary, prefer-standby), completed by <see cref="Reports.ReportsDatabase.ConnectionString"/>;
    /// null: the main database.
    /// </summary>
    public string? ReportsConnectionString { get; init; }

    public bool IsPostgres => Database.IsPostgres(ConnectionString);

    public static Settings From(IConfiguration config)
    {
        var folder = Path.GetFullPath(First(config["BRIDGEHEAD_DATA"], config["Bridgehead:Data"]) ?? "bridgehead-data");
        var database = First(config["BRIDGEHEAD_DATABASE"], config["Bridgehead:Database"]);
        var connectionString = string.IsNullOrWhiteSpace(database) ? Database.DefaultSqlite(folder) : database;
        return new Settings(folder, connectionString)
        {
            ReportsConnectionString = Reports.ReportsDatabase.ConnectionString(
                First(config[Reports.ReportsDatabase.EnvironmentName], config[Reports.ReportsDatabase.SettingName]), connectionString),
            Currency = new CurrencySettings(First(config[CurrencySettings.SettingName]) ?? CurrencySettings.DefaultBaseCurrency),
        };
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>Configuration for the command line: appsettings.json beside the program and in the current folder, then the environment.</summary>
    public static IConfiguration LoadConfiguration() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>What to print about the database, without a password.</summary>
    public string Describe()
    {
        if (!IsPostgres)
        {
            return "SQLite " + new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
        }
        var b = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }
}
