using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Forecasting;

/// <summary>One rate as the admin page posts it.</summary>
public sealed class ExchangeRateForm
{
    [Display(Name = nameof(ForecastText.Currency), ResourceType = typeof(ForecastText))]
    public string? Currency { get; set; }

    [Display(Name = nameof(ForecastText.Rate), ResourceType = typeof(ForecastText))]
    public decimal? Rate { get; set; }

    public long Version { get; set; }

    /// <summary>A rate as an input shows it: invariant, without trailing zeros.</summary>
    public static string Format(decimal rate) => rate.ToString("0.##########", CultureInfo.InvariantCulture);
}

/// <summary>Admins add, change and remove exchange rates; each row changes on its own, with the version it was read at.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class ExchangeRatesModel(ListExchangeRates list, AddExchangeRate add, SetExchangeRate set) : PageModel
{
    /// <summary>The "add a rate" form.</summary>
    [BindProperty]
    public ExchangeRateForm Form { get; set; } = new();

    /// <summary>The row being changed.</summary>
    [BindProperty]
    public ExchangeRateForm Change { get; set; } = new();

    public ExchangeRatesDto Rates { get; private set; } = new(CurrencySettings.DefaultBaseCurrency, []);

    public async Task OnGetAsync(CancellationToken ct) => Rates = await list.HandleAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ExchangeRateDto? added = null;
        var result = await FormSave.TryAsync(ModelState, async () => added = await add.HandleAsync(new ExchangeRateItemInput(Form.Currency, Form.Rate), ct));
        if (result == SaveResult.Saved && added is not null)
        {
            TempData["Flash"] = Common.Validator.Format(ForecastText.RateAdded, added.Currency);
            return Redirect("/admin/exchange-rates");
        }
        Rates = await list.HandleAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostChangeAsync(CancellationToken ct)
    {
        SetRateResult? saved = null;
        var result = await FormSave.TryAsync(ModelState,
            async () => saved = await set.HandleAsync(Change.Currency ?? "", Change.Version, new ExchangeRateInput(Change.Rate), ct),
            prefix: nameof(Change));
        if (result == SaveResult.Saved && saved is not null)
        {
            TempData["Flash"] = Common.Validator.Format(ForecastText.RateSaved, saved.Rate.Currency);
            return Redirect("/admin/exchange-rates");
        }
        Rates = await list.HandleAsync(ct);
        return Page();
    }

    /// <summary>True for the row whose change was refused: it shows what was typed and why.</summary>
    public bool IsRefusedRow(string currency) =>
        !ModelState.IsValid && string.Equals(Change.Currency, currency, StringComparison.OrdinalIgnoreCase)
        && ModelState.ContainsKey("Change.Rate");

    public IReadOnlyList<string> ErrorsOf(string name) =>
        ModelState.TryGetValue(name, out var entry) ? [.. entry.Errors.Select(e => e.ErrorMessage)] : [];

    public string? Attempted(string name) =>
        ModelState.TryGetValue(name, out var entry) ? entry.AttemptedValue : null;
}
