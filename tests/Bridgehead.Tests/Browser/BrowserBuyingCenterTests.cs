using Bridgehead.Identity;
using Bridgehead.Tests.BuyingCenter;
using Bridgehead.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Bridgehead.Tests.Browser;

public sealed class BrowserBuyingCenterTests_Sqlite() : BrowserBuyingCenterTests(Provider.Sqlite);

public sealed class BrowserBuyingCenterTests_Postgres() : BrowserBuyingCenterTests(Provider.Postgres);

/// <summary>The buying center in a real Chromium, used with the keyboard only.</summary>
public abstract class BrowserBuyingCenterTests(Provider provider) : AppTests(provider)
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

    private async Task<IPage> SignedInAsync(TestUser user)
    {
        var browser = await BrowserSession.GetAsync();
        _context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        _context.SetDefaultTimeout(BrowserSession.Timeout);
        var page = await _context.NewPageAsync();
        await BrowserSession.SignInAsync(page, user.UserName);
        return page;
    }

    [Fact]
    public async Task AddingAMember_WithTheKeyboard_PutsTheirChipOnTheMap()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var p = await Pursuit.NewAsync(App, rep);
        var name = "Keyboard Engineer " + Guid.NewGuid().ToString("N")[..4];
        await p.Api.CreateAsync("/api/v1/contacts", new { accountId = p.AccountId, name, department = "engineering", influence = 4, stance = "supporter" });
        var page = await SignedInAsync(rep);
        await page.GotoAsync($"/opportunities/{p.OpportunityId}");
        await Assertions.Expect(page.Locator("#buying-center")).ToContainTextAsync("A buying center is everyone at the customer");

        // Choose the person and the champion role by keys, then tab to the button and press Enter.
        await page.GetByLabel("Person").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.GetByLabel("Person")).Not.ToHaveValueAsync("");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Department")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Champ");
        await Assertions.Expect(page.GetByLabel("Buying role")).ToHaveValueAsync("Champion");
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add to the buying center" });
        for (var i = 0; i < 10 && !await add.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await Assertions.Expect(add).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("added to the buying center");
        var engineering = page.Locator("table.bc-map tbody tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Engineering" }) });
        var chip = engineering.GetByRole(AriaRole.Link, new() { Name = name });
        await Assertions.Expect(chip).ToBeVisibleAsync();
        await Assertions.Expect(chip).ToContainTextAsync("★");
        await Assertions.Expect(chip).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("supporter"));
        await Assertions.Expect(page.Locator("#buying-center .bc-warnings")).Not.ToContainTextAsync("No champion");

        // The chip is a link to the member's form, reachable by keyboard.
        await chip.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"{name} in the buying center");
    }
}
