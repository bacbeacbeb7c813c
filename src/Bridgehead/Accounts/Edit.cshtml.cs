using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Accounts;

/// <summary>What the account form partial renders: the values and the choices.</summary>
public sealed record AccountFormView(AccountForm Form, AccountFormChoices Choices, string CancelUrl);

/// <summary>Creates an account.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(CreateAccount create, ListUsers users, ListAccounts accounts) : PageModel
{
    [BindProperty]
    public AccountForm Form { get; set; } = new();

    public AccountFormView View { get; private set; } = null!;

    public async Task OnGetAsync(long? parentId, CancellationToken ct)
    {
        Form = new AccountForm { OwnerId = ViewerSource.FromPrincipal(User)?.UserId, Status = AccountStatus.Prospect, ParentId = parentId };
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var created = await create.HandleAsync(Form.ToInput(), ct);
                TempData["Flash"] = AccountsText.Created;
                return Redirect($"/accounts/{created.Id}");
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
        View = new AccountFormView(Form, await AccountFormChoices.LoadAsync(users, accounts, null, ct), "/accounts");
}

/// <summary>Changes an account; refuses to overwrite a newer version saved by someone else.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetAccount get, UpdateAccount update, ListUsers users, ListAccounts accounts) : PageModel
{
    [BindProperty]
    public AccountForm Form { get; set; } = new();

    public AccountFormView View { get; private set; } = null!;

    public AccountDto Account { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Account = await get.HandleAsync(id, ct);
        Form = AccountForm.From(Account);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Account = await get.HandleAsync(id, ct);
        if (ModelState.IsValid)
        {
            try
            {
                await update.HandleAsync(id, Form.Version, _ => Form.ToInput(), ct);
                TempData["Flash"] = AccountsText.Updated;
                return Redirect($"/accounts/{id}");
            }
            catch (ValidationException e)
            {
                FormErrors.Apply(ModelState, e, "Form");
            }
            catch (PreconditionFailedException)
            {
                ModelState.Clear();
                ModelState.AddModelError("", UiText.StaleEdit);
                Account = await get.HandleAsync(id, ct);
                Form = AccountForm.From(Account);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        View = new AccountFormView(Form, await AccountFormChoices.LoadAsync(users, accounts, Account, ct), $"/accounts/{Account.Id}");
}
