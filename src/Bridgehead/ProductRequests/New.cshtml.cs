using Bridgehead.Accounts;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.ProductRequests;

/// <summary>Raises a request from a pursuit (<c>?opportunityId=</c>, its account is linked too) or an account (<c>?accountId=</c>).</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(CreateProductRequest create, GetOpportunity opportunities, GetAccount accounts) : PageModel
{
    [BindProperty]
    public RaiseForm Form { get; set; } = new();

    /// <summary>What the request is raised from, as the heading names it.</summary>
    public string? From { get; private set; }

    public string CancelUrl => Form.OpportunityId is { } o ? $"/opportunities/{o}" : Form.AccountId is { } a ? $"/accounts/{a}" : "/product-requests";

    public async Task<IActionResult> OnGetAsync(long? opportunityId, long? accountId, CancellationToken ct)
    {
        Form.OpportunityId = opportunityId;
        Form.AccountId = opportunityId is null ? accountId : null;
        if (Form.OpportunityId is { } o)
        {
            var opportunity = await opportunities.HandleAsync(o, ct);
            Form.Category = opportunity.ProductCategory;
        }
        await NameSourceAsync(ct);
        return From is null ? Redirect("/product-requests") : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ProductRequestDto? created = null;
        var result = await FormSave.TryAsync(ModelState, async () => created = await create.HandleAsync(Form.ToInput(), ct),
            new Dictionary<string, string> { ["opportunityIds"] = "Title", ["accountIds"] = "Title" });
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = RequestPagesText.Raised;
            return Redirect(Form.OpportunityId is { } o ? $"/opportunities/{o}#product-requests" : $"/product-requests/{created!.Id}");
        }
        await NameSourceAsync(ct);
        return Page();
    }

    private async Task NameSourceAsync(CancellationToken ct)
    {
        if (Form.OpportunityId is { } o)
        {
            From = (await opportunities.HandleAsync(o, ct)).Title;
        }
        else if (Form.AccountId is { } a)
        {
            From = (await accounts.HandleAsync(a, ct)).Name;
        }
    }
}
