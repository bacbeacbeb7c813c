using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Calendar;

[Collection("calendar")]
public sealed class CalendarPagesTests_Sqlite() : CalendarPagesTests(Provider.Sqlite);

[Collection("calendar")]
public sealed class CalendarPagesTests_Postgres() : CalendarPagesTests(Provider.Postgres);

/// <summary>The calendar page: read-only for everyone at /calendar, kept by admins at /admin/calendar.</summary>
public abstract class CalendarPagesTests(Provider provider) : CalendarAppTests(provider)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(Role.Rep, "/calendar")]
    [InlineData(Role.Quality, "/calendar")]
    [InlineData(Role.Product, "/admin/calendar")]
    [InlineData(Role.Viewer, "/calendar")]
    public async Task OthersThanAdmins_ReadTheCalendar_WithoutForms(Role role, string path)
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(role));

        var (status, html) = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Christmas Day", html, StringComparison.Ordinal);
        Assert.Contains("December", html, StringComparison.Ordinal);
        Assert.Contains("Admins keep the working calendar.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/delete", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/admin/calendar\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        var page = await browser.GetFormAsync("/calendar");
        var refused = await browser.PostFormAsync("/calendar?handler=Add", page.Token, new Dictionary<string, string> { ["Holiday.Date"] = "2042-05-05", ["Holiday.Name"] = "No" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/calendar/holidays/1/delete")).Status);
    }

    [Fact]
    public async Task InKorean_NamesAreKorean_AndTheYearSwitches()
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Rep), "ko");
        var year = Today.Year + 1;

        var (_, html) = await browser.GetAsync($"/calendar?year={year}");

        Assert.Contains("기독탄신일", html, StringComparison.Ordinal);
        Assert.Contains("근무 달력", html, StringComparison.Ordinal);
        Assert.Contains("12월", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/calendar?year={year - 1}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/calendar?year={year + 1}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Christmas Day", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_FindsItInTheNav_AndSetsTheWorkingDays()
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));
        var (_, home) = await browser.GetAsync("/");
        Assert.Contains("href=\"/admin/calendar\"", home, StringComparison.Ordinal);

        var page = await browser.GetFormAsync("/admin/calendar");
        var form = HtmlForm.Parse(page.Html, "handler=WorkingDays");
        Assert.Equal(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], form.Fields.Where(f => f.Key == "Week.WorkingDays").Select(f => f.Value));
        var fields = form.Fields.Where(f => f.Key is not ("Week.WorkingDays" or "__RequestVerificationToken")).ToList();

        var none = await browser.Http.PostAsync($"/admin/calendar?handler=WorkingDays&year={Today.Year}", new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", page.Token))));
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Contains("id=\"Week_WorkingDays-error\">Choose at least one working day.<", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var days = new[] { "Monday", "Tuesday", "Wednesday", "Thursday" }.Select(d => new KeyValuePair<string, string>("Week.WorkingDays", d));
        var saved = await browser.Http.PostAsync($"/admin/calendar?handler=WorkingDays&year={Today.Year}", new FormUrlEncodedContent(fields.Concat(days).Append(new("__RequestVerificationToken", page.Token))));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/admin/calendar?year={Today.Year}", saved.Headers.Location!.ToString());
        using var api = App.Client(await App.CreateUserAsync(Role.Rep));
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday"], (await api.GetJsonAsync("/api/v1/calendar"))["workingDays"]!.AsArray().Select(d => d!.GetValue<string>()));

        // The same form again is stale now: the page shows the saved days and says so.
        var stale = await browser.Http.PostAsync($"/admin/calendar?handler=WorkingDays&year={Today.Year}", new FormUrlEncodedContent(fields.Concat(days).Append(new("__RequestVerificationToken", page.Token))));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);

        var again = await browser.GetFormAsync("/admin/calendar");
        var restore = HtmlForm.Parse(again.Html, "handler=WorkingDays").Fields.Where(f => f.Key is not ("Week.WorkingDays" or "__RequestVerificationToken"))
            .Concat(new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }.Select(d => new KeyValuePair<string, string>("Week.WorkingDays", d)))
            .Append(new("__RequestVerificationToken", again.Token));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.PostAsync("/admin/calendar?handler=WorkingDays", new FormUrlEncodedContent(restore))).StatusCode);
    }

    [Fact]
    public async Task Admin_AddsADayOff_ThenDeletesItAfterConfirming()
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));
        var day = new DateOnly(2043, 8, 3).AddDays(Random.Shared.Next(0, 4) * 7);
        var page = await browser.GetFormAsync("/admin/calendar?year=2043");

        var missing = await browser.PostFormAsync("/admin/calendar?handler=Add&year=2043", page.Token, new Dictionary<string, string> { ["Holiday.Name"] = "Shutdown" });
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("id=\"Holiday_Date-error\">", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var added = await browser.PostFormAsync("/admin/calendar?handler=Add&year=2043", page.Token, new Dictionary<string, string>
        {
            ["Holiday.Date"] = Iso(day),
            ["Holiday.Name"] = "Summer shutdown",
            ["Holiday.NameKo"] = "하계 휴무",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var (_, list) = await browser.GetAsync("/admin/calendar?year=2043");
        Assert.Contains("Summer shutdown", list, StringComparison.Ordinal);
        Assert.Contains("August", list, StringComparison.Ordinal);

        var twice = await browser.PostFormAsync("/admin/calendar?handler=Add&year=2043", page.Token, new Dictionary<string, string> { ["Holiday.Date"] = Iso(day), ["Holiday.Name"] = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("is already a day off (Summer shutdown)", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var api = App.Client(await App.CreateUserAsync(Role.Admin));
        var holiday = (await api.GetJsonAsync("/api/v1/calendar?year=2043"))["holidays"]!.AsArray().Single(h => h!["date"]!.GetValue<string>() == Iso(day))!;
        Assert.Contains($"/admin/calendar/holidays/{holiday.Id()}/delete", list, StringComparison.Ordinal);

        var confirm = await browser.GetFormAsync($"/admin/calendar/holidays/{holiday.Id()}/delete");
        Assert.Contains("The plant will work that day", confirm.Html, StringComparison.Ordinal);
        var version = HtmlForm.Parse(confirm.Html, "<form method=\"post\" class=\"form-actions\">").Value("version");
        var stale = await browser.PostFormAsync($"/admin/calendar/holidays/{holiday.Id()}/delete", confirm.Token, new Dictionary<string, string> { ["version"] = "99" });
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var deleted = await browser.PostFormAsync($"/admin/calendar/holidays/{holiday.Id()}/delete", confirm.Token, new Dictionary<string, string> { ["version"] = version! });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/calendar/holidays/{holiday.Id()}")).StatusCode);
    }

    [Fact]
    public async Task Admin_ReloadsTheYearsPublicHolidays_AndIsToldWhatCameBack()
    {
        using var api = App.Client(await App.CreateUserAsync(Role.Admin));
        var year = 2044;
        (await api.PostJsonAsync("/api/v1/calendar/preload", new { year })).EnsureSuccessStatusCode();
        var liberation = (await api.GetJsonAsync($"/api/v1/calendar?year={year}"))["holidays"]!.AsArray().Single(h => h!["date"]!.GetValue<string>() == $"{year}-08-15")!;
        (await api.DeleteAsync($"/api/v1/calendar/holidays/{liberation.Id()}", null)).EnsureSuccessStatusCode();
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));
        var page = await browser.GetFormAsync($"/admin/calendar?year={year}");
        Assert.Contains($"Reload Korean public holidays of {year}", page.Html, StringComparison.Ordinal);

        var reloaded = await browser.PostFormAsync($"/admin/calendar?handler=Preload&year={year}", page.Token, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, reloaded.StatusCode);
        var (_, after) = await browser.GetAsync(reloaded.Headers.Location!.ToString());
        Assert.Contains($"Public holidays of {year} added back (1)", after, StringComparison.Ordinal);
        Assert.Contains("Liberation Day", after, StringComparison.Ordinal);
    }
}
