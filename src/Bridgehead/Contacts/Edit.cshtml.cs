using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Contacts;

/// <summary>Adds a person to an account; <c>?accountId=</c> preselects the account.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(CreateContact create, ListAccounts accounts, GetAccount getAccount) : PageModel
{
    [BindProperty]
    public ContactForm Form { get; set; } = new();

    public ContactFormView View { get; private set; } = null!;

    public async Task OnGetAsync(long? accountId, CancellationToken ct)
    {
        Form = new ContactForm { AccountId = accountId };
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var created = await create.HandleAsync(Form.ToInput(), ct);
                TempData["Flash"] = ContactsText.Created;
                return Redirect($"/contacts/{created.Id}");
            }
            catch (ValidationException e)
            {
                FormErrors.Apply(ModelState, e, "Form");
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        View = new ContactFormView(Form, await AccountOptions.LoadAsync(accounts, getAccount, Form.AccountId, ct),
            Form.AccountId is { } accountId ? $"/accounts/{accountId}" : "/contacts");
}

/// <summary>Changes a contact, or moves them to another account; refuses to overwrite a newer version saved by someone else.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetContact get, UpdateContact update, ListAccounts accounts, GetAccount getAccount) : PageModel
{
    [BindProperty]
    public ContactForm Form { get; set; } = new();

    public ContactFormView View { get; private set; } = null!;

    public ContactDto Contact { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Contact = await get.HandleAsync(id, ct);
        Form = ContactForm.From(Contact);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Contact = await get.HandleAsync(id, ct);
        if (ModelState.IsValid)
        {
            try
            {
                await update.HandleAsync(id, Form.Version, _ => Form.ToInput(), ct);
                TempData["Flash"] = ContactsText.Updated;
                return Redirect($"/contacts/{id}");
            }
            catch (ValidationException e)
            {
                FormErrors.Apply(ModelState, e, "Form");
            }
            catch (PreconditionFailedException)
            {
                ModelState.Clear();
                ModelState.AddModelError("", UiText.StaleEdit);
                Contact = await get.HandleAsync(id, ct);
                Form = ContactForm.From(Contact);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        View = new ContactFormView(Form, await AccountOptions.LoadAsync(accounts, getAccount, Form.AccountId ?? Contact.AccountId, ct), $"/contacts/{Contact.Id}");
}
