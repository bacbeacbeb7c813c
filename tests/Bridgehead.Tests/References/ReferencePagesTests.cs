using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.References;

public sealed class ReferencePagesTests_Sqlite() : ReferencePagesTests(Provider.Sqlite);

public sealed class ReferencePagesTests_Postgres() : ReferencePagesTests(Provider.Postgres);

/// <summary>The reference pages: the library, a case, the forms, delete, and the matches on the opportunity page.</summary>
public abstract class ReferencePagesTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task ListAndDetail_ShowTheLibraryWithNamingBadges_InBothLanguages()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(owner);
        var customer = await client.NewCustomerAsync("28");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var product = await App.NewProductAsync("Check valve " + tag, "valves");
        var named = await client.NewReferenceAsync(customer.Id(), $"Named {tag}", productIds: [product], mayBeNamed: true, outcome: "Zero leaks in two years");
        await client.NewReferenceAsync(customer.Id(), $"Quiet {tag}");
        var otherRep = await App.CreateUserAsync(Role.Rep);
        using var browser = await App.SignInAsync(otherRep);

        var (status, raw) = await browser.GetAsync($"/references?q={tag}");
        Assert.Equal(HttpStatusCode.OK, status);
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains($"Named {tag}", html);
        Assert.Contains($"Quiet {tag}", html);
        Assert.Contains("May be named", html);
        Assert.Contains("Anonymous only", html);
        Assert.Contains(customer.Str("name"), html);
        Assert.Contains("href=\"/references\"", raw);
        var (_, none) = await browser.GetAsync($"/references?q={tag}&mayBeNamed=true&industry=01");
        Assert.Contains("Nothing matches these filters.", none);

        // Another rep reads the case but gets no edit or delete, and the edit page is 403.
        var (_, detail) = await browser.GetAsync($"/references/{named.Id()}");
        var detailText = WebUtility.HtmlDecode(detail);
        Assert.Contains("Zero leaks in two years", detailText);
        Assert.Contains("Check valve " + tag, detailText);
        Assert.DoesNotContain($"/references/{named.Id()}/edit", detail);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/references/{named.Id()}/edit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/references/{named.Id()}/delete")).Status);

        var (_, korean) = await (await App.SignInAsync(owner, "ko")).GetAsync($"/references?q={tag}");
        Assert.Contains("레퍼런스 사례", korean);
        Assert.Contains("실명 공개 가능", korean);
        Assert.Contains("익명으로만", korean);
        Assert.Contains("성과", korean);

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (viewerStatus, viewerList) = await viewer.GetAsync($"/references?q={tag}");
        Assert.Equal(HttpStatusCode.OK, viewerStatus);
        Assert.Contains($"Named {tag}", viewerList);
        Assert.DoesNotContain("href=\"/references/new\"", viewerList);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/references/new")).Status);

        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            var (denied, _) = await (await App.SignInAsync(await App.CreateUserAsync(role))).GetAsync("/references");
            Assert.Equal(HttpStatusCode.Forbidden, denied);
        }
    }

    [Fact]
    public async Task NewEditAndDelete_SaveTheCase_ShowErrorsInline()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var customer = await client.NewCustomerAsync("28");
        var product = await App.NewProductAsync("Formed valve", "valves");
        using var browser = await App.SignInAsync(rep);
        var form = await browser.GetFormAsync("/references/new");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains(customer.Str("name"), WebUtility.HtmlDecode(form.Html));
        Assert.Contains("Formed valve", form.Html);

        var refused = await browser.PostFormAsync("/references/new", form.Token, new Dictionary<string, string> { ["Form.Title"] = " " });
        var errors = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"Form_Title-error\"", errors);
        Assert.Contains("id=\"Form_AccountId-error\"", errors);

        var title = Unique("Form case");
        var created = await browser.PostFormAsync("/references/new", form.Token, new Dictionary<string, string>
        {
            ["Form.Title"] = title, ["Form.AccountId"] = customer.Id().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.ProductIds"] = product.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.MayBeNamed"] = "true",
            ["Form.Outcome"] = "Lead time halved",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var path = created.Headers.Location!.OriginalString;
        var saved = await client.GetJsonAsync("/api/v1" + path);
        Assert.Equal((title, "28", true), (saved.Str("title"), saved.Str("industry"), saved["mayBeNamed"]!.GetValue<bool>()));
        Assert.Equal([product], saved["products"]!.AsArray().Select(p => p!.Id()));

        var edit = await browser.GetFormAsync(path + "/edit");
        var changed = await browser.PostFormAsync(path + "/edit", edit.Token, new Dictionary<string, string>
        {
            ["Form.Title"] = title + " v2", ["Form.AccountId"] = customer.Id().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Version"] = saved["version"]!.ToString(), ["Form.Industry"] = "01",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var after = await client.GetJsonAsync("/api/v1" + path);
        Assert.Equal((title + " v2", "01", false), (after.Str("title"), after.Str("industry"), after["mayBeNamed"]!.GetValue<bool>()));

        var delete = await browser.GetFormAsync(path + "/delete");
        var deleted = await browser.PostFormAsync(path + "/delete", delete.Token, new Dictionary<string, string> { ["version"] = after["version"]!.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1" + path)).StatusCode);
    }

    [Fact]
    public async Task OpportunityPage_ShowsMatchingReferencesWithScoreAndReasons_InKorean()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        using var other = App.Client(await App.CreateUserAsync(Role.Rep));
        var customer = await client.NewCustomerAsync("03");
        var opportunity = await client.NewOpportunityAsync(customer.Id());
        var elsewhere = await other.NewCustomerAsync("03");
        var title = Unique("Fish farm nets");
        await other.NewReferenceAsync(elsewhere.Id(), title, mayBeNamed: true);

        var (status, html) = await (await App.SignInAsync(rep, "ko")).GetAsync($"/opportunities/{opportunity.Id()}");

        Assert.Equal(HttpStatusCode.OK, status);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("유사 레퍼런스", text);
        Assert.Contains(title, text);
        Assert.Contains("유사도", text);
        Assert.Contains("같은 산업: 03", text);
        Assert.Contains("실명 공개 가능", text);
    }
}
