using Bridgehead.Data;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Notifications;

/// <summary>One event's row of the settings form.</summary>
public sealed class PreferenceRow
{
    public string? Event { get; set; }

    public bool InApp { get; set; }

    public bool Email { get; set; }
}

/// <summary>
/// The signed-in user's notification choices: a table of events by inbox and email. A row left as
/// the role's default stays the default (and follows it); a row changed becomes the user's own choice.
/// </summary>
public sealed class SettingsModel(GetNotificationPreferences get, SaveNotificationPreferences save, BridgeheadDb db) : PageModel
{
    [BindProperty]
    public List<PreferenceRow> Items { get; set; } = [];

    public IReadOnlyList<NotificationPreferenceDto> Current { get; private set; } = [];

    public bool HasEmail { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var defaults = await get.HandleAsync(ct);
        var posted = Items.Where(i => i.Event is not null).ToDictionary(i => i.Event!, StringComparer.Ordinal);
        var chosen = new List<NotificationPreferenceInput>();
        foreach (var d in defaults)
        {
            var name = SaveNotificationPreferences.Name(d.Event);
            var row = posted.GetValueOrDefault(name) ?? new PreferenceRow { Event = name };
            if (row.InApp != d.DefaultInApp || row.Email != d.DefaultEmail)
            {
                chosen.Add(new NotificationPreferenceInput(name, row.InApp, row.Email));
            }
        }
        var result = await FormSave.TryAsync(ModelState, () => save.HandleAsync(chosen, ct), prefix: nameof(Items));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = NotificationPagesText.Saved;
            return Redirect("/settings/notifications");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Current = await get.HandleAsync(ct);
        var me = db.Viewer?.UserId;
        HasEmail = await db.Users.AsNoTracking().AnyAsync(u => u.Id == me && u.Email != null && u.Email != "", ct);
    }
}
