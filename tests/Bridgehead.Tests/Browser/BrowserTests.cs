using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using Microsoft.Playwright;

namespace Bridgehead.Tests.Browser;

public sealed class BrowserTests_Sqlite() : BrowserTests(Provider.Sqlite);

public sealed class BrowserTests_Postgres() : BrowserTests(Provider.Postgres);

/// <summary>The web UI in a real Chromium: what a person sees and does with mouse and keyboard.</summary>
public abstract class BrowserTests(Provider provider) : AppTests(provider)
{
    private IBrowserContext? _context;

    public override async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
        await base.DisposeAsync();
    }

    private async Task<IPage> OpenAsync(string locale = "en-US")
    {
        var browser = await BrowserSession.GetAsync();
        _context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        _context.SetDefaultTimeout(BrowserSession.Timeout);
        return await _context.NewPageAsync();
    }

    [Fact]
    public async Task SignIn_LandsOnTheHomePage_WithTheNavigation()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var page = await OpenAsync();

        await BrowserSession.SignInAsync(page, rep.UserName);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Good to see you");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Accounts", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task WrongPassword_StaysOnTheSignInPage_WithTheReason()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var page = await OpenAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(rep.UserName);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not correct");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
    }

    [Fact]
    public async Task CreatingAnAccount_WithTheKeyboardShortcutAndTheForm_ShowsItsPage()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var page = await OpenAsync();
        await BrowserSession.SignInAsync(page, rep.UserName);
        await page.GotoAsync("/accounts");

        await BrowserSession.PressNewAsync(page, "/accounts/new");
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        // The browser refuses the empty required name before anything is sent.
        Assert.EndsWith("/accounts/new", page.Url);

        var name = "Browser Boilers " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Country").FillAsync("XX");
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("ISO 3166");
        await Assertions.Expect(page.GetByLabel("Country")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GetByLabel("Country").FillAsync("kr");
        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Customer" });
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Account created");
        await page.GotoAsync("/accounts");
        await page.GetByLabel("Name contains").FillAsync(name);
        await Assertions.Expect(page.Locator("#results").GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SwitchingToKorean_ChangesTheWholeUi_AndSticks()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var page = await OpenAsync();
        await BrowserSession.SignInAsync(page, rep.UserName);

        await page.GetByRole(AriaRole.Button, new() { Name = "한국어" }).ClickAsync();

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ko");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "주 메뉴" }).GetByRole(AriaRole.Link, new() { Name = "거래처", Exact = true })).ToBeVisibleAsync();
        await page.GotoAsync("/accounts/new");
        await Assertions.Expect(page.GetByLabel("회사명")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ko");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
    }

    [Fact]
    public async Task AKoreanBrowser_GetsKorean_BeforeSigningIn()
    {
        var page = await OpenAsync("ko-KR");
        await page.GotoAsync("/login");

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ko");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("로그인");
    }

    [Fact]
    public async Task AtTabletWidth_PagesFitTheScreen_AndTheNavigationStaysReachable()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var page = await OpenAsync();
        await page.SetViewportSizeAsync(768, 1024);
        await BrowserSession.SignInAsync(page, rep.UserName);

        foreach (var path in new[] { "/", "/accounts", "/accounts/new" })
        {
            await page.GotoAsync(path);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} is {overflow}px wider than a tablet screen");
        }
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Accounts", Exact = true })).ToBeInViewportAsync();
    }

    [Fact]
    public async Task SlashKey_FocusesTheSearch()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var page = await OpenAsync();
        await BrowserSession.SignInAsync(page, rep.UserName);

        await page.Keyboard.PressAsync("/");

        await Assertions.Expect(page.Locator("#global-search")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task AdvancingFromTheDetailPage_WithTheKeyboard_ShowsTheNewStage()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var api = App.Client(rep);
        var account = await api.CreateAsync("/api/v1/accounts", new { name = "Gate Browser " + Guid.NewGuid().ToString("N")[..6], industry = "F", applicationIds = new[] { await api.BoilersAsync() } });
        var opportunity = await api.CreateAsync("/api/v1/opportunities", new
        {
            accountId = account.Id(), title = "Keyboard deal", productCategory = "Valves", applicationId = await api.BoilersAsync(),
            entryAngle = "Their valve supplier is on allocation.",
        });
        await App.RecordShareAsync(account.Id(), "valves");
        var page = await OpenAsync();
        await BrowserSession.SignInAsync(page, rep.UserName);
        await page.GotoAsync($"/opportunities/{opportunity.Id()}");
        await Assertions.Expect(page.GetByText("4/4 met")).ToBeVisibleAsync();

        var advance = page.GetByRole(AriaRole.Button, new() { Name = "Advance to 2. Contact" });
        await advance.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Moved to 2. Contact.");
        await Assertions.Expect(page.Locator("#stage-h + dl")).ToContainTextAsync("2. Contact");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Advance to 3. Needs" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.stage-history tbody tr").First).ToContainTextAsync("Advanced");
    }
}
