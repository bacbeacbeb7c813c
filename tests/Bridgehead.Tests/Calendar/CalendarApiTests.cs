using System.Net;
using System.Net.Http.Json;
using Bridgehead.Calendar;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Calendar;

[Collection("calendar")]
public sealed class CalendarApiTests_Sqlite() : CalendarApiTests(Provider.Sqlite);

[Collection("calendar")]
public sealed class CalendarApiTests_Postgres() : CalendarApiTests(Provider.Postgres);

/// <summary>/calendar: everyone reads the working week and the days off; admins keep them, audited, with ETags.</summary>
public abstract class CalendarApiTests(Provider provider) : CalendarAppTests(provider)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<HttpClient> AdminAsync(string? language = null) => App.Client(await App.CreateUserAsync(Role.Admin), language);

    private static Task<HttpResponseMessage> PutWeekAsync(HttpClient client, string? ifMatch, params string[] days)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/calendar/working-days") { Content = JsonContent.Create(new { workingDays = days }) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    /// <summary>
    /// A date in 2046-2049, years no other test uses, unique per call: a company day off of this
    /// test. (Reaching into 2045 once made the preload test there find a public holiday taken.)
    /// </summary>
    private static DateOnly FreeDay(int offset) => new DateOnly(2046, 1, 1).AddDays(offset + Random.Shared.Next(0, 1400));

    private static async Task<DateOnly> FreeDateAsync(HttpClient client)
    {
        for (var i = 0; ; i++)
        {
            var day = FreeDay(i);
            var calendar = await client.GetJsonAsync($"/api/v1/calendar?year={day.Year}");
            if (!calendar["holidays"]!.AsArray().Any(h => h!["date"]!.GetValue<string>() == Iso(day)))
            {
                return day;
            }
        }
    }

    [Theory]
    [InlineData(Role.Rep)]
    [InlineData(Role.Manager)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    [InlineData(Role.Admin)]
    public async Task Everyone_ReadsTheCalendar_WithThisAndNextYearsPublicHolidaysLoaded(Role role)
    {
        using var client = App.Client(await App.CreateUserAsync(role, role == Role.Manager ? TestApp.NewTeam() : null));

        var response = await client.GetAsync("/api/v1/calendar");
        await response.ExpectAsync(HttpStatusCode.OK);
        var calendar = await response.JsonAsync();
        Assert.NotNull(response.Headers.ETag);

        Assert.Equal(Today.Year, calendar["year"]!.GetValue<int>());
        var holidays = calendar["holidays"]!.AsArray();
        foreach (var expected in KoreanHolidays.For(Today.Year))
        {
            var day = Assert.Single(holidays, h => h!["date"]!.GetValue<string>() == Iso(expected.Date))!;
            // An admin test may have renamed or re-added it; the public ones it did not touch keep their names.
            Assert.False(string.IsNullOrEmpty(day["name"]!.GetValue<string>()));
        }
        Assert.Contains(holidays, h => h!["nameKo"]?.GetValue<string>() == "기독탄신일" && h["preloaded"]!.GetValue<bool>());
        Assert.All(holidays, h => Assert.NotNull(h!["id"]));
        Assert.All(holidays, h => Assert.NotNull(h!["version"]));

        var next = await client.GetJsonAsync($"/api/v1/calendar?year={Today.Year + 1}");
        Assert.Contains(next["holidays"]!.AsArray(), h => h!["date"]!.GetValue<string>() == $"{Today.Year + 1}-12-25");
    }

    [Fact]
    public async Task Anonymous_Is401_AndAYearOutsideTheCalendar_Is422()
    {
        using var anonymous = App.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/calendar")).StatusCode);
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var refused = await rep.GetAsync("/api/v1/calendar?year=1999");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["year"], (await refused.ErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task Admin_SetsTheWorkingWeek_WithIfMatch_AndPromisesCountIt()
    {
        using var admin = await AdminAsync();
        var current = await admin.GetAsync("/api/v1/calendar/working-days");
        var etag = current.Headers.ETag!.Tag;

        var saturdays = await PutWeekAsync(admin, etag, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");
        await saturdays.ExpectAsync(HttpStatusCode.OK);
        var week = await saturdays.JsonAsync();
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"], week["workingDays"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.NotEqual(etag, saturdays.Headers.ETag!.Tag);

        var stale = await PutWeekAsync(admin, etag, "monday");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var calendar = await admin.GetAsync("/api/v1/calendar");
        Assert.Equal(saturdays.Headers.ETag!.Tag, calendar.Headers.ETag!.Tag);
        Assert.Contains("saturday", (await calendar.JsonAsync())["workingDays"]!.AsArray().Select(d => d!.GetValue<string>()));

        // A promise counts Saturdays now: the earliest date is the one the calendar with Saturdays gives.
        var product = await admin.CreateAsync("/api/v1/products", new { sku = Products.ProductsApiTests.NewSku("CAL"), name = "Calendar test", unit = "pcs", currency = "KRW", productionLeadTimeDays = 6 });
        var promise = await (await admin.PostJsonAsync("/api/v1/orders/promise", new { lines = new[] { new { productId = product.Id(), quantity = 1m, requestedDate = Iso(Today) } } })).JsonAsync();
        await using (var db = App.OpenDb())
        {
            var planCalendar = await WorkingCalendars.LoadAsync(db, CancellationToken.None);
            Assert.True(planCalendar.IsWorkingWeekday(DayOfWeek.Saturday));
            Assert.Equal(Iso(planCalendar.AddWorkingDays(Today, 6)), promise["lines"]![0]!["earliestDate"]!.GetValue<string>());
        }

        var back = await PutWeekAsync(admin, saturdays.Headers.ETag!.Tag, "monday", "tuesday", "wednesday", "thursday", "friday");
        await back.ExpectAsync(HttpStatusCode.OK);
        var history = (await admin.GetJsonAsync("/api/v1/calendar/working-days/history"))["items"]!.AsArray();
        Assert.Contains(history, h => h!["changes"]!.AsArray().Any(c => c!["field"]!.GetValue<string>() == "workingDayMask"));
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        Assert.Empty((await rep.GetJsonAsync("/api/v1/calendar/working-days/history"))["items"]!.AsArray());
    }

    [Fact]
    public async Task WorkingWeek_NeedsOneDay_AndKnownDayNames()
    {
        using var admin = await AdminAsync();
        var etag = (await admin.GetAsync("/api/v1/calendar/working-days")).Headers.ETag!.Tag;

        var none = await PutWeekAsync(admin, etag);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Equal(["workingDays"], (await none.ErrorsAsync()).Select(e => e.Key));
        var unknown = await PutWeekAsync(admin, etag, "funday");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(etag, (await admin.GetAsync("/api/v1/calendar/working-days")).Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData(Role.Rep)]
    [InlineData(Role.Manager)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task OnlyAdmins_ChangeTheCalendar(Role role)
    {
        using var admin = await AdminAsync();
        var day = await FreeDateAsync(admin);
        var holiday = await admin.CreateAsync("/api/v1/calendar/holidays", new { date = Iso(day), name = "Plant shutdown" });
        using var client = App.Client(await App.CreateUserAsync(role, role == Role.Manager ? TestApp.NewTeam() : null));

        Assert.Equal(HttpStatusCode.Forbidden, (await PutWeekAsync(client, null, "monday")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/calendar/holidays", new { date = Iso(day.AddDays(1)), name = "No" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync($"/api/v1/calendar/holidays/{holiday.Id()}", new { name = "No" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/v1/calendar/holidays/{holiday.Id()}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/calendar/preload", new { year = Today.Year })).StatusCode);
        Assert.Equal("Plant shutdown", (await client.GetJsonAsync($"/api/v1/calendar/holidays/{holiday.Id()}"))["name"]!.GetValue<string>());
        Assert.Empty((await client.GetJsonAsync($"/api/v1/calendar/holidays/{holiday.Id()}/history"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Admin_AddsRenamesMovesAndDeletesADayOff_WithETagsAndHistory()
    {
        using var admin = await AdminAsync();
        var day = await FreeDateAsync(admin);

        var created = await admin.PostJsonAsync("/api/v1/calendar/holidays", new { date = Iso(day), name = "Summer shutdown", nameKo = "여름 휴무" });
        await created.ExpectAsync(HttpStatusCode.Created);
        var holiday = await created.JsonAsync();
        Assert.Equal($"/api/v1/calendar/holidays/{holiday.Id()}", created.Headers.Location!.ToString());
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.False(holiday["preloaded"]!.GetValue<bool>());
        Assert.Equal("여름 휴무", holiday["nameKo"]!.GetValue<string>());

        var twice = await admin.PostJsonAsync("/api/v1/calendar/holidays", new { date = Iso(day), name = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("Summer shutdown", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var renamed = await admin.PatchJsonAsync($"/api/v1/calendar/holidays/{holiday.Id()}", new { name = "Summer maintenance" }, "\"1\"");
        await renamed.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("여름 휴무", (await renamed.JsonAsync())["nameKo"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.PatchJsonAsync($"/api/v1/calendar/holidays/{holiday.Id()}", new { name = "Stale" }, "\"1\"")).StatusCode);

        var other = await admin.CreateAsync("/api/v1/calendar/holidays", new { date = Iso(await FreeDateAsync(admin)), nameKo = "창립기념일" });
        Assert.Equal("창립기념일", other["name"]!.GetValue<string>());
        var clash = await admin.PatchJsonAsync($"/api/v1/calendar/holidays/{holiday.Id()}", new { date = other["date"]!.GetValue<string>() }, "\"2\"");
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);

        var moved = await admin.PatchJsonAsync($"/api/v1/calendar/holidays/{holiday.Id()}", new { date = Iso(await FreeDateAsync(admin)) }, "\"2\"");
        await moved.ExpectAsync(HttpStatusCode.OK);

        var history = (await admin.GetJsonAsync($"/api/v1/calendar/holidays/{holiday.Id()}/history"))["items"]!.AsArray();
        Assert.Equal(["updated", "updated", "created"], history.Select(h => h!["action"]!.GetValue<string>()));
        Assert.Contains(history[1]!["changes"]!.AsArray(), c => c!["field"]!.GetValue<string>() == "name" && c["new"]!.GetValue<string>() == "Summer maintenance");

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.DeleteAsync($"/api/v1/calendar/holidays/{holiday.Id()}", "\"2\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/calendar/holidays/{holiday.Id()}", "\"3\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/calendar/holidays/{holiday.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/calendar/holidays/{holiday.Id()}", null)).StatusCode);
    }

    [Theory]
    [InlineData("{\"name\": \"No date\"}", "date")]
    [InlineData("{\"date\": \"2041-03-04\"}", "name")]
    [InlineData("{\"date\": \"2041-03-04\", \"name\": \"  \", \"nameKo\": \" \"}", "name")]
    [InlineData("{\"date\": \"1990-03-04\", \"name\": \"Too early\"}", "date")]
    [InlineData("{\"date\": \"2041-03-04\", \"name\": \"LONG\"}", "name")]
    [InlineData("{\"date\": \"2041-03-04\", \"name\": \"x\", \"nameKo\": \"LONG\"}", "nameKo")]
    public async Task InvalidDaysOff_Are422NamingTheField_AndNothingIsSaved(string body, string field)
    {
        using var admin = await AdminAsync();

        var refused = await admin.PostRawAsync("/api/v1/calendar/holidays", body.Replace("LONG", new string('x', 101), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
        var calendar = await admin.GetJsonAsync("/api/v1/calendar?year=2041");
        Assert.DoesNotContain(calendar["holidays"]!.AsArray(), h => h!["date"]!.GetValue<string>() == "2041-03-04" && h["name"]!.GetValue<string>() != "삼일절");
    }

    [Fact]
    public async Task Preload_BringsBackADeletedPublicHoliday_AndAddsNothingTwice()
    {
        using var admin = await AdminAsync();
        var year = Today.Year + 1;
        var calendar = await admin.GetJsonAsync($"/api/v1/calendar?year={year}");
        var christmas = calendar["holidays"]!.AsArray().Single(h => h!["date"]!.GetValue<string>() == $"{year}-12-25")!;
        (await admin.DeleteAsync($"/api/v1/calendar/holidays/{christmas.Id()}", null)).EnsureSuccessStatusCode();

        // Reading the calendar again does not load it back: the year was loaded once, the deletion sticks.
        var after = await admin.GetJsonAsync($"/api/v1/calendar?year={year}");
        Assert.DoesNotContain(after["holidays"]!.AsArray(), h => h!["date"]!.GetValue<string>() == $"{year}-12-25");

        var reload = await admin.PostJsonAsync("/api/v1/calendar/preload", new { year });
        await reload.ExpectAsync(HttpStatusCode.OK);
        var added = (await reload.JsonAsync())["added"]!.AsArray();
        var back = Assert.Single(added)!;
        Assert.Equal($"{year}-12-25", back["date"]!.GetValue<string>());
        Assert.True(back["preloaded"]!.GetValue<bool>());
        Assert.Equal("기독탄신일", back["nameKo"]!.GetValue<string>());

        var again = await (await admin.PostJsonAsync("/api/v1/calendar/preload", new { year })).JsonAsync();
        Assert.Empty(again["added"]!.AsArray());
        Assert.Equal(year, again["year"]!.GetValue<int>());
    }

    [Fact]
    public async Task Preload_OfAYearNeverLoaded_AddsAllItsPublicHolidays_AndRefusesYearsOutsideTheCalendar()
    {
        using var admin = await AdminAsync();
        var year = 2045;

        var first = await (await admin.PostJsonAsync("/api/v1/calendar/preload", new { year })).JsonAsync();
        var second = await (await admin.PostJsonAsync("/api/v1/calendar/preload", new { year })).JsonAsync();

        // A test may already have loaded it on another provider's server, never on this one but once.
        Assert.True(first["added"]!.AsArray().Count == KoreanHolidays.For(year).Count || first["added"]!.AsArray().Count == 0);
        Assert.Empty(second["added"]!.AsArray());
        var holidays = (await admin.GetJsonAsync($"/api/v1/calendar?year={year}"))["holidays"]!.AsArray();
        Assert.All(KoreanHolidays.For(year), h => Assert.Contains(holidays, x => x!["date"]!.GetValue<string>() == Iso(h.Date)));

        foreach (var bad in new[] { "{\"year\": 1999}", "{\"year\": 2051}", "{}" })
        {
            var refused = await admin.PostRawAsync("/api/v1/calendar/preload", bad);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal(["year"], (await refused.ErrorsAsync()).Select(e => e.Key));
        }
    }

    [Fact]
    public async Task Errors_SpeakKorean()
    {
        using var admin = await AdminAsync("ko");
        var refused = await admin.PostJsonAsync("/api/v1/calendar/holidays", new { date = Iso(await FreeDateAsync(admin)) });
        var errors = await refused.ErrorsAsync();
        Assert.Equal("이름을 영어나 한국어로 입력하세요.", errors["name"]![0]!.GetValue<string>());
        var none = await PutWeekAsync(admin, null);
        Assert.Equal("근무일을 하루 이상 고르세요.", (await none.ErrorsAsync())["workingDays"]![0]!.GetValue<string>());
    }
}
