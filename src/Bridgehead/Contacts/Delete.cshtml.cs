using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Contacts;

/// <summary>Asks before deleting a person, says that their activities and tasks stay (unlinked), and lists what blocks the delete.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class DeleteModel(GetContact get, DeleteContact delete, BridgeheadDb db) : PageModel
{
    public ContactDto Contact { get; private set; } = null!;

    public int ActivityCount { get; private set; }

    public int TaskCount { get; private set; }

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
            TempData["Flash"] = ContactsText.Deleted;
            return Redirect("/contacts");
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
        Contact = await get.HandleAsync(id, ct);
        ActivityCount = await db.Activities.CountAsync(a => a.ContactId == id, ct);
        TaskCount = await db.Tasks.CountAsync(t => t.ContactId == id, ct);
    }
}
