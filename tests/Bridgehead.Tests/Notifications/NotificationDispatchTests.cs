using System.Net;
using System.Net.Http.Json;
using Bridgehead.Identity;
using Bridgehead.Notifications;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Orders;
using Bridgehead.Tests.Quotes;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Notifications;

public sealed class NotificationDispatchTests_Sqlite() : NotificationDispatchTests(Provider.Sqlite);

public sealed class NotificationDispatchTests_Postgres() : NotificationDispatchTests(Provider.Postgres);

/// <summary>The fan-out: who is told of an event, by role default or by choice, never the actor nor who may not see the record.</summary>
public abstract class NotificationDispatchTests(Provider provider) : AppTests(provider)
{
    private sealed record Cast(TestUser Manager, TestUser Owner, TestUser TeamMate, TestUser Member, TestUser OtherRep, TestUser OtherManager,
        TestUser Quality, TestUser Admin, TestUser Viewer, TestUser Product)
    {
        /// <summary>Who of the cast is told (admins and viewers of other tests may have chosen to hear of every account).</summary>
        public async Task<long[]> ToldAsync(TestApp app, long eventId)
        {
            var ids = new[] { Manager, Owner, TeamMate, Member, OtherRep, OtherManager, Quality, Admin, Viewer, Product }.Select(u => u.Id).ToHashSet();
            return [.. (await app.ToldAsync(eventId)).Where(ids.Contains).Order()];
        }
    }

    private async Task<Cast> CastAsync()
    {
        var team = TestApp.NewTeam();
        var other = TestApp.NewTeam();
        return new Cast(
            await App.CreateUserAsync(Role.Manager, team),
            await App.CreateUserAsync(Role.Rep, team),
            await App.CreateUserAsync(Role.Rep, team),
            await App.CreateUserAsync(Role.Rep, other),
            await App.CreateUserAsync(Role.Rep, other),
            await App.CreateUserAsync(Role.Manager, other),
            await App.CreateUserAsync(Role.Quality),
            await App.CreateUserAsync(Role.Admin),
            await App.CreateUserAsync(Role.Viewer),
            await App.CreateUserAsync(Role.Product));
    }

    private static async Task PutAsync(TestApp app, TestUser user, params object[] preferences) =>
        await (await app.Client(user).PutAsJsonAsync("/api/v1/notification-preferences", preferences)).ExpectAsync(HttpStatusCode.OK);

    [Fact]
    public async Task StageChanged_TellsThoseWhoSeeTheAccountByRole_NotTheActor_NotAnotherTeam_NorQuality()
    {
        var c = await CastAsync();
        using var owner = App.Client(c.Owner);
        // The account team: the owner and a rep of another team (whose manager then sees it too).
        var account = await owner.NewAccountAsync(c.Member.Id);
        var opportunity = await owner.NewOpportunityAsync(account.Id());
        await App.MeetProspectingGateAsync(owner, account.Id(), opportunity.Id());
        await (await owner.AdvanceAsync(opportunity.Id())).ExpectAsync(HttpStatusCode.OK);
        var e = Assert.Single(await App.EventsAboutAsync("opportunity", opportunity.Id()));

        await App.RunBackgroundAsync();

        // Manager of the owner's team, the account-team member and their manager: by role default.
        // Not: the owner (the actor), a team mate not on the account, another rep, quality, admin, viewer, product.
        Assert.Equal(new[] { c.Manager.Id, c.Member.Id, c.OtherManager.Id }.Order(), await c.ToldAsync(App, e.Id));
        await using var db = App.OpenDb();
        Assert.NotNull((await db.OutboxEvents.SingleAsync(x => x.Id == e.Id)).DispatchedAt);
    }

    [Fact]
    public async Task Dispatch_ChecksWhatAUserMaySee_OncePerBatch_NotOncePerEvent()
    {
        var c = await CastAsync();
        using var owner = App.Client(c.Owner);
        var events = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var account = await owner.NewAccountAsync();
            var opportunity = await owner.NewOpportunityAsync(account.Id());
            await App.MeetProspectingGateAsync(owner, account.Id(), opportunity.Id());
            await (await owner.AdvanceAsync(opportunity.Id())).ExpectAsync(HttpStatusCode.OK);
            events.Add(Assert.Single(await App.EventsAboutAsync("opportunity", opportunity.Id())).Id);
        }

        using var commands = SqlCommands.For(App, c.Manager);
        await App.RunBackgroundAsync();

        // The manager hears of all six, and what they may see was asked about the pursuits of the
        // whole batch at once (two if another test's run took some of them first), not six times.
        foreach (var e in events)
        {
            Assert.Contains(c.Manager.Id, await App.ToldAsync(e));
        }
        Assert.InRange(commands.Commands.Count(sql => sql.Contains("FROM opportunities", StringComparison.OrdinalIgnoreCase)
            || sql.Contains("FROM \"opportunities\"", StringComparison.OrdinalIgnoreCase)), 0, 2);
    }

    [Fact]
    public async Task Preferences_TurnEventsOnAndOff_ButNeverShowARecordTheUserCannotSee()
    {
        var c = await CastAsync();
        await PutAsync(App, c.Manager, new { @event = "stageChanged", inApp = false, email = false });
        await PutAsync(App, c.Admin, new { @event = "stageChanged", inApp = true, email = false });
        await PutAsync(App, c.Viewer, new { @event = "stageChanged", inApp = true, email = false });
        await PutAsync(App, c.Quality, new { @event = "stageChanged", inApp = true, email = true }, new { @event = "quoteApprovalNeeded", inApp = true, email = true });
        await PutAsync(App, c.Product, new { @event = "stageChanged", inApp = true, email = false });
        await PutAsync(App, c.OtherRep, new { @event = "stageChanged", inApp = true, email = false });
        using var owner = App.Client(c.Owner);
        var account = await owner.NewAccountAsync();
        var opportunity = await owner.NewOpportunityAsync(account.Id());
        await App.MeetProspectingGateAsync(owner, account.Id(), opportunity.Id());
        await (await owner.AdvanceAsync(opportunity.Id())).ExpectAsync(HttpStatusCode.OK);
        var e = Assert.Single(await App.EventsAboutAsync("opportunity", opportunity.Id()));

        await App.RunBackgroundAsync();

        // The manager turned it off; admin and viewer turned it on and see every account; quality,
        // product and the rep of another team chose it but may not see the pursuit.
        Assert.Equal(new[] { c.Admin.Id, c.Viewer.Id }.Order(), await c.ToldAsync(App, e.Id));
    }

    [Fact]
    public async Task Dispatch_RunAgain_OrAfterACrashBeforeMarking_TellsNobodyTwice()
    {
        var c = await CastAsync();
        await App.SetContactAsync(c.Manager.Id, "manager@example.com");
        using var owner = App.Client(c.Owner);
        var account = await owner.NewAccountAsync();
        var opportunity = await owner.NewOpportunityAsync(account.Id());
        await App.MeetProspectingGateAsync(owner, account.Id(), opportunity.Id());
        await (await owner.AdvanceAsync(opportunity.Id())).ExpectAsync(HttpStatusCode.OK);
        var e = Assert.Single(await App.EventsAboutAsync("opportunity", opportunity.Id()));
        await App.RunBackgroundAsync();
        Assert.Equal([c.Manager.Id], await c.ToldAsync(App, e.Id));
        var told = (await App.ToldAsync(e.Id)).Count;
        Assert.Single(await App.EmailsAsync(e.Id));

        await App.RunBackgroundAsync();
        await using (var db = App.OpenDb())
        {
            // As if the instance died after writing the entries but before marking the event.
            await db.OutboxEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.DispatchedAt, (DateTime?)null));
        }
        await App.RunBackgroundAsync();

        Assert.Equal([c.Manager.Id], await c.ToldAsync(App, e.Id));
        Assert.Equal(told, (await App.ToldAsync(e.Id)).Count);
        Assert.Single(await App.EmailsAsync(e.Id));
    }

    [Fact]
    public async Task OrderAtRisk_TellsTheOwnerAndQuality_ButNotAnotherTeam()
    {
        var c = await CastAsync();
        using var owner = App.Client(c.Owner);
        var account = await owner.NewAccountAsync();
        var product = await App.NewOrderProductAsync(leadTimeDays: 5, weeklyCapacity: null);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (orderId, _) = await App.InsertOrderAsync(account.Id(), c.Owner.Id, OrderStatus.Confirmed, (product, 10m, today.AddDays(1), 0m, null, null));

        await App.RunBackgroundAsync();

        var e = Assert.Single(await App.EventsAboutAsync("order", orderId));
        var told = await App.ToldAsync(e.Id);
        Assert.Contains(c.Owner.Id, told);
        Assert.Contains(c.Manager.Id, told);
        Assert.Contains(c.Quality.Id, told);
        Assert.DoesNotContain(c.TeamMate.Id, told);
        Assert.DoesNotContain(c.OtherRep.Id, told);
        Assert.DoesNotContain(c.OtherManager.Id, told);
        Assert.DoesNotContain(c.Admin.Id, told);
        Assert.DoesNotContain(c.Viewer.Id, told);
        Assert.DoesNotContain(c.Product.Id, told);
    }

    [Fact]
    public async Task QuoteAndIncidentEvents_GoByRole_AndQualityNeverHearsOfQuotes()
    {
        var c = await CastAsync();
        using var owner = App.Client(c.Owner);
        var account = await owner.NewAccountAsync();
        var opportunity = await owner.NewOpportunityAsync(account.Id());
        var product = await App.NewQuoteProductAsync(1000m, 1500m);
        var quote = await owner.NewQuoteAsync(opportunity.Id(), [QuoteSetup.Line(product, 10)]);
        long quoteEvent, incidentEvent;
        await using (var db = App.OpenDb(new Viewer(c.Owner.Id, Role.Rep, c.Owner.TeamId, "owner")))
        {
            // Raised as the submit raises it (the shared server's quotes need no approval).
            var raised = Events.Raise(db, NotificationEvent.QuoteApprovalNeeded, "quote", quote.Id(), account.Id(),
                new { title = "Deal", opportunityId = opportunity.Id(), version = 1 });
            await db.SaveChangesAsync();
            quoteEvent = raised.Id;
        }
        var incident = await InsertIncidentAsync(account.Id(), c.Owner.Id);
        await using (var db = App.OpenDb())
        {
            var raised = Events.Raise(db, NotificationEvent.IncidentOpened, "incident", incident, account.Id(), new { title = "Cracked housings", severity = "major" });
            await db.SaveChangesAsync();
            incidentEvent = raised.Id;
        }

        await App.RunBackgroundAsync();

        // Quote approvals go to the managers who see the account, not to the rep who asked nor to quality.
        Assert.Equal([c.Manager.Id], await c.ToldAsync(App, quoteEvent));
        var toldOfIncident = await App.ToldAsync(incidentEvent);
        Assert.Contains(c.Quality.Id, toldOfIncident);
        Assert.Contains(c.Owner.Id, toldOfIncident);
        Assert.Contains(c.Manager.Id, toldOfIncident);
        Assert.DoesNotContain(c.OtherRep.Id, toldOfIncident);
        Assert.DoesNotContain(c.Product.Id, toldOfIncident);
    }

    private async Task<long> InsertIncidentAsync(long accountId, long userId)
    {
        await using var db = App.OpenDb();
        var now = DateTime.UtcNow;
        var incident = new Bridgehead.Incidents.Incident
        {
            AccountId = accountId,
            Title = "Cracked housings",
            Description = "Hairline cracks on two lots.",
            Severity = Bridgehead.Incidents.IncidentSeverity.Major,
            OpenedAt = now,
            OpenedById = userId,
            OwnerId = userId,
            ContainmentDueAt = now.AddHours(24),
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        return incident.Id;
    }
}
