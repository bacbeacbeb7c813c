using System.Globalization;
using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.BuyingCenter;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Feedback.FeedbackSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Feedback;

public sealed class FeedbackPagesTests_Sqlite() : FeedbackPagesTests(Provider.Sqlite);

public sealed class FeedbackPagesTests_Postgres() : FeedbackPagesTests(Provider.Postgres);

/// <summary>Customer feedback on the opportunity page, its forms, and the owner's overdue list on the home page.</summary>
public abstract class FeedbackPagesTests(Provider provider) : AppTests(provider)
{
    private static string Page(Pursuit p) => $"/opportunities/{p.OpportunityId}";

    private static string Day(int offset) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheOpportunityPage_ListsFeedback_FlagsOverdue_AndOffersForms()
    {
        var p = await Pursuit.NewAsync(App);
        var person = await p.PersonAsync("Choi Buyer");
        await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "capacity", text = "Can you double volume in Q4?", receivedOn = Day(-9), dueOn = Day(-2), contactId = person.Id() });
        await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "price", text = "Payment terms?", response = "60 days net" });
        using var browser = await App.SignInAsync(p.Owner);

        var (status, html) = await browser.GetAsync(Page(p));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"feedback\"", html);
        Assert.Contains("Customer feedback", html);
        Assert.Contains("<span class=\"badge overdue\">1 overdue</span>", html);
        Assert.Contains("2 item(s), 1 waiting for our answer.", html);
        Assert.Contains("Production capacity", html);
        Assert.Contains(person.Str("name"), html);
        Assert.Contains("60 days net", html);
        Assert.Contains("?handler=answer", html);
        Assert.Contains($"action=\"/opportunities/{p.OpportunityId}/feedback/add\"", html);
        Assert.DoesNotContain("style=", html);

        using var korean = await App.SignInAsync(p.Owner, "ko");
        var (_, ko) = await korean.GetAsync(Page(p));
        Assert.Contains("고객 피드백", ko);
        Assert.Contains("기한 경과 1건", ko);
        Assert.Contains("생산 능력", ko);

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (_, read) = await viewer.GetAsync(Page(p));
        Assert.Contains("Can you double volume in Q4?", read);
        Assert.DoesNotContain("?handler=answer", read);
        Assert.DoesNotContain("/feedback/add", read);
    }

    [Fact]
    public async Task AddAnswerAndEdit_ThroughTheForms_WithFieldErrorsAndStaleVersions()
    {
        var p = await Pursuit.NewAsync(App);
        using var browser = await App.SignInAsync(p.Owner);
        var page = await browser.GetFormAsync(Page(p));

        // Without text the add form comes back on its own page naming the field.
        var refused = await browser.PostFormAsync(Page(p) + "/feedback/add", page.Token, new Dictionary<string, string> { ["Form.Category"] = "Roadmap" });
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Matches("id=\"Form_Text-error\">[^<]+</span>", refusedHtml);

        var added = await browser.PostFormAsync(Page(p) + "/feedback/add", page.Token, new Dictionary<string, string>
        {
            ["Form.Category"] = "Roadmap",
            ["Form.Text"] = "Is a digital twin on your roadmap?",
            ["Form.DueOn"] = Day(5),
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal($"{Page(p)}#feedback", added.Headers.Location?.ToString());
        var item = (await p.Api.GetJsonAsync(FeedbackPath(p.OpportunityId)))["items"]![0]!;
        Assert.Equal("open", item.Str("status"));

        var after = await browser.GetFormAsync(Page(p));
        var answer = HtmlForm.Parse(after.Html, "?handler=answer\"").Set("Form.Response", "Yes, pilot in 2027.");
        var answered = await browser.Http.PostAsync($"{Page(p)}/feedback/{item.Id()}/edit?handler=answer", answer.Content());
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal("answered", (await p.Api.GetJsonAsync(FeedbackPath(p.OpportunityId, item.Id()))).Str("status"));

        // The same answer form again is stale.
        var stale = await browser.Http.PostAsync($"{Page(p)}/feedback/{item.Id()}/edit?handler=answer", answer.Content());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("Someone else changed this record", await stale.Content.ReadAsStringAsync());

        // Closing without an answer is refused on the answer field.
        var edit = await browser.GetFormAsync($"{Page(p)}/feedback/{item.Id()}/edit");
        Assert.Equal(HttpStatusCode.OK, edit.Status);
        var form = HtmlForm.Parse(edit.Html, "class=\"panel feedback-form\"").Set("Form.Category", "Roadmap").Set("Form.Text", "Is a digital twin on your roadmap?").Set("Form.Status", "Closed").Set("Form.Response", "");
        var closing = await browser.Http.PostAsync($"{Page(p)}/feedback/{item.Id()}/edit", form.Content());
        Assert.Equal(HttpStatusCode.OK, closing.StatusCode);
        Assert.Matches("id=\"Form_Response-error\">[^<]+</span>", await closing.Content.ReadAsStringAsync());
        var closed = await browser.Http.PostAsync($"{Page(p)}/feedback/{item.Id()}/edit", form.Set("Form.Response", "Pilot in 2027; details at the review.").Content());
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal("closed", (await p.Api.GetJsonAsync(FeedbackPath(p.OpportunityId, item.Id()))).Str("status"));

        var quality = await App.CreateUserAsync(Role.Quality);
        using var q = await App.SignInAsync(quality);
        Assert.Equal(HttpStatusCode.Forbidden, (await q.GetAsync($"{Page(p)}/feedback/{item.Id()}/edit")).Status);
        using var stranger = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{Page(p)}/feedback/{item.Id()}/edit")).Status);
    }

    [Fact]
    public async Task TheOwnersHome_ListsTheirOverdueFeedback_AndOthersDoNotSeeIt()
    {
        var p = await Pursuit.NewAsync(App);
        using var emptyHome = await App.SignInAsync(p.Owner);
        Assert.Contains("No customer feedback waits past its due date.", (await emptyHome.GetAsync("/")).Html);

        var late = await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "quality", text = "PPM report for last quarter?", receivedOn = Day(-10), dueOn = Day(-3) });
        await p.Api.CreateAsync(FeedbackPath(p.OpportunityId), new { category = "price", text = "Not yet due", dueOn = Day(3) });

        var (status, html) = await emptyHome.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("My overdue customer feedback", html);
        Assert.Contains($"href=\"/opportunities/{p.OpportunityId}#feedback-{late.Id()}\"", html);
        Assert.Contains("3 day(s) late", html);
        Assert.Contains("PPM report for last quarter?", html);
        Assert.DoesNotContain("Not yet due", html);

        using var other = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));
        Assert.DoesNotContain("PPM report for last quarter?", (await other.GetAsync("/")).Html);
        using var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));
        Assert.DoesNotContain("My overdue customer feedback", (await quality.GetAsync("/")).Html);
    }
}
