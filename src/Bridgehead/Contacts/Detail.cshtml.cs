using System.Globalization;
using Bridgehead.Auditing;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Contacts;

/// <summary>One person: their facts and pains, their timeline and tasks (loaded by htmx) and their history.</summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class DetailModel(GetContact get) : PageModel
{
    public ContactDto Contact { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    /// <summary>The timeline is sales information; quality and product see the person without it.</summary>
    public bool CanReadTimeline { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Contact = await get.HandleAsync(id, ct);
        var viewer = ViewerSource.FromPrincipal(User);
        CanEdit = viewer?.CanEditSales == true;
        CanReadTimeline = viewer?.CanReadSales == true;
        return Page();
    }

    /// <summary>The history fragment, loaded when the reader opens it.</summary>
    public async Task<IActionResult> OnGetHistoryAsync(long id, string? cursor, CancellationToken ct)
    {
        var current = await get.HandleAsync(id, ct);
        // The current account reads as its name; an account the person moved from stays a number.
        var accountKey = current.AccountId.ToString(CultureInfo.InvariantCulture);
        var formatters = new Dictionary<string, Func<string, string>>
        {
            ["accountId"] = value => value == accountKey ? current.AccountName : value,
        };
        return await HistoryFragment.RenderAsync(this, HttpContext.RequestServices, "contact", id, cursor,
            ContactsText.ResourceManager, EnumFields, $"/contacts/{id}?handler=history", ct, formatters);
    }

    private static readonly Dictionary<string, Type> EnumFields = new()
    {
        ["department"] = typeof(Department),
        ["buyingRole"] = typeof(BuyingRole),
        ["stance"] = typeof(Stance),
    };
}
