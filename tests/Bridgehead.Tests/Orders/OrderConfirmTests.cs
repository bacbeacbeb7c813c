using System.Net;
using Bridgehead.Calendar;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Orders.OrderSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Orders;

public sealed class OrderConfirmTests_Sqlite() : OrderConfirmTests(Provider.Sqlite);

public sealed class OrderConfirmTests_Postgres() : OrderConfirmTests(Provider.Postgres);

/// <summary>Confirming books capacity: promised dates, bookings per week, never beyond capacity, stale promises, cancellation.</summary>
public abstract class OrderConfirmTests(Provider provider) : AppTests(provider)
{
    private const decimal Capacity = 100m;

    /// <summary>Every week's bookings of the product within what the week can make.</summary>
    private async Task AssertWithinCapacityAsync(long productId, decimal weekly = Capacity)
    {
        var calendar = await App.CalendarAsync();
        foreach (var (week, booked) in await App.BookedAsync(productId))
        {
            Assert.True(booked <= DeliveryPlanner.WeekCapacity(weekly, week, calendar), $"Week of {week}: {booked} booked, capacity {DeliveryPlanner.WeekCapacity(weekly, week, calendar)}.");
        }
    }

    /// <summary>The first week lead time allows whose capacity is not cut to nothing by holidays, and its last working day.</summary>
    private static (DateOnly Week, DateOnly LastDay, decimal Capacity) FirstWeek(WorkingCalendar calendar, int leadTime)
    {
        var week = WorkingCalendar.WeekStart(calendar.AddWorkingDays(Today, leadTime));
        while (DeliveryPlanner.WeekCapacity(Capacity, week, calendar) < 50m)
        {
            week = week.AddDays(7);
        }
        return (week, calendar.WorkingDaysOfWeek(week).Last(), DeliveryPlanner.WeekCapacity(Capacity, week, calendar));
    }

    private async Task<List<(long LineId, DateOnly Week, decimal Quantity)>> BookingsOfAsync(long orderId)
    {
        await using var db = App.OpenDb();
        var lines = await db.OrderLines.Where(l => l.OrderId == orderId).Select(l => l.Id).ToListAsync();
        return [.. (await db.CapacityBookings.Where(b => lines.Contains(b.OrderLineId)).ToListAsync()).Select(b => (b.OrderLineId, b.WeekStart, b.Quantity))];
    }

    [Fact]
    public async Task Confirm_PromisesTheRequestedDate_AndBooksTheQuantityWeekByWeek_LatestWeeksFirst()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, Capacity);
        var calendar = await App.CalendarAsync();
        var requested = calendar.AddWorkingDays(Today, 50);
        var order = await client.NewSpotAsync(account.Id(), Line(product, 250, requested));

        var confirmed = await client.ConfirmedAsync(order.Id());

        Assert.Equal("confirmed", confirmed.Str("status"));
        Assert.NotNull(confirmed["confirmedAt"]);
        Assert.Equal(rep.Id, confirmed["confirmedBy"]!.Id());
        var line = confirmed["lines"]![0]!;
        Assert.Equal(Iso(requested), line.Str("promisedDate"));
        var bookings = await BookingsOfAsync(order.Id());
        Assert.All(bookings, b => Assert.Equal(line.Id(), b.LineId));
        Assert.Equal(250m, bookings.Sum(b => b.Quantity));
        Assert.All(bookings, b => Assert.True(b.Week <= WorkingCalendar.WeekStart(requested)));
        Assert.Equal(bookings.Count, bookings.Select(b => b.Week).Distinct().Count());
        Assert.True(bookings.Count >= 3, "250 at 100 a week takes at least three weeks.");
        // Just in time: the weeks nearest the requested date are filled first, so only the earliest week used may have room left.
        var calendarNow = await App.CalendarAsync();
        foreach (var b in bookings.OrderBy(b => b.Week).Skip(1))
        {
            Assert.Equal(DeliveryPlanner.WeekCapacity(Capacity, b.Week, calendarNow), b.Quantity);
        }
        await AssertWithinCapacityAsync(product);

        var again = await client.ConfirmAsync(order.Id());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(250m, (await BookingsOfAsync(order.Id())).Sum(b => b.Quantity));
    }

    [Fact]
    public async Task ASecondOrder_GetsALaterDate_WhenTheFirstTookTheWeek_AndTheirBookingsNeverExceedCapacity()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, Capacity);
        var calendar = await App.CalendarAsync();
        var (week, lastDay, capacity) = FirstWeek(calendar, 5);
        var first = await client.NewSpotAsync(account.Id(), Line(product, capacity, lastDay));
        var second = await client.NewSpotAsync((await client.NewAccountAsync()).Id(), Line(product, 10, lastDay));

        var a = await client.ConfirmedAsync(first.Id());
        var b = await client.ConfirmedAsync(second.Id());

        Assert.Equal(Iso(lastDay), a["lines"]![0]!.Str("promisedDate"));
        var later = Date(b["lines"]![0]!["promisedDate"]);
        Assert.True(later > lastDay, $"The second order was promised {later}, not after {lastDay}.");
        Assert.True(calendar.IsWorkingDay(later));
        Assert.All(await BookingsOfAsync(second.Id()), x => Assert.True(x.Week > week));
        Assert.Equal(capacity, (await App.BookedAsync(product))[week]);
        await AssertWithinCapacityAsync(product);
    }

    [Fact]
    public async Task ConcurrentConfirmations_NeverBookMoreThanAWeekCanMake()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = (await App.Client(rep).NewAccountAsync()).Id();
        var product = await App.NewOrderProductAsync(5, Capacity);
        var (_, lastDay, _) = FirstWeek(await App.CalendarAsync(), 5);
        var drafts = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            drafts.Add((await App.Client(rep).NewSpotAsync(account, Line(product, 40, lastDay))).Id());
        }

        var responses = await Task.WhenAll(drafts.Select(async id =>
        {
            using var client = App.Client(rep);
            return await client.ConfirmAsync(id);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(240m, (await App.BookedAsync(product)).Values.Sum());
        await AssertWithinCapacityAsync(product);
    }

    [Fact]
    public async Task ExpectedPromises_ThatNoLongerHold_Are409WithTheNewPromises_AndNothingIsSaved()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, Capacity);
        var (_, lastDay, capacity) = FirstWeek(await App.CalendarAsync(), 5);
        var mine = await client.NewSpotAsync(account.Id(), Line(product, capacity, lastDay));
        var theirs = await client.NewSpotAsync(account.Id(), Line(product, capacity, lastDay));
        var line = mine["lines"]![0]!.Id();

        var unknown = await client.ConfirmAsync(mine.Id(), new { expectedPromises = new[] { new { lineId = 1L, promisedDate = Iso(lastDay) } } });
        Assert.Equal(["expectedPromises[0].lineId"], (await unknown.ErrorsAsync()).Select(e => e.Key));

        // Shown the requested date, someone else books the week before the confirmation arrives.
        await client.ConfirmedAsync(theirs.Id());
        var stale = await client.ConfirmAsync(mine.Id(), new { expectedPromises = new[] { new { lineId = line, promisedDate = Iso(lastDay) } } });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await stale.JsonAsync();
        var promise = problem["promises"]!.AsArray().Single()!;
        Assert.Equal(line, promise["lineId"]!.GetValue<long>());
        Assert.Equal(Iso(lastDay), promise.Str("requestedDate"));
        var fresh = Date(promise["promisedDate"]);
        Assert.True(fresh > lastDay);
        Assert.False(promise["meetsRequest"]!.GetValue<bool>());
        Assert.Contains("promises have changed", problem.Str("detail"), StringComparison.Ordinal);
        var unchanged = await client.GetJsonAsync(OrderPath(mine.Id()));
        Assert.Equal("draft", unchanged.Str("status"));
        Assert.Null(unchanged["lines"]![0]!["promisedDate"]);
        Assert.Empty(await BookingsOfAsync(mine.Id()));

        var accepted = await client.ConfirmAsync(mine.Id(), new { expectedPromises = new[] { new { lineId = line, promisedDate = Iso(fresh) } } });
        await accepted.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Iso(fresh), (await accepted.JsonAsync())["lines"]![0]!.Str("promisedDate"));
        await AssertWithinCapacityAsync(product);
    }

    [Fact]
    public async Task ALineThatCannotBePromised_Is409NamingIt_AndNothingIsBooked_WhileUnlimitedProductsNeedNoCapacity()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var made = await App.NewOrderProductAsync(5, Capacity);
        var noLeadTime = await App.NewOrderProductAsync(null, Capacity);
        var unlimited = await App.NewOrderProductAsync(3, null);
        var calendar = await App.CalendarAsync();
        var requested = calendar.AddWorkingDays(Today, 20);
        var order = await client.NewSpotAsync(account.Id(), Line(made, 10, requested), Line(noLeadTime, 10, requested), Line(unlimited, 5000, requested));

        var refused = await client.ConfirmAsync(order.Id());

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.JsonAsync();
        var rule = problem["rules"]!.AsArray().Single()!.GetValue<string>();
        Assert.StartsWith("Line 2 (O-", rule, StringComparison.Ordinal);
        Assert.Contains("no production lead time", rule, StringComparison.Ordinal);
        Assert.Equal(2, problem["lines"]![0]!["position"]!.GetValue<int>());
        Assert.Equal("draft", (await client.GetJsonAsync(OrderPath(order.Id()))).Str("status"));
        Assert.Empty(await App.BookedAsync(made));

        var fine = await client.NewSpotAsync(account.Id(), Line(unlimited, 5000, requested));
        var confirmed = await client.ConfirmedAsync(fine.Id());
        Assert.Equal(Iso(requested), confirmed["lines"]![0]!.Str("promisedDate"));
        Assert.Empty(await App.BookedAsync(unlimited));
    }

    [Fact]
    public async Task MadeToOrder_AddsTheEngineeringDaysToTheLeadTime()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, null);
        var calendar = await App.CalendarAsync();
        var custom = await client.CreateAsync("/api/v1/orders", new
        {
            accountId = account.Id(), kind = "madeToOrder", specification = "Flange with a customer bore pattern", engineeringDays = 10,
            lines = new[] { Line(product, 3, Today.AddDays(1)) },
        });
        var spot = await client.NewSpotAsync(account.Id(), Line(product, 3, Today.AddDays(1)));

        Assert.Equal(Iso(calendar.AddWorkingDays(Today, 15)), (await client.ConfirmedAsync(custom.Id()))["lines"]![0]!.Str("promisedDate"));
        Assert.Equal(Iso(calendar.AddWorkingDays(Today, 5)), (await client.ConfirmedAsync(spot.Id()))["lines"]![0]!.Str("promisedDate"));
    }

    [Fact]
    public async Task Cancel_FreesTheCapacityOfLinesNotDeliveredInFull_SoTheNextOrderGetsTheWeek()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, Capacity);
        var (week, lastDay, capacity) = FirstWeek(await App.CalendarAsync(), 5);
        var order = await client.NewSpotAsync(account.Id(), Line(product, 20, lastDay), Line(product, capacity - 20, lastDay));
        var confirmed = await client.ConfirmedAsync(order.Id());
        var delivered = confirmed["lines"]![0]!.Id();
        await (await client.DeliverAsync(order.Id(), delivered, new { quantity = 20 })).ExpectAsync(HttpStatusCode.Created);

        var noReason = await client.PostJsonAsync(OrderPath(order.Id()) + "/cancel", new { reason = " " });
        Assert.Equal(["reason"], (await noReason.ErrorsAsync()).Select(e => e.Key));
        var cancelled = await client.PostJsonAsync(OrderPath(order.Id()) + "/cancel", new { reason = "The customer's line was shut down." });
        await cancelled.ExpectAsync(HttpStatusCode.OK);
        var after = await cancelled.JsonAsync();

        Assert.Equal("cancelled", after.Str("status"));
        Assert.Equal(["delivered", "cancelled"], after["lines"]!.AsArray().Select(l => l.Str("status")));
        Assert.EndsWith("The customer's line was shut down.", after.Str("notes"), StringComparison.Ordinal);
        var kept = await BookingsOfAsync(order.Id());
        Assert.Equal(20m, kept.Sum(b => b.Quantity));
        Assert.All(kept, b => Assert.Equal(delivered, b.LineId));

        var next = await client.NewSpotAsync(account.Id(), Line(product, capacity - 20, lastDay));
        Assert.Equal(Iso(lastDay), (await client.ConfirmedAsync(next.Id()))["lines"]![0]!.Str("promisedDate"));
        Assert.Equal(capacity, (await App.BookedAsync(product))[week]);

        var twice = await client.PostJsonAsync(OrderPath(order.Id()) + "/cancel", new { reason = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var full = await client.NewSpotAsync(account.Id(), Line(product, 1, lastDay.AddDays(60)));
        var fullLine = (await client.ConfirmedAsync(full.Id()))["lines"]![0]!.Id();
        await (await client.DeliverAsync(full.Id(), fullLine, new { quantity = 1 })).ExpectAsync(HttpStatusCode.Created);
        var late = await client.PostJsonAsync(OrderPath(full.Id()) + "/cancel", new { reason = "Too late" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("delivered in full", (await late.JsonAsync()).Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADraftIsCancelledWithoutBookings_AndAnEmptyOrderCannotBeConfirmed()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, Capacity);
        var draft = await client.NewSpotAsync(account.Id(), Line(product, 5, Today.AddDays(30)));

        var cancelled = await client.PostJsonAsync(OrderPath(draft.Id()) + "/cancel", new { reason = "Entered twice." });
        await cancelled.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", (await cancelled.JsonAsync()).Str("status"));
        var confirm = await client.ConfirmAsync(draft.Id());
        Assert.Equal(HttpStatusCode.Conflict, confirm.StatusCode);
        Assert.Empty(await App.BookedAsync(product));
    }
}
