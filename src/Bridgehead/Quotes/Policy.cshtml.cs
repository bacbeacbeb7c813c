using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Quotes;

/// <summary>The quote form's limits as the browser posts them.</summary>
public sealed class QuotePolicyForm
{
    [System.ComponentModel.DataAnnotations.Display(Name = nameof(QuotePagesText.MinMargin), ResourceType = typeof(QuotePagesText))]
    public decimal? MinMarginPercent { get; set; }

    [System.ComponentModel.DataAnnotations.Display(Name = nameof(QuotePagesText.MaxDiscountLimit), ResourceType = typeof(QuotePagesText))]
    public decimal? MaxDiscountPercent { get; set; }

    public long Version { get; set; }
}

/// <summary>The admins set the margin floor and the discount limit above which a manager must approve a quote.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class PolicyModel(GetQuotePolicy get, SetQuotePolicy set) : PageModel
{
    [BindProperty]
    public QuotePolicyForm Form { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var policy = await get.HandleAsync(ct);
        Form = new QuotePolicyForm { MinMarginPercent = policy.MinMarginPercent, MaxDiscountPercent = policy.MaxDiscountPercent, Version = policy.Version };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await FormSave.TryAsync(ModelState, () => set.HandleAsync(Form.Version, new QuotePolicyInput(Form.MinMarginPercent, Form.MaxDiscountPercent), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = QuotePagesText.PolicySaved;
            return Redirect("/admin/quote-policy");
        }
        if (result == SaveResult.Stale)
        {
            var policy = await get.HandleAsync(ct);
            Form = new QuotePolicyForm { MinMarginPercent = policy.MinMarginPercent, MaxDiscountPercent = policy.MaxDiscountPercent, Version = policy.Version };
        }
        return Page();
    }
}
