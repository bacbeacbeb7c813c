using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Home;

/// <summary>The signed-in user's home: their accounts and what needs doing.</summary>
public sealed class IndexModel(ListAccounts accounts) : PageModel
{
    public Viewer Viewer { get; private set; } = null!;

    public Page<AccountDto> MyAccounts { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Viewer = ViewerSource.FromPrincipal(User)!;
        MyAccounts = await accounts.HandleAsync(new AccountFilter { OwnerId = Viewer.UserId }, new PageRequest(10), ct);
    }
}
