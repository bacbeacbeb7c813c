using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Forecasting;

/// <summary>Asks before removing a rate, and says what the forecast does without it.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class DeleteExchangeRateModel(GetExchangeRate get, DeleteExchangeRate delete, CurrencySettings settings) : PageModel
{
    public ExchangeRateDto Rate { get; private set; } = null!;

    public string BaseCurrency => settings.BaseCurrency;

    public async Task<IActionResult> OnGetAsync(string currency, CancellationToken ct)
    {
        Rate = await get.HandleAsync(currency, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string currency, long version, CancellationToken ct)
    {
        Rate = await get.HandleAsync(currency, ct);
        try
        {
            await delete.HandleAsync(currency, version, ct);
            TempData["Flash"] = Validator.Format(ForecastText.RateRemoved, Rate.Currency);
            return Redirect("/admin/exchange-rates");
        }
        catch (PreconditionFailedException)
        {
            Rate = await get.HandleAsync(currency, ct);
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
            return Page();
        }
    }
}
