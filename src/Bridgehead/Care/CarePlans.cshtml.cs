using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Care;

/// <summary>One plan as its form posts it.</summary>
public sealed class CarePlanForm
{
    public AccountTier Tier { get; set; }

    public long? Version { get; set; }

    public bool IncludesStrategic { get; set; }

    public decimal? MinAnnualRevenue { get; set; }

    public decimal? MinPotential { get; set; }

    public int? VisitEveryDays { get; set; }

    public int? ReviewEveryDays { get; set; }

    public bool ExecutiveSponsorRequired { get; set; }

    public string? Notes { get; set; }

    public CarePlanInput ToInput(string currency) => new()
    {
        IncludesStrategic = IncludesStrategic,
        MinAnnualRevenue = MinAnnualRevenue is { } r ? new Money(r, currency) : null,
        MinPotential = MinPotential is { } p ? new Money(p, currency) : null,
        VisitEveryDays = VisitEveryDays,
        ReviewEveryDays = ReviewEveryDays,
        ExecutiveSponsorRequired = ExecutiveSponsorRequired,
        Notes = Notes,
    };
}

/// <summary>The three care plans: admins edit each tier's in its own form; other sales readers read them.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class CarePlansModel(ListCarePlans list, SaveCarePlan save, Forecasting.CurrencySettings settings) : PageModel
{
    [BindProperty]
    public CarePlanForm Plan { get; set; } = new();

    public IReadOnlyList<CarePlanDto> Plans { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public string BaseCurrency => settings.BaseCurrency;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ViewerSource.FromPrincipal(User)?.IsAdmin != true)
        {
            return Forbid();
        }
        CarePlanSaved? saved = null;
        var result = await FormSave.TryAsync(ModelState, async () => saved = await save.HandleAsync(Plan.Tier, Plan.Version, Plan.ToInput(settings.BaseCurrency), ct), prefix: nameof(Plan));
        if (result == SaveResult.Saved && saved is not null)
        {
            TempData["Flash"] = Validator.Format(CarePagesText.Saved, saved.AccountsChangedTier);
            return Redirect("/care-plans");
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>True for the form whose save was refused: it shows what was typed and why.</summary>
    public bool IsRefused(AccountTier tier) => !ModelState.IsValid && Plan.Tier == tier;

    public string Errors(string field) =>
        ModelState.TryGetValue("Plan." + field, out var entry) ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : "";

    private async Task LoadAsync(CancellationToken ct)
    {
        Plans = await list.HandleAsync(ct);
        CanEdit = ViewerSource.FromPrincipal(User)?.IsAdmin == true;
    }
}
