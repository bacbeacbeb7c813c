using Microsoft.Playwright;

namespace Bridgehead.Tests.Browser;

/// <summary>
/// One headless Chromium for the test run: Debian's own (/usr/bin/chromium), driven by Playwright's
/// bundled driver; nothing is downloaded. Without Chromium the browser tests are skipped with the
/// package to install, unless BRIDGEHEAD_REQUIRE_BROWSER=1 (set by CI) makes that a failure.
/// </summary>
public static class BrowserSession
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string InstallHint = "Chromium not found at /usr/bin/chromium: install it with `apt-get install chromium fonts-nanum` (Debian) to run the browser tests.";

    private static readonly Lazy<Task<IBrowser?>> Shared = new(LaunchAsync);

    /// <summary>
    /// How long actions, navigations and assertions wait in the browser tests. The security and
    /// fault tests that run beside them load both cores for minutes at a time; one CI run saw a
    /// page take over 30 s to arrive under that load (the same test passes in 13 s alone).
    /// </summary>
    public const int Timeout = 60_000;

    /// <summary>
    /// Signs in through the login form and waits for the home page's navigation. It waits for the
    /// page's content rather than its load event: on a busy CI machine the load event of the page
    /// after the redirect once took longer than the timeout while the page itself was already there.
    /// </summary>
    public static async Task SignInAsync(IPage page, string userName)
    {
        // Fields are found by name: the labels are in the browser's or the user's language.
        await page.GotoAsync("/login", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.Locator("[name='Input.UserName']").FillAsync(userName);
        await page.Locator("[name='Input.Password']").FillAsync(Infrastructure.TestUser.Password);
        await page.Locator("main form:has([name='Input.UserName']) button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await Assertions.Expect(page.Locator("nav.sidebar")).ToBeVisibleAsync();
        // The shortcuts live in a deferred script, which runs before DOMContentLoaded: under load
        // the navigation can be visible before it has run.
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    public static async Task<IBrowser> GetAsync()
    {
        var browser = await Shared.Value;
        if (browser is null)
        {
            Assert.Skip(InstallHint);
        }
        return browser!;
    }

    private static async Task<IBrowser?> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable("BRIDGEHEAD_CHROMIUM") is { Length: > 0 } configured ? configured : ChromiumPath;
        if (!File.Exists(path))
        {
            if (Environment.GetEnvironmentVariable("BRIDGEHEAD_REQUIRE_BROWSER") == "1")
            {
                throw new InvalidOperationException(InstallHint + " (BRIDGEHEAD_REQUIRE_BROWSER=1 forbids skipping.)");
            }
            return null;
        }
        // The whole suite runs in parallel on two cores: waiting for an element may take a while
        // there, so assertions wait as long as actions do rather than Playwright's 5 seconds.
        Assertions.SetDefaultExpectTimeout(Timeout);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
        Infrastructure.Cleanup.AtExit(() =>
        {
            browser.CloseAsync().GetAwaiter().GetResult();
            playwright.Dispose();
        });
        return browser;
    }

    /// <summary>
    /// Presses "n" (new) and expects the browser on the form at <paramref name="path"/>. The address
    /// is polled: WaitForURLAsync once waited its full minute on a page that had arrived long
    /// before (seen under load, with the document complete at the right address).
    /// </summary>
    public static async Task PressNewAsync(IPage page, string path)
    {
        await Assertions.Expect(page.Locator("[data-shortcut='new']")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("n");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(path) + "$"));
    }
}
