using Bridgehead.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Notifications;

/// <summary>The signed-in user's inbox: newest first, unread ones marked, one by one or all at once.</summary>
public sealed class InboxModel(ListNotifications list, MarkNotificationRead mark, MarkAllNotificationsRead markAll) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Unread { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public Page<NotificationDto> Items { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken ct) =>
        Items = await list.HandleAsync(Unread, PageRequest.Of(PageRequest.DefaultLimit, Cursor), ct);

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        await mark.HandleAsync(id, ct);
        return Redirect(Unread ? "/inbox?unread=true" : "/inbox");
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var marked = await markAll.HandleAsync(ct);
        TempData["Flash"] = Validator.Format(NotificationPagesText.MarkedAll, marked);
        return Redirect("/inbox");
    }
}
