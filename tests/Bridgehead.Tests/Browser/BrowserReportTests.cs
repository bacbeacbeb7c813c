using System.Text.Json;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using Microsoft.Playwright;
using static Bridgehead.Tests.Reports.PipelineSeed;

namespace Bridgehead.Tests.Browser;

public sealed class BrowserReportTests_Sqlite() : BrowserReportTests(Provider.Sqlite);

public sealed class BrowserReportTests_Postgres() : BrowserReportTests(Provider.Postgres);

/// <summary>A report page in a real Chromium: Chart.js draws the chart under the strict Content-Security-Policy.</summary>
public abstract class BrowserReportTests(Provider provider) : AppTests(provider)
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

    [Fact]
    public async Task ReportPage_DrawsItsChart_WithoutBreakingThePolicy()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using (var rep = App.Client(me))
        {
            var account = (await rep.NewAccountAsync()).Id();
            var standard = await App.DefaultPipelineIdAsync();
            await App.ClosedAsync(account, me.Id, standard, StageMove.Won, Utc(2025, 1, 10));
            await App.ClosedAsync(account, me.Id, standard, StageMove.Lost, Utc(2025, 2, 10), o => o.CloseReason = CloseReason.Price);
            await App.ClosedAsync(account, me.Id, standard, StageMove.Lost, Utc(2025, 2, 11), o => o.CloseReason = CloseReason.Price);
        }
        var browser = await BrowserSession.GetAsync();
        _context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        _context.SetDefaultTimeout(BrowserSession.Timeout);
        var page = await _context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);
        await BrowserSession.SignInAsync(page, me.UserName);

        await page.GotoAsync("/reports/win-loss?from=2025-01-01&to=2025-03-31");
        await page.WaitForFunctionAsync("() => window.Chart && window.Chart.getChart(document.getElementById('report-chart')) !== undefined");

        var drawn = await page.EvaluateAsync<JsonElement>(
            "() => { const c = window.Chart.getChart(document.getElementById('report-chart')); return { type: c.config.type, labels: c.data.labels, data: c.data.datasets[0].data }; }");
        Assert.Equal("bar", drawn.GetProperty("type").GetString());
        Assert.Equal(["Won", "Price", "Winner not named"], drawn.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal([1m, 2m, 2m], drawn.GetProperty("data").EnumerateArray().Select(v => v.GetDecimal()));
        await Assertions.Expect(page.Locator("canvas#report-chart")).ToHaveAttributeAsync("role", "img");
        Assert.DoesNotContain(problems, p => !p.Contains("favicon", StringComparison.OrdinalIgnoreCase) && !p.Contains(".map", StringComparison.Ordinal));
        if (Environment.GetEnvironmentVariable("BRIDGEHEAD_REPORT_SCREENSHOT") is { Length: > 0 } file)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        }
    }
}
