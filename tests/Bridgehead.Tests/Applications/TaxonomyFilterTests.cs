using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Applications;

public sealed class TaxonomyFilterTests_Sqlite() : TaxonomyFilterTests(Provider.Sqlite);

public sealed class TaxonomyFilterTests_Postgres() : TaxonomyFilterTests(Provider.Postgres);

/// <summary>Lists filter by industry (a section covers its divisions) and application: accounts, opportunities, the board.</summary>
public abstract class TaxonomyFilterTests(Provider provider) : AppTests(provider)
{
    private sealed record Seeded(TestUser Rep, string Marker, long Application, JsonNode Machinery, JsonNode Ships, JsonNode Builder, JsonNode Untagged,
        JsonNode MachineryDeal, JsonNode ShipsDeal, JsonNode BuilderDeal);

    /// <summary>Three accounts in 28 and 30 (section C) and 41 (section F), one without industry, each with a pursuit.</summary>
    private async Task<Seeded> SeedAsync()
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var marker = Unique("Tx");
        var application = (await admin.CreateAsync("/api/v1/applications", new { industryCode = "C", nameEn = marker + " presses", nameKo = marker + " 프레스" })).Id();
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var client = App.Client(rep);
        var machinery = await client.CreateAsync("/api/v1/accounts", new { name = marker + " machinery", industry = "28", applicationIds = new[] { application } });
        var ships = await client.CreateAsync("/api/v1/accounts", new { name = marker + " ships", industry = "30" });
        var builder = await client.CreateAsync("/api/v1/accounts", new { name = marker + " builder", industry = "41", applicationIds = new[] { application } });
        var untagged = await client.CreateAsync("/api/v1/accounts", new { name = marker + " untagged" });
        var machineryDeal = await client.CreateAsync("/api/v1/opportunities", new { accountId = machinery.Id(), title = marker + " deal m", applicationId = application });
        var shipsDeal = await client.CreateAsync("/api/v1/opportunities", new { accountId = ships.Id(), title = marker + " deal s" });
        var builderDeal = await client.CreateAsync("/api/v1/opportunities", new { accountId = builder.Id(), title = marker + " deal b" });
        return new Seeded(rep, marker, application, machinery, ships, builder, untagged, machineryDeal, shipsDeal, builderDeal);
    }

    private static async Task<List<long>> IdsAsync(HttpClient client, string path) =>
        [.. (await client.GetJsonAsync(path))["items"]!.AsArray().Select(i => i!.Id()).Order()];

    private static void AssertSelected(string html, string value) =>
        Assert.Matches($"<option (value=\"{value}\" selected=\"selected\"|selected=\"selected\" value=\"{value}\")>", html);

    private static List<long> Ids(params JsonNode[] nodes) => [.. nodes.Select(n => n.Id()).Order()];

    [Fact]
    public async Task AccountsApi_FiltersBySectionDivisionAndApplication()
    {
        var s = await SeedAsync();
        using var client = App.Client(s.Rep);
        var q = "/api/v1/accounts?q=" + Uri.EscapeDataString(s.Marker);

        Assert.Equal(Ids(s.Machinery, s.Ships), await IdsAsync(client, q + "&industry=C"));
        Assert.Equal(Ids(s.Machinery, s.Ships), await IdsAsync(client, q + "&industry=c"));
        Assert.Equal(Ids(s.Ships), await IdsAsync(client, q + "&industry=30"));
        Assert.Equal(Ids(s.Builder), await IdsAsync(client, q + "&industry=F"));
        Assert.Equal(Ids(s.Machinery, s.Builder), await IdsAsync(client, q + $"&applicationId={s.Application}"));
        Assert.Equal(Ids(s.Builder), await IdsAsync(client, q + $"&applicationId={s.Application}&industry=F"));
        Assert.Empty(await IdsAsync(client, q + "&industry=ZZ"));

        var machinery = await client.GetJsonAsync($"/api/v1/accounts/{s.Machinery.Id()}");
        Assert.Equal("28", machinery.Str("industry"));
        Assert.Equal("Manufacture of machinery and equipment n.e.c.", machinery.Str("industryName"));
        Assert.Equal([s.Application], machinery["applicationIds"]!.AsArray().Select(a => a!.GetValue<long>()));
        Assert.Equal([s.Marker + " presses"], machinery["applications"]!.AsArray().Select(a => a!.GetValue<string>()));
        using var korean = App.Client(s.Rep, "ko");
        Assert.Equal([s.Marker + " 프레스"], (await korean.GetJsonAsync($"/api/v1/accounts/{s.Machinery.Id()}"))["applications"]!.AsArray().Select(a => a!.GetValue<string>()));

        // Another rep sees none of them, whatever the filter.
        using var stranger = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        Assert.Empty(await IdsAsync(stranger, q + "&industry=C"));
    }

    [Fact]
    public async Task OpportunitiesApi_FiltersByTheAccountsIndustry_AndThePursuitsApplication()
    {
        var s = await SeedAsync();
        using var client = App.Client(s.Rep);
        var q = "/api/v1/opportunities?q=" + Uri.EscapeDataString(s.Marker);

        Assert.Equal(Ids(s.MachineryDeal, s.ShipsDeal), await IdsAsync(client, q + "&industry=C"));
        Assert.Equal(Ids(s.ShipsDeal), await IdsAsync(client, q + "&industry=30"));
        Assert.Equal(Ids(s.BuilderDeal), await IdsAsync(client, q + "&industry=F"));
        Assert.Equal(Ids(s.MachineryDeal), await IdsAsync(client, q + $"&applicationId={s.Application}"));
        Assert.Empty(await IdsAsync(client, q + $"&applicationId={s.Application}&industry=F"));

        var deal = await client.GetJsonAsync($"/api/v1/opportunities/{s.MachineryDeal.Id()}");
        Assert.Equal(s.Application, deal["applicationId"]!.GetValue<long>());
        Assert.Equal(s.Marker + " presses", deal.Str("application"));

        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        Assert.Equal(Ids(s.MachineryDeal, s.ShipsDeal), await IdsAsync(viewer, q + "&industry=C"));
        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync(q + "&industry=C")).StatusCode);
    }

    [Fact]
    public async Task ListPages_FilterWithTwoSelects_InKorean()
    {
        var s = await SeedAsync();
        using var browser = await App.SignInAsync(s.Rep, "ko");
        var q = "q=" + Uri.EscapeDataString(s.Marker);

        var accounts = await browser.GetAsync($"/accounts?{q}&industry=C");
        Assert.Equal(HttpStatusCode.OK, accounts.Status);
        Assert.Contains("<select id=\"f-industry\" name=\"industry\">", accounts.Html, StringComparison.Ordinal);
        Assert.Contains("<select id=\"f-application\" name=\"applicationId\">", accounts.Html, StringComparison.Ordinal);
        AssertSelected(accounts.Html, "C");
        Assert.Contains("<optgroup label=\"C · 제조업\">", accounts.Html, StringComparison.Ordinal);
        Assert.Contains(s.Marker + " machinery", accounts.Html, StringComparison.Ordinal);
        Assert.Contains(s.Marker + " ships", accounts.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Marker + " builder", accounts.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"industry\" value=", accounts.Html, StringComparison.Ordinal);

        var byApplication = await browser.GetAsync($"/accounts?{q}&applicationId={s.Application}");
        Assert.Contains(s.Marker + " builder", byApplication.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Marker + " ships", byApplication.Html, StringComparison.Ordinal);
        AssertSelected(byApplication.Html, s.Application.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var opportunities = await browser.GetAsync($"/opportunities?{q}&industry=30");
        Assert.Equal(HttpStatusCode.OK, opportunities.Status);
        Assert.Contains("<select id=\"f-industry\" name=\"industry\">", opportunities.Html, StringComparison.Ordinal);
        Assert.Contains(s.Marker + " deal s", opportunities.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Marker + " deal m", opportunities.Html, StringComparison.Ordinal);

        var byDealApplication = await browser.GetAsync($"/opportunities?{q}&applicationId={s.Application}");
        Assert.Contains(s.Marker + " deal m", byDealApplication.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Marker + " deal b", byDealApplication.Html, StringComparison.Ordinal);

        var board = await browser.GetAsync($"/board?industry=F");
        Assert.Equal(HttpStatusCode.OK, board.Status);
        Assert.Contains("<select id=\"b-industry\" name=\"industry\">", board.Html, StringComparison.Ordinal);
        Assert.Contains("<select id=\"b-application\" name=\"applicationId\">", board.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"number\" name=\"applicationId\"", board.Html, StringComparison.Ordinal);
        Assert.Contains(s.Marker + " deal b", board.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Marker + " deal m", board.Html, StringComparison.Ordinal);

        var boardByApplication = await browser.GetAsync($"/board?applicationId={s.Application}");
        Assert.Contains(s.Marker + " deal m", boardByApplication.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Marker + " deal s", boardByApplication.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetailPages_ShowIndustryApplicationsAndEntryAngle()
    {
        var s = await SeedAsync();
        using var client = App.Client(s.Rep);
        await (await client.PatchJsonAsync($"/api/v1/opportunities/{s.MachineryDeal.Id()}", new { entryAngle = "Their boiler supplier slipped twice" })).ExpectAsync(HttpStatusCode.OK);
        using var browser = await App.SignInAsync(s.Rep);

        var account = await browser.GetAsync($"/accounts/{s.Machinery.Id()}");
        Assert.Contains("Manufacture of machinery and equipment n.e.c.", account.Html, StringComparison.Ordinal);
        Assert.Contains(s.Marker + " presses", account.Html, StringComparison.Ordinal);

        var deal = await browser.GetAsync($"/opportunities/{s.MachineryDeal.Id()}");
        Assert.Contains(s.Marker + " presses", deal.Html, StringComparison.Ordinal);
        Assert.Contains("Their boiler supplier slipped twice", deal.Html, StringComparison.Ordinal);
    }
}
