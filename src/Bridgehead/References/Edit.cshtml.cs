using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.References;

/// <summary>Adds a reference case about a customer the writer sees; <c>?accountId=</c> preselects the customer.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(CreateReferenceCase create, ListReferenceChoices choices, ListApplications applications) : PageModel
{
    [BindProperty]
    public ReferenceForm Form { get; set; } = new();

    public ReferenceFormChoices Choices { get; private set; } = ReferenceFormChoices.None;

    public ReferenceFormView View => new(Form, Choices, "/references");

    public async Task OnGetAsync(long? accountId, CancellationToken ct)
    {
        Form.AccountId = accountId;
        Choices = await ReferenceFormChoices.LoadAsync(choices, applications, Form, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ReferenceCaseDto? created = null;
        var result = await FormSave.TryAsync(ModelState, async () => created = await create.HandleAsync(Form.ToInput(), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = ReferencePagesText.Created;
            return Redirect($"/references/{created!.Id}");
        }
        Choices = await ReferenceFormChoices.LoadAsync(choices, applications, Form, ct);
        return Page();
    }
}

/// <summary>Changes a reference case; a stale version reloads the latest values.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetReferenceCase get, UpdateReferenceCase update, ListReferenceChoices choices, ListApplications applications) : PageModel
{
    [BindProperty]
    public ReferenceForm Form { get; set; } = new();

    public ReferenceCaseDto Reference { get; private set; } = null!;

    public ReferenceFormChoices Choices { get; private set; } = ReferenceFormChoices.None;

    public ReferenceFormView View => new(Form, Choices, $"/references/{Reference.Id}");

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Reference = await get.HandleAsync(id, ct);
        if (!Reference.CanEdit)
        {
            throw new ForbiddenException(ReferencesText.OnlyOwnCustomers);
        }
        Form = ReferenceForm.From(Reference);
        Choices = await ReferenceFormChoices.LoadAsync(choices, applications, Form, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Reference = await get.HandleAsync(id, ct);
        var result = await FormSave.TryAsync(ModelState, () => update.HandleAsync(id, Form.Version, _ => Form.ToInput(), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = ReferencePagesText.Updated;
            return Redirect($"/references/{id}");
        }
        if (result == SaveResult.Stale)
        {
            Reference = await get.HandleAsync(id, ct);
            Form = ReferenceForm.From(Reference);
        }
        Choices = await ReferenceFormChoices.LoadAsync(choices, applications, Form, ct);
        return Page();
    }
}
