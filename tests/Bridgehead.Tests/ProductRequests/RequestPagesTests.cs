using System.Globalization;
using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.ProductRequests.RequestSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.ProductRequests;

public sealed class RequestPagesTests_Sqlite() : RequestPagesTests(Provider.Sqlite);

public sealed class RequestPagesTests_Postgres() : RequestPagesTests(Provider.Postgres);

/// <summary>The product request pages: list, detail with status and merge, raise/edit/delete, and the panels on the opportunity and account pages.</summary>
public abstract class RequestPagesTests(Provider provider) : AppTests(provider)
{
    private static string S(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task List_ShowsTitleStatusAccountsAndRevenue_SortsAndFilters_InBothLanguages_NotForQuality()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(account.Id());
        await (await client.PatchJsonAsync(PathOf(deal.Id()), new { estimatedAnnualValue = new { amount = 12_500_000m, currency = "KRW" } })).ExpectAsync(HttpStatusCode.OK);
        var tag = Tag();
        var waited = await client.RaiseAsync(Title(tag, "Waited"), opportunityIds: [deal.Id()]);
        var quiet = await client.RaiseAsync(Title(tag, "Quiet"), accountIds: [account.Id()]);
        using var browser = await App.SignInAsync(rep);

        var (status, raw) = await browser.GetAsync($"/product-requests?q={tag}&sort=Revenue");
        Assert.Equal(HttpStatusCode.OK, status);
        var html = WebUtility.HtmlDecode(raw);
        Assert.True(html.IndexOf($"Waited {tag}", StringComparison.Ordinal) < html.IndexOf($"Quiet {tag}", StringComparison.Ordinal));
        Assert.Contains("12,500,000 KRW", html);
        Assert.Contains(account.Str("name"), html);
        Assert.Contains("href=\"/product-requests\"", raw);
        Assert.Contains($"href=\"/product-requests/{waited.Id()}\"", raw);
        var (_, newest) = await browser.GetAsync($"/product-requests?q={tag}");
        Assert.True(newest.IndexOf($"Quiet {tag}", StringComparison.Ordinal) < newest.IndexOf($"Waited {tag}", StringComparison.Ordinal));
        var (_, filtered) = await browser.GetAsync($"/product-requests?q={tag}&open=false");
        Assert.Contains("Nothing matches these filters.", filtered);

        using var product = App.Client(await App.CreateUserAsync(Role.Product));
        await product.MoveAsync(quiet.Id(), "underReview");
        var (_, korean) = await (await App.SignInAsync(rep, "ko")).GetAsync($"/product-requests?q={tag}");
        Assert.Contains("제품 요청", korean);
        Assert.Contains("위험 매출", korean);
        Assert.Contains("검토 중", korean);
        Assert.Contains("신규", korean);

        var (productStatus, productList) = await (await App.SignInAsync(await App.CreateUserAsync(Role.Product))).GetAsync($"/product-requests?q={tag}");
        Assert.Equal(HttpStatusCode.OK, productStatus);
        Assert.Contains($"Waited {tag}", productList);
        Assert.Contains("href=\"/product-requests\"", productList);
        var (viewerStatus, viewerList) = await (await App.SignInAsync(await App.CreateUserAsync(Role.Viewer))).GetAsync($"/product-requests?q={tag}");
        Assert.Equal(HttpStatusCode.OK, viewerStatus);
        Assert.Contains($"Quiet {tag}", viewerList);
        using var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync("/product-requests")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync($"/product-requests/{waited.Id()}")).Status);
        Assert.DoesNotContain("href=\"/product-requests\"", (await quality.GetAsync("/")).Html);

        using var stranger = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));
        var (_, empty) = await stranger.GetAsync("/product-requests?q=" + tag);
        Assert.DoesNotContain($"Waited {tag}", empty);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/product-requests/{waited.Id()}")).Status);
    }

    [Fact]
    public async Task OpportunityPage_RaisesARequest_ShowsWhatItWaitsOn_AndLinksAnExistingOne()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(account.Id());
        var existing = await client.RaiseAsync(Unique("Existing need"), accountIds: [account.Id()]);
        using var browser = await App.SignInAsync(rep);

        var (_, before) = await browser.GetAsync($"/opportunities/{deal.Id()}");
        Assert.Contains("Waiting on product requests", before);
        Assert.Contains("This opportunity waits on no product request.", before);
        Assert.Contains($"/product-requests/new?opportunityId={deal.Id()}", before);

        var form = await browser.GetFormAsync($"/product-requests/new?opportunityId={deal.Id()}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains(deal.Str("title"), WebUtility.HtmlDecode(form.Html));
        var refused = await browser.PostFormAsync("/product-requests/new", form.Token, new Dictionary<string, string>
        {
            ["Form.Title"] = " ", ["Form.OpportunityId"] = S(deal.Id()),
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"Form_Title-error\"", await refused.Content.ReadAsStringAsync());
        var title = Unique("Raised on the page");
        var raised = await browser.PostFormAsync("/product-requests/new", form.Token, new Dictionary<string, string>
        {
            ["Form.Title"] = title, ["Form.OpportunityId"] = S(deal.Id()), ["Form.Detail"] = "DN80, 40 bar", ["Form.Blocking"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
        Assert.Equal($"/opportunities/{deal.Id()}#product-requests", raised.Headers.Location!.OriginalString);

        var page = await browser.GetFormAsync($"/opportunities/{deal.Id()}");
        var text = WebUtility.HtmlDecode(page.Html);
        Assert.Contains(title, text);
        Assert.DoesNotContain("Blocking</span>", text);
        Assert.Contains($"#{existing.Id()} {existing.Str("title")}", text);

        var linked = await browser.PostFormAsync("/product-requests/link", page.Token, new Dictionary<string, string>
        {
            ["requestId"] = S(existing.Id()), ["opportunityId"] = S(deal.Id()), ["blocking"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        var after = await client.GetJsonAsync(ReqPath(existing.Id()));
        Assert.Equal([deal.Id()], Ids(after, "opportunityIds"));
        Assert.True(after["opportunities"]![0]!["blocking"]!.GetValue<bool>());
        var (_, withBoth) = await browser.GetAsync($"/opportunities/{deal.Id()}");
        Assert.Contains("Blocking</span>", withBoth);

        var unlinked = await browser.PostFormAsync($"/product-requests/{existing.Id()}?handler=unlink", page.Token, new Dictionary<string, string>
        {
            ["opportunityId"] = S(deal.Id()), ["returnTo"] = $"/opportunities/{deal.Id()}#product-requests",
        });
        Assert.Equal(HttpStatusCode.Redirect, unlinked.StatusCode);
        Assert.Equal($"/opportunities/{deal.Id()}#product-requests", unlinked.Headers.Location!.OriginalString);
        Assert.Empty((await client.GetJsonAsync(ReqPath(existing.Id())))["opportunityIds"]!.AsArray());

        // The viewer reads the panel but gets no forms; the raise page is for sales writers.
        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (_, viewed) = await viewer.GetAsync($"/opportunities/{deal.Id()}");
        Assert.Contains(title, WebUtility.HtmlDecode(viewed));
        Assert.DoesNotContain("/product-requests/new?", viewed);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/product-requests/new?opportunityId={deal.Id()}")).Status);
    }

    [Fact]
    public async Task AccountPage_ShowsItsRequests_AndRaisesOneForTheAccount_ProductRoleReadsThem()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        using var browser = await App.SignInAsync(rep);
        var (_, empty) = await browser.GetAsync($"/accounts/{account.Id()}");
        Assert.Contains("This account has asked for no new product.", empty);

        var form = await browser.GetFormAsync($"/product-requests/new?accountId={account.Id()}");
        var title = Unique("For the account");
        var raised = await browser.PostFormAsync("/product-requests/new", form.Token, new Dictionary<string, string>
        {
            ["Form.Title"] = title, ["Form.AccountId"] = S(account.Id()), ["Form.Category"] = "gaskets",
        });
        Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
        Assert.StartsWith("/product-requests/", raised.Headers.Location!.OriginalString);

        var (_, page) = await browser.GetAsync($"/accounts/{account.Id()}");
        Assert.Contains(title, WebUtility.HtmlDecode(page));
        using var product = await App.SignInAsync(await App.CreateUserAsync(Role.Product), "ko");
        var (productStatus, productPage) = await product.GetAsync($"/accounts/{account.Id()}");
        Assert.Equal(HttpStatusCode.OK, productStatus);
        Assert.Contains(title, WebUtility.HtmlDecode(productPage));
        Assert.Contains("제품 요청", productPage);
        Assert.DoesNotContain($"/product-requests/new?accountId", productPage);
    }

    [Fact]
    public async Task Detail_ProductMovesTheStatusAndMerges_SalesSeeLinksAndHistory_MergedPointsToTheSurvivor()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(account.Id());
        var request = await client.RaiseAsync(Unique("Detail page"), opportunityIds: [deal.Id()]);
        var duplicate = await client.RaiseAsync(Unique("Detail duplicate"), accountIds: [account.Id()]);
        var productId = await References.ReferenceSetup.NewProductAsync(App, "Ball valve DN80", "valves");
        var path = $"/product-requests/{request.Id()}";

        using var repBrowser = await App.SignInAsync(rep);
        var (_, repPage) = await repBrowser.GetAsync(path);
        var repText = WebUtility.HtmlDecode(repPage);
        Assert.Contains(deal.Str("title"), repText);
        Assert.Contains(account.Str("name"), repText);
        Assert.DoesNotContain("handler=status", repPage);
        Assert.DoesNotContain("Merge duplicates", repText);
        Assert.Contains($"{path}/edit", repPage);

        var productUser = await App.CreateUserAsync(Role.Product);
        using var productBrowser = await App.SignInAsync(productUser);
        var page = await productBrowser.GetFormAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var productText = WebUtility.HtmlDecode(page.Html);
        Assert.DoesNotContain(deal.Str("title"), productText);
        Assert.Contains("Opportunities are visible to sales only", productText);
        Assert.Contains("Merge duplicates", productText);
        Assert.Contains($"#{duplicate.Id()} {duplicate.Str("title")}", productText);

        var refused = await productBrowser.PostFormAsync(path + "?handler=status", page.Token, new Dictionary<string, string>
        {
            ["StatusChange.Status"] = "UnderReview", ["StatusChange.StatusNote"] = "", ["StatusChange.Version"] = request["version"]!.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"StatusChange_StatusNote-error\"", await refused.Content.ReadAsStringAsync());
        var moved = await productBrowser.PostFormAsync(path + "?handler=status", page.Token, new Dictionary<string, string>
        {
            ["StatusChange.Status"] = "UnderReview", ["StatusChange.StatusNote"] = "Checking the tooling", ["StatusChange.Version"] = request["version"]!.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal("underReview", (await client.GetJsonAsync(ReqPath(request.Id()))).Str("status"));
        var current = await client.GetJsonAsync(ReqPath(request.Id()));
        var wrongProduct = await productBrowser.PostFormAsync(path + "?handler=status", page.Token, new Dictionary<string, string>
        {
            ["StatusChange.Status"] = "Accepted", ["StatusChange.StatusNote"] = "Go", ["StatusChange.ProductId"] = S(productId), ["StatusChange.Version"] = current["version"]!.ToString(),
        });
        Assert.Contains("id=\"StatusChange_ProductId-error\"", await wrongProduct.Content.ReadAsStringAsync());

        var merge = await productBrowser.GetFormAsync(path);
        var merged = await productBrowser.PostFormAsync(path + "?handler=merge", merge.Token, new Dictionary<string, string>
        {
            ["Merge.DuplicateIds"] = S(duplicate.Id()), ["Merge.Version"] = current["version"]!.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal(request.Id(), (await client.GetJsonAsync(ReqPath(duplicate.Id())))["mergedIntoId"]!.GetValue<long>());
        var (_, gone) = await repBrowser.GetAsync($"/product-requests/{duplicate.Id()}");
        Assert.Contains("was merged into another", gone);
        Assert.Contains($"href=\"{path}\"", gone);

        var (historyStatus, history) = await repBrowser.GetAsync(path + "?handler=history");
        Assert.Equal(HttpStatusCode.OK, historyStatus);
        Assert.Contains("Checking the tooling", WebUtility.HtmlDecode(history));
        Assert.Contains("Under review", history);
        var (_, koHistory) = await (await App.SignInAsync(rep, "ko")).GetAsync(path + "?handler=history");
        Assert.Contains("검토 중", koHistory);
        Assert.Contains("개발 의견", koHistory);
    }

    [Fact]
    public async Task EditAndDelete_SaveTheWording_AndRemoveANewRequest()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var request = await client.RaiseAsync(Unique("Edit me"), accountIds: [account.Id()]);
        var path = $"/product-requests/{request.Id()}";
        using var browser = await App.SignInAsync(rep);

        var edit = await browser.GetFormAsync(path + "/edit");
        Assert.Equal(HttpStatusCode.OK, edit.Status);
        var blank = await browser.PostFormAsync(path + "/edit", edit.Token, new Dictionary<string, string> { ["Form.Title"] = "", ["Form.Version"] = request["version"]!.ToString() });
        Assert.Contains("id=\"Form_Title-error\"", await blank.Content.ReadAsStringAsync());
        var saved = await browser.PostFormAsync(path + "/edit", edit.Token, new Dictionary<string, string>
        {
            ["Form.Title"] = request.Str("title") + " v2", ["Form.Detail"] = "Now 50 bar", ["Form.Version"] = request["version"]!.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await client.GetJsonAsync(ReqPath(request.Id()));
        Assert.Equal((request.Str("title") + " v2", "Now 50 bar"), (after.Str("title"), after.Str("detail")));

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(path + "/edit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(path + "/delete")).Status);

        var delete = await browser.GetFormAsync(path + "/delete");
        var deleted = await browser.PostFormAsync(path + "/delete", delete.Token, new Dictionary<string, string> { ["version"] = after["version"]!.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(ReqPath(request.Id()))).StatusCode);
    }
}
