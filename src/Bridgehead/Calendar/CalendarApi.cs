using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Calendar;

/// <summary>/api/v1/calendar: the plant's working weekdays and days off, read by everyone signed in and kept by admins.</summary>
public static class CalendarApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/calendar").WithTags("Calendar").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/", async (int? year, GetCalendar get, HttpResponse response, CancellationToken ct) =>
            {
                var calendar = await get.HandleAsync(year, ct);
                ETags.Set(response, calendar.Version);
                return calendar;
            })
            .WithSummary("The working calendar of a year (default this year): `workingDays` (monday...sunday) and the year's `holidays` by date. The first read loads the Korean public holidays of this and next year. The ETag (and `version`) is the working week's, for PUT /calendar/working-days.");

        g.MapGet("/working-days", async (GetWorkingWeek get, HttpResponse response, CancellationToken ct) =>
            {
                var week = await get.HandleAsync(ct);
                ETags.Set(response, week.Version);
                return week;
            })
            .WithSummary("The working weekdays; the ETag is the version to send in If-Match (\"0\" before an admin set them).");

        g.MapGet("/working-days/history", async (int? limit, string? cursor, GetWorkingWeekHistory history, CancellationToken ct) =>
                await history.HandleAsync(PageRequest.Of(limit, cursor), ct))
            .WithSummary("Who changed the working week, newest first. The calendar's history is read by admins; others get an empty list.");

        g.MapPut("/working-days", async (WorkingWeekInput body, SetWorkingWeek set, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var week = await set.HandleAsync(ETags.Expected(request), body, ct);
                ETags.Set(response, week.Version);
                return week;
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Set the working weekdays (admins): `workingDays`, at least one. Send If-Match with the calendar's ETag.");

        g.MapGet("/holidays/{id:long}", async (long id, GetHoliday get, HttpResponse response, CancellationToken ct) =>
            {
                var holiday = await get.HandleAsync(id, ct);
                ETags.Set(response, holiday.Version);
                return holiday;
            })
            .WithSummary("One day off; its ETag is the version to send in If-Match.");

        g.MapGet("/holidays/{id:long}/history", async (long id, int? limit, string? cursor, GetHoliday get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("holiday", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed the day off, newest first. The calendar's history is read by admins; others get an empty list.");

        g.MapPost("/holidays", async (HolidayInput body, AddHoliday add, HttpResponse response, CancellationToken ct) =>
            {
                var holiday = await add.HandleAsync(body, ct);
                ETags.Set(response, holiday.Version);
                return Results.Created($"/api/v1/calendar/holidays/{holiday.Id}", holiday);
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Add a day off (admins): `date`, `name` (English, or the only language), `nameKo`. A date that already is a day off is 409.");

        g.MapPatch("/holidays/{id:long}", async (long id, JsonObject body, UpdateHoliday update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var holiday = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, holiday.Version);
                return holiday;
            })
            .Accepts<HolidayInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Rename or move a day off (admins; JSON merge patch, If-Match). Moving it onto another day off is 409.");

        g.MapDelete("/holidays/{id:long}", async (long id, DeleteHoliday delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Delete a day off (admins, If-Match): the plant works that day. A deleted public holiday comes back only through POST /calendar/preload.");

        g.MapPost("/preload", async (PreloadInput body, PreloadHolidays preload, CancellationToken ct) =>
                await preload.HandleAsync(body, ct))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Load a year's Korean public holidays again (admins): adds the missing ones only and answers what was added.");
    }
}
