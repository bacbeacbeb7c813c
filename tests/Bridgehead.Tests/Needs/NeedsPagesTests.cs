using System.Globalization;
using System.Net;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.BuyingCenter;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.References;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Needs;

public sealed class NeedsPagesTests_Sqlite() : NeedsPagesTests(Provider.Sqlite);

public sealed class NeedsPagesTests_Postgres() : NeedsPagesTests(Provider.Postgres);

/// <summary>The needs on the opportunity page, the needs form and attaching references from the matches, driven like a browser.</summary>
public abstract class NeedsPagesTests(Provider provider) : AppTests(provider)
{
    private static string Page(Pursuit p) => $"/opportunities/{p.OpportunityId}";

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static object BelowFloor(long[] referenceIds) => new
    {
        targetPrice = new { amount = 9600m, currency = "KRW" },
        ourFloorPrice = new { amount = 10000m, currency = "KRW" },
        priceUnit = "pcs",
        priority = "service",
        serviceRequirements = new object[]
        {
            new { kind = "deliveryRhythm", detail = "Weekly call-offs", mustHave = true },
            new { kind = "packaging", detail = "Returnable crates", mustHave = false },
        },
        tradeOffs = new object[] { new { direction = "priceForService", description = "Monthly instead of weekly deliveries", priceEffectPercent = -3m } },
        referenceIds,
    };

    /// <summary>
    /// A pursuit in an application of its own and a reference case about another customer in the
    /// same application: a match that does not crowd other tests' matches off their pages.
    /// </summary>
    private async Task<(Pursuit P, long ReferenceId, string Title)> WithMatchAsync()
    {
        var p = await Pursuit.NewAsync(App);
        var name = Unique("kilns");
        long applicationId;
        await using (var db = App.OpenDb())
        {
            var application = new Industries.Application { IndustryCode = "28", NameEn = name, NameKo = name, SearchName = name.ToLowerInvariant() };
            db.Applications.Add(application);
            await db.SaveChangesAsync();
            applicationId = application.Id;
        }
        await (await p.Api.PatchJsonAsync(PathOf(p.OpportunityId), new { applicationId })).ExpectAsync(HttpStatusCode.OK);
        var customer = await p.Api.NewCustomerAsync();
        var title = Unique("Kiln retrofit");
        var reference = await p.Api.NewReferenceAsync(customer.Id(), title, applicationId: applicationId, mayBeNamed: true);
        return (p, reference.Id(), title);
    }

    [Fact]
    public async Task TheOpportunityPage_ShowsTheBar_Gap_Chips_Trades_AndReferences()
    {
        var (p, referenceId, title) = await WithMatchAsync();
        await p.Api.SaveNeedsAsync(p.OpportunityId, BelowFloor([referenceId]));
        using var browser = await App.SignInAsync(p.Owner);

        var (status, html) = await browser.GetAsync(Page(p));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"needs\"", html);
        Assert.Contains("Needs: price and service", html);
        Assert.Contains("<svg class=\"needs-bar\"", html);
        Assert.Contains("class=\"needs-price below\"", html);
        Assert.Contains("-400 KRW (-4%)", html);
        Assert.Contains("Below our floor", html);
        Assert.Contains("Service requirements: 2 (1 must-have)", html);
        Assert.Contains("<li class=\"needs-chip must\">", html);
        Assert.Contains("Weekly call-offs", html);
        Assert.Contains("Lower price for less service", html);
        Assert.Contains("(price -3%)", html);
        Assert.Contains($"<a href=\"/references/{referenceId}\">{title}</a>", html);
        Assert.Contains("may be named", html);
        Assert.Contains($"href=\"/opportunities/{p.OpportunityId}/needs\"", html);
        // The match shows it is attached, with a detach button.
        Assert.Contains("attached to needs", html);
        Assert.DoesNotContain("style=", html);

        using var korean = await App.SignInAsync(p.Owner, "ko");
        var (_, ko) = await korean.GetAsync(Page(p));
        Assert.Contains("요구 사항: 가격과 서비스", ko);
        Assert.Contains("마지노선 미만", ko);
        Assert.Contains("서비스 요구 사항: 2건(필수 1건)", ko);
        Assert.Contains("납품 주기", ko);
    }

    [Fact]
    public async Task Empty_InvitesTheOwner_AndTheViewerOnlyReads()
    {
        var (p, _, _) = await WithMatchAsync();
        using var owner = await App.SignInAsync(p.Owner);
        var (_, html) = await owner.GetAsync(Page(p));
        Assert.Contains("No needs recorded yet.", html);
        Assert.Contains("Record needs", html);
        Assert.Contains("?handler=attach", html);

        var viewer = await App.CreateUserAsync(Role.Viewer);
        using var reading = await App.SignInAsync(viewer);
        var (status, read) = await reading.GetAsync(Page(p));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("No needs recorded yet.", read);
        Assert.DoesNotContain("Record needs", read);
        Assert.DoesNotContain("?handler=attach", read);
        Assert.Equal(HttpStatusCode.Forbidden, (await reading.GetAsync(Page(p) + "/needs")).Status);

        var quality = await App.CreateUserAsync(Role.Quality);
        using var q = await App.SignInAsync(quality);
        Assert.Equal(HttpStatusCode.Forbidden, (await q.GetAsync(Page(p) + "/needs")).Status);

        var stranger = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var s = await App.SignInAsync(stranger);
        Assert.Equal(HttpStatusCode.NotFound, (await s.GetAsync(Page(p) + "/needs")).Status);
    }

    [Fact]
    public async Task TheForm_SavesRows_AddsAndRemovesRows_AndNamesTheFieldInError()
    {
        var (p, referenceId, title) = await WithMatchAsync();
        using var browser = await App.SignInAsync(p.Owner);
        var edit = await browser.GetFormAsync(Page(p) + "/needs");
        Assert.Equal(HttpStatusCode.OK, edit.Status);
        Assert.Contains(title, edit.Html);
        Assert.Contains("name=\"Form.Services[0].Kind\"", edit.Html);
        Assert.Contains("name=\"Form.TradeOffs[0].Description\"", edit.Html);

        // "Add a service requirement" shows the form again with a second row and saves nothing.
        var form = HtmlForm.Parse(edit.Html, "class=\"panel needs-form\"");
        form.Set("Form.Services[0].Kind", "Certification").Set("Form.Services[0].Detail", "ISO 9001").Set("command", "add-service");
        var added = await browser.Http.PostAsync(Page(p) + "/needs", form.Content());
        var addedHtml = await added.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains("name=\"Form.Services[1].Kind\"", addedHtml);
        Assert.Contains("value=\"ISO 9001\"", addedHtml);
        Assert.Equal(0, (await p.Api.GetJsonAsync(NeedsSetup.NeedsPath(p.OpportunityId)))["version"]!.GetValue<long>());

        // A trade without words is refused on its own field; nothing is saved.
        var second = HtmlForm.Parse(addedHtml, "class=\"panel needs-form\"");
        second.Set("Form.Services[0].Kind", "Certification").Set("Form.Services[1].Kind", "TechnicalSupport").Check("Form.Services[1].MustHave")
            .Set("Form.TradeOffs[0].Direction", "ServiceForPrice").Set("Form.TradeOffs[0].Description", "")
            .Set("Form.TargetPrice", "9600").Set("Form.FloorPrice", "10000").Set("Form.Currency", "KRW").Set("Form.PriceUnit", "pcs")
            .Check("Form.ReferenceIds", Id(referenceId));
        var refused = await browser.Http.PostAsync(Page(p) + "/needs", second.Content());
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"Form_TradeOffs_0__Description\"", refusedHtml);
        Assert.Matches("id=\"Form_TradeOffs_0__Description-error\">[^<]+</span>", refusedHtml);
        Assert.Equal(0, (await p.Api.GetJsonAsync(NeedsSetup.NeedsPath(p.OpportunityId)))["version"]!.GetValue<long>());

        // Removing the empty trade row and saving records the document.
        // (HtmlForm reads inputs only: the selects are set again as a browser would post them.)
        var third = HtmlForm.Parse(refusedHtml, "class=\"panel needs-form\"").Set("command", "remove-trade-0")
            .Set("Form.Services[0].Kind", "Certification").Set("Form.Services[1].Kind", "TechnicalSupport").Set("Form.Currency", "KRW");
        var removed = await browser.Http.PostAsync(Page(p) + "/needs", third.Content());
        var removedHtml = await removed.Content.ReadAsStringAsync();
        Assert.DoesNotContain("name=\"Form.TradeOffs[0].Description\"", removedHtml);
        Assert.Contains("<option selected=\"selected\" value=\"TechnicalSupport\">", removedHtml);
        var last = HtmlForm.Parse(removedHtml, "class=\"panel needs-form\"")
            .Set("Form.Services[0].Kind", "Certification").Set("Form.Services[1].Kind", "TechnicalSupport").Set("Form.Currency", "KRW");
        var saved = await browser.Http.PostAsync(Page(p) + "/needs", last.Content());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"{Page(p)}#needs", saved.Headers.Location?.ToString());
        var needs = await p.Api.GetJsonAsync(NeedsSetup.NeedsPath(p.OpportunityId));
        Assert.Equal(9600m, needs["targetPrice"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(["certification", "technicalSupport"], needs["serviceRequirements"]!.AsArray().Select(s => s.Str("kind")));
        Assert.True(needs["serviceRequirements"]![1]!["mustHave"]!.GetValue<bool>());
        Assert.Equal([referenceId], needs["referenceIds"]!.AsArray().Select(n => n!.GetValue<long>()));
        Assert.Empty(needs["tradeOffs"]!.AsArray());

        // The form opened before that save is stale now.
        var stale = await browser.Http.PostAsync(Page(p) + "/needs", HtmlForm.Parse(edit.Html, "class=\"panel needs-form\"").Content());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("Someone else changed this record", await stale.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AttachAndDetach_FromTheMatches_AndAStaleButtonGets412()
    {
        var (p, referenceId, _) = await WithMatchAsync();
        using var browser = await App.SignInAsync(p.Owner);
        var page = await browser.GetFormAsync(Page(p));
        var attach = HtmlForm.Parse(page.Html, $"data-reference=\"{referenceId}\"");
        Assert.Equal(Id(referenceId), attach.Value("referenceId"));
        Assert.Equal("0", attach.Value("version"));

        var attached = await browser.Http.PostAsync(Page(p) + "/needs/references?handler=attach", attach.Content());
        Assert.Equal(HttpStatusCode.Redirect, attached.StatusCode);
        Assert.Equal([referenceId], (await p.Api.GetJsonAsync(NeedsSetup.NeedsPath(p.OpportunityId)))["referenceIds"]!.AsArray().Select(n => n!.GetValue<long>()));

        // The same button again carries version 0: someone (this user) changed the needs since.
        var stale = await browser.Http.PostAsync(Page(p) + "/needs/references?handler=attach", attach.Content());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("Someone else changed this record", await stale.Content.ReadAsStringAsync());

        var after = await browser.GetFormAsync(Page(p));
        var detach = HtmlForm.Parse(after.Html, $"data-reference=\"{referenceId}\"");
        var detached = await browser.Http.PostAsync(Page(p) + "/needs/references?handler=detach", detach.Content());
        Assert.Equal(HttpStatusCode.Redirect, detached.StatusCode);
        Assert.Empty((await p.Api.GetJsonAsync(NeedsSetup.NeedsPath(p.OpportunityId)))["referenceIds"]!.AsArray());

        // Without the antiforgery token nothing changes.
        var forged = await browser.Http.PostAsync(Page(p) + "/needs/references?handler=attach",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["referenceId"] = Id(referenceId), ["version"] = "2" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task AClosedPursuit_ShowsTheNeeds_WithoutEditing()
    {
        var (p, _, _) = await WithMatchAsync();
        await p.Api.SaveNeedsAsync(p.OpportunityId, BelowFloor([]));
        await App.PutInStageAsync(p.OpportunityId, "needs", OpportunityStatus.Lost);
        using var browser = await App.SignInAsync(p.Owner);

        var (_, html) = await browser.GetAsync(Page(p));

        Assert.Contains("This pursuit is closed: its needs are kept as they were.", html);
        Assert.DoesNotContain("Edit needs", html);
        Assert.DoesNotContain("?handler=attach", html);
        var edit = await browser.GetFormAsync(Page(p) + "/needs");
        var refused = await browser.Http.PostAsync(Page(p) + "/needs", HtmlForm.Parse(edit.Html, "class=\"panel needs-form\"").Content());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task DeletingAnAttachedReference_OnItsPage_Is409_SayingWhere()
    {
        var (p, referenceId, _) = await WithMatchAsync();
        await p.Api.SaveNeedsAsync(p.OpportunityId, new { referenceIds = new[] { referenceId } });
        using var browser = await App.SignInAsync(p.Owner);
        var page = await browser.GetFormAsync($"/references/{referenceId}/delete");

        var refused = await browser.Http.PostAsync($"/references/{referenceId}/delete", HtmlForm.Parse(page.Html, "method=\"post\" class=\"form-actions\"").Content());

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("attached to the needs of 1 pursuit(s)", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await p.Api.GetAsync(ReferenceSetup.RefPath(referenceId))).StatusCode);
    }
}
