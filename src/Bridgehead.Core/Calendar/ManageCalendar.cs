using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Calendar;

/// <summary>A day off as the API returns it; <c>version</c> is its ETag.</summary>
public sealed record HolidayDto(long Id, DateOnly Date, string Name, string? NameKo, bool Preloaded, long Version)
{
    /// <summary>The name in the UI language: Korean in ko, English otherwise, each falling back to the other.</summary>
    public string LocalName(System.Globalization.CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "ko" ? NameKo ?? Name : Name;
}

/// <summary>The working calendar of one year: the working weekdays (Monday first) and the year's days off.</summary>
/// <param name="Version">The version of the working week, for If-Match on PUT /calendar/working-days (0 while never set).</param>
public sealed record CalendarDto(int Year, IReadOnlyList<DayOfWeek> WorkingDays, long Version, IReadOnlyList<HolidayDto> Holidays);

/// <summary>The working week as PUT /calendar/working-days answers it.</summary>
public sealed record WorkingWeekDto(IReadOnlyList<DayOfWeek> WorkingDays, long Version);

/// <summary>The body of PUT /calendar/working-days.</summary>
public sealed record WorkingWeekInput(IReadOnlyList<DayOfWeek>? WorkingDays);

/// <summary>The body of POST /calendar/holidays and, merged, of PATCH.</summary>
public sealed record HolidayInput
{
    public DateOnly? Date { get; init; }

    /// <summary>The name in English (or in the only language known).</summary>
    public string? Name { get; init; }

    public string? NameKo { get; init; }
}

/// <summary>The body of POST /calendar/preload.</summary>
public sealed record PreloadInput(int? Year);

/// <summary>What POST /calendar/preload added: the year's Korean public holidays that were missing.</summary>
public sealed record PreloadResult(int Year, IReadOnlyList<HolidayDto> Added);

/// <summary>Rules and shared reads of the calendar.</summary>
public static class CalendarRules
{
    /// <summary>The years the calendar takes: .NET's Korean lunisolar calendar computes the lunar holidays up to 2050.</summary>
    public const int FirstYear = 2000;

    public const int LastYear = 2050;

    /// <summary>Monday to Sunday, the order a working week is read in.</summary>
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static IReadOnlyList<DayOfWeek> Days(int mask) => [.. Week.Where(d => (mask & (1 << (int)d)) != 0)];

    public static int Mask(IEnumerable<DayOfWeek> days) => days.Aggregate(0, (m, d) => m | (1 << (int)d));

    internal static void Year(Validator v, string field, int? year)
    {
        if (year is null)
        {
            v.Add(field, CommonText.Required);
        }
        v.Range(field, year, FirstYear, LastYear);
    }

    internal static IQueryable<HolidayDto> Project(IQueryable<Holiday> holidays) =>
        holidays.Select(h => new HolidayDto(h.Id, h.Date, h.Name, h.NameKo, h.Preloaded, h.Version));
}

/// <summary>
/// The calendar of a year, for everyone signed in. Reading it loads the Korean public holidays of
/// the current and the next year the first time (see <see cref="WorkingCalendars"/>).
/// </summary>
public sealed class GetCalendar(BridgeheadDb db)
{
    public async Task<CalendarDto> HandleAsync(int? year, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var v = new Validator();
        CalendarRules.Year(v, "year", year ?? today.Year);
        v.ThrowIfInvalid();
        var y = year ?? today.Year;
        await WorkingCalendars.PreloadAsync(db, [today.Year, today.Year + 1], ct);
        var week = await new GetWorkingWeek(db).ReadAsync(ct);
        var from = new DateOnly(y, 1, 1);
        var to = new DateOnly(y, 12, 31);
        var holidays = await CalendarRules.Project(db.Holidays.AsNoTracking().Where(h => h.Date >= from && h.Date <= to).OrderBy(h => h.Date))
            .ToListAsync(ct);
        return new CalendarDto(y, week.WorkingDays, week.Version, holidays);
    }
}

/// <summary>The working weekdays (Monday to Friday until an admin says otherwise).</summary>
public sealed class GetWorkingWeek(BridgeheadDb db)
{
    public async Task<WorkingWeekDto> HandleAsync(CancellationToken ct)
    {
        Access.Require(db.Viewer);
        return await ReadAsync(ct);
    }

    internal async Task<WorkingWeekDto> ReadAsync(CancellationToken ct)
    {
        var settings = await db.CalendarSettings.AsNoTracking().OrderBy(s => s.Id)
            .Select(s => new { s.WorkingDayMask, s.Version }).FirstOrDefaultAsync(ct);
        return settings is null
            ? new WorkingWeekDto(CalendarRules.Days(CalendarSettings.MondayToFriday), 0)
            : new WorkingWeekDto(CalendarRules.Days(settings.WorkingDayMask), settings.Version);
    }
}

/// <summary>Who changed the working week, newest first (the calendar's history is read by admins; others get an empty list).</summary>
public sealed class GetWorkingWeekHistory(BridgeheadDb db, Auditing.GetHistory history)
{
    public async Task<Page<Auditing.HistoryEntryDto>> HandleAsync(PageRequest page, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var id = await db.CalendarSettings.AsNoTracking().OrderBy(s => s.Id).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct);
        return id is { } settings
            ? await history.HandleAsync(Auditing.Auditor.TypeName(typeof(CalendarSettings)), settings, page, ct)
            : new Page<Auditing.HistoryEntryDto>([], null);
    }
}

/// <summary>An admin sets which weekdays the plant works (at least one). Promises made from now on use it.</summary>
public sealed class SetWorkingWeek(BridgeheadDb db)
{
    public async Task<WorkingWeekDto> HandleAsync(long? expectedVersion, WorkingWeekInput input, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, CalendarText.AdminsOnly);
        var days = input.WorkingDays ?? [];
        var v = new Validator();
        if (days.Count == 0)
        {
            v.Add("workingDays", CalendarText.AtLeastOneDay);
        }
        v.ThrowIfInvalid();
        var settings = await db.CalendarSettings.OrderBy(s => s.Id).FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            if (expectedVersion is { } expected && expected != 0)
            {
                throw new PreconditionFailedException(0);
            }
            settings = db.CalendarSettings.Add(new CalendarSettings()).Entity;
        }
        else
        {
            Concurrency.Expect(db, settings, expectedVersion);
        }
        settings.WorkingDayMask = CalendarRules.Mask(days);
        await db.SaveAsync(ct);
        return new WorkingWeekDto(CalendarRules.Days(settings.WorkingDayMask), settings.Version);
    }
}

/// <summary>One day off.</summary>
public sealed class GetHoliday(BridgeheadDb db)
{
    public async Task<HolidayDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        return await CalendarRules.Project(db.Holidays.AsNoTracking().Where(h => h.Id == id)).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("holiday");
    }
}

/// <summary>
/// Admins add a day off (a company shutdown, an election day). A date that already is one is a
/// conflict (409): change that one instead.
/// </summary>
public sealed class AddHoliday(BridgeheadDb db, GetHoliday get)
{
    public async Task<HolidayDto> HandleAsync(HolidayInput input, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, CalendarText.AdminsOnly);
        var (date, name, nameKo) = HolidayValues.Validate(input);
        await HolidayValues.RefuseTakenAsync(db, date, null, ct);
        var holiday = db.Holidays.Add(new Holiday { Date = date, Name = name, NameKo = nameKo }).Entity;
        await HolidayValues.SaveAsync(db, date, ct);
        return await get.HandleAsync(holiday.Id, ct);
    }
}

/// <summary>Admins rename a day off or move it; moving a preloaded public holiday makes it the company's own.</summary>
public sealed class UpdateHoliday(BridgeheadDb db, GetHoliday get)
{
    public async Task<HolidayDto> HandleAsync(long id, long? expectedVersion, Func<HolidayInput, HolidayInput> change, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, CalendarText.AdminsOnly);
        var holiday = await db.Holidays.FirstOrDefaultAsync(h => h.Id == id, ct) ?? throw new NotFoundException("holiday");
        Concurrency.Expect(db, holiday, expectedVersion);
        var (date, name, nameKo) = HolidayValues.Validate(change(new HolidayInput { Date = holiday.Date, Name = holiday.Name, NameKo = holiday.NameKo }));
        if (date != holiday.Date)
        {
            await HolidayValues.RefuseTakenAsync(db, date, id, ct);
            holiday.Preloaded = false;
        }
        holiday.Date = date;
        holiday.Name = name;
        holiday.NameKo = nameKo;
        await HolidayValues.SaveAsync(db, date, ct);
        return await get.HandleAsync(id, ct);
    }
}

/// <summary>Admins delete a day off: the plant works that day. A deleted public holiday is not loaded again unless an admin reloads the year.</summary>
public sealed class DeleteHoliday(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, CalendarText.AdminsOnly);
        var holiday = await db.Holidays.FirstOrDefaultAsync(h => h.Id == id, ct) ?? throw new NotFoundException("holiday");
        Concurrency.Expect(db, holiday, expectedVersion);
        db.Holidays.Remove(holiday);
        await db.SaveAsync(ct);
    }
}

/// <summary>
/// Admins load a year's Korean public holidays again: the ones missing (deleted, or never loaded)
/// are added, days off already there are kept as they are. Answers what was added.
/// </summary>
public sealed class PreloadHolidays(BridgeheadDb db)
{
    public async Task<PreloadResult> HandleAsync(PreloadInput input, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, CalendarText.AdminsOnly);
        var v = new Validator();
        CalendarRules.Year(v, "year", input.Year);
        v.ThrowIfInvalid();
        var year = input.Year!.Value;
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var known = await db.Holidays.AsNoTracking().Where(h => h.Date >= from && h.Date <= to).Select(h => h.Date).ToListAsync(ct);
        var added = KoreanHolidays.For(year)
            .Where(h => !known.Contains(h.Date))
            .Select(h => new Holiday { Date = h.Date, Name = h.Name, NameKo = h.NameKo, Preloaded = true })
            .ToList();
        db.Holidays.AddRange(added);
        // The year counts as loaded, so the automatic load does not bring back what is deleted later.
        if (!await db.CalendarYears.AnyAsync(y => y.Year == year, ct))
        {
            db.CalendarYears.Add(new CalendarYear { Year = year, LoadedAt = db.Clock.GetUtcNow().UtcDateTime });
        }
        try
        {
            await db.SaveAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // Someone added one of these days (or loaded the year) a moment ago: ask again.
            db.ChangeTracker.Clear();
            throw new ConflictException([CalendarText.PreloadRaced]);
        }
        return new PreloadResult(year, [.. added.Select(h => new HolidayDto(h.Id, h.Date, h.Name, h.NameKo, h.Preloaded, h.Version))]);
    }
}

/// <summary>Checks and saves of a day off, shared by adding and changing one.</summary>
internal static class HolidayValues
{
    public static (DateOnly Date, string Name, string? NameKo) Validate(HolidayInput input)
    {
        var v = new Validator();
        var name = Text.Clean(input.Name);
        var nameKo = Text.Clean(input.NameKo);
        if (input.Date is not { } date)
        {
            v.Add("date", CommonText.Required);
            date = default;
        }
        else if (date.Year is < CalendarRules.FirstYear or > CalendarRules.LastYear)
        {
            v.Add("date", Validator.Format(CalendarText.DateOutOfRange, CalendarRules.FirstYear, CalendarRules.LastYear));
        }
        if (name is null && nameKo is null)
        {
            v.Add("name", CalendarText.NameRequired);
        }
        v.MaxLength("name", name, Holiday.MaxName);
        v.MaxLength("nameKo", nameKo, Holiday.MaxName);
        v.ThrowIfInvalid();
        // Only a Korean name: it is the name in every language.
        return (date, name ?? nameKo!, nameKo);
    }

    public static async Task RefuseTakenAsync(BridgeheadDb db, DateOnly date, long? except, CancellationToken ct)
    {
        var other = await db.Holidays.AsNoTracking().Where(h => h.Date == date && h.Id != except).Select(h => h.Name).FirstOrDefaultAsync(ct);
        if (other is not null)
        {
            throw Taken(date, other);
        }
    }

    /// <summary>Saves; the unique date catches a day off another admin added a moment ago.</summary>
    public static async Task SaveAsync(BridgeheadDb db, DateOnly date, CancellationToken ct)
    {
        try
        {
            await db.SaveAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw Taken(date, null);
        }
    }

    private static ConflictException Taken(DateOnly date, string? name)
    {
        var day = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return new([name is null ? Validator.Format(CalendarText.DateTakenNow, day) : Validator.Format(CalendarText.DateTaken, day, name)]);
    }
}
