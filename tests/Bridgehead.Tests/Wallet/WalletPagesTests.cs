using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Pursuits.PursuitApi;
using static Bridgehead.Tests.Wallet.WalletApi;

namespace Bridgehead.Tests.Wallet;

public sealed class WalletPagesTests_Sqlite() : WalletPagesTests(Provider.Sqlite);

public sealed class WalletPagesTests_Postgres() : WalletPagesTests(Provider.Postgres);

/// <summary>The account's share-of-wallet section, its forms and /openings, driven like a browser.</summary>
public abstract class WalletPagesTests(Provider provider) : AppTests(provider)
{
    private static string Section(long accountId) => $"/accounts/{accountId}/wallet?fragment=section";

    [Fact]
    public async Task TheAccountPage_LoadsTheSection_WhichDrawsTheChartsInKorean_WithoutInlineStyles()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        using var api = App.Client(owner);
        var account = (await api.NewAccountAsync()).Id();
        var rival = Unique("대한밸브");
        var acme = (await api.CreateAsync("/api/v1/competitors", new { name = rival })).Id();
        await api.NewShareAsync(account, "버너 밸브", null, 20, 200, 20_000_000);
        await api.NewShareAsync(account, "버너 밸브", acme, 60, 200, 60_000_000);
        await api.NewShareAsync(account, "버너 밸브", null, 35, 20, 35_000_000);
        await api.NewShareAsync(account, "버너 밸브", acme, 50, 20, 50_000_000);
        await api.NewSlipAsync(account, acme, "qualityFailure", 0);
        using var browser = await App.SignInAsync(owner, "ko");

        var (status, page) = await browser.GetAsync($"/accounts/{account}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"hx-get=\"/accounts/{account}/wallet?fragment=section\"", page);
        Assert.Contains("구매 점유율", page);

        var (sectionStatus, html) = await browser.GetAsync(Section(account));
        Assert.Equal(HttpStatusCode.OK, sectionStatus);
        Assert.DoesNotContain("<html", html);
        Assert.DoesNotContain("style=", html);
        Assert.Contains("<svg class=\"share-bar\"", html);
        Assert.Contains("<rect class=\"seg-us\" x=\"0\" y=\"0\" width=\"35\"", html);
        Assert.Contains("<rect class=\"seg-rival-0\" x=\"35\" y=\"0\" width=\"50\"", html);
        Assert.Contains("<rect class=\"seg-open\" x=\"85\" y=\"0\" width=\"15\"", html);
        Assert.Contains("class=\"trend-line\"", html);
        Assert.Equal(2, html.Split("class=\"trend-point\"").Length - 1);
        Assert.Contains("당사 점유율", html);
        Assert.Contains("미확보 점유율", html);
        Assert.Contains(rival, html);
        Assert.Contains("진입 신호: 40/100", html);
        Assert.Contains("품질 불량", html);
        Assert.Contains($"/accounts/{account}/supplier-shares/new", html);

        // The full page carries the same section.
        var (fullStatus, full) = await browser.GetAsync($"/accounts/{account}/wallet");
        Assert.Equal(HttpStatusCode.OK, fullStatus);
        Assert.Contains("<html", full);
        Assert.Contains("share-bar", full);
    }

    [Fact]
    public async Task AnAccountWithoutEntries_ShowsTheEmptyState_AndViewersGetNoForms()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        var account = (await App.Client(owner).NewAccountAsync()).Id();
        using var browser = await App.SignInAsync(owner);

        var (_, html) = await browser.GetAsync(Section(account));
        Assert.Contains("No share of wallet recorded yet", html);
        Assert.Contains("Record the first share", html);
        Assert.Contains("No slips recorded", html);

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (viewerStatus, seen) = await viewer.GetAsync(Section(account));
        Assert.Equal(HttpStatusCode.OK, viewerStatus);
        Assert.DoesNotContain("supplier-shares/new", seen);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/accounts/{account}/supplier-shares/new")).Status);
    }

    [Fact]
    public async Task OtherRepsQualityAndProduct_SeeNoneOfIt()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        using var api = App.Client(owner);
        var account = (await api.NewAccountAsync()).Id();
        var share = await api.NewShareAsync(account, "Secret valves", null, 10, 1);
        var slip = await api.NewSlipAsync(account, await api.NewCompetitorAsync(), "other", 1);
        string[] paths =
        [
            Section(account), $"/accounts/{account}/wallet", $"/accounts/{account}/supplier-shares/new",
            $"/accounts/{account}/supplier-shares/{share.Id()}/edit", $"/accounts/{account}/supplier-shares/{share.Id()}/delete",
            $"/accounts/{account}/incumbent-events/new", $"/accounts/{account}/incumbent-events/{slip.Id()}/edit",
            $"/accounts/{account}/incumbent-events/{slip.Id()}/delete",
        ];

        using var stranger = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));
        foreach (var path in paths)
        {
            var (status, html) = await stranger.GetAsync(path);
            Assert.True(status == HttpStatusCode.NotFound, path);
            Assert.DoesNotContain("Secret valves", html);
        }
        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var other = await App.SignInAsync(await App.CreateUserAsync(role));
            foreach (var path in paths)
            {
                var (status, html) = await other.GetAsync(path);
                Assert.True(status == HttpStatusCode.Forbidden, $"{role} {path}");
                Assert.DoesNotContain("Secret valves", html);
            }
            var (_, accountPage) = await other.GetAsync($"/accounts/{account}");
            Assert.DoesNotContain("/wallet?fragment=section", accountPage);
            Assert.DoesNotContain("href=\"/openings\"", accountPage);
        }
    }

    [Fact]
    public async Task TheShareForm_AddsACompetitorByName_AndARefusedForm_LeavesNothingBehind()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        var account = (await App.Client(owner).NewAccountAsync()).Id();
        using var browser = await App.SignInAsync(owner);
        var path = $"/accounts/{account}/supplier-shares/new";
        var newRival = Unique("Form Rival");

        var form = await browser.GetFormAsync(path);
        var refused = await browser.PostFormAsync(path, form.Token, new Dictionary<string, string>
        {
            ["Form.ProductCategory"] = "Valves", ["Form.Supplier"] = "Competitor", ["Form.NewCompetitor"] = newRival,
            ["Form.SharePercent"] = "120", ["Form.AsOf"] = Day(0), ["Form.Currency"] = "KRW", ["Form.Version"] = "0",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Enter a value from 0 to 100.", await refused.Content.ReadAsStringAsync());
        await using (var db = App.OpenDb())
        {
            Assert.False(await db.Competitors.AnyAsync(c => c.Name == newRival));
        }

        var saved = await browser.PostFormAsync(path, form.Token, new Dictionary<string, string>
        {
            ["Form.ProductCategory"] = "Valves", ["Form.Supplier"] = "Competitor", ["Form.NewCompetitor"] = newRival,
            ["Form.SharePercent"] = "60", ["Form.AsOf"] = Day(0), ["Form.Amount"] = "6000000", ["Form.Currency"] = "KRW",
            ["Form.AnnualVolume"] = "1200", ["Form.VolumeUnit"] = "pcs", ["Form.Version"] = "0",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/accounts/{account}#wallet", saved.Headers.Location?.ToString());
        var entry = (await App.Client(owner).GetJsonAsync(Shares(account)))["items"]![0]!;
        Assert.Equal(newRival, entry.Str("competitorName"));
        Assert.Equal(60m, entry.Dec("sharePercent"));

        var over = await browser.PostFormAsync(path, form.Token, new Dictionary<string, string>
        {
            ["Form.ProductCategory"] = "valves", ["Form.Supplier"] = "Us", ["Form.SharePercent"] = "50", ["Form.AsOf"] = Day(0), ["Form.Version"] = "0",
        });
        Assert.Contains($"would total 110% on {Day(0)}", await over.Content.ReadAsStringAsync());

        var edit = await browser.GetFormAsync($"/accounts/{account}/supplier-shares/{entry.Id()}/edit");
        var fields = HtmlForm.Parse(edit.Html, "method=\"post\" class=\"panel\"");
        Assert.Equal("1", fields.Value("Form.Version"));
        var delete = await browser.GetFormAsync($"/accounts/{account}/supplier-shares/{entry.Id()}/delete");
        Assert.Contains("Delete this share entry?", delete.Html);
        var deleted = await browser.PostFormAsync($"/accounts/{account}/supplier-shares/{entry.Id()}/delete", delete.Token, new Dictionary<string, string> { ["version"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Empty((await App.Client(owner).GetJsonAsync(Shares(account)))["items"]!.AsArray());
    }

    [Fact]
    public async Task TheShareForm_ForUs_IgnoresANewCompetitorTypedBeforeSwitchingToUs()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        var account = (await App.Client(owner).NewAccountAsync()).Id();
        using var browser = await App.SignInAsync(owner);
        var path = $"/accounts/{account}/supplier-shares/new";
        var ghost = Unique("Ghost Rival");
        var form = await browser.GetFormAsync(path);

        var saved = await browser.PostFormAsync(path, form.Token, new Dictionary<string, string>
        {
            ["Form.ProductCategory"] = "Valves", ["Form.Supplier"] = "Us", ["Form.NewCompetitor"] = ghost,
            ["Form.SharePercent"] = "30", ["Form.AsOf"] = Day(0), ["Form.Currency"] = "KRW", ["Form.Version"] = "0",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("us", (await App.Client(owner).GetJsonAsync(Shares(account)))["items"]![0]!.Str("supplier"));
        await using var db = App.OpenDb();
        Assert.False(await db.Competitors.AnyAsync(c => c.Name == ghost));
    }

    [Fact]
    public async Task TheSlipForm_RecordsASlip_ThatRaisesTheSignal()
    {
        var owner = await App.CreateUserAsync(Role.Rep);
        using var api = App.Client(owner);
        var account = (await api.NewAccountAsync()).Id();
        var acme = await api.NewCompetitorAsync();
        using var browser = await App.SignInAsync(owner, "ko");
        var path = $"/accounts/{account}/incumbent-events/new";

        var form = await browser.GetFormAsync(path);
        Assert.Contains("기존 공급사 실책 기록", form.Html);
        var future = await browser.PostFormAsync(path, form.Token, new Dictionary<string, string>
        {
            ["Form.CompetitorId"] = acme.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.Kind"] = "LateDelivery",
            ["Form.Severity"] = "Critical", ["Form.OccurredOn"] = Day(-3), ["Form.Version"] = "0",
        });
        Assert.Contains("오늘 또는 그 이전 날짜를 입력하세요.", await future.Content.ReadAsStringAsync());

        var saved = await browser.PostFormAsync(path, form.Token, new Dictionary<string, string>
        {
            ["Form.CompetitorId"] = acme.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.Kind"] = "LateDelivery",
            ["Form.Severity"] = "Critical", ["Form.OccurredOn"] = Day(0), ["Form.Note"] = "3주 연속 납기 지연", ["Form.Version"] = "0",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(45m, (await api.GetJsonAsync($"/api/v1/accounts/{account}/opening-signal")).Dec("score"));
        var (_, html) = await browser.GetAsync(Section(account));
        Assert.Contains("3주 연속 납기 지연", html);
        Assert.Contains("납기 지연", html);
        Assert.Contains("심각", html);
    }

    [Fact]
    public async Task TheOpeningsPage_ListsAndSorts_OrExplainsWhenEmpty()
    {
        var owner = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var browser = await App.SignInAsync(owner, "ko");
        var (emptyStatus, empty) = await browser.GetAsync("/openings");
        Assert.Equal(HttpStatusCode.OK, emptyStatus);
        Assert.Contains("아직 담당 거래처 중 공략 대상이 없습니다", empty);
        Assert.Contains("href=\"/openings\"", empty);

        using var api = App.Client(owner);
        var name = Unique("Open Door");
        var account = (await api.CreateAsync("/api/v1/accounts", new { name, industry = "28" })).Id();
        await api.NewSlipAsync(account, await api.NewCompetitorAsync(), "priceIncrease", 0);

        var (status, html) = await browser.GetAsync("/openings?sort=signal&industry=C");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(name, html);
        Assert.Contains($"href=\"/accounts/{account}#wallet\"", html);
        Assert.Contains("aria-sort=\"descending\"", html);
        Assert.Contains("href=\"/openings?industry=C&amp;sort=Fit\"", html);
        Assert.DoesNotContain("style=", html);
        var (_, other) = await browser.GetAsync("/openings?industry=41");
        Assert.DoesNotContain(name, other);
    }
}
