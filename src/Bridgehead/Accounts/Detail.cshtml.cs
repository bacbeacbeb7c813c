using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Accounts;

/// <summary>One account: its facts, its subsidiaries and its history.</summary>
public sealed class DetailModel(GetAccount get, ListAccounts list, Identity.ListUsers users) : PageModel
{
    public AccountDto Account { get; private set; } = null!;

    public IReadOnlyList<AccountDto> Subsidiaries { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public IReadOnlyList<string> TeamMembers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Account = await get.HandleAsync(id, ct);
        Subsidiaries = (await list.HandleAsync(new AccountFilter { ParentId = id }, new PageRequest(100), ct)).Items;
        CanEdit = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        if (Account.TeamMemberIds.Count > 0)
        {
            var all = await users.HandleAsync(activeOnly: false, ct);
            TeamMembers = [.. all.Where(u => Account.TeamMemberIds.Contains(u.Id)).Select(u => u.DisplayName)];
        }
        return Page();
    }

    /// <summary>The history fragment, loaded when the reader opens it.</summary>
    public async Task<IActionResult> OnGetHistoryAsync(long id, string? cursor, CancellationToken ct)
    {
        await get.HandleAsync(id, ct);
        return await HistoryFragment.RenderAsync(this, HttpContext.RequestServices, "account", id, cursor,
            AccountsText.ResourceManager, EnumFields, $"/accounts/{id}?handler=history", ct);
    }

    private static readonly Dictionary<string, Type> EnumFields = new()
    {
        ["status"] = typeof(AccountStatus),
        ["tier"] = typeof(AccountTier),
    };
}
