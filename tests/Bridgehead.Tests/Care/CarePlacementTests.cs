using Bridgehead.Accounts;
using Bridgehead.Care;
using CsCheck;

namespace Bridgehead.Tests.Care;

/// <summary>
/// The placement rule for any plans and any customer: read top-down, the first tier whose rule is
/// met wins, standard takes the rest, more revenue or potential never lowers the tier, and the
/// strategic flag only ever helps.
/// </summary>
public sealed class CarePlacementTests
{
    private static int Rank(AccountTier tier) => tier switch
    {
        AccountTier.Strategic => 0,
        AccountTier.Key => 1,
        AccountTier.Standard => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };

    private static readonly Gen<decimal?> GenThreshold =
        Gen.Frequency((1, Gen.Const((decimal?)null)), (3, Gen.Int[0, 1000].Select(x => (decimal?)(x * 1_000_000m))));

    private static readonly Gen<CarePlan> GenPlan =
        Gen.Select(Gen.Bool, GenThreshold, GenThreshold).Select(t => new CarePlan
        {
            IncludesStrategic = t.Item1, MinAnnualRevenue = t.Item2, MinPotential = t.Item3, VisitEveryDays = 30,
        });

    private static readonly Gen<Dictionary<AccountTier, CarePlan>> GenPlans =
        Gen.Select(GenPlan, GenPlan, GenPlan).Select(t => new Dictionary<AccountTier, CarePlan>
        {
            [AccountTier.Strategic] = Tiered(t.Item1, AccountTier.Strategic),
            [AccountTier.Key] = Tiered(t.Item2, AccountTier.Key),
            [AccountTier.Standard] = Tiered(t.Item3, AccountTier.Standard),
        });

    private static CarePlan Tiered(CarePlan p, AccountTier tier)
    {
        p.Tier = tier;
        return p;
    }

    private static readonly Gen<decimal> GenAmount = Gen.Int[0, 1200].Select(x => x * 1_000_000m);

    private static bool Meets(CarePlan p, bool strategic, decimal revenue, decimal potential) =>
        (p.IncludesStrategic && strategic) || (p.MinAnnualRevenue is { } r && revenue >= r) || (p.MinPotential is { } m && potential >= m);

    [Fact]
    public void Place_IsTheFirstTierTopDownWhoseRuleIsMet_StandardTakesTheRest() =>
        Gen.Select(GenPlans, Gen.Bool, GenAmount, GenAmount).Sample((plans, strategic, revenue, potential) =>
        {
            var expected = Meets(plans[AccountTier.Strategic], strategic, revenue, potential) ? AccountTier.Strategic
                : Meets(plans[AccountTier.Key], strategic, revenue, potential) ? AccountTier.Key
                : AccountTier.Standard;
            return CarePlacement.Place(plans, strategic, revenue, potential) == expected;
        });

    [Fact]
    public void MoreRevenueOrPotential_NeverLowersTheTier() =>
        Gen.Select(GenPlans, Gen.Bool, GenAmount, GenAmount, GenAmount).Sample((plans, strategic, revenue, potential, more) =>
            Rank(CarePlacement.Place(plans, strategic, revenue + more, potential)) <= Rank(CarePlacement.Place(plans, strategic, revenue, potential))
            && Rank(CarePlacement.Place(plans, strategic, revenue, potential + more)) <= Rank(CarePlacement.Place(plans, strategic, revenue, potential)));

    [Fact]
    public void TheStrategicFlag_OnlyEverHelps() =>
        Gen.Select(GenPlans, GenAmount, GenAmount).Sample((plans, revenue, potential) =>
            Rank(CarePlacement.Place(plans, true, revenue, potential)) <= Rank(CarePlacement.Place(plans, false, revenue, potential)));

    [Fact]
    public void Explain_NamesTheRuleThatWasMet_AndItsThreshold() =>
        Gen.Select(GenPlans, Gen.Bool, GenAmount, GenAmount).Sample((plans, strategic, revenue, potential) =>
        {
            var placed = CarePlacement.Explain(plans, strategic, revenue, potential);
            var plan = plans[placed.Tier];
            return placed.Reason switch
            {
                CareReason.StrategicFlag => strategic && plan.IncludesStrategic && placed.Threshold is null,
                CareReason.Revenue => placed.Threshold == plan.MinAnnualRevenue && revenue >= placed.Threshold,
                CareReason.Potential => placed.Threshold == plan.MinPotential && potential >= placed.Threshold,
                CareReason.Rest => placed.Tier == AccountTier.Standard && placed.Threshold is null,
                _ => false,
            };
        });

    private static Dictionary<AccountTier, CarePlan> Defaults() =>
        CarePlacement.TopDown.ToDictionary(t => t, CareSchedule.DefaultPlan);

    [Theory]
    [InlineData(true, 0, 0, AccountTier.Strategic)]
    [InlineData(false, 5_000_000_000, 0, AccountTier.Strategic)]
    [InlineData(false, 4_999_999_999, 0, AccountTier.Key)]
    [InlineData(false, 1_000_000_000, 0, AccountTier.Key)]
    [InlineData(false, 999_999_999, 2_999_999_999, AccountTier.Standard)]
    [InlineData(false, 0, 3_000_000_000, AccountTier.Key)]
    [InlineData(false, 0, 0, AccountTier.Standard)]
    public void DefaultPlans_PlaceByFlagRevenueAndPotential(bool strategic, long revenue, long potential, AccountTier expected) =>
        Assert.Equal(expected, CarePlacement.Place(Defaults(), strategic, revenue, potential));

    [Fact]
    public void AnUnsetThreshold_IsNeverMet_AndTheStandardRuleIsNotRead()
    {
        var plans = Defaults();
        plans[AccountTier.Key] = new CarePlan { Tier = AccountTier.Key, VisitEveryDays = 60 };
        plans[AccountTier.Standard] = new CarePlan { Tier = AccountTier.Standard, IncludesStrategic = true, MinAnnualRevenue = 0, VisitEveryDays = 120 };
        Assert.Equal(AccountTier.Standard, CarePlacement.Place(plans, false, 4_000_000_000m, 1e14m));
        Assert.Equal(CareReason.Rest, CarePlacement.Explain(plans, false, 4_000_000_000m, 1e14m).Reason);
    }

    [Theory]
    [InlineData(2026, 11, 23, 2026, 11, 29)]
    [InlineData(2026, 11, 27, 2026, 11, 29)]
    [InlineData(2026, 11, 29, 2026, 11, 29)]
    public void EndOfWeek_IsTheComingSunday(int y, int m, int d, int ey, int em, int ed) =>
        Assert.Equal(new DateOnly(ey, em, ed), CareDates.EndOfWeek(new DateOnly(y, m, d)));
}
