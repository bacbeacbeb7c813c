namespace Bridgehead.Wallet;

/// <summary>
/// The opening signal of an account, 0-100: how wide the door stands open because incumbents
/// slipped. Each slip counts its kind's weight times its severity factor, halved every
/// <see cref="HalfLifeDays"/> days since it happened; slips older than <see cref="HorizonDays"/>
/// days no longer count, and the sum is capped at <see cref="Cap"/>. Every number of the formula
/// is here (and explained in the guide, "Share of wallet and openings").
/// </summary>
public static class OpeningSignal
{
    /// <summary>A slip's contribution halves every 90 days: a quarter later the buyer's anger has cooled by half.</summary>
    public const double HalfLifeDays = 90;

    /// <summary>After a year a slip is history, not an opening.</summary>
    public const int HorizonDays = 365;

    public const double Cap = 100;

    /// <summary>A quality failure opens doors widest: the buyer's own line stopped.</summary>
    public const double QualityFailureWeight = 40;

    public const double LateDeliveryWeight = 30;

    public const double RelationshipWeight = 30;

    /// <summary>Buyers grumble at price rises but often accept them: a smaller opening.</summary>
    public const double PriceIncreaseWeight = 25;

    public const double OtherWeight = 15;

    public const double MinorFactor = 0.5;

    public const double MajorFactor = 1;

    public const double CriticalFactor = 1.5;

    public static double Weight(IncumbentEventKind kind) => kind switch
    {
        IncumbentEventKind.QualityFailure => QualityFailureWeight,
        IncumbentEventKind.LateDelivery => LateDeliveryWeight,
        IncumbentEventKind.Relationship => RelationshipWeight,
        IncumbentEventKind.PriceIncrease => PriceIncreaseWeight,
        IncumbentEventKind.Other => OtherWeight,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static double Factor(Severity severity) => severity switch
    {
        Severity.Minor => MinorFactor,
        Severity.Major => MajorFactor,
        Severity.Critical => CriticalFactor,
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    /// <summary>The earliest date a slip may have happened and still count on <paramref name="today"/>.</summary>
    public static DateOnly Earliest(DateOnly today) => today.AddDays(-HorizonDays);

    /// <summary>What one slip adds today: weight x factor x 0.5^(age/half-life); 0 beyond the horizon.</summary>
    public static double Contribution(IncumbentEventKind kind, Severity severity, DateOnly occurredOn, DateOnly today)
    {
        var age = Math.Max(0, today.DayNumber - occurredOn.DayNumber);
        if (age > HorizonDays)
        {
            return 0;
        }
        return Weight(kind) * Factor(severity) * Math.Pow(0.5, age / HalfLifeDays);
    }

    /// <summary>The signal of the contributions: their sum, capped.</summary>
    public static double Score(IEnumerable<double> contributions) => Math.Min(Cap, contributions.Sum());

    /// <summary>Shown and returned with one decimal.</summary>
    public static decimal Round(double value) => Math.Round((decimal)value, 1, MidpointRounding.AwayFromZero);
}
