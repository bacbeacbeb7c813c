using Bridgehead.Common;

namespace Bridgehead.Forecasting;

/// <summary>
/// What one unit of a foreign currency is worth in the base currency, as an admin set it:
/// 1 <see cref="Currency"/> = <see cref="Rate"/> units of the base currency (with base KRW,
/// USD 1400 means one dollar is 1,400 won). Reports convert amounts with it.
/// </summary>
public sealed class ExchangeRate : Entity, IAudited
{
    /// <summary>Rates keep ten decimals, so a small currency against a large base (KRW in USD) is still exact enough.</summary>
    public const int RateScale = 10;

    public const decimal MaxRate = 1_000_000_000m;

    /// <summary>ISO 4217 code, upper case; one rate per currency.</summary>
    public required string Currency { get; set; }

    /// <summary>Units of the base currency that one unit of <see cref="Currency"/> buys; above zero.</summary>
    public decimal Rate { get; set; }

    long? IAudited.AuditAccountId => null;
}
