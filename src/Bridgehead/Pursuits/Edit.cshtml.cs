using Bridgehead.Accounts;
using Bridgehead.Contacts;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Pursuits;

/// <summary>Opens a pursuit at an account; <c>?accountId=</c> preselects the account.</summary>
[Authorize(Policy = Policies.ReadSales)]
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(CreateOpportunity create, ListAccounts accounts, GetAccount getAccount, ListUsers users) : PageModel
{
    [BindProperty]
    public OpportunityForm Form { get; set; } = new();

    public OpportunityFormView View { get; private set; } = null!;

    public async Task OnGetAsync(long? accountId, CancellationToken ct)
    {
        Form = new OpportunityForm
        {
            AccountId = accountId,
            Stage = Stages.First.Key,
            Status = OpportunityStatus.Open,
            OwnerId = ViewerSource.FromPrincipal(User)?.UserId,
        };
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        long createdId = 0;
        var result = await FormSave.TryAsync(ModelState, async () => createdId = (await create.HandleAsync(Form.ToInput(), ct)).Id, OpportunityForm.ErrorFields);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = OpportunitiesText.Created;
            return Redirect($"/opportunities/{createdId}");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        View = new OpportunityFormView(Form,
            await AccountOptions.LoadAsync(accounts, getAccount, Form.AccountId, ct),
            Choices.Users(await users.OwnersAsync(ct)),
            Form.AccountId is { } accountId ? $"/accounts/{accountId}" : "/opportunities");
}

/// <summary>Changes an opportunity; refuses to overwrite a newer version saved by someone else.</summary>
[Authorize(Policy = Policies.ReadSales)]
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetOpportunity get, UpdateOpportunity update, ListAccounts accounts, GetAccount getAccount, ListUsers users) : PageModel
{
    [BindProperty]
    public OpportunityForm Form { get; set; } = new();

    public OpportunityFormView View { get; private set; } = null!;

    public OpportunityDto Opportunity { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Opportunity = await get.HandleAsync(id, ct);
        Form = OpportunityForm.From(Opportunity);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Opportunity = await get.HandleAsync(id, ct);
        var result = await FormSave.TryAsync(ModelState, () => update.HandleAsync(id, Form.Version, _ => Form.ToInput(), ct), OpportunityForm.ErrorFields);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = OpportunitiesText.Updated;
            return Redirect($"/opportunities/{id}");
        }
        if (result == SaveResult.Stale)
        {
            Opportunity = await get.HandleAsync(id, ct);
            Form = OpportunityForm.From(Opportunity);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var owners = Choices.Users(await users.OwnersAsync(ct)).ToList();
        // The owner may have left or changed role since; keep them selectable so the form does not change owner silently.
        var ownerKey = AccountOptions.Key(Opportunity.OwnerId);
        if (owners.All(o => o.Value != ownerKey))
        {
            owners.Insert(0, new Microsoft.AspNetCore.Mvc.Rendering.SelectListItem(Opportunity.OwnerName, ownerKey));
        }
        View = new OpportunityFormView(Form,
            await AccountOptions.LoadAsync(accounts, getAccount, Form.AccountId ?? Opportunity.AccountId, ct),
            owners,
            $"/opportunities/{Opportunity.Id}");
    }
}
