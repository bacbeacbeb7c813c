using System.Globalization;
using System.Net;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.BuyingCenter;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Feedback.FeedbackSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Feedback;

public sealed class FeedbackApiTests_Sqlite() : FeedbackApiTests(Provider.Sqlite);

public sealed class FeedbackApiTests_Postgres() : FeedbackApiTests(Provider.Postgres);

/// <summary>/opportunities/{id}/feedback: what the customer said, our answers, overdue items, who may do what, and the feedback gate.</summary>
public abstract class FeedbackApiTests(Provider provider) : AppTests(provider)
{
    private static string Day(int offset) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string ETag(HttpResponseMessage r) => r.Headers.ETag!.Tag;

    [Fact]
    public async Task Create_FillsTheDefaults_AndNamesContactAndOwner()
    {
        var p = await Pursuit.NewAsync(App);
        var person = await p.PersonAsync("Park Buyer");

        var created = await p.Api.PostJsonAsync(FeedbackPath(p.OpportunityId), new { category = "price", text = "  Your price is 6% above the incumbent.  ", contactId = person.Id(), dueOn = Day(7) });

        await created.ExpectAsync(HttpStatusCode.Created);
        var item = await created.JsonAsync();
        Assert.Equal(FeedbackPath(p.OpportunityId, item.Id()), created.Headers.Location?.ToString());
        Assert.Equal("\"1\"", ETag(created));
        Assert.Equal("price", item.Str("category"));
        Assert.Equal("Your price is 6% above the incumbent.", item.Str("text"));
        Assert.Equal(Day(0), item.Str("receivedOn"));
        Assert.Equal(person.Str("name"), item.Str("contactName"));
        Assert.Equal(p.Owner.Id, item["ownerId"]!.GetValue<long>());
        Assert.StartsWith("Test Rep", item.Str("ownerName"));
        Assert.Equal("open", item.Str("status"));
        Assert.False(item["overdue"]!.GetValue<bool>());
        Assert.Null(item["response"]);
        Assert.Null(item["respondedAt"]);
    }

    [Fact]
    public async Task GivingAResponse_AnswersOpenFeedback_AndRespondedAtIsSetOnce()
    {
        var p = await Pursuit.NewAsync(App);
        var answeredAtOnce = await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "service", text = "Need 24/7 support", response = "Hotline included" });
        Assert.Equal("answered", answeredAtOnce.Str("status"));
        Assert.NotNull(answeredAtOnce["respondedAt"]);

        var item = await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "roadmap", text = "When is the low-noise model out?" });
        var answered = await p.Api.PatchJsonAsync(FeedbackPath(p.OpportunityId, item.Id()), new { response = "Q3, samples in Q2." }, "\"1\"");
        await answered.ExpectAsync(HttpStatusCode.OK);
        var first = await answered.JsonAsync();
        Assert.Equal("answered", first.Str("status"));
        var respondedAt = first.Str("respondedAt");

        var edited = await p.Api.PatchJsonAsync(FeedbackPath(p.OpportunityId, item.Id()), new { response = "Q3; samples in May.", status = "closed" }, "\"2\"");
        await edited.ExpectAsync(HttpStatusCode.OK);
        var second = await edited.JsonAsync();
        Assert.Equal("closed", second.Str("status"));
        Assert.Equal(respondedAt, second.Str("respondedAt"));

        // Reopened: it stays open with its answer until the status changes again.
        var reopened = await p.Api.PatchJsonAsync(FeedbackPath(p.OpportunityId, item.Id()), new { status = "open" });
        Assert.Equal("open", (await reopened.JsonAsync()).Str("status"));
    }

    [Fact]
    public async Task InvalidValues_Are422_NamingTheField_AndNothingIsSaved()
    {
        var team = TestApp.NewTeam();
        var owner = await App.CreateUserAsync(Role.Rep, team);
        var p = await Pursuit.NewAsync(App, owner);
        var elsewhere = await p.Api.NewAccountAsync();
        var stranger = await p.Api.CreateAsync("/api/v1/contacts", new { accountId = elsewhere.Id(), name = Unique("Stranger") });
        var outsider = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var viewerUser = await App.CreateUserAsync(Role.Viewer);
        var path = FeedbackPath(p.OpportunityId);

        async Task<IEnumerable<string>> Refused(object body)
        {
            var response = await p.Api.PostJsonAsync(path, body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            return (await response.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal);
        }

        Assert.Equal(["category", "text"], await Refused(new { }));
        Assert.Equal(["response"], await Refused(new { category = "price", text = "t", status = "closed" }));
        Assert.Equal(["response"], await Refused(new { category = "price", text = "t", status = "answered" }));
        Assert.Equal(["contactId"], await Refused(new { category = "price", text = "t", contactId = stranger.Id() }));
        Assert.Equal(["ownerId"], await Refused(new { category = "price", text = "t", ownerId = outsider.Id }));
        Assert.Equal(["ownerId"], await Refused(new { category = "price", text = "t", ownerId = viewerUser.Id }));
        Assert.Equal(["receivedOn"], await Refused(new { category = "price", text = "t", receivedOn = Day(2) }));
        Assert.Equal(["dueOn"], await Refused(new { category = "price", text = "t", receivedOn = Day(-3), dueOn = Day(-4) }));
        Assert.Equal(["text"], await Refused(new { category = "price", text = new string('x', 4001) }));
        Assert.Equal(HttpStatusCode.BadRequest, (await p.Api.PostJsonAsync(path, new { category = "mood", text = "t" })).StatusCode);
        Assert.Empty((await p.Api.GetJsonAsync(path))["items"]!.AsArray());

        // A manager of the owner's team may own it; so may the owner's teammate on the account team.
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var item = await p.Api.CreateAsync(path, new { category = "quality", text = "PPM target 50", ownerId = manager.Id });
        Assert.Equal(manager.Id, item["ownerId"]!.GetValue<long>());
        var patch = await p.Api.PatchJsonAsync(FeedbackPath(p.OpportunityId, item.Id()), new { ownerId = outsider.Id, text = "changed" });
        Assert.Equal(["ownerId"], (await patch.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal("PPM target 50", (await p.Api.GetJsonAsync(FeedbackPath(p.OpportunityId, item.Id()))).Str("text"));
    }

    [Fact]
    public async Task OpenFeedbackPastItsDueDate_IsOverdue_UntilAnswered_AndFiltersFindIt()
    {
        var p = await Pursuit.NewAsync(App);
        var late = await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "capacity", text = "Peak volumes?", receivedOn = Day(-10), dueOn = Day(-1) });
        var dueToday = await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "price", text = "Volume rebate?", receivedOn = Day(-2), dueOn = Day(0) });
        await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "price", text = "Payment terms?", receivedOn = Day(-5), response = "60 days" });

        Assert.True(late["overdue"]!.GetValue<bool>());
        Assert.False(dueToday["overdue"]!.GetValue<bool>());
        Assert.Equal([late.Id()], (await p.Api.GetJsonAsync(FeedbackPath(p.OpportunityId) + "?overdue=true"))["items"]!.AsArray().Select(i => i!.Id()));
        Assert.Equal(2, (await p.Api.GetJsonAsync(FeedbackPath(p.OpportunityId) + "?status=open"))["items"]!.AsArray().Count);
        Assert.Equal(2, (await p.Api.GetJsonAsync(FeedbackPath(p.OpportunityId) + "?category=price"))["items"]!.AsArray().Count);
        Assert.Single((await p.Api.GetJsonAsync(FeedbackPath(p.OpportunityId) + "?category=price&status=answered"))["items"]!.AsArray());

        // Newest received first, page by page.
        var page1 = await p.Api.GetJsonAsync(FeedbackPath(p.OpportunityId) + "?limit=2");
        Assert.Equal([dueToday.Id()], page1["items"]!.AsArray().Take(1).Select(i => i!.Id()));
        var page2 = await p.Api.GetJsonAsync(FeedbackPath(p.OpportunityId) + "?limit=2&cursor=" + page1.Str("nextCursor"));
        Assert.Equal([late.Id()], page2["items"]!.AsArray().Select(i => i!.Id()));
        Assert.Null(page2["nextCursor"]);

        var answered = await p.Api.PatchJsonAsync(FeedbackPath(p.OpportunityId, late.Id()), new { response = "We add a second shift." });
        Assert.False((await answered.JsonAsync())["overdue"]!.GetValue<bool>());
        Assert.Empty((await p.Api.GetJsonAsync(FeedbackPath(p.OpportunityId) + "?overdue=true"))["items"]!.AsArray());
    }

    [Fact]
    public async Task StaleIfMatch_Is412_DeleteRemoves_AndAClosedPursuitIsReadOnly()
    {
        var p = await Pursuit.NewAsync(App);
        var item = await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "other", text = "Colour options?" });
        var path = FeedbackPath(p.OpportunityId, item.Id());
        await (await p.Api.PatchJsonAsync(path, new { text = "Colour options for the housing?" }, "\"1\"")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await p.Api.PatchJsonAsync(path, new { text = "stale" }, "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await p.Api.DeleteAsync(path, "\"1\"")).StatusCode);
        Assert.Equal("Colour options for the housing?", (await p.Api.GetJsonAsync(path)).Str("text"));

        var kept = await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "other", text = "Kept" });
        await (await p.Api.DeleteAsync(path, "\"2\"")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await p.Api.GetAsync(path)).StatusCode);

        await App.PutInStageAsync(p.OpportunityId, "feedback", OpportunityStatus.Dropped);
        Assert.Equal(HttpStatusCode.Conflict, (await p.Api.PatchJsonAsync(FeedbackPath(p.OpportunityId, kept.Id()), new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await p.Api.PostJsonAsync(FeedbackPath(p.OpportunityId), new { category = "other", text = "x" })).StatusCode);
    }

    [Fact]
    public async Task WhoMay_ReadAndWrite_AndTheHistory()
    {
        var team = TestApp.NewTeam();
        var p = await Pursuit.NewAsync(App, await App.CreateUserAsync(Role.Rep, team));
        var item = await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "price", text = "Too high" });
        var path = FeedbackPath(p.OpportunityId, item.Id());

        using var otherRep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync(FeedbackPath(p.OpportunityId))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync(path + "/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.PatchJsonAsync(path, new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.DeleteAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.PostJsonAsync(FeedbackPath(p.OpportunityId), new { category = "price", text = "x" })).StatusCode);

        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        await (await manager.PatchJsonAsync(path, new { response = "Volume rebate offered" })).ExpectAsync(HttpStatusCode.OK);

        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        Assert.Equal("answered", (await viewer.GetJsonAsync(path)).Str("status"));
        Assert.Single((await viewer.GetJsonAsync(FeedbackPath(p.OpportunityId)))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchJsonAsync(path, new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(FeedbackPath(p.OpportunityId), new { category = "price", text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync(path, null)).StatusCode);

        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var other = App.Client(await App.CreateUserAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(FeedbackPath(p.OpportunityId))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(path + "/history")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostJsonAsync(FeedbackPath(p.OpportunityId), new { category = "price", text = "x" })).StatusCode);
        }

        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var history = (await admin.GetJsonAsync(path + "/history"))["items"]!.AsArray();
        Assert.Equal(2, history.Count);
        Assert.Contains(history[0]!["changes"]!.AsArray(), c => c.Str("field") == "status" && c.Str("old") == "open" && c.Str("new") == "answered");
        Assert.Contains(history[0]!["changes"]!.AsArray(), c => c.Str("field") == "response" && c.Str("new") == "Volume rebate offered");
    }

    [Fact]
    public async Task TheFeedbackGate_CountsOpenAndAnswered()
    {
        var p = await Pursuit.NewAsync(App);
        await App.PutInStageAsync(p.OpportunityId, "feedback");
        async Task<(bool Met, string Why)> Verdict()
        {
            var c = (await p.Api.GateAsync(p.OpportunityId))["criteria"]!.AsArray().Single(c => c.Str("key") == "feedbackAnswered")!;
            return (c["met"]!.GetValue<bool>(), c.Str("why"));
        }

        Assert.Equal((false, "No customer feedback recorded yet."), await Verdict());
        var open = await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "price", text = "Lower?", receivedOn = Day(-5), dueOn = Day(-1) });
        await p.Api.MeetFeedbackGateAsync(p.OpportunityId);
        Assert.Equal((false, "1 of 2 feedback item(s) still waiting for our answer (1 overdue)."), await Verdict());
        await (await p.Api.PatchJsonAsync(FeedbackPath(p.OpportunityId, open.Id()), new { response = "No, but faster delivery.", status = "closed" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((true, "2 feedback item(s), none open: 1 answered, 1 closed."), await Verdict());
    }
}
