using System.Net;
using Bridgehead.Identity;
using Bridgehead.Notifications;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Orders;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Notifications;

public sealed class NotificationRaiseTests_Sqlite() : NotificationRaiseTests(Provider.Sqlite);

public sealed class NotificationRaiseTests_Postgres() : NotificationRaiseTests(Provider.Postgres);

/// <summary>Where events are raised: moves of a pursuit and orders found at risk (the quote submit is in <see cref="NotificationOwnAppTests"/>).</summary>
public abstract class NotificationRaiseTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Advance_RaisesOneStageChanged_WithTitleStagesAndActor_AndMovingBackAnother()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id(), title: "Boiler valves");
        Assert.Empty(await App.EventsAboutAsync("opportunity", opportunity.Id()));
        await App.MeetProspectingGateAsync(client, account.Id(), opportunity.Id());

        await (await client.AdvanceAsync(opportunity.Id())).ExpectAsync(HttpStatusCode.OK);

        var e = Assert.Single(await App.EventsAboutAsync("opportunity", opportunity.Id()));
        Assert.Equal(NotificationEvent.StageChanged, e.Event);
        Assert.Equal(account.Id(), e.AccountId);
        Assert.Equal(rep.Id, e.ActorId);
        Assert.Null(e.DedupKey);
        var data = NotificationSetup.DataOf(e);
        Assert.Equal(opportunity.Str("title"), data.Str("title"));
        Assert.Equal("prospecting", data.Str("fromStage"));
        Assert.Equal("contact", data.Str("toStage"));

        await (await client.AdvanceAsync(opportunity.Id(), new { toStage = "prospecting", reason = "Wrong contact" })).ExpectAsync(HttpStatusCode.OK);
        var events = await App.EventsAboutAsync("opportunity", opportunity.Id());
        Assert.Equal(2, events.Count);
        var back = NotificationSetup.DataOf(events[1]);
        Assert.Equal(NotificationEvent.StageChanged, events[1].Event);
        Assert.Equal("contact", back.Str("fromStage"));
        Assert.Equal("prospecting", back.Str("toStage"));
    }

    [Fact]
    public async Task Override_RaisesStageChangedAndGateOverridden_WithTheReason_AndAFailedAdvanceRaisesNothing()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id(), title: "Pump seals");

        Assert.Equal(HttpStatusCode.Conflict, (await client.AdvanceAsync(opportunity.Id())).StatusCode);
        Assert.Empty(await App.EventsAboutAsync("opportunity", opportunity.Id()));

        await (await App.Client(manager).AdvanceAsync(opportunity.Id(), new { @override = new { reason = "Customer asked for samples now" } }))
            .ExpectAsync(HttpStatusCode.OK);

        var events = await App.EventsAboutAsync("opportunity", opportunity.Id());
        Assert.Equal([NotificationEvent.StageChanged, NotificationEvent.GateOverridden], events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal(manager.Id, e.ActorId));
        var overridden = NotificationSetup.DataOf(events[1]);
        Assert.Equal(opportunity.Str("title"), overridden.Str("title"));
        Assert.Equal("prospecting", overridden.Str("fromStage"));
        Assert.Equal("contact", overridden.Str("toStage"));
        Assert.Equal("Customer asked for samples now", overridden.Str("reason"));
    }

    [Fact]
    public async Task Close_AndReopenInTheSameStage_RaiseNoStageChange()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());

        await (await client.CloseAsync(opportunity.Id(), new { outcome = "dropped", reason = "projectCancelled" })).ExpectAsync(HttpStatusCode.OK);
        var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        await (await admin.ReopenAsync(opportunity.Id(), new { reason = "Project is back" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Empty(await App.EventsAboutAsync("opportunity", opportunity.Id()));
    }

    [Fact]
    public async Task OrderRiskJob_RaisesOneEventPerLineAndPromisedDate_AndARerunRaisesNothingNew()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(leadTimeDays: 5, weeklyCapacity: null);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (orderId, lines) = await App.InsertOrderAsync(account.Id(), rep.Id, OrderStatus.Confirmed,
            (product, 10m, today.AddDays(1), 0m, null, null),
            (product, 10m, today.AddDays(60), 0m, null, null),
            (product, 10m, today.AddDays(1), 10m, today, null));

        await App.RunBackgroundAsync();

        var e = Assert.Single(await App.EventsAboutAsync("order", orderId));
        Assert.Equal(NotificationEvent.OrderAtRisk, e.Event);
        Assert.Equal(account.Id(), e.AccountId);
        Assert.Null(e.ActorId);
        Assert.Equal(OrderRiskJob.DedupKey(lines[0], today.AddDays(1)), e.DedupKey);
        var data = NotificationSetup.DataOf(e);
        Assert.Equal(lines[0], data["lineId"]!.GetValue<long>());
        Assert.Equal(today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), data.Str("promisedDate"));
        Assert.StartsWith("O-", data.Str("product"), StringComparison.Ordinal);
        Assert.Contains("Flange", data.Str("product"), StringComparison.Ordinal);
        Assert.Null(data["unitPrice"]);

        await App.RunBackgroundAsync();
        Assert.Single(await App.EventsAboutAsync("order", orderId));

        // A new promised date that is still at risk is news.
        await App.SetLineAsync(lines[0], today.AddDays(2));
        await App.RunBackgroundAsync();
        var events = await App.EventsAboutAsync("order", orderId);
        Assert.Equal(2, events.Count);
        Assert.Equal(OrderRiskJob.DedupKey(lines[0], today.AddDays(2)), events[1].DedupKey);
    }

    [Fact]
    public async Task OrderRiskJob_WhenTheEventWasRaisedInBetween_DoesNotFail()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(leadTimeDays: 5, weeklyCapacity: null);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (orderId, lines) = await App.InsertOrderAsync(account.Id(), rep.Id, OrderStatus.Confirmed, (product, 10m, today.AddDays(1), 0m, null, null));
        await using (var db = App.OpenDb())
        {
            Events.Raise(db, NotificationEvent.OrderAtRisk, "order", orderId, account.Id(), new { lineId = lines[0] }, OrderRiskJob.DedupKey(lines[0], today.AddDays(1)));
            await db.SaveChangesAsync();
        }

        await App.RunBackgroundAsync();

        Assert.Single(await App.EventsAboutAsync("order", orderId));
        await using var check = App.OpenDb();
        Assert.Equal(1, await check.OutboxEvents.CountAsync(x => x.DedupKey == OrderRiskJob.DedupKey(lines[0], today.AddDays(1))));
    }
}
