using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.ProductRequests.RequestSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.ProductRequests;

public sealed class RequestFlowTests_Sqlite() : RequestFlowTests(Provider.Sqlite);

public sealed class RequestFlowTests_Postgres() : RequestFlowTests(Provider.Postgres);

/// <summary>The status flow the product role drives, the timeline of the waiting pursuits, merges and the development gate.</summary>
public abstract class RequestFlowTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Status_MovesAlongTheFlow_OtherMovesAre409ListingTheAllowed_OnlyForProductAndAdmin()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        var account = await rep.NewAccountAsync();
        var request = await rep.RaiseAsync(Unique("Flow"), accountIds: [account.Id()]);
        var status = ReqPath(request.Id()) + "/status";

        Assert.Equal(HttpStatusCode.Forbidden, (await rep.PostJsonAsync(status, new { status = "underReview", statusNote = "Please" })).StatusCode);
        var skip = await product.PostJsonAsync(status, new { status = "accepted", statusNote = "Straight in" });
        Assert.Equal(HttpStatusCode.Conflict, skip.StatusCode);
        var problem = await skip.JsonAsync();
        Assert.Equal(["declined", "underReview"], problem["allowed"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        Assert.Contains("Under review", problem.Str("detail"));
        var invalid = await product.PostJsonAsync(status, new { status = "underReview", statusNote = " ", productId = 1 });
        Assert.Equal(["productId", "statusNote"], (await invalid.ErrorsAsync()).Select(e => e.Key).Order());
        Assert.Equal(["status", "statusNote"], (await (await product.PostJsonAsync(status, new { })).ErrorsAsync()).Select(e => e.Key).Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await product.PostJsonAsync(status, new { status = "shipped", statusNote = "x" })).StatusCode);
        Assert.Equal("new", (await rep.GetJsonAsync(ReqPath(request.Id()))).Str("status"));

        var reviewed = await product.MoveAsync(request.Id(), "underReview", "Looking at the 40 bar series");
        Assert.Equal(("underReview", "Looking at the 40 bar series"), (reviewed.Str("status"), reviewed.Str("statusNote")));
        Assert.NotNull(reviewed["statusChangedAt"]);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await product.PostIfMatchAsync(status, new { status = "accepted", statusNote = "ok" }, Version(request))).StatusCode);
        await product.MoveAsync(request.Id(), "accepted");
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        await admin.MoveAsync(request.Id(), "inDevelopment");
        var unknownProduct = await product.PostJsonAsync(status, new { status = "released", statusNote = "Out", productId = long.MaxValue });
        Assert.Equal(["productId"], (await unknownProduct.ErrorsAsync()).Select(e => e.Key));
        var released = await product.MoveAsync(request.Id(), "released", "Shipping from Q3");
        Assert.Empty(released["nextStatuses"]!.AsArray());
        var final = await product.PostJsonAsync(status, new { status = "declined", statusNote = "Too late" });
        Assert.Equal(HttpStatusCode.Conflict, final.StatusCode);
        Assert.Empty((await final.JsonAsync())["allowed"]!.AsArray());

        // Declined from any open status, and reopened for review.
        var other = await rep.RaiseAsync(Unique("Declined"), accountIds: [account.Id()]);
        await product.MoveAsync(other.Id(), "underReview");
        await product.MoveAsync(other.Id(), "accepted");
        var declined = await product.MoveAsync(other.Id(), "declined", "Volume too small for a new tool");
        Assert.Equal(["underReview"], declined["nextStatuses"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("underReview", (await product.MoveAsync(other.Id(), "underReview", "The customer doubled the volume")).Str("status"));

        var history = (await rep.GetJsonAsync(ReqPath(request.Id()) + "/history"))["items"]!.ToJsonString();
        Assert.Contains("Shipping from Q3", history);
        Assert.Contains("\"released\"", history, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StatusChange_IsOnTheTimelineOfEveryOpenWaitingPursuit_InItsOwnersLanguage()
    {
        var korean = await App.CreateUserAsync(Role.Rep);
        var english = await App.CreateUserAsync(Role.Rep);
        await App.SetLanguageAsync(korean.Id, "ko");
        using var ko = App.Client(korean);
        using var en = App.Client(english);
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        var koAccount = await ko.NewAccountAsync();
        var koDeal = await ko.NewOpportunityAsync(koAccount.Id());
        var koClosed = await ko.NewOpportunityAsync(koAccount.Id());
        await (await ko.CloseAsync(koClosed.Id(), new { outcome = "dropped", reason = "projectCancelled" })).ExpectAsync(HttpStatusCode.OK);
        var enDeal = await en.NewOpportunityAsync((await en.NewAccountAsync()).Id());
        var title = Unique("Timeline");
        var request = await ko.RaiseAsync(title, opportunityIds: [koDeal.Id(), koClosed.Id()]);
        var duplicate = await en.RaiseAsync(Unique("Same need"), opportunityIds: [enDeal.Id()]);
        await (await product.PostJsonAsync(ReqPath(request.Id()) + "/merge", new { duplicateIds = new[] { duplicate.Id() } })).ExpectAsync(HttpStatusCode.OK);

        await product.MoveAsync(request.Id(), "underReview", "Prototype planned for May");

        async Task<List<(string Subject, string? Body, string Kind)>> TimelineAsync(HttpClient client, long opportunityId) =>
            [.. (await client.GetJsonAsync($"/api/v1/activities?opportunityId={opportunityId}"))["items"]!.AsArray()
                .Select(a => (a.Str("subject"), a!["body"]?.GetValue<string>(), a.Str("kind")))];
        var koTimeline = await TimelineAsync(ko, koDeal.Id());
        Assert.Contains(($"제품 요청 '{title}' 상태 변경: 검토 중", "Prototype planned for May", "note"), koTimeline);
        var enTimeline = await TimelineAsync(en, enDeal.Id());
        Assert.Contains(($"Product request '{title}' is now Under review", "Prototype planned for May", "note"), enTimeline);
        Assert.Contains(enTimeline, a => a.Subject == $"Product request '{duplicate.Str("title")}' was merged into '{title}'");
        Assert.Empty(await TimelineAsync(ko, koClosed.Id()));
    }

    [Fact]
    public async Task Merge_MovesEveryLinkExactlyOnce_DuplicatesPointToTheSurvivor_AndLeaveTheLists()
    {
        var repA = await App.CreateUserAsync(Role.Rep);
        using var a = App.Client(repA);
        using var b = App.Client(await App.CreateUserAsync(Role.Rep));
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        var tag = Tag();
        var accountA = await a.NewAccountAsync();
        var accountA2 = await a.NewAccountAsync();
        var dealA = await a.NewOpportunityAsync(accountA.Id());
        var accountB = await b.NewAccountAsync();
        var dealB = await b.NewOpportunityAsync(accountB.Id());
        var survivor = await a.RaiseAsync(Title(tag, "Survivor"), opportunityIds: [dealA.Id()], blocking: false);
        var sameDeal = await a.RaiseAsync(Title(tag, "Same deal"), opportunityIds: [dealA.Id()], accountIds: [accountA2.Id()]);
        var otherRep = await b.RaiseAsync(Title(tag, "Other rep"), opportunityIds: [dealB.Id()]);
        var merge = ReqPath(survivor.Id()) + "/merge";

        Assert.Equal(HttpStatusCode.Forbidden, (await a.PostJsonAsync(merge, new { duplicateIds = new[] { sameDeal.Id() } })).StatusCode);
        Assert.Equal(["duplicateIds"], (await (await product.PostJsonAsync(merge, new { duplicateIds = new[] { survivor.Id() } })).ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(["duplicateIds"], (await (await product.PostJsonAsync(merge, new { duplicateIds = new[] { long.MaxValue } })).ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(["duplicateIds"], (await (await product.PostJsonAsync(merge, new { duplicateIds = Array.Empty<long>() })).ErrorsAsync()).Select(e => e.Key));

        var response = await product.PostJsonAsync(merge, new { duplicateIds = new[] { sameDeal.Id(), otherRep.Id() } });
        await response.ExpectAsync(HttpStatusCode.OK);
        var merged = await response.JsonAsync();
        Assert.Equal(new[] { accountA.Id(), accountA2.Id(), accountB.Id() }.Order(), Ids(merged, "accountIds").Order());
        Assert.Equal(2, merged["waitingOpportunities"]!.GetValue<int>());

        await using (var db = App.OpenDb())
        {
            var accounts = await db.ProductRequestAccounts.Where(l => l.ProductRequestId == survivor.Id()).Select(l => l.AccountId).ToListAsync();
            var pursuits = await db.ProductRequestOpportunities.Where(l => l.ProductRequestId == survivor.Id()).ToListAsync();
            Assert.Equal(new[] { accountA.Id(), accountA2.Id(), accountB.Id() }.Order(), accounts.Order());
            Assert.Equal(new[] { dealA.Id(), dealB.Id() }.Order(), pursuits.Select(p => p.OpportunityId).Order());
            // dealA waited (blocking) on the duplicate: it blocks on the survivor now.
            Assert.True(pursuits.Single(p => p.OpportunityId == dealA.Id()).Blocking);
            var ids = new[] { sameDeal.Id(), otherRep.Id() };
            Assert.False(await db.ProductRequestAccounts.AnyAsync(l => ids.Contains(l.ProductRequestId)));
            Assert.False(await db.ProductRequestOpportunities.AnyAsync(l => ids.Contains(l.ProductRequestId)));
        }

        // The admin sees every link of the survivor; rep A the ones of their accounts.
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var all = await admin.GetJsonAsync(ReqPath(survivor.Id()));
        Assert.Equal(new[] { dealA.Id(), dealB.Id() }.Order(), Ids(all, "opportunityIds").Order());
        var seenByA = await a.GetJsonAsync(ReqPath(survivor.Id()));
        Assert.Equal(new[] { accountA.Id(), accountA2.Id() }.Order(), Ids(seenByA, "accountIds").Order());
        Assert.Equal([dealA.Id()], Ids(seenByA, "opportunityIds"));
        Assert.Equal(2, seenByA["waitingOpportunities"]!.GetValue<int>());

        Assert.Equal([survivor.Id()], await product.ListIdsAsync($"q={tag}"));
        Assert.Equal([survivor.Id()], await b.ListIdsAsync($"q={tag}"));
        var gone = await b.GetJsonAsync(ReqPath(otherRep.Id()));
        Assert.Equal(survivor.Id(), gone["mergedIntoId"]!.GetValue<long>());
        Assert.Empty(gone["accountIds"]!.AsArray());
        Assert.False(gone["canEdit"]!.GetValue<bool>());
        Assert.Equal(survivor.Id(), (await a.GetJsonAsync(ReqPath(otherRep.Id())))["mergedIntoId"]!.GetValue<long>());
        using var stranger = App.Client(await App.CreateUserAsync(Role.Rep));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(ReqPath(otherRep.Id()))).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await b.PatchJsonAsync(ReqPath(otherRep.Id()), new { title = "Revived" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await product.PostJsonAsync(ReqPath(otherRep.Id()) + "/status", new { status = "underReview", statusNote = "x" })).StatusCode);
        var again = await product.PostJsonAsync(merge, new { duplicateIds = new[] { sameDeal.Id() } });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // A later merge of the survivor repoints the earlier duplicates: one hop, always.
        var last = await a.RaiseAsync(Title(tag, "Last"), accountIds: [accountA.Id()]);
        await (await product.PostJsonAsync(ReqPath(last.Id()) + "/merge", new { duplicateIds = new[] { survivor.Id() } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(last.Id(), (await admin.GetJsonAsync(ReqPath(sameDeal.Id())))["mergedIntoId"]!.GetValue<long>());
        Assert.Equal(2, (await admin.GetJsonAsync(ReqPath(last.Id())))["opportunityIds"]!.AsArray().Count);
    }

    [Fact]
    public async Task Gate_Development_BlockingOpenRequestsBlock_AnAnsweredRequestOrAStandardFitMeetsIt()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(owner);
        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        var account = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(account.Id());
        await App.PutInStageAsync(deal.Id(), "development");

        static (bool Met, string Why) Verdict(System.Text.Json.Nodes.JsonNode gate) =>
            gate["criteria"]!.AsArray().Where(c => c.Str("key") == "productRequestsResolved")
                .Select(c => (c!["met"]!.GetValue<bool>(), c.Str("why"))).Single();

        Assert.Equal((false, "No product request is linked and the needs do not say our standard range fits."), Verdict(await client.GateAsync(deal.Id())));
        var title = Unique("Gate");
        var blocking = await client.RaiseAsync(title, opportunityIds: [deal.Id()]);
        var relaxed = await client.RaiseAsync(Unique("Nice to have"), opportunityIds: [deal.Id()], blocking: false);
        var (met, why) = Verdict(await client.GateAsync(deal.Id()));
        Assert.False(met);
        Assert.Equal($"Still waiting on: '{title}' (New).", why);
        Assert.Contains("productRequestsResolved", await UnmetKeysAsync(await client.AdvanceAsync(deal.Id())));
        var korean = await App.Client(owner, "ko").GateAsync(deal.Id());
        Assert.Contains("아직 기다리는 요청", Verdict(korean).Why);
        Assert.Contains(korean["criteria"]!.AsArray(), c => c.Str("name") == "진행을 막는 미결 제품 요청 없음");

        await product.MoveAsync(blocking.Id(), "declined", "Not on the roadmap");
        Assert.Equal((true, $"Development answered: '{title}' (Declined)."), Verdict(await client.GateAsync(deal.Id())));
        _ = relaxed;

        // Another pursuit with only a non-blocking open request: unmet until the needs say the standard range fits.
        var other = await client.NewOpportunityAsync(account.Id());
        await App.PutInStageAsync(other.Id(), "development");
        await client.RaiseAsync(Unique("Optional"), opportunityIds: [other.Id()], blocking: false);
        Assert.False(Verdict(await client.GateAsync(other.Id())).Met);
        await App.MeetDevelopmentGateAsync(client, account.Id(), other.Id());
        Assert.Equal((true, "The needs say our standard range fits: no request needed."), Verdict(await client.GateAsync(other.Id())));
    }
}
