using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Applications;

public sealed class ApplicationsAdminTests_Sqlite() : ApplicationsAdminTests(Provider.Sqlite);

public sealed class ApplicationsAdminTests_Postgres() : ApplicationsAdminTests(Provider.Postgres);

/// <summary>/applications: admins keep the application taxonomy; everyone reads it.</summary>
public abstract class ApplicationsAdminTests(Provider provider) : AppTests(provider)
{
    private async Task<HttpClient> AdminAsync(string? language = null) => App.Client(await App.CreateUserAsync(Role.Admin), language);

    [Fact]
    public async Task Admin_AddsReadsRenamesAndDeletes_WithETags()
    {
        using var admin = await AdminAsync();
        var name = Unique("Ferry decks");

        var created = await admin.PostJsonAsync("/api/v1/applications", new { industryCode = " 30 ", nameEn = $" {name} ", nameKo = "여객선 갑판 " + name[^8..] });

        await created.ExpectAsync(HttpStatusCode.Created);
        var app = await created.JsonAsync();
        Assert.Equal("30", app.Str("industryCode"));
        Assert.Equal(name, app.Str("nameEn"));
        Assert.Equal("Manufacture of other transport equipment", app.Str("industryName"));
        Assert.Equal($"/api/v1/applications/{app.Id()}", created.Headers.Location?.ToString());
        var etag = created.Headers.ETag!.Tag;

        var one = await admin.GetAsync($"/api/v1/applications/{app.Id()}");
        await one.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(etag, one.Headers.ETag!.Tag);
        Assert.Contains((await admin.GetJsonAsync("/api/v1/applications?industry=C"))["items"]!.AsArray(), a => a!.Id() == app.Id());

        var renamed = await admin.PatchJsonAsync($"/api/v1/applications/{app.Id()}", new { nameEn = name + " X" }, etag);
        await renamed.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(name + " X", (await renamed.JsonAsync()).Str("nameEn"));
        var newTag = renamed.Headers.ETag!.Tag;
        Assert.NotEqual(etag, newTag);

        var stalePatch = await admin.PatchJsonAsync($"/api/v1/applications/{app.Id()}", new { nameEn = "Stale" }, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stalePatch.StatusCode);
        var staleDelete = await admin.DeleteAsync($"/api/v1/applications/{app.Id()}", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);

        var deleted = await admin.DeleteAsync($"/api/v1/applications/{app.Id()}", newTag);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/applications/{app.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/applications/{app.Id()}", null)).StatusCode);
    }

    [Theory]
    [InlineData(Role.Manager)]
    [InlineData(Role.Rep)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task OthersRead_ButMayNotChange(Role role)
    {
        using var admin = await AdminAsync();
        var app = await admin.CreateAsync("/api/v1/applications", new { industryCode = "41", nameEn = Unique("Towers"), nameKo = Unique("타워") });
        using var client = App.Client(await App.CreateUserAsync(role, role is Role.Manager or Role.Rep ? TestApp.NewTeam() : null));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/applications", new { industryCode = "41", nameEn = Unique("No"), nameKo = Unique("아니") })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync($"/api/v1/applications/{app.Id()}", new { nameEn = "No" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/v1/applications/{app.Id()}", null)).StatusCode);
        Assert.Equal(app.Str("nameEn"), (await client.GetJsonAsync($"/api/v1/applications/{app.Id()}")).Str("nameEn"));
        Assert.Contains((await client.GetJsonAsync("/api/v1/applications"))["items"]!.AsArray(), a => a!.Id() == app.Id());
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client().GetAsync($"/api/v1/applications/{app.Id()}")).StatusCode);
    }

    [Theory]
    [InlineData("{\"industryCode\":\"ZZ\",\"nameEn\":\"A\",\"nameKo\":\"가\"}", "industryCode")]
    [InlineData("{\"nameEn\":\"A\",\"nameKo\":\"가\"}", "industryCode")]
    [InlineData("{\"industryCode\":\"28\",\"nameEn\":\"  \",\"nameKo\":\"가\"}", "nameEn")]
    [InlineData("{\"industryCode\":\"28\",\"nameEn\":\"A\"}", "nameKo")]
    [InlineData("{\"industryCode\":\"28\",\"nameEn\":\"LONG\",\"nameKo\":\"가\"}", "nameEn")]
    public async Task InvalidValues_Are422NamingTheField(string body, string field)
    {
        using var admin = await AdminAsync();

        var refused = await admin.PostRawAsync("/api/v1/applications", body.Replace("LONG", new string('x', 101), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([field], (await refused.ErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task ANameTakenInTheIndustry_InAnyCase_IsRefused_ButAnotherIndustryMayUseIt()
    {
        using var admin = await AdminAsync();
        var name = Unique("Dry docks");
        var ko = Unique("건식 도크");
        var first = await admin.CreateAsync("/api/v1/applications", new { industryCode = "30", nameEn = name, nameKo = ko });

        var again = await admin.PostJsonAsync("/api/v1/applications", new { industryCode = "30", nameEn = name.ToUpperInvariant(), nameKo = ko });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal(["nameEn", "nameKo"], (await again.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));

        await admin.CreateAsync("/api/v1/applications", new { industryCode = "42", nameEn = name, nameKo = ko });

        var other = await admin.CreateAsync("/api/v1/applications", new { industryCode = "30", nameEn = Unique("Slipways"), nameKo = Unique("선대") });
        var rename = await admin.PatchJsonAsync($"/api/v1/applications/{other.Id()}", new { nameEn = name.ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rename.StatusCode);
        Assert.Equal(["nameEn"], (await rename.ErrorsAsync()).Select(e => e.Key));
        // Keeping its own name is no clash.
        await (await admin.PatchJsonAsync($"/api/v1/applications/{first.Id()}", new { nameEn = name })).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_WhileAccountsOrOpportunitiesUseIt_Is409CountingThem()
    {
        using var admin = await AdminAsync();
        var app = await admin.CreateAsync("/api/v1/applications", new { industryCode = "28", nameEn = Unique("Kilns"), nameKo = Unique("가마") });
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Kiln user"), industry = "28", applicationIds = new[] { app.Id() } });
        var deal = await rep.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = Unique("Kiln deal"), applicationId = app.Id() });

        var refused = await admin.DeleteAsync($"/api/v1/applications/{app.Id()}", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal(1, problem["accounts"]!.GetValue<int>());
        Assert.Equal(1, problem["opportunities"]!.GetValue<int>());
        Assert.Equal(2, problem["rules"]!.AsArray().Count);
        Assert.Contains("1", problem["rules"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        await (await rep.PatchJsonAsync($"/api/v1/opportunities/{deal.Id()}", new { applicationId = (long?)null })).ExpectAsync(HttpStatusCode.OK);
        await (await rep.PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { applicationIds = Array.Empty<long>() })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/applications/{app.Id()}", null)).StatusCode);
    }

    [Fact]
    public async Task AdminPages_AreForAdminsOnly()
    {
        using var admin = await AdminAsync();
        var app = await admin.CreateAsync("/api/v1/applications", new { industryCode = "28", nameEn = Unique("Locked"), nameKo = Unique("잠김") });
        foreach (var role in new[] { Role.Manager, Role.Rep, Role.Viewer, Role.Quality, Role.Product })
        {
            using var browser = await App.SignInAsync(await App.CreateUserAsync(role, role is Role.Manager or Role.Rep ? TestApp.NewTeam() : null));
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/industries")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/applications?industry=28")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/admin/applications/{app.Id()}")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/admin/applications/{app.Id()}/delete")).Status);
            var (_, home) = await browser.GetAsync("/");
            Assert.DoesNotContain("href=\"/admin/industries\"", home, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Admin_KeepsApplicationsOnThePage_InKorean()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        using var browser = await App.SignInAsync(admin, "ko");

        var page = await browser.GetAsync("/admin/industries");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("산업과 용도", page.Html, StringComparison.Ordinal);
        Assert.Contains("기타 운송장비 제조업", page.Html, StringComparison.Ordinal);
        Assert.Contains("<details", page.Html, StringComparison.Ordinal);

        // Add one under ships through the form.
        var name = Unique("LNG carriers");
        var form = await browser.GetFormAsync("/admin/applications?industry=30");
        Assert.Contains("<option selected=\"selected\" value=\"30\">", form.Html, StringComparison.Ordinal);
        var created = await browser.PostFormAsync("/admin/applications?industry=30", form.Token, new Dictionary<string, string>
        {
            ["Form.IndustryCode"] = "30",
            ["Form.NameEn"] = name,
            ["Form.NameKo"] = "LNG 운반선 " + name[^8..],
            ["Form.Version"] = "0",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var apps = (await App.Client(admin).GetJsonAsync("/api/v1/applications?industry=30"))["items"]!.AsArray();
        var app = Assert.Single(apps, a => a.Str("nameEn") == name)!;

        // ?q= finds it by its Korean name, with its section opened.
        var found = await browser.GetAsync("/admin/industries?q=" + Uri.EscapeDataString("LNG 운반선 " + name[^8..]));
        Assert.Contains(name, found.Html, StringComparison.Ordinal);
        Assert.Contains("<details class=\"panel taxonomy-section\" open", found.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("농업", found.Html, StringComparison.Ordinal);

        // A duplicate is refused with the field's message on the form.
        var again = await browser.PostFormAsync("/admin/applications?industry=30", form.Token, new Dictionary<string, string>
        {
            ["Form.IndustryCode"] = "30",
            ["Form.NameEn"] = name.ToUpperInvariant(),
            ["Form.NameKo"] = "다른 이름 " + name[^8..],
            ["Form.Version"] = "0",
        });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("같은 이름의 용도가 이미 있습니다", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Delete asks first, is refused while in use, then goes through.
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Carrier yard"), industry = "30", applicationIds = new[] { app.Id() } });
        var confirm = await browser.GetFormAsync($"/admin/applications/{app.Id()}/delete");
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        var version = app["version"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var blocked = await browser.PostFormAsync($"/admin/applications/{app.Id()}/delete", confirm.Token, new Dictionary<string, string> { ["version"] = version });
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        Assert.Contains("거래처 1곳", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await (await rep.PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { applicationIds = Array.Empty<long>() })).ExpectAsync(HttpStatusCode.OK);
        var deleted = await browser.PostFormAsync($"/admin/applications/{app.Id()}/delete", confirm.Token, new Dictionary<string, string> { ["version"] = version });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client(admin).GetAsync($"/api/v1/applications/{app.Id()}")).StatusCode);
    }
}
