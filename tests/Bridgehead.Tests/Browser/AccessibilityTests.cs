using Bridgehead.Identity;
using Bridgehead.Tests.Incidents;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Orders;
using Bridgehead.Tests.ProductRequests;
using Bridgehead.Tests.Pursuits;
using Bridgehead.Tests.Quotes;
using Bridgehead.Tests.Trials;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Bridgehead.Tests.Browser;

/// <summary>
/// The axe-core audit (WCAG 2.0/2.1 A and AA) of every main page in English and Korean, and the
/// pages used with the keyboard alone. SQLite only: what a page's markup and styles are does not
/// depend on the database behind it, and the audit is slow enough to run once.
/// </summary>
public sealed class AccessibilityTests() : AppTests(Provider.Sqlite)
{
    private static readonly string[] WcagAandAA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private readonly List<IBrowserContext> _contexts = [];

    public override async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
        await base.DisposeAsync();
    }

    private async Task<IPage> OpenAsync()
    {
        var browser = await BrowserSession.GetAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(BrowserSession.Timeout);
        lock (_contexts)
        {
            _contexts.Add(context);
        }
        return await context.NewPageAsync();
    }

    /// <summary>A rep's account with a contact, a pursuit with a quote and a trial round, an order, an incident, a product and a product request.</summary>
    private sealed record World(TestUser Rep, long Account, long Contact, long Opportunity, long Quote, long Order, long Incident, long TrialPhase, long Product, long Request);

    private async Task<World> WorldAsync()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(rep);
        var account = (await api.NewAccountAsync()).Id();
        var contact = (await api.CreateAsync("/api/v1/contacts", new { accountId = account, name = "Min-ji Park", title = "Purchasing lead" })).Id();
        var opportunity = (await api.NewOpportunityAsync(account)).Id();
        var product = await App.NewOrderProductAsync(10, 1000m, listPrice: 1500m);
        var quote = (await api.NewQuoteAsync(opportunity, [QuoteSetup.Line(product, 10)], [QuoteSetup.Value()])).Id();
        var order = (await api.NewSpotAsync(account, OrderSetup.Line(product, 40, OrderSetup.Today.AddDays(40), 1400m))).Id();
        var incident = (await api.OpenedAsync(account, order, product)).Id();
        var phase = (await api.CreateAsync(Trial.PlanPath(opportunity), new { kind = "pilot", scope = new { productIds = new[] { product }, lines = new[] { "Line 1" } } })).Id();
        var request = (await api.RaiseAsync("Flange rated for 40 bar", [opportunity])).Id();
        return new World(rep, account, contact, opportunity, quote, order, incident, phase, product, request);
    }

    private static readonly string[] Lists =
    [
        "/", "/accounts", "/contacts", "/opportunities", "/board", "/forecast", "/activities", "/tasks", "/openings", "/competitors",
        "/market-watch", "/products", "/references", "/product-requests", "/trials", "/orders", "/capacity", "/incidents", "/care",
        "/reports", "/imports", "/duplicates", "/process",
    ];

    private static string[] AdminPages(World w) =>
    [
        .. Lists,
        "/care-plans", "/admin/users", "/admin/pipelines", "/admin/industries", "/admin/fit", "/admin/exchange-rates", "/admin/quote-policy",
        "/admin/calendar", "/admin/webhooks",
        "/accounts/new", "/contacts/new", "/opportunities/new", $"/orders/new?accountId={w.Account}",
        $"/incidents/new?accountId={w.Account}", "/products/new", "/product-requests/new", "/references/new", "/competitors/new",
        "/activities/new", "/tasks/new", $"/opportunities/{w.Opportunity}/trials/new",
        $"/accounts/{w.Account}", $"/contacts/{w.Contact}", $"/opportunities/{w.Opportunity}", $"/quotes/{w.Quote}", $"/orders/{w.Order}",
        $"/incidents/{w.Incident}", $"/trials/{w.TrialPhase}", $"/products/{w.Product}", $"/product-requests/{w.Request}",
        "/search?q=Flange", "/account/password",
    ];

    /// <summary>
    /// The main pages again in Korean: home, the lists of the deal's path and each record's page.
    /// The forms, the other lists and the admin pages are the same templates with other words;
    /// auditing all of them twice took minutes of CI time.
    /// </summary>
    private static string[] KoreanPages(World w) =>
    [
        "/", "/accounts", "/opportunities", "/board", "/reports",
        $"/accounts/{w.Account}", $"/contacts/{w.Contact}", $"/opportunities/{w.Opportunity}", $"/quotes/{w.Quote}", $"/orders/{w.Order}",
        $"/incidents/{w.Incident}", $"/trials/{w.TrialPhase}", $"/product-requests/{w.Request}",
    ];

    /// <summary>A rep's own view of the pages that differ most by role: home, their pursuits, the board and account care.</summary>
    private static readonly string[] RepPages =
        ["/", "/opportunities", "/board", "/care"];

    [Fact]
    public async Task EveryPage_InEnglish_AndTheMainPagesInKorean_HaveNoSeriousOrCriticalViolation()
    {
        var world = await WorldAsync();
        var started = DateTime.UtcNow;

        // The two languages are audited side by side, each in a browser of its own and by an admin
        // of its own (the language chosen is kept with the user).
        var english = AuditLanguageAsync("en", [(await App.CreateUserAsync(Role.Admin), "admin", AdminPages(world)), (world.Rep, "rep", RepPages)]);
        var korean = AuditLanguageAsync("ko", [(await App.CreateUserAsync(Role.Admin), "admin", KoreanPages(world))]);
        var problems = (await Task.WhenAll(english, korean)).SelectMany(p => p).ToList();

        TestContext.Current.TestOutputHelper?.WriteLine($"{_audited} pages audited in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        Assert.True(problems.Count == 0, $"{problems.Count} serious or critical accessibility problems:\n" + string.Join("\n", problems));
    }

    private int _audited;

    /// <summary>Each user's pages as that user, then the signed-out sign-in page, in one language.</summary>
    private async Task<List<string>> AuditLanguageAsync(string language, (TestUser User, string Who, string[] Paths)[] visits)
    {
        var page = await OpenAsync();
        var problems = new List<string>();
        foreach (var (user, who, paths) in visits)
        {
            await page.Context.ClearCookiesAsync();
            await BrowserSession.SignInAsync(page, user.UserName);
            if (language == "ko")
            {
                await SwitchLanguageAsync(page, "ko");
            }
            foreach (var path in paths)
            {
                var response = await page.GotoAsync(path);
                if (response is not { Status: 200 })
                {
                    problems.Add($"[{language}] {path} ({who}): HTTP {response?.Status}");
                    continue;
                }
                await AuditAsync(page, $"{path} ({who})", problems);
            }
        }
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/login");
        if (language == "ko")
        {
            await SwitchLanguageAsync(page, "ko");
        }
        await AuditAsync(page, "/login (signed out)", problems);
        return problems;
    }

    private static async Task SwitchLanguageAsync(IPage page, string language)
    {
        await page.Locator($".language button[value='{language}']").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
    }

    /// <summary>Waits for the sections a page loads after itself, runs axe once and records each serious or critical violation.</summary>
    private async Task AuditAsync(IPage page, string name, List<string> problems)
    {
        await page.WaitForFunctionAsync("() => !document.querySelector('[hx-trigger=\"load\"] > .spinner, .htmx-request')");
        var language = await page.Locator("html").GetAttributeAsync("lang");
        // Only violations come back in full: passes and the rest are one node each, which is most of
        // the work of serialising a result on a long page.
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagAandAA] },
            ResultTypes = [ResultType.Violations],
        });
        Interlocked.Increment(ref _audited);
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            var targets = string.Join(" | ", violation.Nodes.Take(5).Select(n => n.Target.ToString()));
            problems.Add($"[{language}] {name}: {violation.Id} ({violation.Impact}, {violation.Nodes.Length} nodes) {targets}");
        }
    }

    /// <summary>What one Tab press focused, as the page reports it.</summary>
    private sealed class Focus
    {
        public int Index { get; set; }
        public string Tag { get; set; } = "";
        public string Label { get; set; } = "";
        public bool IsSkipLink { get; set; }
        public bool IsMain { get; set; }
        public bool InMain { get; set; }
        public bool ShowsFocus { get; set; }
        public bool IsBody { get; set; }
    }

    /// <summary>
    /// Describes the focused element; each element gets a number the first time it is focused, so
    /// the walk sees when focus comes back round.
    /// </summary>
    private const string FocusedScript = """
        () => {
          const el = document.activeElement;
          window.__seen ??= new Map();
          if (!el || el === document.body || el === document.documentElement) {
            return { index: -1, tag: "body", label: "", isSkipLink: false, isMain: false, inMain: false, showsFocus: true, isBody: true };
          }
          if (!window.__seen.has(el)) window.__seen.set(el, window.__seen.size);
          const style = getComputedStyle(el);
          const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
          const shadow = style.boxShadow !== "none";
          return {
            index: window.__seen.get(el), tag: el.tagName.toLowerCase(),
            label: (el.id ? "#" + el.id + " " : "") + (el.getAttribute("aria-label") || el.textContent || el.getAttribute("name") || "").trim().slice(0, 60),
            isSkipLink: el.classList.contains("skip"), isMain: el.id === "main", inMain: !!el.closest("main") && el.id !== "main",
            showsFocus: outline || shadow, isBody: false,
          };
        }
        """;

    private static Task<Focus> FocusedAsync(IPage page) => page.EvaluateAsync<Focus>(FocusedScript);

    /// <summary>
    /// From the top of each page: the first Tab reaches the skip link, which moves focus to main;
    /// from there Tab visits every focusable element, each showing a focus indicator, and never
    /// stays put until it comes round to the skip link again.
    /// </summary>
    [Fact]
    public async Task Tabbing_ThroughRepresentativePages_StartsAtTheSkipLink_ShowsFocus_AndComesRound()
    {
        var world = await WorldAsync();
        // Makes the first stage gate pass, so the pursuit page shows its advance button.
        await App.RecordShareAsync(world.Account, "valves");
        var page = await OpenAsync();
        await BrowserSession.SignInAsync(page, world.Rep.UserName);
        var problems = new List<string>();

        foreach (var path in new[] { "/", $"/opportunities/{world.Opportunity}", "/contacts/new" })
        {
            await page.GotoAsync(path);
            await page.WaitForFunctionAsync("() => !document.querySelector('[hx-trigger=\"load\"] > .spinner, .htmx-request')");
            if (path == $"/opportunities/{world.Opportunity}")
            {
                await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Advance to 2. Contact" })).ToBeVisibleAsync();
            }

            // A fresh page has no focus, so the first Tab starts at the top; a form puts it on its first
            // field, and the walk reaches the top after the end of the page. Either way the first thing
            // focused from the top must be the skip link, which moves focus to main. The walk then goes
            // on past the end of the page, through the top bar and the navigation, until it is back at
            // the first element of main. Date and time inputs take one Tab per part (day, month,
            // hour...), so focus may stay on one element for a few presses; more than that is a trap.
            var previous = await FocusedAsync(page);
            var atTop = previous.IsBody;
            Assert.True(atTop || previous.InMain, $"{path}: the page put focus on {previous.Tag} {previous.Label} outside main");
            Focus? firstInMain = null;
            var seen = new HashSet<int>();
            var same = 0;
            for (var presses = 0; ; presses++)
            {
                Assert.True(presses < 500, $"{path}: focus did not come round after 500 Tabs");
                await page.Keyboard.PressAsync("Tab");
                var now = await FocusedAsync(page);
                if (now.IsBody)
                {
                    // Past the last element focus leaves the page; the next Tab starts again at the top.
                    atTop = true;
                    continue;
                }
                if (atTop)
                {
                    Assert.True(now.IsSkipLink, $"{path}: the first Tab from the top focused {now.Tag} {now.Label}, not the skip link");
                    atTop = false;
                }
                if (now.Index == previous.Index)
                {
                    Assert.True(++same < 8, $"{path}: Tab is stuck on {now.Tag} {now.Label}");
                    continue;
                }
                same = 0;
                if (!now.ShowsFocus)
                {
                    problems.Add($"{path}: {now.Tag} {now.Label} shows no focus indicator");
                }
                if (now.IsSkipLink && firstInMain is null)
                {
                    await page.Keyboard.PressAsync("Enter");
                    Assert.True((await FocusedAsync(page)).IsMain, $"{path}: the skip link did not move focus to main");
                    await page.Keyboard.PressAsync("Tab");
                    now = firstInMain = await FocusedAsync(page);
                    Assert.True(now.InMain, $"{path}: after the skip link, Tab went to {now.Tag} {now.Label} outside main");
                    if (!now.ShowsFocus)
                    {
                        problems.Add($"{path}: {now.Tag} {now.Label} shows no focus indicator");
                    }
                }
                else if (firstInMain is not null && now.Index == firstInMain.Index)
                {
                    break;
                }
                seen.Add(now.Index);
                previous = now;
            }
            var visited = seen.Count;
            TestContext.Current.TestOutputHelper?.WriteLine($"{path}: {visited} focusable elements");
            Assert.True(visited > 5, $"{path}: only {visited} elements were focusable");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>A form filled and sent with the keyboard alone: typing, Tab between fields, arrow keys in a list, Enter to save.</summary>
    [Fact]
    public async Task AContact_CanBeCreated_WithTheKeyboardOnly()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(rep);
        var account = await api.CreateAsync("/api/v1/accounts", new { name = PursuitApi.Unique("Keyboard Works") });
        var page = await OpenAsync();
        await BrowserSession.SignInAsync(page, rep.UserName);
        await page.GotoAsync("/contacts");

        await BrowserSession.PressNewAsync(page, "/contacts/new");
        var name = PursuitApi.Unique("Ji-ho Keyboard");
        var fields = new Dictionary<string, string> { ["Form_Name"] = name, ["Form_Title"] = "Plant manager" };
        var accountChosen = false;
        for (var presses = 0; presses < 60; presses++)
        {
            var focused = await page.EvaluateAsync<string>("() => document.activeElement.id || document.activeElement.tagName");
            if (fields.Remove(focused, out var text))
            {
                await page.Keyboard.TypeAsync(text);
            }
            else if (focused == "Form_AccountId" && !accountChosen)
            {
                // The account is chosen in the list by typing the start of its name, as a keyboard user would.
                await page.Keyboard.TypeAsync(account.Str("name")[..14]);
                accountChosen = true;
            }
            if (fields.Count == 0 && accountChosen)
            {
                break;
            }
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Empty(fields);
        Assert.True(accountChosen, "Tab never reached the account list");
        // Enter in the last text field sends the form.
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(account.Str("name"));
    }
}
