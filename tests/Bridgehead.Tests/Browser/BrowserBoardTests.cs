using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using Microsoft.Playwright;

namespace Bridgehead.Tests.Browser;

public sealed class BrowserBoardTests_Sqlite() : BrowserBoardTests(Provider.Sqlite);

public sealed class BrowserBoardTests_Postgres() : BrowserBoardTests(Provider.Postgres);

/// <summary>The board in a real Chromium: dragging cards, moving them with the keyboard, a tablet's width.</summary>
public abstract class BrowserBoardTests(Provider provider) : AppTests(provider)
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

    private async Task<IPage> OpenBoardAsync(TestUser user, int width = 1280)
    {
        var browser = await BrowserSession.GetAsync();
        _context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        _context.SetDefaultTimeout(BrowserSession.Timeout);
        var page = await _context.NewPageAsync();
        await BrowserSession.SignInAsync(page, user.UserName);
        await page.GotoAsync("/board");
        return page;
    }

    private static ILocator Cards(IPage page, string stage) => page.Locator($".cards[data-stage='{stage}']");

    private static ILocator Column(IPage page, string stage) => page.Locator($".column[data-stage='{stage}']");

    [Fact]
    public async Task DraggingACard_ThroughAnOpenGate_MovesItAndUpdatesTheCounts()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await BoardSeed.AccountAsync(App, rep, "Construction", "towers");
        var id = (await BoardSeed.OpportunitiesAsync(App, account, rep, "prospecting", value: _ => new Money(700, "USD"), applicationId: await App.ApplicationIdAsync("towers"), category: "pumps",
            entryAngle: "A new tower project starts in May."))[0];
        await App.RecordShareAsync(account, "pumps");
        var page = await OpenBoardAsync(rep);

        await page.Locator($"#card-{id}").DragToAsync(Column(page, "contact"));

        await Assertions.Expect(Cards(page, "contact").Locator($"#card-{id}")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#col-head-contact")).ToContainTextAsync("1 pursuit");
        await Assertions.Expect(page.Locator("#col-head-contact")).ToContainTextAsync("700 USD");
        await Assertions.Expect(page.Locator("#col-head-prospecting")).ToContainTextAsync("0 pursuits");
        await Assertions.Expect(page.Locator(".column[data-stage='prospecting'] .column-empty")).ToBeVisibleAsync();
        Assert.Equal("contact", await BoardSeed.StageOfAsync(App, id));
    }

    [Fact]
    public async Task DraggingACard_ThatTheGateHolds_KeepsItInPlace_WithTheUnmetCriteria()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var id = (await BoardSeed.OpportunitiesAsync(App, await BoardSeed.AccountAsync(App, rep), rep, "prospecting"))[0];
        var page = await OpenBoardAsync(rep);

        await page.Locator($"#card-{id}").DragToAsync(Column(page, "needs"));

        var card = Cards(page, "prospecting").Locator($"#card-{id}");
        await Assertions.Expect(card.GetByRole(AriaRole.Alert)).ToContainTextAsync("Account has an industry and an application");
        await Assertions.Expect(card.GetByRole(AriaRole.Alert)).ToContainTextAsync("The account has no industry yet.");
        Assert.Equal("prospecting", await BoardSeed.StageOfAsync(App, id));
    }

    [Fact]
    public async Task DraggingACardBack_AsksForTheReasonOnTheCard()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var id = (await BoardSeed.OpportunitiesAsync(App, await BoardSeed.AccountAsync(App, rep), rep, "quote"))[0];
        var page = await OpenBoardAsync(rep);

        await page.Locator($"#card-{id}").DragToAsync(Column(page, "needs"));
        var reason = page.Locator($"#card-{id}").GetByLabel("Why it moves back");
        await Assertions.Expect(reason).ToBeFocusedAsync();
        await reason.FillAsync("The customer reopened the specification");
        await page.Locator($"#card-{id}").GetByRole(AriaRole.Button, new() { Name = "Move back" }).ClickAsync();

        await Assertions.Expect(Cards(page, "needs").Locator($"#card-{id}")).ToBeVisibleAsync();
        Assert.Equal("needs", await BoardSeed.StageOfAsync(App, id));
    }

    [Fact]
    public async Task MovingACard_WithTheKeyboardOnly_KeepsTheFocusOnIt()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await BoardSeed.AccountAsync(App, rep, "Construction", "towers");
        var id = (await BoardSeed.OpportunitiesAsync(App, account, rep, "prospecting", applicationId: await App.ApplicationIdAsync("towers"), category: "pumps",
            entryAngle: "A new tower project starts in May."))[0];
        await App.RecordShareAsync(account, "pumps");
        var page = await OpenBoardAsync(rep);
        var card = page.Locator($"#card-{id}");

        await card.Locator(".card-title").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(card.Locator("summary")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(card.GetByLabel("Move to")).ToBeFocusedAsync();
        await Assertions.Expect(card.GetByLabel("Move to")).ToHaveValueAsync("contact");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Move", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(Cards(page, "contact").Locator($"#card-{id}")).ToBeVisibleAsync();
        await Assertions.Expect(Cards(page, "contact").Locator($"#card-{id} .card-title")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#board-status")).ToContainTextAsync("to Contact.");
        Assert.Equal("contact", await BoardSeed.StageOfAsync(App, id));
    }

    [Fact]
    public async Task AtTabletWidth_TheColumnsScrollSideways_AndThePageDoesNot()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        await BoardSeed.OpportunitiesAsync(App, await BoardSeed.AccountAsync(App, rep), rep, "needs", 3, i => new Money(1000 * i, "KRW"));
        var page = await OpenBoardAsync(rep, width: 768);

        var pageOverflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        var wide = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ')");
        Assert.True(pageOverflow <= 0, $"/board is {pageOverflow}px wider than a tablet screen (past the edge: {wide})");
        var columnsOverflow = await page.EvaluateAsync<int>("() => { const c = document.querySelector('.board .columns'); return c.scrollWidth - c.clientWidth; }");
        Assert.True(columnsOverflow > 0, "The columns do not scroll sideways at tablet width");
        var cardWidth = await page.EvaluateAsync<int>("() => document.querySelector('.board .card').getBoundingClientRect().width");
        Assert.True(cardWidth >= 200, $"Cards are only {cardWidth}px wide");

        await Assertions.Expect(Cards(page, "needs").Locator(".card")).ToHaveCountAsync(3);
    }
}
