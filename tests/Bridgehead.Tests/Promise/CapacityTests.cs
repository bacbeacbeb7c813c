using System.Net;
using Bridgehead.Calendar;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Promise.CapacitySeed;

namespace Bridgehead.Tests.Promise;

public sealed class CapacityTests_Sqlite() : CapacityTests(Provider.Sqlite);

public sealed class CapacityTests_Postgres() : CapacityTests(Provider.Postgres);

/// <summary>The capacity load per product and week (API, chart page, overview): all accounts' bookings, quantities only.</summary>
public abstract class CapacityTests(Provider provider) : AppTests(provider)
{
    private static DateOnly ThisWeek => WorkingCalendar.WeekStart(Today);

    /// <summary>The first week from next month on with a day off on a working weekday (public holidays of this and next year are loaded).</summary>
    private async Task<(DateOnly Week, string Name)> HolidayWeekAsync()
    {
        await App.CalendarAsync();
        await using var db = App.OpenDb();
        var from = ThisWeek.AddDays(28);
        var holidays = await db.Holidays.AsNoTracking().Where(h => h.Date >= from).OrderBy(h => h.Date).ToListAsync();
        var day = holidays.First(h => h.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        return (WorkingCalendar.WeekStart(day.Date), day.Name);
    }

    [Theory]
    [InlineData(Role.Rep)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    [InlineData(Role.Manager)]
    public async Task Load_CountsEveryAccountsBookings_AndFlagsOverbookedWeeks(Role role)
    {
        var product = await App.ProductAsync(leadTime: 5, capacity: 100m);
        var id = product.Id();
        await App.BookAsync(id, (ThisWeek.AddDays(7), 60m), (ThisWeek.AddDays(14), 150m));
        await App.BookAsync(id, (ThisWeek.AddDays(7), 15m));
        var calendar = await App.CalendarAsync();
        using var client = App.Client(await App.CreateUserAsync(role, role == Role.Manager ? TestApp.NewTeam() : null));

        var response = await client.GetAsync($"/api/v1/products/{id}/capacity");

        await response.ExpectAsync(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Booked ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("account", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("98765", text, StringComparison.Ordinal);
        var load = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        var weeks = load["weeks"]!.AsArray();
        Assert.Equal(CapacityWeeks.DefaultWeeks, weeks.Count);
        Assert.Equal(Iso(ThisWeek), weeks[0]!["weekStart"]!.GetValue<string>());
        Assert.Equal(75m, weeks[1]!["booked"]!.GetValue<decimal>());
        var capacity = DeliveryPlanner.WeekCapacity(100m, ThisWeek.AddDays(7), calendar);
        Assert.Equal(capacity, weeks[1]!["capacity"]!.GetValue<decimal>());
        Assert.Equal(Math.Max(0m, capacity - 75m), weeks[1]!["free"]!.GetValue<decimal>());
        Assert.True(weeks[2]!["overbooked"]!.GetValue<bool>());
        Assert.Equal(0m, weeks[2]!["free"]!.GetValue<decimal>());
        Assert.False(weeks[0]!["overbooked"]!.GetValue<bool>());
        Assert.Equal(0m, weeks[0]!["booked"]!.GetValue<decimal>());
        Assert.Equal(100m, load["weeklyCapacity"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task HolidayWeeks_MakeLess_AndNameTheirDaysOff()
    {
        var product = await App.ProductAsync(leadTime: 5, capacity: 500m);
        var (week, name) = await HolidayWeekAsync();
        var calendar = await App.CalendarAsync();
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));

        var load = await rep.GetJsonAsync($"/api/v1/products/{product.Id()}/capacity?from={Iso(week.AddDays(2))}&weeks=2");

        var first = load["weeks"]![0]!;
        Assert.Equal(Iso(week), first["weekStart"]!.GetValue<string>());
        var days = calendar.WorkingDaysOfWeek(week).Count();
        Assert.True(days < 5);
        Assert.Equal(days, first["workingDays"]!.GetValue<int>());
        Assert.Equal(DeliveryPlanner.WeekCapacity(500m, week, calendar), first["capacity"]!.GetValue<decimal>());
        Assert.Contains(first["holidays"]!.AsArray(), h => h!["name"]!.GetValue<string>() == name);
        Assert.Equal(2, load["weeks"]!.AsArray().Count);
    }

    [Fact]
    public async Task UnlimitedProducts_ShowBookingsWithoutCapacity()
    {
        var product = await App.ProductAsync(leadTime: 5, capacity: null);
        await App.BookAsync(product.Id(), (ThisWeek, 40m));
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));

        var week = (await rep.GetJsonAsync($"/api/v1/products/{product.Id()}/capacity?weeks=1"))["weeks"]![0]!;

        Assert.Null(week["capacity"]);
        Assert.Null(week["free"]);
        Assert.Equal(40m, week["booked"]!.GetValue<decimal>());
        Assert.False(week["overbooked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task BadWeeks_Are422_AndAnUnknownProduct_Is404()
    {
        var product = await App.ProductAsync(leadTime: 5, capacity: 10m);
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));

        Assert.Equal(52, (await rep.GetJsonAsync($"/api/v1/products/{product.Id()}/capacity?weeks=52"))["weeks"]!.AsArray().Count);
        foreach (var query in new[] { "weeks=53", "weeks=0", "from=1990-01-01" })
        {
            var refused = await rep.GetAsync($"/api/v1/products/{product.Id()}/capacity?{query}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal([query.Split('=')[0]], (await refused.ErrorsAsync()).Select(e => e.Key));
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await rep.GetAsync($"/api/v1/products/{product.Id()}/capacity?from=soon")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync($"/api/v1/products/{long.MaxValue}/capacity")).StatusCode);
        using var anonymous = App.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/products/{product.Id()}/capacity")).StatusCode);
    }

    [Theory]
    [InlineData(Role.Rep)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    [InlineData(Role.Viewer)]
    public async Task ChartPage_DrawsBookedAgainstCapacity_WithATitleADescriptionAndTheNumbers(Role role)
    {
        var product = await App.ProductAsync(leadTime: 5, capacity: 100m);
        var (holidayWeek, name) = await HolidayWeekAsync();
        await App.BookAsync(product.Id(), (holidayWeek, 130m), (holidayWeek.AddDays(7), 40m));
        using var browser = await App.SignInAsync(await App.CreateUserAsync(role));

        var (status, html) = await browser.GetAsync($"/products/{product.Id()}/capacity?from={Iso(holidayWeek)}&weeks=4");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<svg viewBox=", html, StringComparison.Ordinal);
        Assert.Contains("role=\"img\" aria-labelledby=\"chart-title chart-desc\"", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-title\">Weekly capacity load of " + product["sku"]!.GetValue<string>(), html, StringComparison.Ordinal);
        Assert.Contains("<desc id=\"chart-desc\">", html, StringComparison.Ordinal);
        Assert.Contains("Overbooked weeks: 1.", html, StringComparison.Ordinal);
        Assert.Contains("class=\"booked over\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"holiday-week\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"capacity-line\"", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"capacity\">", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"overbooked\">", html, StringComparison.Ordinal);
        Assert.Contains(name, html, StringComparison.Ordinal);
        Assert.Contains("130", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("98,765", html, StringComparison.Ordinal);
        Assert.Contains($"/products/{product.Id()}/capacity?from={Iso(holidayWeek.AddDays(-28))}&amp;weeks=4", html, StringComparison.Ordinal);
        Assert.Contains($"/products/{product.Id()}/capacity?from={Iso(holidayWeek.AddDays(28))}&amp;weeks=4", html, StringComparison.Ordinal);
        var (_, detail) = await browser.GetAsync($"/products/{product.Id()}");
        Assert.Contains($"href=\"/products/{product.Id()}/capacity\"", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChartPage_InKorean_AndForAnUnknownProduct()
    {
        var product = await App.ProductAsync(leadTime: 5, capacity: 100m);
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Rep), "ko");

        var (_, html) = await browser.GetAsync($"/products/{product.Id()}/capacity?weeks=99&from=1800-01-01");

        Assert.Contains("생산 부하", html, StringComparison.Ordinal);
        Assert.Contains("주별 수치", html, StringComparison.Ordinal);
        Assert.Contains($"from={Iso(ThisWeek.AddDays(-7 * 52))}", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/products/{long.MaxValue}/capacity")).Status);
    }

    [Fact]
    public async Task Overview_IsAHeatTable_OfProductsWithCapacity()
    {
        var product = await App.ProductAsync(leadTime: 5, capacity: 100m);
        var unlimited = await App.ProductAsync(leadTime: 5, capacity: null);
        await App.BookAsync(product.Id(), (ThisWeek, 25m), (ThisWeek.AddDays(7), 120m));
        var sku = product["sku"]!.GetValue<string>();
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));

        var (status, html) = await browser.GetAsync($"/capacity?q={sku}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"href=\"/products/{product.Id()}/capacity?from={Iso(ThisWeek)}\"", html, StringComparison.Ordinal);
        Assert.Contains("heat-over", html, StringComparison.Ordinal);
        Assert.Contains("120%", html, StringComparison.Ordinal);
        Assert.Equal(GetCapacityOverview.OverviewWeeks + 2, html.Split("<th scope=\"col\"").Length - 1);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        var (_, other) = await browser.GetAsync($"/capacity?q={unlimited["sku"]!.GetValue<string>()}");
        Assert.Contains("class=\"empty\"", other, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.Rep, true)]
    [InlineData(Role.Manager, true)]
    [InlineData(Role.Admin, true)]
    [InlineData(Role.Quality, true)]
    [InlineData(Role.Viewer, false)]
    [InlineData(Role.Product, false)]
    public async Task NavLink_IsForSalesRolesQualityAndAdmin(Role role, bool shown)
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(role, role == Role.Manager ? TestApp.NewTeam() : null), "ko");

        var (_, html) = await browser.GetAsync("/products");

        Assert.Equal(shown, html.Contains("<a href=\"/capacity\" aria-current=\"false\">생산 능력</a>", StringComparison.Ordinal));
    }
}
