using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Calendar;

/// <summary>The working weekdays as the checkboxes post them.</summary>
public sealed class WorkingWeekForm
{
    public List<DayOfWeek> WorkingDays { get; set; } = [];

    public long Version { get; set; }
}

/// <summary>A day off to add.</summary>
public sealed class HolidayForm
{
    [System.ComponentModel.DataAnnotations.Display(Name = nameof(CalendarPagesText.Date), ResourceType = typeof(CalendarPagesText))]
    public DateOnly? Date { get; set; }

    [System.ComponentModel.DataAnnotations.Display(Name = nameof(CalendarPagesText.NameEn), ResourceType = typeof(CalendarPagesText))]
    public string? Name { get; set; }

    [System.ComponentModel.DataAnnotations.Display(Name = nameof(CalendarPagesText.NameKo), ResourceType = typeof(CalendarPagesText))]
    public string? NameKo { get; set; }
}

/// <summary>
/// The working calendar of a year: everyone signed in reads it at /calendar; admins (also at
/// /admin/calendar) set the working weekdays, add days off, delete them after a confirmation
/// step and reload the Korean public holidays of the year.
/// </summary>
[Authorize]
public sealed class CalendarPageModel(GetCalendar get, SetWorkingWeek setWeek, AddHoliday add, PreloadHolidays preload) : PageModel
{
    public CalendarDto Calendar { get; private set; } = null!;

    public bool IsAdmin { get; private set; }

    [BindProperty]
    public WorkingWeekForm Week { get; set; } = new();

    [BindProperty]
    public HolidayForm Holiday { get; set; } = new();

    /// <summary>The page's own address: the admin one for admins who came that way.</summary>
    public string Path => Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase) ? "/admin/calendar" : "/calendar";

    /// <summary>Where a form of the page posts: its handler, on the year shown.</summary>
    public string HandlerUrl(string handler) => $"{Path}?handler={handler}&year={Calendar.Year.ToString(CultureInfo.InvariantCulture)}";

    public string YearUrl(int year) => $"{Path}?year={year.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The year's days off by month, January first.</summary>
    public IEnumerable<IGrouping<int, HolidayDto>> ByMonth => Calendar.Holidays.GroupBy(h => h.Date.Month);

    public static string MonthName(int month) => CultureInfo.CurrentCulture.DateTimeFormat.GetMonthName(month);

    public static string DayName(DayOfWeek day) => CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day);

    public async Task<IActionResult> OnGetAsync(int? year, CancellationToken ct)
    {
        await LoadAsync(year, ct);
        Week = new WorkingWeekForm { WorkingDays = [.. Calendar.WorkingDays], Version = Calendar.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostWorkingDaysAsync(int? year, CancellationToken ct)
    {
        if (!Admin())
        {
            return Forbid();
        }
        var result = await FormSave.TryAsync(ModelState, () => setWeek.HandleAsync(Week.Version, new WorkingWeekInput(Week.WorkingDays), ct), prefix: nameof(Week));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = CalendarPagesText.WorkingDaysSaved;
            return Redirect(YearUrl(year ?? Today.Year));
        }
        await LoadAsync(year, ct);
        if (result == SaveResult.Stale)
        {
            Week = new WorkingWeekForm { WorkingDays = [.. Calendar.WorkingDays], Version = Calendar.Version };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(int? year, CancellationToken ct)
    {
        if (!Admin())
        {
            return Forbid();
        }
        var result = await FormSave.TryOrRefuseAsync(this, () => add.HandleAsync(new HolidayInput { Date = Holiday.Date, Name = Holiday.Name, NameKo = Holiday.NameKo }, ct), prefix: nameof(Holiday));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = CalendarPagesText.HolidayAdded;
            return Redirect(YearUrl(Holiday.Date?.Year ?? year ?? Today.Year));
        }
        await LoadAsync(year, ct);
        Week = new WorkingWeekForm { WorkingDays = [.. Calendar.WorkingDays], Version = Calendar.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostPreloadAsync(int? year, CancellationToken ct)
    {
        if (!Admin())
        {
            return Forbid();
        }
        var y = year ?? Today.Year;
        try
        {
            var added = await preload.HandleAsync(new PreloadInput(y), ct);
            TempData["Flash"] = added.Added.Count == 0
                ? Validator.Format(CalendarPagesText.PreloadNothing, y)
                : Validator.Format(CalendarPagesText.PreloadAdded, added.Added.Count, y,
                    string.Join(", ", added.Added.Select(h => $"{Display.Date(h.Date)} {h.LocalName(CultureInfo.CurrentUICulture)}")));
            return Redirect(YearUrl(y));
        }
        catch (ValidationException e)
        {
            foreach (var message in e.Errors.SelectMany(x => x.Value))
            {
                ModelState.AddModelError("", message);
            }
        }
        catch (ConflictException e)
        {
            foreach (var rule in e.Rules)
            {
                ModelState.AddModelError("", rule);
            }
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        await LoadAsync(year, ct);
        Week = new WorkingWeekForm { WorkingDays = [.. Calendar.WorkingDays], Version = Calendar.Version };
        return Page();
    }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private bool Admin() => ViewerSource.FromPrincipal(User)?.IsAdmin == true;

    private async Task LoadAsync(int? year, CancellationToken ct)
    {
        IsAdmin = Admin();
        var wanted = year is >= CalendarRules.FirstYear and <= CalendarRules.LastYear ? year : null;
        Calendar = await get.HandleAsync(wanted, ct);
    }
}
