using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Accounts;

/// <summary>What the account form partial renders: the values and the choices.</summary>
public sealed record AccountFormView(AccountForm Form, AccountFormChoices Choices, string CancelUrl);

/// <summary>Creates an account.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(CreateAccount create, ListUsers users, ListAccounts accounts, ListApplications applications) : PageModel
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
        long createdId = 0;
        var result = await FormSave.TryAsync(ModelState, async () => createdId = (await create.HandleAsync(Form.ToInput(), ct)).Id);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = AccountsText.Created;
            return Redirect($"/accounts/{createdId}");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        View = new AccountFormView(Form, await AccountFormChoices.LoadAsync(users, accounts, applications, null, ct), "/accounts");
}

/// <summary>Changes an account; refuses to overwrite a newer version saved by someone else.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetAccount get, UpdateAccount update, ListUsers users, ListAccounts accounts, ListApplications applications) : PageModel
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
        var result = await FormSave.TryAsync(ModelState, () => update.HandleAsync(id, Form.Version, _ => Form.ToInput(), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = AccountsText.Updated;
            return Redirect($"/accounts/{id}");
        }
        if (result == SaveResult.Stale)
        {
            Account = await get.HandleAsync(id, ct);
            Form = AccountForm.From(Account);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        View = new AccountFormView(Form, await AccountFormChoices.LoadAsync(users, accounts, applications, Account, ct), $"/accounts/{Account.Id}");
}
