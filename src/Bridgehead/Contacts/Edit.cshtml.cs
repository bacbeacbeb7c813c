using Bridgehead.Accounts;
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
        long createdId = 0;
        var result = await FormSave.TryAsync(ModelState, async () => createdId = (await create.HandleAsync(Form.ToInput(), ct)).Id);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = ContactsText.Created;
            return Redirect($"/contacts/{createdId}");
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
        var result = await FormSave.TryAsync(ModelState, () => update.HandleAsync(id, Form.Version, _ => Form.ToInput(), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = ContactsText.Updated;
            return Redirect($"/contacts/{id}");
        }
        if (result == SaveResult.Stale)
        {
            Contact = await get.HandleAsync(id, ct);
            Form = ContactForm.From(Contact);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        View = new ContactFormView(Form, await AccountOptions.LoadAsync(accounts, getAccount, Form.AccountId ?? Contact.AccountId, ct), $"/contacts/{Contact.Id}");
}
