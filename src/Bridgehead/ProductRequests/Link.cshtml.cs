using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.ProductRequests;

/// <summary>
/// The "waits on an existing request" form of the opportunity and account pages posts here (the
/// request is picked in the form, so it cannot be in the address); back to the page it came from.
/// </summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class LinkModel(LinkProductRequest link) : PageModel
{
    public IActionResult OnGet() => Redirect("/product-requests");

    public async Task<IActionResult> OnPostAsync(long? requestId, long? opportunityId, long? accountId, bool blocking, CancellationToken ct)
    {
        var back = opportunityId is { } o ? $"/opportunities/{o}#product-requests" : accountId is { } a ? $"/accounts/{a}#product-requests" : "/product-requests";
        if (requestId is not { } id)
        {
            TempData["Flash"] = RequestPagesText.PickARequest;
            return Redirect(back);
        }
        try
        {
            await link.HandleAsync(id, null, new ProductRequestLinkInput(opportunityId, opportunityId is null ? accountId : null, blocking), ct);
            TempData["Flash"] = RequestPagesText.Linked;
        }
        catch (ValidationException e)
        {
            TempData["Flash"] = string.Join(" ", e.Errors.SelectMany(x => x.Value));
        }
        catch (ConflictException e)
        {
            TempData["Flash"] = string.Join(" ", e.Rules);
        }
        return Redirect(back);
    }
}
