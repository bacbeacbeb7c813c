using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Fit;

public sealed class FitTests_Sqlite(ClassServer.Sqlite server) : FitTests(server), IClassFixture<ClassServer.Sqlite>;

public sealed class FitTests_Postgres(ClassServer.Postgres server) : FitTests(server), IClassFixture<ClassServer.Postgres>;

/// <summary>
/// Ideal-customer fit: criteria (admin), scores kept current on account and criteria changes,
/// the explanation, sorting by fit. The criteria are global, so this class runs on a server of
/// its own (each test sets the criteria it needs): other tests' accounts and criteria never mix
/// with these.
/// </summary>
public abstract class FitTests(ClassServer server) : ClassServerTests(server)
{
    private async Task<HttpClient> AdminAsync(string? language = null) => App.Client(await App.CreateUserAsync(Role.Admin), language);

    private static async Task<JsonNode> PutCriteriaAsync(HttpClient admin, params object[] items)
    {
        var response = await admin.PutAsync("/api/v1/fit-criteria", System.Net.Http.Json.JsonContent.Create(new { items }));
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    private static async Task<int?> ScoreAsync(HttpClient client, long accountId)
    {
        var account = await client.GetJsonAsync($"/api/v1/accounts/{accountId}");
        return account["fitScore"]?.GetValue<int>();
    }

    [Fact]
    public async Task WithoutCriteria_TheScoreIsNull_AndTheExplanationSaysSo()
    {
        var admin = await AdminAsync();
        await PutCriteriaAsync(admin);
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Plain"), industry = "28", country = "KR", employees = 500 });

        Assert.Null(account["fitScore"]);
        var fit = await rep.GetJsonAsync($"/api/v1/accounts/{account.Id()}/fit");
        Assert.Null(fit["score"]);
        Assert.Empty(fit["criteria"]!.AsArray());
    }

    [Fact]
    public async Task Score_IsTheWeightMet_OverAllWeight_ASectionCoversItsDivisions_AndUnknownValuesDoNotMeet()
    {
        var admin = await AdminAsync();
        var boilers = await admin.BoilersAsync();
        await PutCriteriaAsync(admin,
            new { dimension = "industry", values = new[] { "C", "41" }, weight = 40 },
            new { dimension = "region", values = new[] { "kr", "VN" }, weight = 30 },
            new { dimension = "size", minEmployees = 200, maxEmployees = 5000, weight = 20 },
            new { dimension = "application", values = new[] { boilers.ToString(System.Globalization.CultureInfo.InvariantCulture) }, weight = 10 });
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));

        // Division 28 lies in section C; Korea; 200 is inside the bounds; tagged with boilers: all met.
        var all = await rep.CreateAsync("/api/v1/accounts", new { name = Unique("All"), industry = "28", country = "KR", employees = 200, applicationIds = new[] { boilers } });
        Assert.Equal(100, all["fitScore"]!.GetValue<int>());

        // Construction of buildings (41) and Vietnam, but too big and no application: 70.
        var big = await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Big"), industry = "41", country = "VN", employees = 5001 });
        Assert.Equal(70, big["fitScore"]!.GetValue<int>());

        // Section F is not in the list (only its division 41 is); nothing else known: 0.
        var section = await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Section"), industry = "F" });
        Assert.Equal(0, section["fitScore"]!.GetValue<int>());

        // Only the country is known (Germany, not a target) : 0, and each unknown is explained as unknown.
        var unknown = await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Unknown"), country = "DE" });
        Assert.Equal(0, unknown["fitScore"]!.GetValue<int>());
        var fit = await rep.GetJsonAsync($"/api/v1/accounts/{unknown.Id()}/fit");
        var outcomes = fit["criteria"]!.AsArray().ToDictionary(c => c.Str("dimension"), c => c.Str("outcome"));
        Assert.Equal("unknown", outcomes["industry"]);
        Assert.Equal("notMet", outcomes["region"]);
        Assert.Equal("unknown", outcomes["size"]);
        Assert.Equal("unknown", outcomes["application"]);
        Assert.Equal(0, fit["metWeight"]!.GetValue<int>());
        Assert.Equal(100, fit["totalWeight"]!.GetValue<int>());
        Assert.All(fit["criteria"]!.AsArray(), c => Assert.False(string.IsNullOrWhiteSpace(c.Str("explanation"))));
    }

    [Fact]
    public async Task Score_IsRounded()
    {
        var admin = await AdminAsync();
        await PutCriteriaAsync(admin,
            new { dimension = "region", values = new[] { "KR" }, weight = 1 },
            new { dimension = "industry", values = new[] { "30" }, weight = 2 });
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));

        var korean = await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Third"), country = "KR" });
        var yard = await rep.CreateAsync("/api/v1/accounts", new { name = Unique("TwoThirds"), industry = "30" });

        Assert.Equal(33, korean["fitScore"]!.GetValue<int>());
        Assert.Equal(67, yard["fitScore"]!.GetValue<int>());
    }

    [Fact]
    public async Task ChangingAnAccount_RecomputesItsScore_AndItsVersionMovesOnce()
    {
        var admin = await AdminAsync();
        await PutCriteriaAsync(admin, new { dimension = "region", values = new[] { "KR" }, weight = 50 }, new { dimension = "size", minEmployees = 100, weight = 50 });
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var account = await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Moving"), country = "JP" });
        Assert.Equal(0, account["fitScore"]!.GetValue<int>());
        var version = account["version"]!.GetValue<long>();

        var patched = await rep.PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { country = "KR", employees = 150 }, $"\"{version}\"");

        await patched.ExpectAsync(HttpStatusCode.OK);
        var body = await patched.JsonAsync();
        Assert.Equal(100, body["fitScore"]!.GetValue<int>());
        Assert.Equal(version + 1, body["version"]!.GetValue<long>());
        var etag = patched.Headers.ETag?.Tag;
        Assert.Equal($"\"{version + 1}\"", etag);

        // The ETag the PATCH returned is the current one: a further edit with it succeeds.
        var get = await rep.GetAsync($"/api/v1/accounts/{account.Id()}");
        Assert.Equal(etag, get.Headers.ETag?.Tag);
        var again = await rep.PatchJsonAsync($"/api/v1/accounts/{account.Id()}", new { employees = 50 }, etag);
        await again.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(50, (await again.JsonAsync())["fitScore"]!.GetValue<int>());
    }

    [Fact]
    public async Task ChangingTheCriteria_RecomputesEveryAccount_AndRemovingThemClearsTheScores()
    {
        var admin = await AdminAsync();
        await PutCriteriaAsync(admin, new { dimension = "region", values = new[] { "KR" }, weight = 10 });
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var kr = await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Seoul"), country = "KR" });
        var vn = await rep.CreateAsync("/api/v1/accounts", new { name = Unique("Hanoi"), country = "VN" });
        Assert.Equal(100, kr["fitScore"]!.GetValue<int>());
        Assert.Equal(0, vn["fitScore"]!.GetValue<int>());

        await PutCriteriaAsync(admin, new { dimension = "region", values = new[] { "VN" }, weight = 10 });

        Assert.Equal(0, await ScoreAsync(rep, kr.Id()));
        Assert.Equal(100, await ScoreAsync(rep, vn.Id()));
        // The accounts' versions did not move: the score is derived, not an edit.
        Assert.Equal(kr["version"]!.GetValue<long>(), (await rep.GetJsonAsync($"/api/v1/accounts/{kr.Id()}"))["version"]!.GetValue<long>());

        await PutCriteriaAsync(admin);

        Assert.Null(await ScoreAsync(rep, kr.Id()));
        Assert.Null(await ScoreAsync(rep, vn.Id()));
    }

    [Fact]
    public async Task Criteria_HaveAListETag_AndAStaleIfMatchChangesNothing()
    {
        var admin = await AdminAsync();
        var first = await PutCriteriaAsync(admin, new { dimension = "region", values = new[] { "KR" }, weight = 10 });
        var get = await admin.GetAsync("/api/v1/fit-criteria");
        var etag = get.Headers.ETag!.Tag;
        Assert.Equal($"\"{first["version"]!.GetValue<long>()}\"", etag);

        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/fit-criteria")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { items = new[] { new { dimension = "region", values = new[] { "VN" }, weight = 5 } } }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var ok = await admin.SendAsync(request);
        await ok.ExpectAsync(HttpStatusCode.OK);
        Assert.NotEqual(etag, ok.Headers.ETag!.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/fit-criteria")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { items = new[] { new { dimension = "region", values = new[] { "JP" }, weight = 5 } } }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var refused = await admin.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);

        var now = await admin.GetJsonAsync("/api/v1/fit-criteria");
        var only = Assert.Single(now["items"]!.AsArray());
        Assert.Equal(["VN"], only!["values"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(5, only["weight"]!.GetValue<int>());
    }

    [Fact]
    public async Task InvalidCriteria_Are422NamingEachField_AndNothingIsSaved()
    {
        var admin = await AdminAsync();
        await PutCriteriaAsync(admin, new { dimension = "region", values = new[] { "KR" }, weight = 10 });

        var response = await admin.PutAsync("/api/v1/fit-criteria", System.Net.Http.Json.JsonContent.Create(new
        {
            items = new object[]
            {
                new { dimension = "industry", values = new[] { "C", "ZZ" }, weight = 10 },
                new { dimension = "application", values = new[] { "999999999" }, weight = 10 },
                new { dimension = "region", values = new[] { "XX" }, weight = 0 },
                new { dimension = "size", minEmployees = 500, maxEmployees = 100, weight = 101 },
                new { dimension = "size", weight = 10 },
                new { dimension = "region", values = Array.Empty<string>(), minEmployees = 5, weight = 10 },
            },
        }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["items[0].values", "items[1].values", "items[2].values", "items[2].weight", "items[3].maxEmployees", "items[3].weight",
             "items[4].minEmployees", "items[5].minEmployees", "items[5].values"],
            errors);
        var kept = await admin.GetJsonAsync("/api/v1/fit-criteria");
        Assert.Equal("KR", Assert.Single(kept["items"]!.AsArray())!["values"]![0]!.GetValue<string>());

        var unknownDimension = await admin.PutAsync("/api/v1/fit-criteria", new StringContent("{\"items\":[{\"dimension\":\"mood\",\"weight\":1}]}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownDimension.StatusCode);
    }

    [Theory]
    [InlineData(Role.Manager)]
    [InlineData(Role.Rep)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task OnlyAdmins_ChangeCriteria_EveryoneReadsThem(Role role)
    {
        using var client = App.Client(await App.CreateUserAsync(role, role is Role.Manager or Role.Rep ? TestApp.NewTeam() : null));

        var put = await client.PutAsync("/api/v1/fit-criteria", System.Net.Http.Json.JsonContent.Create(new { items = Array.Empty<object>() }));

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        await client.GetJsonAsync("/api/v1/fit-criteria");
    }

    [Fact]
    public async Task Explanation_FollowsAccountVisibility_AndReadsInTheCallersLanguage()
    {
        var admin = await AdminAsync();
        await PutCriteriaAsync(admin, new { dimension = "industry", values = new[] { "C" }, weight = 10 });
        var team = TestApp.NewTeam();
        var owner = await App.CreateUserAsync(Role.Rep, team);
        using var ownerClient = App.Client(owner);
        var account = await ownerClient.CreateAsync("/api/v1/accounts", new { name = Unique("Seen"), industry = "28" });
        var path = $"/api/v1/accounts/{account.Id()}/fit";

        using var otherRep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync(path)).StatusCode);
        using var otherManager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await otherManager.GetAsync(path)).StatusCode);
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        Assert.Equal(100, (await manager.GetJsonAsync(path))["score"]!.GetValue<int>());
        foreach (var role in new[] { Role.Viewer, Role.Quality, Role.Product, Role.Admin })
        {
            using var reader = App.Client(await App.CreateUserAsync(role));
            Assert.Equal(100, (await reader.GetJsonAsync(path))["score"]!.GetValue<int>());
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client().GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ownerClient.GetAsync("/api/v1/accounts/999999999/fit")).StatusCode);

        var english = await ownerClient.GetJsonAsync(path);
        Assert.Contains("Manufacture of machinery", english["criteria"]![0].Str("explanation"), StringComparison.Ordinal);
        using var korean = App.Client(owner, "ko");
        var ko = await korean.GetJsonAsync(path);
        Assert.Contains("기타 기계 및 장비 제조업", ko["criteria"]![0].Str("explanation"), StringComparison.Ordinal);
        Assert.Contains("목표", ko["criteria"]![0].Str("explanation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SortByFit_PagesWithACursor_BestFirst_UnscoredLast()
    {
        var admin = await AdminAsync();
        await PutCriteriaAsync(admin,
            new { dimension = "region", values = new[] { "KR" }, weight = 50 },
            new { dimension = "industry", values = new[] { "28" }, weight = 30 },
            new { dimension = "size", minEmployees = 10, weight = 20 });
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep));
        var marker = Unique("Sorted");
        var made = new List<(long Id, int Score)>();
        foreach (var (country, industry, employees, score) in new (string?, string?, int?, int)[]
                 {
                     ("KR", "28", 50, 100), (null, null, null, 0), ("KR", null, null, 50), (null, "28", 50, 50), ("KR", "28", null, 80), (null, null, 50, 20), ("JP", "28", null, 30),
                 })
        {
            var a = await rep.CreateAsync("/api/v1/accounts", new { name = $"{marker} {made.Count}", country, industry, employees });
            Assert.Equal(score, a["fitScore"]!.GetValue<int>());
            made.Add((a.Id(), score));
        }

        var seen = new List<(long Id, int Score)>();
        string? cursor = null;
        do
        {
            var page = await rep.GetJsonAsync($"/api/v1/accounts?sort=fit&limit=2&q={Uri.EscapeDataString(marker)}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(page["items"]!.AsArray().Select(i => (i!.Id(), i!["fitScore"]!.GetValue<int>())));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(made.Count, seen.Count);
        Assert.Equal(made.Select(m => m.Id).Order(), seen.Select(s => s.Id).Order());
        Assert.Equal(seen.Select(s => s.Score).OrderDescending(), seen.Select(s => s.Score));
        // Equal scores keep a stable order by id, so no row repeats or goes missing across pages.
        var fifty = seen.Where(s => s.Score == 50).Select(s => s.Id).ToList();
        Assert.Equal(2, fifty.Count);

        var bad = await rep.GetAsync("/api/v1/accounts?sort=mood");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task FitAdminPage_IsForAdminsOnly_ShowsTheEmptyState_AndSavesRowsInKorean()
    {
        await PutCriteriaAsync(await AdminAsync());
        foreach (var role in new[] { Role.Manager, Role.Rep, Role.Viewer, Role.Quality, Role.Product })
        {
            using var other = await App.SignInAsync(await App.CreateUserAsync(role, role is Role.Manager or Role.Rep ? TestApp.NewTeam() : null));
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/admin/fit")).Status);
        }

        var admin = await App.CreateUserAsync(Role.Admin);
        using var browser = await App.SignInAsync(admin, "ko");
        var empty = await browser.GetFormAsync("/admin/fit");
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Contains("아직 기준이 없습니다", empty.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/fit\"", empty.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/industries\"", empty.Html, StringComparison.Ordinal);
        var version = System.Text.RegularExpressions.Regex.Match(empty.Html, "name=\"Form.Version\" value=\"(\\d+)\"").Groups[1].Value;

        // "Add criterion" draws a new row without saving it.
        var added = await browser.PostFormAsync("/admin/fit?handler=Add", empty.Token, new Dictionary<string, string>
        {
            ["Form.Version"] = version,
            ["Form.NewDimension"] = "Region",
        });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var addedHtml = await added.Content.ReadAsStringAsync();
        Assert.Contains("name=\"Form.Rows[0].Countries\"", addedHtml, StringComparison.Ordinal);
        Assert.Empty((await App.Client(admin).GetJsonAsync("/api/v1/fit-criteria"))["items"]!.AsArray());

        // A bad row is refused with its error beside it; nothing saved.
        var refused = await browser.PostFormAsync("/admin/fit", empty.Token, new Dictionary<string, string>
        {
            ["Form.Version"] = version,
            ["Form.Rows[0].Dimension"] = "Region",
            ["Form.Rows[0].Countries"] = "KR, XX",
            ["Form.Rows[0].Weight"] = "30",
            ["Form.Rows[0].Remove"] = "false",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("XX", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await App.Client(admin).GetJsonAsync("/api/v1/fit-criteria"))["items"]!.AsArray());

        var saved = await browser.PostFormAsync("/admin/fit", empty.Token, new Dictionary<string, string>
        {
            ["Form.Version"] = version,
            ["Form.Rows[0].Dimension"] = "Region",
            ["Form.Rows[0].Countries"] = "KR, VN",
            ["Form.Rows[0].Weight"] = "30",
            ["Form.Rows[0].Remove"] = "false",
            ["Form.Rows[1].Dimension"] = "Size",
            ["Form.Rows[1].MinEmployees"] = "200",
            ["Form.Rows[1].MaxEmployees"] = "5000",
            ["Form.Rows[1].Weight"] = "20",
            ["Form.Rows[1].Remove"] = "false",
            ["Form.Rows[2].Dimension"] = "Industry",
            ["Form.Rows[2].Industries"] = "C",
            ["Form.Rows[2].Weight"] = "20",
            ["Form.Rows[2].Remove"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var criteria = (await App.Client(admin).GetJsonAsync("/api/v1/fit-criteria"))["items"]!.AsArray();
        Assert.Equal(["region", "size"], criteria.Select(c => c!.Str("dimension")));

        var page = await browser.GetAsync("/admin/fit");
        Assert.Contains("name=\"Form.Rows[1].MinEmployees\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("지역(국가)", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountPages_ShowTheFitMeter_TheExplanation_AndSortByFit()
    {
        var admin = await AdminAsync();
        await PutCriteriaAsync(admin, new { dimension = "region", values = new[] { "KR" }, weight = 60 }, new { dimension = "industry", values = new[] { "30" }, weight = 40 });
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await App.Client(rep).CreateAsync("/api/v1/accounts", new { name = Unique("Yard"), country = "KR", employees = 900 });
        using var browser = await App.SignInAsync(rep, "ko");

        var detail = await browser.GetAsync($"/accounts/{account.Id()}");
        Assert.Equal(HttpStatusCode.OK, detail.Status);
        Assert.Contains($"hx-get=\"/accounts/{account.Id()}/fit\"", detail.Html, StringComparison.Ordinal);
        Assert.Contains("900", detail.Html, StringComparison.Ordinal);

        var panel = await browser.GetAsync($"/accounts/{account.Id()}/fit");
        Assert.Equal(HttpStatusCode.OK, panel.Status);
        Assert.Contains("<meter class=\"fit-meter large\"", panel.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"60\"", panel.Html, StringComparison.Ordinal);
        Assert.Contains("충족", panel.Html, StringComparison.Ordinal);
        Assert.Contains("목표 국가인 KR", panel.Html, StringComparison.Ordinal);

        using var stranger = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/accounts/{account.Id()}/fit")).Status);

        var list = await browser.GetAsync("/accounts?sort=fit");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("aria-sort=\"descending\"", list.Html, StringComparison.Ordinal);
        Assert.Contains("class=\"fit-meter\"", list.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"sort\" value=\"fit\"", list.Html, StringComparison.Ordinal);
    }
}
