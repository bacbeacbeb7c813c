using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Notifications;

/// <summary>Admins see the queued and failed notification emails (and, asked, the sent ones).</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class EmailModel(ListEmails list) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Sent { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public Page<EmailDto> Items { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken ct) =>
        Items = await list.HandleAsync(Sent, PageRequest.Of(PageRequest.DefaultLimit, Cursor), ct);
}
