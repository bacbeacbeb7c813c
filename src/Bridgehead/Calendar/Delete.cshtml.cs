using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Calendar;

/// <summary>Asks an admin before a day off goes: the plant then works that day and promises may come earlier.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class HolidayDeleteModel(GetHoliday get, DeleteHoliday delete) : PageModel
{
    public HolidayDto Holiday { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Holiday = await get.HandleAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long version, CancellationToken ct)
    {
        Holiday = await get.HandleAsync(id, ct);
        try
        {
            await delete.HandleAsync(id, version, ct);
            TempData["Flash"] = Validator.Format(CalendarPagesText.Deleted, Holiday.LocalName(CultureInfo.CurrentUICulture));
            return Redirect("/admin/calendar?year=" + Holiday.Date.Year.ToString(CultureInfo.InvariantCulture));
        }
        catch (PreconditionFailedException)
        {
            Holiday = await get.HandleAsync(id, ct);
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
            return Page();
        }
    }
}
