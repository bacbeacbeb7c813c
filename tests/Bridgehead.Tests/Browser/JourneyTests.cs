using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Bridgehead.Tests.Browser;

public sealed class JourneyTests_English() : JourneyTests(Provider.Sqlite, "en-US");

public sealed class JourneyTests_Korean() : JourneyTests(Provider.Postgres, "ko-KR");

/// <summary>
/// The whole life of a deal in a real Chromium, in the user's language: from the opening through
/// the eight pursuit stages (the pilot round, the mass-production run and the audit recorded by
/// quality, the contract signed and the deal won), the order taken with a promised date and
/// delivered, a quality incident opened and closed, and the account's health score moving with
/// it. Only the people, the application and the catalogue product are set up behind the pages;
/// everything else is done through the pages' own forms and buttons, by the role that would do
/// it, and the refusals on the way (eight at the gates, one on closing the incident too early)
/// are read as the user reads them. With BRIDGEHEAD_SCREENSHOTS naming a folder it saves a
/// full-page picture of each main page it passes ({en|ko}-{page}.png).
/// </summary>
public abstract class JourneyTests(Provider provider, string locale) : AppTests(provider)
{
    private readonly CultureInfo _culture = new(locale[..2]);
    private readonly string _lang = locale[..2];
    private readonly List<IBrowserContext> _contexts = [];

    public override async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
        await base.DisposeAsync();
    }

    [Fact]
    public async Task ADeal_FromTheOpeningToHealth_ThroughEightGateRefusals_InTheBrowser()
    {
        var clock = Stopwatch.StartNew();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var application = (await admin.CreateAsync("/api/v1/applications", new { industryCode = "28", nameEn = "Journey presses " + tag, nameKo = "여정 프레스 " + tag })).Id();
        var category = "Journey valves " + tag;
        var productId = await Orders.OrderSetup.NewOrderProductAsync(App, leadTimeDays: 5, weeklyCapacity: null);

        var page = await OpenAsync(rep);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", _lang);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(Text<global::Bridgehead.Home.HomeText>("Greeting").Split('{')[0].Trim());
        await ShotAsync(page, "home");

        // 1. Prospecting: the account, the opening (a share of wallet), the pursuit.
        await page.GotoAsync("/accounts/new");
        var accountName = "Journey Works " + tag;
        await page.Locator("[name='Form.Name']").FillAsync(accountName);
        await page.Locator("[name='Form.Status']").SelectOptionAsync("Prospect");
        await page.Locator("[name='Form.Industry']").SelectOptionAsync("28");
        await page.Locator("[name='Form.ApplicationIds']").SelectOptionAsync(application.ToString(CultureInfo.InvariantCulture));
        await page.Locator("[name='Form.Country']").FillAsync("KR");
        await SubmitAsync(page, "Form.Name");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(accountName);
        var accountId = IdIn(page.Url, "accounts");

        await page.GotoAsync($"/opportunities/new?accountId={accountId}");
        var title = "Journey pursuit " + tag;
        await page.Locator("[name='Form.Title']").FillAsync(title);
        await page.Locator("[name='Form.ProductCategory']").FillAsync(category);
        await page.Locator("[name='Form.ApplicationId']").SelectOptionAsync(application.ToString(CultureInfo.InvariantCulture));
        await page.Locator("[name='Form.Amount']").FillAsync("120000000");
        await page.Locator("[name='Form.ExpectedCloseDate']").FillAsync(DateTime.UtcNow.AddMonths(6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await SubmitAsync(page, "Form.Title");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(title);
        var pursuitId = IdIn(page.Url, "opportunities");
        var pursuit = $"/opportunities/{pursuitId}";

        // Refusal 1: no share of wallet for the category, no entry angle.
        await page.Locator("#advance").ClickAsync();
        await ExpectRefusalAsync(page, Text<global::Bridgehead.Pursuits.ProspectingText>("Criterion_walletMapped"), Text<global::Bridgehead.Pursuits.ProspectingText>("Criterion_entryAngle"));
        // Down to the gate and its refusal: the rest of the long page would only make the picture heavy.
        await ShotAsync(page, "pursuit-gate", maxHeight: 1260);

        await page.GotoAsync($"/accounts/{accountId}/supplier-shares/new");
        await page.Locator("[name='Form.ProductCategory']").FillAsync(category);
        await page.Locator("[name='Form.Supplier']").SelectOptionAsync("Competitor");
        await page.Locator("[name='Form.NewCompetitor']").FillAsync("Rival Valves " + tag);
        await page.Locator("[name='Form.SharePercent']").FillAsync("70");
        await page.Locator("[name='Form.AsOf']").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await SubmitAsync(page, "Form.SharePercent");
        await Assertions.Expect(page.Locator("[role=alert]")).ToHaveCountAsync(0);
        await page.GotoAsync($"/accounts/{accountId}");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(accountName);
        await ShotAsync(page, "account");

        await page.GotoAsync($"{pursuit}/edit");
        await page.Locator("[name='Form.EntryAngle']").FillAsync("Their supplier keeps shipping late; we can deliver from stock.");
        await SubmitAsync(page, "Form.EntryAngle");
        await AdvanceAsync(page, pursuit, "Contact");

        // 2. Contact: refusal 2 names the buying center and the route, then they are mapped.
        await page.Locator("#advance").ClickAsync();
        await ExpectRefusalAsync(page, Text<global::Bridgehead.Pursuits.PursuitsText>("Criterion_contactKnown"), Text<global::Bridgehead.Pursuits.ProspectingText>("Criterion_purchasingMapped"),
            Text<global::Bridgehead.Pursuits.ProspectingText>("Criterion_routeDecided"));

        foreach (var (name, department) in new[] { ("Buyer " + tag, "Purchasing"), ("Engineer " + tag, "Engineering") })
        {
            await page.GotoAsync($"/contacts/new?accountId={accountId}");
            await page.Locator("[name='Form.Name']").FillAsync(name);
            await page.Locator("[name='Form.Department']").SelectOptionAsync(department);
            await SubmitAsync(page, "Form.Name");
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(name);

            await page.GotoAsync($"{pursuit}/buying-center/add");
            await SelectByTextAsync(page.Locator("[name='Member.ContactId']"), name);
            await page.Locator("[name='Member.Department']").SelectOptionAsync(department);
            await page.Locator("[name='Member.Pains']").FillAsync(department + " pains: late deliveries and leaking seals");
            await SubmitAsync(page, "Member.Pains");
            await Assertions.Expect(page.Locator("#buying-center")).ToContainTextAsync(name);
        }
        await ShotAsync(page, "buying-center", page.Locator("#buying-center"));

        await page.GotoAsync($"{pursuit}/route");
        var route = page.Locator("form.route-form");
        await SelectFirstAsync(route.Locator("[name='Form.Decision']"));
        await route.Locator("[name='Form.Rationale']").FillAsync("We sell direct: the buyer wants the plant's own engineers.");
        await route.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-summary]")).ToHaveCountAsync(0);
        await page.GotoAsync(pursuit);
        await Assertions.Expect(page.Locator("#route")).ToContainTextAsync("the plant's own engineers");

        await LogActivityAsync(page, accountId, pursuitId, "First visit at the plant " + tag);
        await AdvanceAsync(page, pursuit, "Needs");

        // 3. Needs: refusal 3 names the needs, then they are recorded.
        await page.Locator("#advance").ClickAsync();
        await ExpectRefusalAsync(page, Text<global::Bridgehead.Needs.NeedsText>("Criterion_needsRecorded"));
        await page.GotoAsync($"{pursuit}/needs");
        await page.Locator("[name='Form.TargetPrice']").FillAsync("9500");
        await page.Locator("[name='Form.FloorPrice']").FillAsync("9000");
        await page.Locator("[name='Form.Currency']").SelectOptionAsync("KRW");
        await page.Locator("[name='Form.PriceUnit']").FillAsync("pcs");
        await SelectFirstAsync(page.Locator("[name='Form.Services[0].Kind']"));
        await page.Locator("[name='Form.Services[0].Detail']").FillAsync("Weekly deliveries to the line");
        await page.Locator("[name='Form.NoReferenceReason']").FillAsync("No customer in this application yet.");
        await page.Locator("form.needs-form button[type=submit]:not([name=command])").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-summary]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#needs")).ToContainTextAsync("Weekly deliveries to the line");
        await AdvanceAsync(page, pursuit, "Development");

        // 4. Development: a blocking product request, answered by development.
        await page.GotoAsync($"/product-requests/new?opportunityId={pursuitId}");
        var request = "Seal rated for 40 bar " + tag;
        await page.Locator("[name='Form.Title']").FillAsync(request);
        await page.Locator("[name='Form.Detail']").FillAsync("The customer's steam line runs at 40 bar; our seals are rated for 25.");
        await SubmitAsync(page, "Form.Title");
        var requestLink = page.Locator("#product-requests a", new() { HasText = request });
        await Assertions.Expect(requestLink).ToBeVisibleAsync();
        var requestUrl = await requestLink.GetAttributeAsync("href");
        await page.Locator("#advance").ClickAsync();
        await ExpectRefusalAsync(page, Text<global::Bridgehead.ProductRequests.ProductRequestsText>("Criterion_productRequestsResolved"));

        var development = await OpenAsync(await App.CreateUserAsync(Role.Product, team));
        foreach (var status in new[] { "UnderReview", "Accepted", "InDevelopment", "Released" })
        {
            await development.GotoAsync(requestUrl!);
            await development.Locator("[name='StatusChange.Status']").SelectOptionAsync(status);
            await development.Locator("[name='StatusChange.StatusNote']").FillAsync("Development: " + status);
            await SubmitAsync(development, "StatusChange.StatusNote");
            await Assertions.Expect(development.Locator("[role=alert]")).ToHaveCountAsync(0);
        }
        await AdvanceAsync(page, pursuit, "Quote");

        // 5. Quote: a version with a line and a value proposition, sent to the customer.
        await page.Locator("#new-quote").ClickAsync();
        await page.Locator("[name='Form.Lines[0].ProductId']").SelectOptionAsync(productId.ToString(CultureInfo.InvariantCulture));
        await page.Locator("[name='Form.Lines[0].Quantity']").FillAsync("1200");
        await SelectFirstAsync(page.Locator("[name='Form.Values[0].Kind']"));
        await page.Locator("[name='Form.Values[0].Description']").FillAsync("Fewer line stops: our seals last twice as long.");
        await page.Locator("[name='Form.Values[0].Value']").FillAsync("30000000");
        await page.Locator("#save-quote").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-summary]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#send-quote, #submit-quote")).ToHaveCountAsync(1);
        var quoteUrl = page.Url;
        if (await page.Locator("#submit-quote").CountAsync() > 0)
        {
            // The company's quote limits ask for a manager: the manager approves on their own page.
            await page.Locator("#submit-quote").ClickAsync();
            var manager = await OpenAsync(await App.CreateUserAsync(Role.Manager, team));
            await manager.GotoAsync(quoteUrl);
            await manager.Locator("#approve-quote").ClickAsync();
            await page.GotoAsync(quoteUrl);
        }
        await ShotAsync(page, "quote");
        await page.Locator("details:has(#send-quote) > summary").ClickAsync();
        await page.Locator("#send-quote").ClickAsync();
        await Assertions.Expect(page.Locator("#send-quote")).ToHaveCountAsync(0);
        await AdvanceAsync(page, pursuit, "Feedback");

        // 6. Feedback: recorded, refused while open, answered.
        await page.GotoAsync($"{pursuit}/feedback/add");
        var feedbackForm = page.Locator("main form.feedback-form");
        await SelectFirstAsync(feedbackForm.Locator("select[name$='Category']"));
        await feedbackForm.Locator("textarea[name$='Text']").FillAsync("The price is 8% above the incumbent's.");
        await feedbackForm.Locator("button[type=submit]").ClickAsync();
        await page.GotoAsync(pursuit);
        await page.Locator("#advance").ClickAsync();
        await ExpectRefusalAsync(page, Text<global::Bridgehead.Feedback.FeedbackText>("Criterion_feedbackAnswered"));
        await page.Locator("form.feedback-answer textarea").First.FillAsync("Our seals halve the stops: the total cost is lower.");
        await page.Locator("form.feedback-answer button[type=submit]").First.ClickAsync();
        await AdvanceAsync(page, pursuit, "Negotiation");

        // 7. Negotiation: refused without agreed terms and a next step; a price term traded and agreed.
        await page.Locator("#advance").ClickAsync();
        await ExpectRefusalAsync(page, Text<global::Bridgehead.Negotiation.NegotiationText>("Criterion_termsAgreed"),
            Text<global::Bridgehead.Pursuits.PursuitsText>("Criterion_nextStepPlanned"));
        await page.GotoAsync($"{pursuit}/negotiation");
        var term = page.Locator("#ng-term-form");
        await term.Locator("[name='Term.Kind']").SelectOptionAsync("Price");
        await term.Locator("[name='Term.Unit']").FillAsync("KRW/pcs");
        await term.Locator("[name='Term.Opening']").FillAsync("11000");
        await term.Locator("[name='Term.Target']").FillAsync("10000");
        await term.Locator("[name='Term.WalkAway']").FillAsync("9000");
        await term.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-summary]")).ToHaveCountAsync(0);
        var round = page.Locator("#ng-round-form");
        await round.Locator("[name='Round.Rows[0].Ours']").FillAsync("10000");
        await round.Locator("[name='Round.Rows[0].Theirs']").FillAsync("9400");
        await round.Locator("button[type=submit]").Last.ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-summary]")).ToHaveCountAsync(0);
        await page.GotoAsync($"{pursuit}/negotiation");
        await page.Locator("#ng-term-form").EvaluateAsync("f => f.scrollIntoView()");
        await page.Locator("a[href*='editTerm'], a[href*='term=']").First.ClickAsync();
        await page.Locator("#ng-term-form [name='Term.Agreed']").FillAsync("9700");
        await page.Locator("#ng-term-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-summary]")).ToHaveCountAsync(0);
        await ShotAsync(page, "negotiation");
        await page.GotoAsync($"/tasks/new?opportunityId={pursuitId}");
        await page.Locator("[name='Form.Title']").FillAsync("Plan the first pilot round " + tag);
        await page.Locator("[name='Form.DueOn']").FillAsync(DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await SubmitAsync(page, "Form.DueOn");
        await Assertions.Expect(page.Locator("[data-error-summary]")).ToHaveCountAsync(0);
        await AdvanceAsync(page, pursuit, "Testing");

        // The board with the deal's card in its column, scrolled to it (the board is wider than the window).
        await page.GotoAsync("/board");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(Text<global::Bridgehead.Pursuits.BoardText>("Title"));
        var card = page.Locator($"#card-{pursuitId}");
        await Assertions.Expect(card).ToContainTextAsync(title);
        await card.ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "board");

        // 8. Product testing: refusal 7 names the trials and the contract; the seller plans the
        // pilot round, the mass-production run and the audit.
        await page.GotoAsync(pursuit);
        await page.Locator("#advance").ClickAsync();
        await ExpectRefusalAsync(page, Text<global::Bridgehead.Trials.TrialsText>("Criterion_trialsPassed"), Text<global::Bridgehead.Trials.TrialsText>("Missing_NoPilot"),
            Text<global::Bridgehead.Contracts.ContractsText>("Criterion_contractSigned"));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var kind in new[] { "pilot", "massProduction", "audit" })
        {
            await page.GotoAsync($"{pursuit}/trials/new?kind={kind}");
            if (kind == "pilot")
            {
                await page.Locator($"[name='Form.ProductIds'][value='{productId}']").CheckAsync();
                await page.Locator("[name='Form.Lines']").FillAsync(Say("Line 2", "2라인"));
            }
            await page.Locator("[name='Form.PlannedStart']").FillAsync(today);
            await page.Locator("[name='Form.PlannedEnd']").FillAsync(DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await SubmitAsync(page, "Form.Notes");
            await Assertions.Expect(page.Locator("[data-error-summary]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("#trials")).ToBeVisibleAsync();
        }
        var phases = await page.Locator("#trials li.trial-card").EvaluateAllAsync<string[]>("cards => cards.map(c => c.id.replace('trial-', ''))");
        Assert.Equal(3, phases.Length);

        // Quality records the results on its own pages: the pilot and the run passed, the audit
        // conditional with a finding.
        var qualityUser = await App.CreateUserAsync(Role.Quality);
        var quality = await OpenAsync(qualityUser);
        for (var i = 0; i < phases.Length; i++)
        {
            await quality.GotoAsync($"/trials/{phases[i]}/result");
            var audit = i == 2;
            await quality.Locator("[name='Form.Result']").SelectOptionAsync(audit ? "Conditional" : "Passed");
            await quality.Locator("[name='Form.ActualStart']").FillAsync(today);
            if (i == 1)
            {
                await quality.Locator("[name='Form.ActualOutput']").FillAsync("50000");
                await quality.Locator("[name='Form.YieldPercent']").FillAsync("99.2");
                await quality.Locator("[name='Form.ContinuousHours']").FillAsync("72");
                await quality.Locator("[name='Form.DrillOn']").FillAsync(today);
                await quality.Locator("[name='Form.DrillResult']").SelectOptionAsync("Passed");
            }
            if (audit)
            {
                await quality.Locator("[name='Form.Auditors']").FillAsync(Say("The customer's quality team", "고객사 품질팀"));
                await quality.Locator("[name='Form.Issues']").FillAsync(Say("The seal lot records are kept on paper.", "씰 로트 기록을 종이로 관리합니다."));
            }
            await SubmitAsync(quality, "Form.Result");
            await Assertions.Expect(quality.Locator("[data-error-summary]")).ToHaveCountAsync(0);
            await Assertions.Expect(quality).ToHaveURLAsync(new Regex($"/trials/{phases[i]}$"));
        }
        var finding = quality.Locator("form.trial-finding-add");
        await finding.Locator("[name='Finding.Text']").FillAsync(Say("Lot records on paper ", "종이 로트 기록 ") + tag);
        await finding.Locator("[name='Finding.Severity']").SelectOptionAsync("Minor");
        await finding.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(quality.Locator("form.trial-close")).ToHaveCountAsync(1);

        // The contract, signed, recorded with "win now": refusal 8, the audit's finding is still open.
        await page.GotoAsync(pursuit);
        await page.Locator("#record-contract").ClickAsync();
        await page.Locator("[name='Form.Number']").FillAsync("C-" + tag);
        await page.Locator("[name='Form.SignedOn']").FillAsync(today);
        await Assertions.Expect(page.Locator("input[type=checkbox][name='Form.Win']")).ToBeCheckedAsync();
        await page.Locator("#save-contract").ClickAsync();
        var contractRefusal = page.Locator("[role=alert][data-error-summary]");
        await Assertions.Expect(contractRefusal).ToContainTextAsync(Text<global::Bridgehead.Trials.TrialsText>("Criterion_trialsPassed"));
        await Assertions.Expect(contractRefusal).ToContainTextAsync(string.Format(_culture, Text<global::Bridgehead.Trials.TrialsText>("Missing_ConditionalOne"),
            Text<global::Bridgehead.Trials.TrialsText>("Short_Audit")));

        // Quality closes the finding with its corrective action; the conditional audit now counts.
        await quality.Locator("form.trial-close [name='Close.Resolution']").FillAsync(Say("Lot records moved to the MES.", "로트 기록을 MES로 옮겼습니다."));
        await quality.Locator("form.trial-close button[type=submit]").ClickAsync();
        await Assertions.Expect(quality.Locator("form.trial-close")).ToHaveCountAsync(0);

        // The same form again: saved and won.
        await page.Locator("#save-contract").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/contracts/\\d+$"));
        await page.GotoAsync(pursuit);
        await Assertions.Expect(page.Locator("h1 .badge.won")).ToHaveTextAsync(global::Bridgehead.Common.Labels.InCulture(global::Bridgehead.Pursuits.OpportunityStatus.Won, _culture));
        await Assertions.Expect(page.Locator("#trials .trials-gate")).ToContainTextAsync(Text<global::Bridgehead.Trials.TrialPagesText>("GatePassedClosed"));
        await Assertions.Expect(page.Locator("#trials")).ToContainTextAsync(Text<global::Bridgehead.Trials.TrialPagesText>("FindingsAllClosedOne"));
        await ShotAsync(page, "trials", page.Locator("#trials"));

        // 9. Orders: taken with a promised date, then delivered.
        await page.GotoAsync($"/orders/new?accountId={accountId}");
        await page.Locator("[name='Form.Lines[0].ProductId']").SelectOptionAsync(productId.ToString(CultureInfo.InvariantCulture));
        await page.Locator("[name='Form.Lines[0].Quantity']").FillAsync("1200");
        await page.Locator("[name='Form.Lines[0].RequestedDate']").FillAsync(DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.Locator("#check-dates").ClickAsync();
        var promised = (await page.Locator("table.order-plan tbody tr").First.Locator("strong").First.InnerTextAsync()).Trim();
        Assert.Matches("\\d", promised);
        await page.Locator("#confirm-order").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/orders/\\d+$"));
        var orderLine = page.Locator("table.order-lines tbody tr").First;
        var promisedColumn = await page.Locator("table.order-lines thead th").EvaluateAllAsync<int>("(ths, t) => ths.findIndex(th => th.textContent.trim() === t)",
            Text<global::Bridgehead.Orders.OrderPagesText>("PromisedDate"));
        await Assertions.Expect(orderLine.Locator("td").Nth(promisedColumn)).ToContainTextAsync(promised);
        await orderLine.Locator("details.order-deliver > summary").ClickAsync();
        await orderLine.Locator("form.order-deliver-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(global::Bridgehead.Common.Labels.InCulture(global::Bridgehead.Orders.OrderStatus.Delivered, _culture));
        await Assertions.Expect(orderLine).ToContainTextAsync(global::Bridgehead.Common.Labels.InCulture(global::Bridgehead.Orders.OrderLineStatus.Delivered, _culture));
        await Assertions.Expect(orderLine.Locator("td").Nth(promisedColumn)).ToContainTextAsync(promised);
        await ShotAsync(page, "order");
        var orderUrl = page.Url;

        // Health: the account's score as the Refresh button stores it, before the incident.
        var before = await RefreshHealthAsync(page, accountId);

        // 10. Care: a quality incident on the order, opened by the seller from the order page.
        await page.Locator("main a[href^='/incidents/new']").ClickAsync();
        await page.Locator("#i-title").FillAsync(Say("Seals leaking on line 2 ", "2라인 씰 누유 ") + tag);
        await page.Locator("#i-severity").SelectOptionAsync("Critical");
        await page.Locator("#i-owner").SelectOptionAsync(qualityUser.Id.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#i-description").FillAsync(Say("Three seals of the first delivery leak at 40 bar.", "첫 납품분 씰 3개가 40바에서 샙니다."));
        await page.Locator("#open-incident").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/incidents/\\d+$"));
        var incidentUrl = page.Url;

        // The open critical incident costs the account health points once it is rescored.
        var after = await RefreshHealthAsync(page, accountId);
        Assert.NotEqual(before, after);
        await ShotAsync(page, "health", page.Locator("#health"));

        // Quality works the incident: closing at once is refused (refusal 9: neither contained nor
        // verified), then contained, root cause and corrective action, verified, closed.
        await quality.GotoAsync(incidentUrl);
        await quality.Locator("details:has(#close) > summary").ClickAsync();
        await quality.Locator("#close").ClickAsync();
        var incidentRefusal = quality.Locator("[role=alert][data-error-summary]");
        await Assertions.Expect(incidentRefusal).ToContainTextAsync(Text<global::Bridgehead.Incidents.IncidentsText>("Rule_NotContained"));
        await Assertions.Expect(incidentRefusal).ToContainTextAsync(Text<global::Bridgehead.Incidents.IncidentsText>("Rule_NotVerified"));
        await quality.Locator("details:has(#contain) > summary").ClickAsync();
        await quality.Locator("#a-containment").FillAsync(Say("Stock at the customer sorted; leaking seals replaced.", "고객사 재고를 선별하고 새는 씰을 교체했습니다."));
        await quality.Locator("#contain").ClickAsync();
        await Assertions.Expect(quality.Locator("h1")).ToContainTextAsync(global::Bridgehead.Common.Labels.InCulture(global::Bridgehead.Incidents.IncidentStatus.Contained, _culture));
        await quality.Locator("details:has(#save-investigation) > summary").ClickAsync();
        await quality.Locator("#w-root").FillAsync(Say("The seal press ran 5 degrees too cold.", "씰 프레스 온도가 5도 낮았습니다."));
        await quality.Locator("#w-corrective").FillAsync(Say("Press temperature interlocked.", "프레스 온도 인터록을 설치했습니다."));
        await quality.Locator("#save-investigation").ClickAsync();
        await Assertions.Expect(quality.Locator("[data-error-summary]")).ToHaveCountAsync(0);
        await quality.Locator("details:has(#verify) > summary").ClickAsync();
        await quality.Locator("#a-verification").FillAsync(Say("Two weeks of deliveries without a leak.", "2주간 납품분에서 누유가 없었습니다."));
        await quality.Locator("#verify").ClickAsync();
        await Assertions.Expect(quality.Locator("[data-error-summary]")).ToHaveCountAsync(0);
        await quality.Locator("details:has(#close) > summary").ClickAsync();
        await quality.Locator("#close").ClickAsync();
        await Assertions.Expect(quality.Locator("h1")).ToContainTextAsync(global::Bridgehead.Common.Labels.InCulture(global::Bridgehead.Incidents.IncidentStatus.Closed, _culture));
        await ShotAsync(quality, "incident");

        // The seller sees it closed, and the score recovers once rescored.
        await page.GotoAsync(incidentUrl);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(global::Bridgehead.Common.Labels.InCulture(global::Bridgehead.Incidents.IncidentStatus.Closed, _culture));
        Assert.NotEqual(after, await RefreshHealthAsync(page, accountId));

        await page.GotoAsync("/reports");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(Text<global::Bridgehead.Reports.ReportPagesText>("ListTitle"));
        await ShotAsync(page, "reports");

        TestContext.Current.TestOutputHelper?.WriteLine($"Journey ({locale}, {Provider}) took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Rescores the account with its page's Refresh button and reads the score and band it then shows.</summary>
    private async Task<string> RefreshHealthAsync(IPage page, long accountId)
    {
        await page.GotoAsync($"/accounts/{accountId}");
        var health = page.Locator("#health");
        await health.Locator("form[action$='/health/refresh'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("p.flash")).ToHaveTextAsync(Text<global::Bridgehead.Health.HealthPagesText>("Refreshed"));
        var score = page.Locator("#health .health-score");
        return (await score.Locator("strong").InnerTextAsync()).Trim() + " " + (await score.Locator(".badge").InnerTextAsync()).Trim();
    }

    private async Task<IPage> OpenAsync(TestUser user)
    {
        var browser = await BrowserSession.GetAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        _contexts.Add(context);
        context.SetDefaultTimeout(BrowserSession.Timeout);
        var page = await context.NewPageAsync();
        await BrowserSession.SignInAsync(page, user.UserName);
        return page;
    }

    private string Text<T>(string key)
    {
        var manager = (System.Resources.ResourceManager)typeof(T).GetProperty("ResourceManager")!.GetValue(null)!;
        return manager.GetString(key, _culture) ?? throw new InvalidOperationException($"{typeof(T).Name}.{key} is missing");
    }

    /// <summary>What the user types, in the journey's language (so the pictures read naturally).</summary>
    private string Say(string english, string korean) => _lang == "ko" ? korean : english;

    private string StageName(string stage) => Text<global::Bridgehead.Pursuits.StagesText>("Name_" + stage.ToLowerInvariant());

    /// <summary>Submits the form that holds the named field.</summary>
    private static Task SubmitAsync(IPage page, string fieldName) =>
        page.Locator($"main form:has([name='{fieldName}']) button[type=submit]:not([name=command])").First.ClickAsync();

    /// <summary>Advances through the gate and checks the page names the new stage.</summary>
    private async Task AdvanceAsync(IPage page, string pursuit, string stage)
    {
        await page.GotoAsync(pursuit);
        await page.Locator("#advance").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-summary]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#stage-h + dl strong").First).ToContainTextAsync(StageName(stage));
    }

    /// <summary>The refusal is shown in the user's language, with the unmet criteria it names.</summary>
    private async Task ExpectRefusalAsync(IPage page, params string[] criteria)
    {
        var refusal = page.Locator("[role=alert][data-error-summary]");
        await Assertions.Expect(refusal).ToContainTextAsync(Text<global::Bridgehead.Pursuits.OpportunitiesText>("AdvanceRefused"));
        foreach (var criterion in criteria)
        {
            await Assertions.Expect(refusal).ToContainTextAsync(criterion.Split('{')[0].Trim());
        }
    }

    private static async Task LogActivityAsync(IPage page, long accountId, long pursuitId, string subject)
    {
        await page.GotoAsync($"/activities/new?accountId={accountId}&opportunityId={pursuitId}");
        await page.Locator("[name='Form.Subject']").FillAsync(subject);
        await SubmitAsync(page, "Form.Subject");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(subject);
    }

    private static async Task SelectFirstAsync(ILocator select)
    {
        var value = await select.EvaluateAsync<string>("s => [...s.options].find(o => o.value !== '').value");
        await select.SelectOptionAsync(value);
    }

    private static async Task SelectByTextAsync(ILocator select, string text)
    {
        var value = await select.EvaluateAsync<string>("(s, t) => [...s.options].find(o => o.textContent.includes(t)).value", text);
        await select.SelectOptionAsync(value);
    }

    private static long IdIn(string url, string collection) =>
        long.Parse(Regex.Match(url, $"/{collection}/(\\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>
    /// A full-page picture of the page (or of one part of it) into BRIDGEHEAD_SCREENSHOTS as
    /// {en|ko}-{name}.png; a relative folder is taken from the repository's root. Without the
    /// variable nothing is written.
    /// </summary>
    private async Task ShotAsync(IPage page, string name, ILocator? part = null, int maxHeight = 1800)
    {
        if (Environment.GetEnvironmentVariable("BRIDGEHEAD_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }
        folder = Path.Combine(RepoRoot.Path, folder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{_lang}-{name}.png");
        if (part is null)
        {
            // The whole page, down to 1,800 pixels (or less): long pages would make pictures too large to keep.
            var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Clip = new Clip { X = 0, Y = 0, Width = 1280, Height = Math.Min(height, maxHeight) } });
        }
        else
        {
            await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        }
    }
}
