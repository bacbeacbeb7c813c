namespace Bridgehead.Tests.Forecasting;

/// <summary>
/// Exchange rates are company-wide: tests that set, replace or rely on them run one after another
/// (per provider, since each provider has its own server), never beside each other.
/// </summary>
public static class RatesCollection
{
    public const string Sqlite = "exchange-rates-sqlite";

    public const string Postgres = "exchange-rates-postgres";
}
