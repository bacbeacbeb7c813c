using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Accounts;

/// <summary>Asks before deleting, says what goes with the account, and lists what blocks the delete.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class DeleteModel(GetAccount get, DeleteAccount delete, BridgeheadDb db) : PageModel
{
    public AccountDto Account { get; private set; } = null!;

    public int ActivityCount { get; private set; }

    public IReadOnlyList<string> Blockers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long version, CancellationToken ct)
    {
        try
        {
            await delete.HandleAsync(id, version, ct);
            TempData["Flash"] = AccountsText.Deleted;
            return Redirect("/accounts");
        }
        catch (ConflictException e)
        {
            await LoadAsync(id, ct);
            Blockers = e.Rules;
            return Page();
        }
        catch (PreconditionFailedException)
        {
            await LoadAsync(id, ct);
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
            return Page();
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Account = await get.HandleAsync(id, ct);
        ActivityCount = await db.Activities.CountAsync(a => a.AccountId == id, ct);
    }
}
