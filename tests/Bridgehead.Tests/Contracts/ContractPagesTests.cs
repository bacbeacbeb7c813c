using System.Net;
using System.Text.RegularExpressions;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Contracts.ContractSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Contracts;

public sealed class ContractPagesTests_Sqlite() : ContractPagesTests(Provider.Sqlite);

public sealed class ContractPagesTests_Postgres() : ContractPagesTests(Provider.Postgres);

/// <summary>The contract pages (new, detail, edit, delete), the pursuit's contract section and the account's contracts panel.</summary>
public abstract partial class ContractPagesTests(Provider provider) : AppTests(provider)
{
    private async Task<long> ProductAsync(string name) => await Bridgehead.Tests.Quotes.QuoteSetup.NewQuoteProductAsync(App, 700m, 1000m, name: name);

    private static object Contract(long? opportunityId, long? accountId, long product, decimal quantity, decimal price, string? signedOn = null) => new
    {
        opportunityId,
        accountId,
        number = "HS-2027-" + Guid.NewGuid().ToString("N")[..4],
        startsOn = Day(-30),
        endsOn = Day(335),
        signedOn,
        currency = "KRW",
        terms = "Price 1,150 KRW/pcs.\nPayment 60 days net.",
        lines = new[] { Line(product, quantity, price) },
    };

    [Fact]
    public async Task OpportunityPage_AtTesting_OffersRecordAndWin_WithWhatWinningStillNeeds()
    {
        var (rep, api, _, opportunityId) = await App.NewPursuitAsync();
        using var browser = await App.SignInAsync(rep);

        // Before testing, without a contract, the section is not there.
        var (_, early) = await browser.GetAsync($"/opportunities/{opportunityId}");
        Assert.DoesNotContain("id=\"contract\"", early);

        await App.PutInStageAsync(opportunityId, "testing");
        var (status, html) = await browser.GetAsync($"/opportunities/{opportunityId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"contract\"", html);
        Assert.Contains($"href=\"/contracts/new?opportunityId={opportunityId}\"", html);
        Assert.Contains("Record contract and win", html);
        Assert.Contains("Winning still needs:", html);
        Assert.Contains("data-key=\"recentActivity\"", html);
        // The contract form meets that one itself.
        Assert.DoesNotContain("data-key=\"contractSigned\"", html);
        Assert.DoesNotContain("style=", html);

        using var korean = await App.SignInAsync(rep, "ko");
        Assert.Contains("계약 기록 후 수주", (await korean.GetAsync($"/opportunities/{opportunityId}")).Html);

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (_, read) = await viewer.GetAsync($"/opportunities/{opportunityId}");
        Assert.Contains("id=\"contract\"", read);
        Assert.DoesNotContain("/contracts/new", read);

        // With a draft contract: the contract, and its missing signature among the unmet criteria.
        var product = await ProductAsync("Ball valve");
        var c = await api.CreateAsync(ContractsUrl, Contract(opportunityId, null, product, 100m, 1150m));
        var (_, withContract) = await browser.GetAsync($"/opportunities/{opportunityId}");
        Assert.Contains($"href=\"/contracts/{c.Id()}\"", withContract);
        Assert.Contains("data-key=\"contractSigned\"", withContract);
        Assert.DoesNotContain("Record contract and win", withContract);
    }

    [Fact]
    public async Task NewPage_IsPrefilledFromTheDraft_AndARefusedWinSavesNothing()
    {
        var (rep, api, _, opportunityId) = await App.NewPursuitAsync();
        await Negotiation.NegotiationGate.MeetNegotiationGateAsync(api, opportunityId);
        await App.PutInStageAsync(opportunityId, "testing");
        using var browser = await App.SignInAsync(rep);

        var page = await browser.GetFormAsync($"/contracts/new?opportunityId={opportunityId}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("1,150", page.Html);
        Assert.Contains($"value=\"{Day()}\"", page.Html);
        Assert.Matches("<input[^>]*checked=\"checked\"[^>]*name=\"Form.Win\"", page.Html);
        Assert.Contains("name=\"Form.Lines[2].Quantity\"", page.Html);
        Assert.DoesNotContain("style=", page.Html);

        // A bad row is named on its row; the blank rows above it do not shift it.
        var form = HtmlForm.Parse(page.Html, "class=\"panel contract-form\"")
            .Set("Form.Currency", "KRW").Set("Form.Lines[1].Quantity", "-5").Set("Form.Lines[1].UnitPrice", "10");
        var refused = await browser.Http.PostAsync($"/contracts/new?opportunityId={opportunityId}", form.Content());
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Matches("id=\"Form_Lines_1__ProductId\"[^>]*aria-invalid=\"true\"", refusedHtml);
        Assert.Matches("id=\"Form_Lines_1__Quantity\"[^>]*aria-invalid=\"true\"", refusedHtml);

        // Signed and winning, but the default last stage asks for more: 409, the unmet criteria above the form, nothing saved.
        form = HtmlForm.Parse(page.Html, "class=\"panel contract-form\"").Set("Form.Currency", "KRW").Set("Form.SignedOn", Day());
        var blocked = await browser.Http.PostAsync($"/contracts/new?opportunityId={opportunityId}", form.Content());
        var blockedHtml = await blocked.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Contains("Next step planned as an open task", blockedHtml);
        Assert.Empty((await api.GetJsonAsync($"{ContractsUrl}?opportunityId={opportunityId}"))["items"]!.AsArray());
        Assert.Equal("open", (await api.GetJsonAsync(PathOf(opportunityId))).Str("status"));

        // Without winning, the same form records the contract.
        var saved = await browser.Http.PostAsync($"/contracts/new?opportunityId={opportunityId}", form.Set("Form.Win", "false").Content());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = (await api.GetJsonAsync($"{ContractsUrl}?opportunityId={opportunityId}"))["items"]![0]!.Id();
        Assert.Equal($"/contracts/{id}", saved.Headers.Location?.ToString());
        // A pursuit with a contract goes to it.
        var again = await browser.Http.GetAsync($"/contracts/new?opportunityId={opportunityId}");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal($"/contracts/{id}", again.Headers.Location?.ToString());
    }

    [Fact]
    public async Task NewPage_WinsThePursuit_WhenTheLastStageNeedsOnlyTheContract()
    {
        var (rep, api, accountId, opportunityId) = await App.PursuitAtLastStageAsync();
        var product = await ProductAsync("Check valve");
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync($"/contracts/new?opportunityId={opportunityId}");
        Assert.Contains($"<option value=\"{product}\"", page.Html);

        var form = HtmlForm.Parse(page.Html, "class=\"panel contract-form\"")
            .Set("Form.Currency", "KRW").Set("Form.SignedOn", Day()).Set("Form.Number", "CV-1")
            .Set("Form.Lines[0].ProductId", product.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set("Form.Lines[0].Quantity", "1200").Set("Form.Lines[0].UnitPrice", "830");
        var won = await browser.Http.PostAsync($"/contracts/new?opportunityId={opportunityId}", form.Content());

        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        Assert.Equal("won", (await api.GetJsonAsync(PathOf(opportunityId))).Str("status"));
        Assert.Equal("customer", (await api.GetJsonAsync($"/api/v1/accounts/{accountId}")).Str("status"));
        var (_, detail) = await browser.GetAsync(won.Headers.Location!.ToString());
        Assert.Contains("Contract recorded and the pursuit won.", detail);
        Assert.Contains("Contract CV-1", detail);
        Assert.Contains("996,000 KRW", detail);
    }

    [Fact]
    public async Task NewPage_ForAnAccount_HasNoWinBox_AndALostPursuitGetsNone()
    {
        var (rep, api, accountId, opportunityId) = await App.NewPursuitAsync();
        var product = await ProductAsync("Gasket set");
        using var browser = await App.SignInAsync(rep);

        var page = await browser.GetFormAsync($"/contracts/new?accountId={accountId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("Form.Win", page.Html);
        Assert.Contains("without a pursuit", page.Html);
        var form = HtmlForm.Parse(page.Html, "class=\"panel contract-form\"").Set("Form.Currency", "KRW")
            .Set("Form.Lines[0].ProductId", product.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set("Form.Lines[0].Quantity", "10").Set("Form.Lines[0].UnitPrice", "5");
        var saved = await browser.Http.PostAsync($"/contracts/new?accountId={accountId}", form.Content());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var c = (await api.GetJsonAsync($"{ContractsUrl}?accountId={accountId}"))["items"]![0]!;
        Assert.Null(c["opportunityId"]);

        await (await api.CloseAsync(opportunityId, new { outcome = "lost", reason = "price" })).ExpectAsync(HttpStatusCode.OK);
        var (status, lost) = await browser.GetAsync($"/contracts/new?opportunityId={opportunityId}");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("gets no contract", lost);
        Assert.DoesNotContain("contract-form", lost);

        using var stranger = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/contracts/new?accountId={accountId}")).Status);
        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/contracts/new?accountId={accountId}")).Status);
    }

    [Fact]
    public async Task DetailPage_ShowsLinesWithCallOffProgress_TermsAndHistory_ForWhoMaySee()
    {
        var (rep, api, accountId, opportunityId) = await App.NewPursuitAsync();
        var product = await ProductAsync("Butterfly valve");
        var c = await api.CreateAsync(ContractsUrl, Contract(opportunityId, null, product, 1000m, 1150m, Day(-31)));
        await using (var db = App.OpenDb())
        {
            var order = new Order { AccountId = accountId, Kind = OrderKind.Scheduled, Status = OrderStatus.Confirmed, ContractId = c.Id(), Currency = "KRW", OrderedOn = DateOnly.FromDateTime(DateTime.UtcNow), CreatedById = rep.Id };
            order.Lines.Add(new OrderLine { AccountId = accountId, Position = 1, ProductId = product, Quantity = 250m, Status = OrderLineStatus.Open, RequestedDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20) });
            db.Orders.Add(order);
            await db.SaveChangesAsync();
        }
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync($"/contracts/{c.Id()}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Butterfly valve", html);
        Assert.Contains("250 of 1,000 pcs called off", html);
        Assert.Matches("<meter class=\"calloff-meter\" min=\"0\" max=\"1000\" value=\"250\"", html);
        Assert.Contains("1,150,000 KRW", html);
        Assert.Contains("Payment 60 days net.", html);
        Assert.Contains("badge contract-active", html);
        Assert.Contains($"href=\"/contracts/{c.Id()}/edit\"", html);
        Assert.Contains($"href=\"/contracts/{c.Id()}/delete\"", html);
        Assert.Contains($"/contracts/{c.Id()}?handler=history", html);
        Assert.DoesNotContain("style=", html);
        foreach (var cost in new[] { "Unit cost", "Margin", "700 KRW" })
        {
            Assert.DoesNotContain(cost, html);
        }

        var (_, history) = await browser.GetAsync($"/contracts/{c.Id()}?handler=history");
        Assert.Contains("Starts on", history);
        Assert.Contains("Volumes and prices", history);
        Assert.Contains(c["lines"]![0]!.Str("sku") + " x 1000 @ 1150", history);

        using var korean = await App.SignInAsync(rep, "ko");
        var (_, ko) = await korean.GetAsync($"/contracts/{c.Id()}");
        Assert.Contains("1,000 pcs 중 250 발주됨", ko);
        Assert.Contains("유효", ko);

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (viewerStatus, read) = await viewer.GetAsync($"/contracts/{c.Id()}");
        Assert.Equal(HttpStatusCode.OK, viewerStatus);
        Assert.Contains("1,150,000 KRW", read);
        Assert.DoesNotContain("/edit\"", read);
        Assert.DoesNotContain("/delete\"", read);

        using var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync($"/contracts/{c.Id()}")).Status);
        using var stranger = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/contracts/{c.Id()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/contracts/{c.Id()}?handler=history")).Status);
    }

    [Fact]
    public async Task EditPage_SavesWithRowErrorsAndStaleVersions()
    {
        var (rep, api, _, opportunityId) = await App.NewPursuitAsync();
        var product = await ProductAsync("Angle valve");
        var c = await api.CreateAsync(ContractsUrl, Contract(opportunityId, null, product, 100m, 20m));
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync($"/contracts/{c.Id()}/edit");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("value=\"100\"", page.Html);

        var form = HtmlForm.Parse(page.Html, "class=\"panel contract-form\"").Set("Form.Currency", "KRW").Set("Form.Lines[0].ProductId", product.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var bad = await browser.Http.PostAsync($"/contracts/{c.Id()}/edit", form.Set("Form.EndsOn", Day(-100)).Content());
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Matches("id=\"Form_EndsOn-error\">[^<]+</span>", await bad.Content.ReadAsStringAsync());

        var saved = await browser.Http.PostAsync($"/contracts/{c.Id()}/edit", form.Set("Form.EndsOn", Day(335)).Set("Form.Notes", "Volume up for 2027").Set("Form.Lines[0].Quantity", "150").Content());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await api.GetJsonAsync(ContractPath(c.Id()));
        Assert.Equal(("Volume up for 2027", 150m), (after.Str("notes"), after["lines"]![0]!["quantity"]!.GetValue<decimal>()));

        var stale = await browser.Http.PostAsync($"/contracts/{c.Id()}/edit", form.Set("Form.Notes", "Late").Content());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("Someone else changed this record", await stale.Content.ReadAsStringAsync());
        Assert.Equal("Volume up for 2027", (await api.GetJsonAsync(ContractPath(c.Id()))).Str("notes"));

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/contracts/{c.Id()}/edit")).Status);
    }

    [Fact]
    public async Task DeletePage_Asks_ThenDeletes_AndSaysWhatKeepsAContract()
    {
        var (rep, api, accountId, _) = await App.NewPursuitAsync();
        var product = await ProductAsync("Plug valve");
        var loose = await api.CreateAsync(ContractsUrl, Contract(null, accountId, product, 5m, 5m));
        using var browser = await App.SignInAsync(rep);

        var page = await browser.GetFormAsync($"/contracts/{loose.Id()}/delete");
        Assert.Contains("Delete the contract", page.Html);
        var deleted = await browser.PostFormAsync($"/contracts/{loose.Id()}/delete", page.Token, new Dictionary<string, string> { ["version"] = IfMatch(loose).Trim('"') });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal($"/accounts/{accountId}", deleted.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(ContractPath(loose.Id()))).StatusCode);

        var (winner, winnerApi, _, opportunityId) = await App.PursuitAtLastStageAsync();
        var won = await winnerApi.CreateAsync(ContractsUrl, Contract(opportunityId, null, product, 5m, 5m, Day()));
        await (await winnerApi.PostJsonAsync(PathOf(opportunityId) + "/advance", new { })).ExpectAsync(HttpStatusCode.OK);
        using var winnerBrowser = await App.SignInAsync(winner);
        var blocked = await winnerBrowser.GetFormAsync($"/contracts/{won.Id()}/delete");
        Assert.Contains("This contract won its pursuit: reopen the pursuit first.", blocked.Html);
        Assert.DoesNotContain("id=\"delete-contract\"", blocked.Html);
        var refused = await winnerBrowser.PostFormAsync($"/contracts/{won.Id()}/delete", blocked.Token, new Dictionary<string, string> { ["version"] = IfMatch(won).Trim('"') });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await winnerApi.GetAsync(ContractPath(won.Id()))).StatusCode);
    }

    [Fact]
    public async Task AccountPage_ListsContractsWithTheirCallOffs_ForSalesRolesOnly()
    {
        var (rep, api, accountId, opportunityId) = await App.NewPursuitAsync();
        var product = await ProductAsync("Safety valve");
        var c = await api.CreateAsync(ContractsUrl, Contract(opportunityId, null, product, 400m, 90m, Day(-40)));
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync($"/accounts/{accountId}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"contracts\"", html);
        Assert.Contains($"href=\"/contracts/{c.Id()}\"", html);
        Assert.Contains("0 of 400 pcs called off", html);
        Assert.Matches(AccountMeter(), html);
        Assert.Contains($"/contracts/new?accountId={accountId}", html);
        Assert.DoesNotContain("style=", html);

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (_, read) = await viewer.GetAsync($"/accounts/{accountId}");
        Assert.Contains($"href=\"/contracts/{c.Id()}\"", read);
        Assert.DoesNotContain("/contracts/new", read);

        foreach (var role in new[] { Role.Quality, Role.Product })
        {
            using var outside = await App.SignInAsync(await App.CreateUserAsync(role));
            var (seen, page) = await outside.GetAsync($"/accounts/{accountId}");
            Assert.Equal(HttpStatusCode.OK, seen);
            Assert.DoesNotContain("id=\"contracts\"", page);
            Assert.DoesNotContain("/contracts/", page);
        }
    }

    [GeneratedRegex("<meter class=\"calloff-meter\" min=\"0\" max=\"400\" value=\"0\"")]
    private static partial Regex AccountMeter();
}
