using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Pursuits;

/// <summary>The ten stages at a glance: open pursuits per stage and conversion to the next over a period.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class ProcessModel(GetProcessOverview overview) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public ProcessOverviewDto? Overview { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Overview = await overview.HandleAsync(From, To, ct);
        }
        catch (ValidationException e)
        {
            Error = e.Errors.Values.SelectMany(m => m).First();
            Overview = await overview.HandleAsync(null, null, ct);
        }
    }
}
