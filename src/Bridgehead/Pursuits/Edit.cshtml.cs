using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Pursuits;

/// <summary>Opens a pursuit at an account; <c>?accountId=</c> preselects the account. It starts at the first stage of its pipeline.</summary>
[Authorize(Policy = Policies.ReadSales)]
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(CreateOpportunity create, ListAccounts accounts, GetAccount getAccount, ListUsers users, ListPipelines pipelines, ListApplications applications) : PageModel
{
    [BindProperty]
    public OpportunityForm Form { get; set; } = new();

    public OpportunityFormView View { get; private set; } = null!;

    public async Task OnGetAsync(long? accountId, CancellationToken ct)
    {
        Form = new OpportunityForm
        {
            AccountId = accountId,
            OwnerId = ViewerSource.FromPrincipal(User)?.UserId,
            ForecastCategory = ForecastCategory.Pipeline,
        };
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        long createdId = 0;
        var result = await OpportunityFormSave.TryAsync(ModelState, async () => createdId = (await create.HandleAsync(Form.ToInput(), ct)).Id);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = OpportunitiesText.Created;
            return Redirect($"/opportunities/{createdId}");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await pipelines.HandleAsync(ct);
        // ListPipelines returns the default first: a new pursuit follows it unless another is chosen.
        Form.PipelineId ??= all.FirstOrDefault(p => p.IsDefault)?.Id ?? (all.Count > 0 ? all[0].Id : null);
        var pipeline = all.FirstOrDefault(p => p.Id == Form.PipelineId) ?? (all.Count > 0 ? all[0] : null);
        var first = pipeline?.Stages.Where(s => s is { IsPursuit: true, Skipped: false }).MinBy(s => s.Number);
        View = new OpportunityFormView(Form,
            await AccountOptions.LoadAsync(accounts, getAccount, Form.AccountId, ct),
            Choices.Users(await users.OwnersAsync(ct)),
            OpportunityFormSave.PipelineChoices(all),
            await TaxonomyChoices.ApplicationsAsync(applications, ct),
            first?.Probability ?? 0,
            CanOverrideProbability: true,
            Form.AccountId is { } accountId ? $"/accounts/{accountId}" : "/opportunities");
    }
}

/// <summary>Changes an opportunity; refuses to overwrite a newer version saved by someone else. Stage and status move on the detail page.</summary>
[Authorize(Policy = Policies.ReadSales)]
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetOpportunity get, UpdateOpportunity update, ListAccounts accounts, GetAccount getAccount, ListUsers users, ListPipelines pipelines, ListApplications applications) : PageModel
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
        var result = await OpportunityFormSave.TryAsync(ModelState, () => update.HandleAsync(id, Form.Version, _ => Form.ToInput(), ct));
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
            owners.Insert(0, new SelectListItem(Opportunity.OwnerName, ownerKey));
        }
        View = new OpportunityFormView(Form,
            await AccountOptions.LoadAsync(accounts, getAccount, Form.AccountId ?? Opportunity.AccountId, ct),
            owners,
            // Moving a pursuit to another pipeline changes its gates: a manager's or admin's decision.
            OpportunityFormSave.PipelineChoices((await pipelines.HandleAsync(ct))
                .Where(p => p.Id == Opportunity.PipelineId || ViewerSource.FromPrincipal(User)?.CanOverrideGates == true).ToList()),
            await TaxonomyChoices.ApplicationsAsync(applications, ct),
            Opportunity.StageProbability,
            ViewerSource.FromPrincipal(User)?.UserId == Opportunity.OwnerId,
            $"/opportunities/{Opportunity.Id}");
    }
}

/// <summary>What the new and edit pages share beyond <see cref="FormSave"/>.</summary>
internal static class OpportunityFormSave
{
    /// <summary>
    /// Saves through <see cref="FormSave"/>; the core's refusal of a probability override by someone
    /// other than the owner lands on the probability field (the only refusal the form can provoke).
    /// </summary>
    public static async Task<SaveResult> TryAsync(ModelStateDictionary modelState, Func<Task> save)
    {
        try
        {
            return await FormSave.TryAsync(modelState, save, OpportunityForm.ErrorFields);
        }
        catch (ForbiddenException e)
        {
            modelState.AddModelError("Form." + nameof(OpportunityForm.Probability), e.Message);
            return SaveResult.Refused;
        }
    }

    public static IReadOnlyList<SelectListItem> PipelineChoices(IReadOnlyList<PipelineDto> pipelines) =>
        [.. pipelines.Select(p => new SelectListItem(p.Name, AccountOptions.Key(p.Id)))];
}
