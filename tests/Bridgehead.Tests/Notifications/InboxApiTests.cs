using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Notifications;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Notifications;

public sealed class InboxApiTests_Sqlite() : InboxApiTests(Provider.Sqlite);

public sealed class InboxApiTests_Postgres() : InboxApiTests(Provider.Postgres);

/// <summary>The inbox and the preferences over the API: each user their own.</summary>
public abstract class InboxApiTests(Provider provider) : AppTests(provider)
{
    private async Task<(TestUser Me, TestUser Other, long OpportunityId, long[] Mine, long[] Theirs)> InboxesAsync()
    {
        var me = await App.CreateUserAsync(Role.Rep);
        var other = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(me);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        var first = await App.NotifyAsync(opportunity.Id(), account.Id(), "Boiler valves", me.Id, other.Id);
        var second = await App.NotifyAsync(opportunity.Id(), account.Id(), "Pump seals", me.Id);
        return (me, other, opportunity.Id(), [first[0], second[0]], [first[1]]);
    }

    [Fact]
    public async Task List_ShowsOnlyTheCallersOwn_NewestFirst_WithTitleSentenceAndLink_InTheirLanguage()
    {
        var (me, other, opportunityId, mine, theirs) = await InboxesAsync();

        var page = await App.Client(me).GetJsonAsync("/api/v1/notifications");
        var items = page["items"]!.AsArray();
        Assert.Equal([mine[1], mine[0]], items.Select(i => i!.Id()));
        Assert.Null(page["nextCursor"]);
        var newest = items[0]!;
        Assert.Equal("stageChanged", newest.Str("event"));
        Assert.Equal("Stage changed: Pump seals", newest.Str("title"));
        Assert.Equal("Pump seals moved from Prospecting to Contact.", newest.Str("sentence"));
        Assert.Equal($"/opportunities/{opportunityId}", newest.Str("link"));
        Assert.Null(newest["readAt"]);
        Assert.NotNull(newest["createdAt"]);

        var ko = (await App.Client(me, language: "ko").GetJsonAsync("/api/v1/notifications"))["items"]![0]!;
        Assert.Equal("단계 변경: Pump seals", ko.Str("title"));
        Assert.Contains("시장 탐색", ko.Str("sentence"), StringComparison.Ordinal);

        var theirsPage = await App.Client(other).GetJsonAsync("/api/v1/notifications");
        Assert.Equal(theirs, theirsPage["items"]!.AsArray().Select(i => i!.Id()));

        var firstPage = await App.Client(me).GetJsonAsync("/api/v1/notifications?limit=1");
        Assert.Equal([mine[1]], firstPage["items"]!.AsArray().Select(i => i!.Id()));
        var cursor = Uri.EscapeDataString(firstPage.Str("nextCursor"));
        var nextPage = await App.Client(me).GetJsonAsync($"/api/v1/notifications?limit=1&cursor={cursor}");
        Assert.Equal([mine[0]], nextPage["items"]!.AsArray().Select(i => i!.Id()));
        Assert.Equal(HttpStatusCode.BadRequest, (await App.Client(me).GetAsync("/api/v1/notifications?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client().GetAsync("/api/v1/notifications")).StatusCode);
    }

    [Fact]
    public async Task Read_MarksOnlyTheCallersOwn_AnotherUsersIsNotFound_AndReadAllCountsWhatItMarked()
    {
        var (me, other, _, mine, theirs) = await InboxesAsync();
        using var client = App.Client(me);

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/notifications/{theirs[0]}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/notifications/{long.MaxValue}/read", null)).StatusCode);
        Assert.Null((await App.Client(other).GetJsonAsync("/api/v1/notifications"))["items"]![0]!["readAt"]);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/notifications/{mine[0]}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/notifications/{mine[0]}/read", null)).StatusCode);
        var unread = await client.GetJsonAsync("/api/v1/notifications?unread=true");
        Assert.Equal([mine[1]], unread["items"]!.AsArray().Select(i => i!.Id()));
        var all = await client.GetJsonAsync("/api/v1/notifications");
        Assert.NotNull(all["items"]!.AsArray().Single(i => i!.Id() == mine[0])!["readAt"]);

        var marked = await (await client.PostAsync("/api/v1/notifications/read-all", null)).JsonAsync();
        Assert.Equal(1, marked["marked"]!.GetValue<int>());
        Assert.Empty((await client.GetJsonAsync("/api/v1/notifications?unread=true"))["items"]!.AsArray());
        // The other user's entry is untouched.
        Assert.Single((await App.Client(other).GetJsonAsync("/api/v1/notifications?unread=true"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Preferences_ShowTheRoleDefaults_UntilTheUserChooses_EachUserTheirOwn()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var quality = await App.CreateUserAsync(Role.Quality);
        var viewer = await App.CreateUserAsync(Role.Viewer);
        using var client = App.Client(rep);

        var defaults = Index(await client.GetJsonAsync("/api/v1/notification-preferences"));
        Assert.Equal(Enum.GetValues<NotificationEvent>().Length, defaults.Count);
        Assert.True(defaults["stageChanged"]["inApp"]!.GetValue<bool>());
        Assert.True(defaults["stageChanged"]["email"]!.GetValue<bool>());
        Assert.True(defaults["stageChanged"]["isDefault"]!.GetValue<bool>());
        Assert.False(defaults["gateOverridden"]["inApp"]!.GetValue<bool>());
        Assert.False(defaults["quoteApprovalNeeded"]["inApp"]!.GetValue<bool>());
        var ofQuality = Index(await App.Client(quality).GetJsonAsync("/api/v1/notification-preferences"));
        Assert.Equal(["incidentEscalated", "incidentOpened", "orderAtRisk"],
            ofQuality.Where(p => p.Value["inApp"]!.GetValue<bool>()).Select(p => p.Key).Order(StringComparer.Ordinal));

        var saved = await client.PutAsJsonAsync("/api/v1/notification-preferences", new object[]
        {
            new { @event = "stageChanged", inApp = true, email = false },
            new { @event = "gateOverridden", inApp = true, email = true },
        });
        await saved.ExpectAsync(HttpStatusCode.OK);
        var mine = Index(await client.GetJsonAsync("/api/v1/notification-preferences"));
        Assert.False(mine["stageChanged"]["email"]!.GetValue<bool>());
        Assert.False(mine["stageChanged"]["isDefault"]!.GetValue<bool>());
        Assert.True(mine["gateOverridden"]["email"]!.GetValue<bool>());
        Assert.True(mine["orderAtRisk"]["isDefault"]!.GetValue<bool>());
        // Nobody else's choices moved.
        Assert.True(Index(await App.Client(quality).GetJsonAsync("/api/v1/notification-preferences"))["stageChanged"]["isDefault"]!.GetValue<bool>());

        // A viewer may choose too (it is their own inbox, not a business record).
        await (await App.Client(viewer).PutAsJsonAsync("/api/v1/notification-preferences", new object[] { new { @event = "orderAtRisk", inApp = true, email = false } }))
            .ExpectAsync(HttpStatusCode.OK);

        // The full list: what is left out goes back to the default.
        await (await client.PutAsJsonAsync("/api/v1/notification-preferences", Array.Empty<object>())).ExpectAsync(HttpStatusCode.OK);
        Assert.All(Index(await client.GetJsonAsync("/api/v1/notification-preferences")).Values, p => Assert.True(p["isDefault"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Preferences_WithAnUnknownOrRepeatedEvent_Are422NamingIt_AndNothingChanges()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);

        var bad = await client.PutAsJsonAsync("/api/v1/notification-preferences", new object[]
        {
            new { @event = "stageChanged", inApp = false, email = false },
            new { @event = "pizzaArrived", inApp = true, email = false },
            new { @event = "stageChanged", inApp = true, email = false },
            new { inApp = true },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var errors = await bad.ErrorsAsync();
        Assert.Equal(["[1].event", "[2].event", "[3].event"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("pizzaArrived", errors["[1].event"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("stageChanged", errors["[1].event"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("stageChanged", errors["[2].event"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(Index(await client.GetJsonAsync("/api/v1/notification-preferences"))["stageChanged"]["isDefault"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsync("/api/v1/notification-preferences",
            new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client().GetAsync("/api/v1/notification-preferences")).StatusCode);
    }

    private static Dictionary<string, JsonNode> Index(JsonNode list) =>
        list.AsArray().ToDictionary(p => p!.Str("event"), p => p!);
}
