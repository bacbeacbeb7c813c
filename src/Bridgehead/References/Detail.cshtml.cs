using Bridgehead.Industries;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.References;

/// <summary>One reference case: customer, industry, application, products, outcome and whether it may be named.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class DetailModel(GetReferenceCase get, ListApplications applications) : PageModel
{
    public ReferenceCaseDto Reference { get; private set; } = null!;

    public string? ApplicationName { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Reference = await get.HandleAsync(id, ct);
        if (Reference.ApplicationId is { } applicationId)
        {
            ApplicationName = (await applications.HandleAsync(null, ct)).FirstOrDefault(a => a.Id == applicationId)?.Name;
        }
        return Page();
    }
}
