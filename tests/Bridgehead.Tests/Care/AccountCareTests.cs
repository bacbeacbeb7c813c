using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Care.CareSetup;

namespace Bridgehead.Tests.Care;

public sealed class AccountCareTests_Sqlite() : AccountCareTests(Provider.Sqlite);

public sealed class AccountCareTests_Postgres() : AccountCareTests(Provider.Postgres);

/// <summary>
/// A customer's care, the strategic flag and sponsor on accounts, and the care list. The plans are
/// the defaults here (the shared server never saves one): standard visits every 120 days, strategic
/// every 30 with a review every 90 and a sponsor.
/// </summary>
public abstract class AccountCareTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Care_IsReadByWhoSeesTheAccount_404ForOthers_403ForQualityAndProduct()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var account = await App.Client(rep).CustomerAsync();
        var path = $"/api/v1/accounts/{account.Id()}/care";

        foreach (var user in new[] { rep, manager, await App.CreateUserAsync(Role.Viewer), await App.CreateUserAsync(Role.Admin) })
        {
            var care = await App.Client(user).GetJsonAsync(path);
            Assert.Equal("standard", care["tier"]!.GetValue<string>());
            Assert.Equal("rest", care["placedBy"]!.GetValue<string>());
            Assert.Equal(120, care["plan"]!["visitEveryDays"]!.GetValue<int>());
            Assert.Equal(Today.AddDays(120).ToString("yyyy-MM-dd"), care["visitDueOn"]!.GetValue<string>());
            Assert.Null(care["lastVisitOn"]);
            Assert.Null(care["sponsor"]);
            Assert.False(care["sponsorMissing"]!.GetValue<bool>());
            Assert.Empty(care["overdue"]!.AsArray());
            Assert.Equal("KRW", care["annualRevenue"]!["currency"]!.GetValue<string>());
            Assert.Null(care["unitCost"]);
            Assert.Null(care["margin"]);
        }
        foreach (var user in new[] { await App.CreateUserAsync(Role.Rep), await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await App.Client(user).GetAsync(path)).StatusCode);
        }
        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await App.Client(await App.CreateUserAsync(role)).GetAsync(path)).StatusCode);
        }
        var prospect = await App.Client(rep).CreateAsync("/api/v1/accounts", new { name = Unique("Prospect") });
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client(rep).GetAsync($"/api/v1/accounts/{prospect.Id()}/care")).StatusCode);
    }

    [Fact]
    public async Task FlaggingStrategic_PlacesTheCustomerAtOnce_AndItsRhythmAndSponsorApply()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var client = App.Client(rep);
        var account = await client.CustomerAsync();
        await client.TouchAsync(account.Id(), 40);
        await client.TouchAsync(account.Id(), 20, "call");

        var flagged = await App.Client(manager).PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { isStrategic = true });
        await flagged.ExpectOkAsync();
        var body = await flagged.JsonAsync();
        Assert.True(body["isStrategic"]!.GetValue<bool>());
        Assert.Equal("strategic", body["tier"]!.GetValue<string>());

        var care = await client.GetJsonAsync($"/api/v1/accounts/{account.Id()}/care");
        Assert.Equal("strategicFlag", care["placedBy"]!.GetValue<string>());
        Assert.Equal(Today.AddDays(-40).ToString("yyyy-MM-dd"), care["lastVisitOn"]!.GetValue<string>());
        Assert.Equal(Today.AddDays(-10).ToString("yyyy-MM-dd"), care["visitDueOn"]!.GetValue<string>());
        Assert.Equal(Today.AddDays(90).ToString("yyyy-MM-dd"), care["reviewDueOn"]!.GetValue<string>());
        Assert.True(care["sponsorMissing"]!.GetValue<bool>());
        Assert.Equal(["visit", "sponsor"], care["overdue"]!.AsArray().Select(x => x!.GetValue<string>()));

        await (await client.PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { executiveSponsorId = manager.Id })).ExpectOkAsync();
        await client.TouchAsync(account.Id(), 1, "businessReview");
        await client.TouchAsync(account.Id(), 2, "meeting");
        care = await client.GetJsonAsync($"/api/v1/accounts/{account.Id()}/care");
        Assert.Equal(manager.Id, care["sponsor"]!["id"]!.GetValue<long>());
        Assert.False(care["sponsorMissing"]!.GetValue<bool>());
        Assert.Empty(care["overdue"]!.AsArray());
        Assert.Equal(Today.AddDays(89).ToString("yyyy-MM-dd"), care["reviewDueOn"]!.GetValue<string>());

        // Unflagged: back to the rules (standard for a customer without revenue).
        await (await App.Client(manager).PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { isStrategic = false })).ExpectOkAsync();
        Assert.Equal("standard", await client.TierAsync(account.Id()));
    }

    [Fact]
    public async Task OnlyManagersAndAdmins_ChangeTheStrategicFlag_ARepSendingTheSameValueIsFine()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var client = App.Client(rep);
        var account = await client.CustomerAsync();
        var path = $"/api/v1/accounts/{account.Id()}";

        var refused = await client.PatchJsonAsync(path, new { isStrategic = true });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("isStrategic", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await client.GetJsonAsync(path))["isStrategic"]!.GetValue<bool>());
        var created = await client.PostJsonAsync("/api/v1/accounts", new { name = Unique("Flag"), status = "customer", isStrategic = true });
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);

        await (await client.PatchJsonAsync(path, new { isStrategic = false, city = "Ulsan" })).ExpectOkAsync();
        await (await App.Client(await App.CreateUserAsync(Role.Admin)).PatchJsonAsync(path, new { isStrategic = true })).ExpectOkAsync();
        await (await client.PatchJsonAsync(path, new { isStrategic = true, city = "Busan" })).ExpectOkAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync(path, new { isStrategic = false })).StatusCode);
        var viewer = await App.CreateUserAsync(Role.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.Client(viewer).PatchJsonAsync(path, new { isStrategic = false })).StatusCode);

        // A prospect flagged strategic keeps the tier set by hand.
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var prospect = await App.Client(manager).CreateAsync("/api/v1/accounts", new { name = Unique("Prospect"), isStrategic = true, tier = "key", ownerId = rep.Id });
        Assert.Equal("key", prospect["tier"]!.GetValue<string>());
        Assert.True(prospect["isStrategic"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ExecutiveSponsor_MustBeAnActiveUser()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var client = App.Client(rep);
        var account = await client.CustomerAsync();
        var path = $"/api/v1/accounts/{account.Id()}";
        var unknown = await client.PatchJsonAsync(path, new { executiveSponsorId = 987654321 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.True((await unknown.ErrorsAsync()).ContainsKey("executiveSponsorId"));

        var gone = await App.CreateUserAsync(Role.Manager);
        await using (var db = App.OpenDb())
        {
            (await db.Users.FindAsync(gone.Id))!.IsActive = false;
            await db.SaveChangesAsync();
        }
        Assert.True((await (await client.PatchJsonAsync(path, new { executiveSponsorId = gone.Id })).ErrorsAsync()).ContainsKey("executiveSponsorId"));

        var admin = await App.CreateUserAsync(Role.Admin);
        var ok = await client.PatchJsonAsync(path, new { executiveSponsorId = admin.Id });
        await ok.ExpectOkAsync();
        Assert.Equal(admin.Id, (await ok.JsonAsync())["executiveSponsorId"]!.GetValue<long>());
        Assert.Equal(admin.Id, (await client.GetJsonAsync($"{path}/care"))["sponsor"]!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task CareList_DueThisWeekAndOverdue_SoonestFirst_OfTheCustomersTheCallerSees()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var client = App.Client(rep);
        var late = await client.CustomerAsync("Late");
        await client.TouchAsync(late.Id(), 125);
        var today = await client.CustomerAsync("Today");
        await client.TouchAsync(today.Id(), 120);
        var fine = await client.CustomerAsync("Fine");
        await client.TouchAsync(fine.Id(), 1);
        var stranger = await App.CreateUserAsync(Role.Rep);
        var hidden = await App.Client(stranger).CustomerAsync("Hidden");
        await App.Client(stranger).TouchAsync(hidden.Id(), 200);

        var week = (await client.GetJsonAsync("/api/v1/care?due=week"))["items"]!.AsArray();
        Assert.Equal([late.Id(), today.Id()], week.Select(x => x!["accountId"]!.GetValue<long>()));
        Assert.Equal(Today.AddDays(-5).ToString("yyyy-MM-dd"), week[0]!["dueOn"]!.GetValue<string>());
        Assert.Equal(["visit"], week[0]!["overdue"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(["visit"], week[1]!["due"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Empty(week[1]!["overdue"]!.AsArray());

        var overdue = (await client.GetJsonAsync("/api/v1/care?due=overdue"))["items"]!.AsArray();
        Assert.Equal([late.Id()], overdue.Select(x => x!["accountId"]!.GetValue<long>()));

        var first = await client.GetJsonAsync("/api/v1/care?limit=1");
        Assert.Single(first["items"]!.AsArray());
        var second = await client.GetJsonAsync("/api/v1/care?limit=1&cursor=" + Uri.EscapeDataString(first["nextCursor"]!.GetValue<string>()));
        Assert.Equal(today.Id(), second["items"]![0]!["accountId"]!.GetValue<long>());
        Assert.Null(second["nextCursor"]);

        var managers = (await App.Client(manager).GetJsonAsync($"/api/v1/care?ownerId={rep.Id}"))["items"]!.AsArray();
        Assert.Equal([late.Id(), today.Id()], managers.Select(x => x!["accountId"]!.GetValue<long>()));
        Assert.Empty((await App.Client(manager).GetJsonAsync($"/api/v1/care?ownerId={stranger.Id}"))["items"]!.AsArray());
        var all = (await App.Client(await App.CreateUserAsync(Role.Viewer)).GetJsonAsync("/api/v1/care?due=overdue"))["items"]!.AsArray();
        Assert.Contains(all, x => x!["accountId"]!.GetValue<long>() == hidden.Id());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/care?due=someday")).StatusCode);
        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await App.Client(await App.CreateUserAsync(role)).GetAsync("/api/v1/care")).StatusCode);
        }
    }

    [Fact]
    public async Task Pages_CareList_AccountDetail_Home_AndTheActivityFormPrefilled()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var client = App.Client(rep);
        var late = await client.CustomerAsync("Overdue plant");
        await client.TouchAsync(late.Id(), 130);
        using var browser = await App.SignInAsync(rep);

        var care = System.Net.WebUtility.HtmlDecode((await browser.GetAsync("/care")).Html);
        Assert.Contains(late["name"]!.GetValue<string>(), care, StringComparison.Ordinal);
        Assert.Contains($"/activities/new?accountId={late.Id()}&kind=Visit", care, StringComparison.Ordinal);
        Assert.Contains($"/activities/new?accountId={late.Id()}&kind=BusinessReview", care, StringComparison.Ordinal);
        Assert.Contains("href=\"/care\"", care, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"ownerId\"", care, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", care, StringComparison.OrdinalIgnoreCase);

        var detail = System.Net.WebUtility.HtmlDecode((await browser.GetAsync($"/accounts/{late.Id()}")).Html);
        Assert.Contains("id=\"care-h\"", detail, StringComparison.Ordinal);
        Assert.Contains("(standard)", detail, StringComparison.Ordinal);
        Assert.Contains("care-overdue", detail, StringComparison.Ordinal);
        var prospect = await client.CreateAsync("/api/v1/accounts", new { name = Unique("Prospect") });
        Assert.DoesNotContain("id=\"care-h\"", (await browser.GetAsync($"/accounts/{prospect.Id()}")).Html, StringComparison.Ordinal);
        using (var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality)))
        {
            var seen = await quality.GetAsync($"/accounts/{late.Id()}");
            Assert.DoesNotContain("id=\"care-h\"", seen.Html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync("/care")).Status);
        }

        var home = System.Net.WebUtility.HtmlDecode((await browser.GetAsync("/")).Html);
        Assert.Contains("Care due this week", home, StringComparison.Ordinal);
        Assert.Contains(late["name"]!.GetValue<string>(), home, StringComparison.Ordinal);
        using (var idle = await App.SignInAsync(await App.CreateUserAsync(Role.Rep)))
        {
            Assert.Contains("None of your customers needs a visit or review this week.", System.Net.WebUtility.HtmlDecode((await idle.GetAsync("/")).Html), StringComparison.Ordinal);
        }

        var form = (await browser.GetFormAsync($"/activities/new?accountId={late.Id()}&kind=BusinessReview")).Html;
        Assert.Matches("<option[^>]*selected[^>]*value=\"BusinessReview\"|<option[^>]*value=\"BusinessReview\"[^>]*selected", form);
        Assert.Contains(">Business review<", form, StringComparison.Ordinal);

        var manager = await App.CreateUserAsync(Role.Manager);
        using var managerBrowser = await App.SignInAsync(manager);
        Assert.Contains("name=\"ownerId\"", (await managerBrowser.GetAsync("/care")).Html, StringComparison.Ordinal);
        using var korean = await App.SignInAsync(rep, language: "ko");
        Assert.Contains("이번 주 고객 관리", (await korean.GetAsync("/")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountForm_ShowsTheStrategicFlagToManagers_AndKeepsItForReps()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var account = await App.Client(rep).CustomerAsync();
        await (await App.Client(manager).PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { isStrategic = true })).ExpectOkAsync();

        var placed = (await App.Client(rep).GetJsonAsync($"/api/v1/accounts/{account.Id()}"))["tier"]!.GetValue<string>();
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync($"/accounts/{account.Id()}/edit");
        Assert.Contains("type=\"hidden\" name=\"Form.IsStrategic\" value=\"true\"", page.Html, StringComparison.Ordinal);
        var version = System.Text.RegularExpressions.Regex.Match(page.Html, "name=\"Form.Version\" value=\"(\\d+)\"").Groups[1].Value;
        Assert.NotEmpty(version);
        var saved = await browser.PostFormAsync($"/accounts/{account.Id()}/edit", page.Token, new Dictionary<string, string>
        {
            ["Form.Name"] = account["name"]!.GetValue<string>(),
            ["Form.City"] = "Pohang",
            ["Form.Status"] = "Customer",
            ["Form.OwnerId"] = rep.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.IsStrategic"] = "true",
            ["Form.Version"] = version,
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await App.Client(rep).GetJsonAsync($"/api/v1/accounts/{account.Id()}");
        Assert.True(after["isStrategic"]!.GetValue<bool>());
        Assert.Equal("Pohang", after["city"]!.GetValue<string>());
        // The form sent no tier: the customer keeps the one the care plans placed.
        Assert.Equal(placed, after["tier"]!.GetValue<string>());

        using var managerBrowser = await App.SignInAsync(manager);
        var managerPage = (await managerBrowser.GetFormAsync($"/accounts/{account.Id()}/edit")).Html;
        Assert.Contains("type=\"checkbox\"", managerPage, StringComparison.Ordinal);
        Assert.Contains("name=\"Form.ExecutiveSponsorId\"", managerPage, StringComparison.Ordinal);
    }
}
