using Bridgehead.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Fit;

/// <summary>The account page's fit panel (loaded by htmx): the score as a meter and each criterion explained.</summary>
public sealed class AccountFitModel(ExplainFit explain) : PageModel
{
    public FitExplanation Fit { get; private set; } = null!;

    public bool IsAdmin { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Fit = await explain.HandleAsync(id, ct);
        IsAdmin = ViewerSource.FromPrincipal(User)?.IsAdmin == true;
        return Page();
    }
}
