using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridgehead.Calendar;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Promise.CapacitySeed;

namespace Bridgehead.Tests.Promise;

public sealed class PromiseApiTests_Sqlite() : PromiseApiTests(Provider.Sqlite);

public sealed class PromiseApiTests_Postgres() : PromiseApiTests(Provider.Postgres);

/// <summary>POST /orders/promise: the dates we can keep, computed from the database without booking anything.</summary>
public abstract class PromiseApiTests(Provider provider) : AppTests(provider)
{
    private static object Line(long productId, decimal quantity, DateOnly requested) => new { productId, quantity, requestedDate = Iso(requested) };

    private async Task<HttpClient> RepAsync(string? language = null) => App.Client(await App.CreateUserAsync(Role.Rep), language);

    private static async Task<JsonNode> PromiseAsync(HttpClient client, object body)
    {
        var response = await client.PostJsonAsync("/api/v1/orders/promise", body);
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task Promise_RespectsBookingsInTheDatabase_AndBooksNothing()
    {
        var product = await App.ProductAsync(leadTime: 10, capacity: 100m);
        var id = product.Id();
        var calendar = await App.CalendarAsync();
        var earliest = calendar.AddWorkingDays(Today, 10);
        var first = WorkingCalendar.WeekStart(earliest);
        await App.BookAsync(id, (first, 100m), (first.AddDays(7), 100m), (first.AddDays(14), 30m));
        await App.BookAsync(id, (first.AddDays(7), 5m));
        var before = await App.BookingsAsync(id);
        var requested = first.AddDays(18);
        using var rep = await RepAsync();

        var answer = await PromiseAsync(rep, new { lines = new[] { Line(id, 150m, requested) } });

        Assert.Equal(before, await App.BookingsAsync(id));
        var line = answer["lines"]![0]!;
        // The planner, fed by hand with the same bookings and calendar, gives the same answer.
        var booked = before.GroupBy(b => (id, b.Item1)).ToDictionary(g => g.Key, g => g.Sum(b => b.Item2));
        var expected = DeliveryPlanner.Plan(Today, [new PlanLine(id, 150m, requested)],
            new Dictionary<long, ProductionFacts> { [id] = new(id, 10, 100m, null) }, booked, calendar).Single();
        Assert.Equal(Iso(expected.EarliestDate!.Value), line["earliestDate"]!.GetValue<string>());
        Assert.Equal(Iso(expected.PromisedDate!.Value), line["promisedDate"]!.GetValue<string>());
        Assert.False(line["meetsRequest"]!.GetValue<bool>());
        Assert.Equal(150m, line["bookedQuantity"]!.GetValue<decimal>());
        Assert.Equal(expected.Bookings.Select(b => (Iso(b.WeekStart), b.Quantity)),
            line["bookings"]!.AsArray().Select(b => (b!["weekStart"]!.GetValue<string>(), b["quantity"]!.GetValue<decimal>())));
        Assert.Equal(product["sku"]!.GetValue<string>(), line["sku"]!.GetValue<string>());
        Assert.Equal(0, line["index"]!.GetValue<int>());
        Assert.Equal(Iso(requested), line["requestedDate"]!.GetValue<string>());

        var weeks = line["weeks"]!.AsArray();
        Assert.Equal(expected.Weeks.Count, weeks.Count);
        Assert.True(weeks[0]!["full"]!.GetValue<bool>());
        Assert.True(weeks[1]!["full"]!.GetValue<bool>());
        Assert.Equal(105m, weeks[1]!["booked"]!.GetValue<decimal>());
        Assert.Equal(0m, weeks[1]!["free"]!.GetValue<decimal>());
        var reason = line["reasons"]!.AsArray().Single(r => r!["code"]!.GetValue<string>() == "capacity")!;
        Assert.Equal($"Weeks of {Iso(first)} and {Iso(first.AddDays(7))} are full.", reason["message"]!.GetValue<string>());

        var split = line["split"]!;
        Assert.Equal(expected.Split!.Quantity, split["quantity"]!.GetValue<decimal>());
        Assert.Equal(150m, split["quantity"]!.GetValue<decimal>() + split["restQuantity"]!.GetValue<decimal>());
        Assert.Equal(line["promisedDate"]!.GetValue<string>(), split["restDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task SameInput_GivesTheSameAnswer_AndLinesSeeWhatEarlierLinesTook()
    {
        var product = await App.ProductAsync(leadTime: 3, capacity: 100m);
        var requested = Today.AddDays(60);
        using var rep = await RepAsync();
        var body = new { lines = new[] { Line(product.Id(), 80m, requested), Line(product.Id(), 80m, requested) } };

        var first = await rep.PostJsonAsync("/api/v1/orders/promise", body);
        var second = await rep.PostJsonAsync("/api/v1/orders/promise", body);

        var json = await first.Content.ReadAsStringAsync();
        Assert.Equal(json, await second.Content.ReadAsStringAsync());
        var lines = JsonNode.Parse(json)!["lines"]!.AsArray();
        Assert.True(lines[0]!["meetsRequest"]!.GetValue<bool>());
        Assert.True(lines[1]!["meetsRequest"]!.GetValue<bool>());
        var week = lines[0]!["bookings"]![0]!["weekStart"]!.GetValue<string>();
        var seen = lines[1]!["weeks"]!.AsArray().Single(w => w!["weekStart"]!.GetValue<string>() == week)!;
        Assert.Equal(80m, seen["booked"]!.GetValue<decimal>());
        Assert.Empty(await App.BookingsAsync(product.Id()));
    }

    [Fact]
    public async Task Reasons_AreSentencesInTheCallersLanguage_BuiltFromTheFacts()
    {
        var slow = await App.ProductAsync(leadTime: 15, capacity: 10_000m, batch: 500m);
        var unplanned = await App.ProductAsync(leadTime: null, capacity: 100m);
        var calendar = await App.CalendarAsync();
        var earliest = Iso(calendar.AddWorkingDays(Today, 15));
        var body = new { lines = new[] { Line(slow.Id(), 20m, Today), Line(unplanned.Id(), 5m, Today.AddDays(30)) } };

        using var english = await RepAsync("en");
        var en = await PromiseAsync(english, body);
        var reasons = en["lines"]![0]!["reasons"]!.AsArray().ToDictionary(r => r!["code"]!.GetValue<string>(), r => r!["message"]!.GetValue<string>());
        Assert.Equal($"Lead time is 15 working days: the earliest date is {earliest}.", reasons["leadTime"]);
        Assert.Equal("Below the minimum batch of 500 pcs: a whole batch is booked.", reasons["minimumBatch"]);
        Assert.Equal(earliest, en["lines"]![0]!["promisedDate"]!.GetValue<string>());
        Assert.Equal(500m, en["lines"]![0]!["bookedQuantity"]!.GetValue<decimal>());
        var none = en["lines"]![1]!;
        Assert.Null(none["promisedDate"]);
        Assert.Null(none["earliestDate"]);
        Assert.Null(none["split"]);
        Assert.Equal("No production lead time is set for this product.", none["reasons"]![0]!["message"]!.GetValue<string>());
        Assert.Equal("noLeadTime", none["reasons"]![0]!["code"]!.GetValue<string>());

        using var korean = await RepAsync("ko");
        var ko = await PromiseAsync(korean, body);
        Assert.Equal($"리드타임이 15 근무일이라 가장 빠른 날짜는 {earliest}입니다.", ko["lines"]![0]!["reasons"]![0]!["message"]!.GetValue<string>());
        Assert.Equal("이 제품에는 생산 리드타임이 정해져 있지 않습니다.", ko["lines"]![1]!["reasons"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task MadeToOrder_AddsEngineeringDays_AndAFutureOrderDateCountsFromThere()
    {
        var product = await App.ProductAsync(leadTime: 15, capacity: null);
        var calendar = await App.CalendarAsync();
        using var rep = await RepAsync();

        var custom = await PromiseAsync(rep, new { kind = "madeToOrder", engineeringDays = 5, lines = new[] { Line(product.Id(), 1m, Today) } });
        Assert.Equal("madeToOrder", custom["kind"]!.GetValue<string>());
        Assert.Equal(5, custom["engineeringDays"]!.GetValue<int>());
        var line = custom["lines"]![0]!;
        var earliest = Iso(calendar.AddWorkingDays(Today, 20));
        Assert.Equal(earliest, line["earliestDate"]!.GetValue<string>());
        Assert.Equal($"Lead time is 15 working days after 5 engineering days: the earliest date is {earliest}.", line["reasons"]![0]!["message"]!.GetValue<string>());

        var later = Today.AddDays(10);
        var planned = await PromiseAsync(rep, new { orderedOn = Iso(later), lines = new[] { Line(product.Id(), 1m, Today) } });
        Assert.Equal(Iso(later), planned["orderedOn"]!.GetValue<string>());
        Assert.Equal("spot", planned["kind"]!.GetValue<string>());
        Assert.Equal(Iso(calendar.AddWorkingDays(later, 15)), planned["lines"]![0]!["earliestDate"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Role.Rep)]
    [InlineData(Role.Manager)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Admin)]
    public async Task OrderReaders_GetPromises_WithoutPricesOrAccounts(Role role)
    {
        var product = await App.ProductAsync(leadTime: 5, capacity: 50m);
        await App.BookAsync(product.Id(), (WorkingCalendar.WeekStart(Today).AddDays(21), 10m));
        using var client = App.Client(await App.CreateUserAsync(role, role == Role.Manager ? TestApp.NewTeam() : null));

        var response = await client.PostJsonAsync("/api/v1/orders/promise", new { lines = new[] { Line(product.Id(), 40m, Today.AddDays(40)) } });

        await response.ExpectAsync(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("rice", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("98765", text, StringComparison.Ordinal);
        Assert.DoesNotContain("54321", text, StringComparison.Ordinal);
        Assert.DoesNotContain("cost", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("account", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Booked ", text, StringComparison.Ordinal);
        Assert.True(JsonNode.Parse(text)!["lines"]![0]!["meetsRequest"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TheProductRole_Is403_AndAnonymous_Is401()
    {
        var product = await App.ProductAsync(leadTime: 5, capacity: 50m);
        var body = new { lines = new[] { Line(product.Id(), 1m, Today.AddDays(40)) } };
        using var productRole = App.Client(await App.CreateUserAsync(Role.Product));
        using var anonymous = App.Client();

        Assert.Equal(HttpStatusCode.Forbidden, (await productRole.PostJsonAsync("/api/v1/orders/promise", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJsonAsync("/api/v1/orders/promise", body)).StatusCode);
    }

    [Fact]
    public async Task InvalidRequests_Are422NamingEachField()
    {
        var product = await App.ProductAsync(leadTime: 5, capacity: 50m);
        var retired = await App.ProductAsync(leadTime: 5, capacity: 50m, active: false);
        using var rep = await RepAsync();
        var good = Line(product.Id(), 1m, Today.AddDays(30));
        var cases = new (object Body, string[] Fields)[]
        {
            (new { }, ["lines"]),
            (new { lines = Array.Empty<object>() }, ["lines"]),
            (new { lines = Enumerable.Repeat(good, 201).ToArray() }, ["lines"]),
            (new { lines = new object?[] { good, null } }, ["lines[1]"]),
            (new { lines = new[] { good, Line(product.Id(), 0m, Today.AddDays(30)) } }, ["lines[1].quantity"]),
            (new { lines = new[] { Line(product.Id(), 1.00001m, Today.AddDays(30)) } }, ["lines[0].quantity"]),
            (new { lines = new[] { Line(long.MaxValue, 1m, Today.AddDays(30)) } }, ["lines[0].productId"]),
            (new { lines = new[] { Line(retired.Id(), 1m, Today.AddDays(30)) } }, ["lines[0].productId"]),
            (new { lines = new[] { new { productId = (long?)null, quantity = (decimal?)null, requestedDate = (string?)null } } },
                ["lines[0].productId", "lines[0].quantity", "lines[0].requestedDate"]),
            (new { lines = new[] { Line(product.Id(), 1m, Today.AddYears(6)) } }, ["lines[0].requestedDate"]),
            (new { kind = "madeToOrder", engineeringDays = 366, lines = new[] { good } }, ["engineeringDays"]),
            (new { kind = "madeToOrder", engineeringDays = -1, lines = new[] { good } }, ["engineeringDays"]),
            (new { kind = "spot", engineeringDays = 3, lines = new[] { good } }, ["engineeringDays"]),
            (new { orderedOn = Iso(Today.AddDays(-1)), lines = new[] { good } }, ["orderedOn"]),
            (new { orderedOn = Iso(Today.AddYears(2)), lines = new[] { good } }, ["orderedOn"]),
        };
        foreach (var (body, fields) in cases)
        {
            var refused = await rep.PostJsonAsync("/api/v1/orders/promise", body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal(fields.Order(), (await refused.ErrorsAsync()).Select(e => e.Key).Order());
        }

        var badKind = await rep.PostRawAsync("/api/v1/orders/promise", $"{{\"kind\": \"rush\", \"lines\": [{JsonSerializer.Serialize(good)}]}}");
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        var unknownField = await rep.PostRawAsync("/api/v1/orders/promise", $"{{\"price\": 5, \"lines\": [{JsonSerializer.Serialize(good)}]}}");
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
    }
}
