using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Care;

/// <summary>A tier's care plan as the API returns it; thresholds in the base currency.</summary>
/// <param name="IsSaved">False while the tier runs on the default plan (no admin saved one yet).</param>
/// <param name="Version">The saved plan's version (its ETag); null for a default plan.</param>
public sealed record CarePlanDto(
    AccountTier Tier,
    bool IncludesStrategic,
    Money? MinAnnualRevenue,
    Money? MinPotential,
    int VisitEveryDays,
    int? ReviewEveryDays,
    bool ExecutiveSponsorRequired,
    string? Notes,
    bool IsSaved,
    long? Version,
    DateTime? UpdatedAt)
{
    internal static CarePlanDto From(CarePlan p, string currency) => new(
        p.Tier, p.IncludesStrategic,
        Money.From(p.MinAnnualRevenue, currency), Money.From(p.MinPotential, currency),
        p.VisitEveryDays, p.ReviewEveryDays, p.ExecutiveSponsorRequired, p.Notes,
        p.Id != 0, p.Id != 0 ? p.Version : null, p.Id != 0 ? p.UpdatedAt : null);
}

/// <summary>The body of PUT /care-plans/{tier}: the whole plan. Thresholds are money in the base currency (the currency may be left out).</summary>
public sealed record CarePlanInput
{
    public bool? IncludesStrategic { get; init; }
    public Money? MinAnnualRevenue { get; init; }
    public Money? MinPotential { get; init; }
    public int? VisitEveryDays { get; init; }
    public int? ReviewEveryDays { get; init; }
    public bool? ExecutiveSponsorRequired { get; init; }
    public string? Notes { get; init; }

    public static CarePlanInput From(CarePlanDto p) => new()
    {
        IncludesStrategic = p.IncludesStrategic,
        MinAnnualRevenue = p.MinAnnualRevenue,
        MinPotential = p.MinPotential,
        VisitEveryDays = p.VisitEveryDays,
        ReviewEveryDays = p.ReviewEveryDays,
        ExecutiveSponsorRequired = p.ExecutiveSponsorRequired,
        Notes = p.Notes,
    };
}

/// <summary>What saving a plan did: the plan, and how many customers moved to another tier.</summary>
public sealed record CarePlanSaved(CarePlanDto Plan, int AccountsChangedTier);

/// <summary>The three care plans, saved or default, strategic first. Sales readers may read them.</summary>
public sealed class ListCarePlans(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<IReadOnlyList<CarePlanDto>> HandleAsync(CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var plans = await CareSchedule.PlansAsync(db, ct);
        return [.. CarePlacement.TopDown.Select(t => CarePlanDto.From(plans[t], settings.BaseCurrency))];
    }
}

/// <summary>
/// An admin saves the plan of one tier (replacing the default or the saved one), and every customer
/// is placed again under the new rules in the same transaction.
/// </summary>
public sealed class SaveCarePlan(BridgeheadDb db, CurrencySettings settings)
{
    /// <summary>Thresholds stay below this (a thousand trillion in the base currency).</summary>
    public const decimal MaxThreshold = 1_000_000_000_000_000m;

    public async Task<CarePlanSaved> HandleAsync(AccountTier tier, long? expectedVersion, CarePlanInput input, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, CareText.PlansAdminsOnly);
        if (!Enum.IsDefined(tier))
        {
            throw new NotFoundException("carePlan");
        }
        var v = new Validator();
        var revenue = Threshold(v, "minAnnualRevenue", input.MinAnnualRevenue);
        var potential = Threshold(v, "minPotential", input.MinPotential);
        if (input.VisitEveryDays is null)
        {
            v.Add("visitEveryDays", CommonText.Required);
        }
        v.Range("visitEveryDays", input.VisitEveryDays, 1, CarePlan.MaxRhythmDays);
        v.Range("reviewEveryDays", input.ReviewEveryDays, 1, CarePlan.MaxRhythmDays);
        v.MaxLength("notes", input.Notes, CarePlan.MaxNotes);
        v.ThrowIfInvalid();

        var plan = await db.CarePlans.FirstOrDefaultAsync(p => p.Tier == tier, ct);
        if (plan is null)
        {
            if (expectedVersion is not null)
            {
                // If-Match names a version of a plan that is not saved (any more).
                throw new PreconditionFailedException(null);
            }
            plan = db.CarePlans.Add(new CarePlan { Tier = tier }).Entity;
        }
        else
        {
            Concurrency.Expect(db, plan, expectedVersion);
        }
        plan.IncludesStrategic = input.IncludesStrategic ?? false;
        plan.MinAnnualRevenue = revenue;
        plan.MinPotential = potential;
        plan.VisitEveryDays = input.VisitEveryDays!.Value;
        plan.ReviewEveryDays = input.ReviewEveryDays;
        plan.ExecutiveSponsorRequired = input.ExecutiveSponsorRequired ?? false;
        plan.Notes = Text.Clean(input.Notes);

        var moved = 0;
        await db.InTransactionAsync(async () =>
        {
            await db.SaveAsync(ct);
            moved = await CarePlacement.PlaceTiersAsync(db, settings, null, ct);
        }, ct);
        return new CarePlanSaved(CarePlanDto.From(plan, settings.BaseCurrency), moved);
    }

    private decimal? Threshold(Validator v, string field, Money? value)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Currency is { } currency && CurrencySettings.Normalize(currency) is { } code && code != settings.BaseCurrency)
        {
            v.Add(field, Validator.Format(CareText.ThresholdInBaseCurrency, settings.BaseCurrency));
            return null;
        }
        if (value.Amount < 0 || value.Amount >= MaxThreshold)
        {
            v.Add(field, CareText.ThresholdOutOfRange);
            return null;
        }
        return value.Amount;
    }
}
