using System.Net;
using System.Text.RegularExpressions;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Orders.OrderSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Orders;

public sealed class OrderPagesTests_Sqlite() : OrderPagesTests(Provider.Sqlite);

public sealed class OrderPagesTests_Postgres() : OrderPagesTests(Provider.Postgres);

/// <summary>The order pages: entry with "Check dates" before "Confirm order", the order page's steps, the panels, and who sees what.</summary>
public abstract partial class OrderPagesTests(Provider provider) : AppTests(provider)
{
    [GeneratedRegex("name=\"Form.Shown\\[(\\d+)\\]\" value=\"([0-9-]*)\"")]
    private static partial Regex ShownInput();

    private static Dictionary<string, string> Shown(string html) =>
        ShownInput().Matches(html).ToDictionary(m => $"Form.Shown[{m.Groups[1].Value}]", m => m.Groups[2].Value);

    private static Dictionary<string, string> Entry(long accountId, string kind, params (long Product, decimal Quantity, DateOnly Requested)[] lines)
    {
        var fields = new Dictionary<string, string> { ["Form.AccountId"] = Inv(accountId), ["Form.Kind"] = kind, ["Form.Revision"] = "0" };
        for (var i = 0; i < lines.Length; i++)
        {
            fields[$"Form.Lines[{i}].ProductId"] = Inv(lines[i].Product);
            fields[$"Form.Lines[{i}].Quantity"] = Inv(lines[i].Quantity);
            fields[$"Form.Lines[{i}].RequestedDate"] = Iso(lines[i].Requested);
        }
        return fields;
    }

    private static Dictionary<string, string> With(Dictionary<string, string> fields, Dictionary<string, string> more)
    {
        var all = new Dictionary<string, string>(fields);
        foreach (var (k, v) in more)
        {
            all[k] = v;
        }
        return all;
    }

    private async Task<List<long>> OrdersOfAsync(long accountId)
    {
        await using var db = App.OpenDb();
        return await db.Orders.Where(o => o.AccountId == accountId).OrderBy(o => o.Id).Select(o => o.Id).ToListAsync();
    }

    [Fact]
    public async Task EntryPage_ChecksTheDatesBeforeConfirming_ThenConfirmsWithThePromisesShown()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = (await client.NewAccountAsync()).Id();
        var product = await App.NewOrderProductAsync(5, 100m);
        var calendar = await App.CalendarAsync();
        var requested = calendar.AddWorkingDays(Today, 30);
        using var browser = await App.SignInAsync(rep);

        var page = await browser.GetFormAsync($"/orders/new?accountId={account}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("name=\"Form.Lines[4].ProductId\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"check-dates\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"confirm-order\"", page.Html, StringComparison.Ordinal);
        var fields = Entry(account, "Spot", (product, 150, requested), (product, 10, Today.AddDays(1)));

        var checkedPage = await browser.PostFormAsync("/orders/new?handler=check", page.Token, fields);
        Assert.Equal(HttpStatusCode.OK, checkedPage.StatusCode);
        var html = WebUtility.HtmlDecode(await checkedPage.Content.ReadAsStringAsync());
        Assert.Contains("Dates we can promise", html, StringComparison.Ordinal);
        Assert.Contains("Meets the request", html, StringComparison.Ordinal);
        Assert.Contains("Lead time: the earliest date is", html, StringComparison.Ordinal);
        Assert.Contains("id=\"confirm-order\"", html, StringComparison.Ordinal);
        var shown = Shown(html);
        Assert.Equal(Iso(requested), shown["Form.Shown[0]"]);
        Assert.Equal(Iso(calendar.AddWorkingDays(Today, 5)), shown["Form.Shown[1]"]);
        Assert.Empty(await OrdersOfAsync(account));

        var confirmed = await browser.PostFormAsync("/orders/new?handler=confirm", page.Token, With(fields, shown));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var id = (await OrdersOfAsync(account)).Single();
        Assert.Equal($"/orders/{id}", confirmed.Headers.Location!.OriginalString);
        var order = await client.GetJsonAsync(OrderPath(id));
        Assert.Equal("confirmed", order.Str("status"));
        Assert.Equal([Iso(requested), Iso(calendar.AddWorkingDays(Today, 5))], order["lines"]!.AsArray().Select(l => l.Str("promisedDate")));
        Assert.Equal(160m, (await App.BookedAsync(product)).Values.Sum());
    }

    [Fact]
    public async Task EntryPage_ShowsTheNewPromise_WhenCapacityWasBookedSinceTheCheck_AndSavesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = (await client.NewAccountAsync()).Id();
        var product = await App.NewOrderProductAsync(5, 100m);
        var calendar = await App.CalendarAsync();
        var week = Bridgehead.Calendar.WorkingCalendar.WeekStart(calendar.AddWorkingDays(Today, 5));
        while (DeliveryPlanner.WeekCapacity(100m, week, calendar) < 100m)
        {
            week = week.AddDays(7);
        }
        var lastDay = calendar.WorkingDaysOfWeek(week).Last();
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync($"/orders/new?accountId={account}");
        var fields = Entry(account, "Spot", (product, 100, lastDay));
        var checkedHtml = await (await browser.PostFormAsync("/orders/new?handler=check", page.Token, fields)).Content.ReadAsStringAsync();
        var shown = Shown(checkedHtml);
        Assert.Equal(Iso(lastDay), shown["Form.Shown[0]"]);

        var other = await client.NewSpotAsync((await client.NewAccountAsync()).Id(), Line(product, 100, lastDay));
        await client.ConfirmedAsync(other.Id());
        var refused = await browser.PostFormAsync("/orders/new?handler=confirm", page.Token, With(fields, shown));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("the promises have changed", html, StringComparison.Ordinal);
        Assert.Contains("Later than requested", html, StringComparison.Ordinal);
        var fresh = Shown(html);
        Assert.True(DateOnly.Parse(fresh["Form.Shown[0]"], System.Globalization.CultureInfo.InvariantCulture) > lastDay);
        Assert.Empty(await OrdersOfAsync(account));

        var again = await browser.PostFormAsync("/orders/new?handler=confirm", page.Token, With(fields, fresh));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Single(await OrdersOfAsync(account));
    }

    [Fact]
    public async Task EntryPage_PutsErrorsOnTheirRow_SavesDrafts_AndOffersTheContractAndTheCallOffPlanForScheduledOrders()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = (await client.NewAccountAsync()).Id();
        var product = await App.NewOrderProductAsync(5, 1000m);
        var contract = await App.NewContractAsync(account, rep.Id, (product, 900m, 77m));
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync($"/orders/new?accountId={account}");

        var fields = Entry(account, "Spot", (product, 5, Today.AddDays(30)), (product, 0, Today.AddDays(40)));
        var refused = await browser.PostFormAsync("/orders/new?handler=draft", page.Token, fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedHtml = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("The quantity must be above zero", refusedHtml, StringComparison.Ordinal);
        Assert.Matches("name=\"Form.Lines\\[1\\].Quantity\"[^>]*aria-invalid=\"true\"", refusedHtml);
        Assert.Empty(await OrdersOfAsync(account));

        var saved = await browser.PostFormAsync("/orders/new?handler=draft", page.Token, Entry(account, "Spot", (product, 5, Today.AddDays(30))));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var draftId = (await OrdersOfAsync(account)).Single();
        var draftPage = await browser.GetFormAsync($"/orders/{draftId}");
        Assert.Contains("Dates we can promise", WebUtility.HtmlDecode(draftPage.Html), StringComparison.Ordinal);
        Assert.Contains($"href=\"/orders/{draftId}/edit\"", draftPage.Html, StringComparison.Ordinal);
        var lineId = (await client.GetJsonAsync(OrderPath(draftId)))["lines"]![0]!.Id();
        var promise = Regex.Match(draftPage.Html, "name=\"shown\\[0\\].PromisedDate\" value=\"([0-9-]+)\"").Groups[1].Value;
        var confirm = await browser.PostFormAsync($"/orders/{draftId}?handler=confirm", draftPage.Token, new Dictionary<string, string>
        {
            ["revision"] = "1", ["shown[0].LineId"] = Inv(lineId), ["shown[0].PromisedDate"] = promise,
        });
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal(promise, (await client.GetJsonAsync(OrderPath(draftId)))["lines"]![0]!.Str("promisedDate"));

        var scheduled = await browser.GetFormAsync($"/orders/new?accountId={account}&kind=Scheduled");
        var scheduledHtml = WebUtility.HtmlDecode(scheduled.Html);
        Assert.Contains("Call-off plan", scheduledHtml, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{contract}\"", scheduled.Html, StringComparison.Ordinal);
        Assert.Contains("900 pcs left", scheduledHtml, StringComparison.Ordinal);
        var plan = With(Entry(account, "Scheduled"), new Dictionary<string, string>
        {
            ["Form.ContractId"] = Inv(contract), ["Form.CallOff.ProductId"] = Inv(product), ["Form.CallOff.QuantityPerCallOff"] = "100",
            ["Form.CallOff.FirstDate"] = Iso(Today.AddDays(20)), ["Form.CallOff.Rhythm"] = "Biweekly", ["Form.CallOff.Count"] = "3",
        });
        var planned = await browser.PostFormAsync("/orders/new?handler=check", scheduled.Token, plan);
        Assert.Equal(3, Shown(await planned.Content.ReadAsStringAsync()).Count);
        var tooMuch = await browser.PostFormAsync("/orders/new?handler=check", scheduled.Token, With(plan, new Dictionary<string, string> { ["Form.CallOff.Count"] = "10" }));
        Assert.Contains("Beyond the contract's remaining volume", WebUtility.HtmlDecode(await tooMuch.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var scheduledDraft = await browser.PostFormAsync("/orders/new?handler=draft", scheduled.Token, plan);
        Assert.Equal(HttpStatusCode.Redirect, scheduledDraft.StatusCode);
        var expanded = await client.GetJsonAsync(scheduledDraft.Headers.Location!.OriginalString.Replace("/orders", "/api/v1/orders", StringComparison.Ordinal));
        Assert.Equal(3, expanded["lines"]!.AsArray().Count);
        Assert.Equal(77m, Amount(expanded["lines"]![0]!["unitPrice"]));

        var custom = WebUtility.HtmlDecode((await browser.GetAsync($"/orders/new?accountId={account}&kind=MadeToOrder")).Html);
        Assert.Contains("name=\"Form.Specification\"", custom, StringComparison.Ordinal);
        Assert.Contains("name=\"Form.EngineeringDays\"", custom, StringComparison.Ordinal);
        var edit = await browser.GetFormAsync($"/orders/{expanded.Id()}/edit");
        Assert.Equal(HttpStatusCode.OK, edit.Status);
        Assert.Contains("name=\"Form.Lines[2].ProductId\"", edit.Html, StringComparison.Ordinal);
        var (confirmedEdit, _) = await browser.GetAsync($"/orders/{draftId}/edit");
        Assert.Equal(HttpStatusCode.Redirect, confirmedEdit);

        var picker = WebUtility.HtmlDecode((await browser.GetAsync("/orders/new")).Html);
        Assert.Contains("Which customer is ordering?", picker, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditPage_ChangesTheDraft_ThenConfirmsItWithTheDatesShown_AndAStaleFormIsRefused()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = (await client.NewAccountAsync()).Id();
        var product = await App.NewOrderProductAsync(5, 100m);
        var calendar = await App.CalendarAsync();
        var draft = await client.NewSpotAsync(account, Line(product, 5, Today.AddDays(60)));
        var path = $"/orders/{draft.Id()}/edit";
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync(path);
        var requested = calendar.AddWorkingDays(Today, 25);
        var fields = With(Entry(account, "Spot", (product, 30, requested)), new Dictionary<string, string> { ["Form.Revision"] = "1", ["Form.Notes"] = "Second thoughts" });

        var saved = await browser.PostFormAsync(path + "?handler=draft", page.Token, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var changed = await client.GetJsonAsync(OrderPath(draft.Id()));
        Assert.Equal("draft", changed.Str("status"));
        Assert.Equal(30m, changed["lines"]![0]!["quantity"]!.GetValue<decimal>());
        Assert.Equal("Second thoughts", changed.Str("notes"));
        var stale = await browser.PostFormAsync(path + "?handler=draft", page.Token, fields);
        Assert.Contains("Someone else", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()), StringComparison.OrdinalIgnoreCase);

        var current = With(fields, new Dictionary<string, string> { ["Form.Revision"] = Inv(changed["version"]!.GetValue<long>()) });
        var shown = Shown(await (await browser.PostFormAsync(path + "?handler=check", page.Token, current)).Content.ReadAsStringAsync());
        Assert.Equal(Iso(requested), shown["Form.Shown[0]"]);
        var confirmed = await browser.PostFormAsync(path + "?handler=confirm", page.Token, With(current, shown));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal($"/orders/{draft.Id()}", confirmed.Headers.Location!.OriginalString);
        var order = await client.GetJsonAsync(OrderPath(draft.Id()));
        Assert.Equal("confirmed", order.Str("status"));
        Assert.Equal(Iso(requested), order["lines"]![0]!.Str("promisedDate"));
        Assert.Equal(30m, (await App.BookedAsync(product)).Values.Sum());
    }

    [Fact]
    public async Task OrderPage_RecordsAndUndoesDeliveries_AndCancelsOnlyWithAReason()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = (await client.NewAccountAsync()).Id();
        var product = await App.NewOrderProductAsync(5, 1000m);
        var order = await client.NewSpotAsync(account, Line(product, 5, Today.AddDays(30)), Line(product, 8, Today.AddDays(30)));
        var confirmed = await client.ConfirmedAsync(order.Id());
        var line = confirmed["lines"]![0]!.Id();
        var path = $"/orders/{order.Id()}";
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync(path);
        Assert.Contains("?handler=deliver", page.Html, StringComparison.Ordinal);

        var over = await browser.PostFormAsync(path + "?handler=deliver", page.Token, new Dictionary<string, string>
        {
            ["lineId"] = Inv(line), ["quantity"] = "6", ["deliveredOn"] = Iso(Today),
        });
        Assert.Equal(HttpStatusCode.OK, over.StatusCode);
        Assert.Contains("Only 5 left", WebUtility.HtmlDecode(await over.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var delivered = await browser.PostFormAsync(path + "?handler=deliver", page.Token, new Dictionary<string, string>
        {
            ["lineId"] = Inv(line), ["quantity"] = "5", ["deliveredOn"] = Iso(Today), ["note"] = "Truck 7",
        });
        Assert.Equal(HttpStatusCode.Redirect, delivered.StatusCode);
        var after = await browser.GetFormAsync(path);
        var text = WebUtility.HtmlDecode(after.Html);
        Assert.Contains("Truck 7", text, StringComparison.Ordinal);
        Assert.Contains("Partly delivered", text, StringComparison.Ordinal);
        Assert.Contains("<meter class=\"order-meter\" min=\"0\" max=\"100\" value=\"100\"", after.Html, StringComparison.Ordinal);
        var delivery = (await client.GetJsonAsync(OrderPath(order.Id())))["deliveries"]![0]!;
        var undone = await browser.PostFormAsync(path + "?handler=undo", after.Token, new Dictionary<string, string>
        {
            ["deliveryId"] = Inv(delivery.Id()), ["version"] = Inv(delivery["version"]!.GetValue<long>()),
        });
        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        Assert.Equal("confirmed", (await client.GetJsonAsync(OrderPath(order.Id()))).Str("status"));

        var notes = await browser.PostFormAsync(path + "?handler=notes", after.Token, new Dictionary<string, string>
        {
            ["revision"] = Inv((await client.GetJsonAsync(OrderPath(order.Id())))["version"]!.GetValue<long>()), ["customerReference"] = "PO-77", ["notes"] = "Gate 2",
        });
        Assert.Equal(HttpStatusCode.Redirect, notes.StatusCode);
        var current = await client.GetJsonAsync(OrderPath(order.Id()));
        Assert.Equal("PO-77", current.Str("customerReference"));
        var noReason = await browser.PostFormAsync(path + "?handler=cancel", after.Token, new Dictionary<string, string>
        {
            ["revision"] = Inv(current["version"]!.GetValue<long>()), ["reason"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Equal("confirmed", (await client.GetJsonAsync(OrderPath(order.Id()))).Str("status"));
        var cancelled = await browser.PostFormAsync(path + "?handler=cancel", after.Token, new Dictionary<string, string>
        {
            ["revision"] = Inv(current["version"]!.GetValue<long>()), ["reason"] = "Project stopped",
        });
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal("cancelled", (await client.GetJsonAsync(OrderPath(order.Id()))).Str("status"));
        var (_, closed) = await browser.GetAsync(path);
        Assert.DoesNotContain("?handler=deliver", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("?handler=cancel", closed, StringComparison.Ordinal);

        var (historyStatus, history) = await browser.GetAsync(path + "?handler=history");
        Assert.Equal(HttpStatusCode.OK, historyStatus);
        Assert.Contains("Delivered quantity", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quality_ReadsOrdersOfEveryAccount_WithNoPriceOnAnyPage_WhileProductAndOtherRepsSeeNone()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, 1000m, listPrice: 45678m);
        var order = await client.NewSpotAsync(account.Id(), Line(product, 3, Today.AddDays(30), 98765m));
        var line = (await client.ConfirmedAsync(order.Id()))["lines"]![0]!.Id();
        await (await client.DeliverAsync(order.Id(), line, new { quantity = 1 })).ExpectAsync(HttpStatusCode.Created);
        var draft = await client.NewSpotAsync(account.Id(), Line(product, 2, Today.AddDays(40), 98765m));

        using var quality = await App.SignInAsync(await App.CreateUserAsync(Role.Quality));
        foreach (var path in new[]
        {
            "/orders", $"/orders?accountId={account.Id()}", $"/orders/{order.Id()}", $"/orders/{draft.Id()}", $"/accounts/{account.Id()}", "/", $"/products/{product}",
            $"/orders/{order.Id()}?handler=history",
        })
        {
            var (status, html) = await quality.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            var text = WebUtility.HtmlDecode(html);
            foreach (var price in new[] { "98,765", "98765", "296,295", "45,678", "45678", "Unit price", "Line total", "Total" })
            {
                Assert.DoesNotContain(price, text, StringComparison.Ordinal);
            }
            Assert.DoesNotContain("?handler=deliver", html, StringComparison.Ordinal);
            Assert.DoesNotContain("?handler=cancel", html, StringComparison.Ordinal);
        }
        var (_, qualityOrder) = await quality.GetAsync($"/orders/{order.Id()}");
        Assert.Contains(account.Str("name"), WebUtility.HtmlDecode(qualityOrder), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync($"/orders/new?accountId={account.Id()}")).Status);

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (_, viewed) = await viewer.GetAsync($"/orders/{order.Id()}");
        Assert.Contains("98,765", WebUtility.HtmlDecode(viewed), StringComparison.Ordinal);
        Assert.DoesNotContain("?handler=deliver", viewed, StringComparison.Ordinal);

        using var productUser = await App.SignInAsync(await App.CreateUserAsync(Role.Product));
        Assert.Equal(HttpStatusCode.Forbidden, (await productUser.GetAsync("/orders")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await productUser.GetAsync($"/orders/{order.Id()}")).Status);
        var (_, productAccount) = await productUser.GetAsync($"/accounts/{account.Id()}");
        Assert.DoesNotContain("account-orders-h", productAccount, StringComparison.Ordinal);

        using var stranger = await App.SignInAsync(await App.CreateUserAsync(Role.Rep));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/orders/{order.Id()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/orders/new?accountId={account.Id()}")).Status);
    }

    [Fact]
    public async Task AccountHomeAndProductPages_ShowOrdersOtifAndWhatIsLateOrAtRisk_InBothLanguages()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, 1000m);
        var late = await client.NewSpotAsync(account.Id(), Line(product, 4, Today.AddDays(30)));
        var lateLine = (await client.ConfirmedAsync(late.Id()))["lines"]![0]!.Id();
        await App.SetLineAsync(lateLine, Today.AddDays(-2));
        var (done, _) = await App.InsertOrderAsync(account.Id(), rep.Id, OrderStatus.Delivered, (product, 2, Today.AddDays(-10), 2, Today.AddDays(-10), null));
        using var browser = await App.SignInAsync(rep);

        var (_, accountPage) = await browser.GetAsync($"/accounts/{account.Id()}");
        var accountText = WebUtility.HtmlDecode(accountPage);
        Assert.Contains("account-orders-h", accountPage, StringComparison.Ordinal);
        Assert.Contains($"href=\"/orders/{late.Id()}\"", accountPage, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/orders/{done}\"", accountPage, StringComparison.Ordinal);
        Assert.Contains("50% (1 of 2 lines)", accountText, StringComparison.Ordinal);
        Assert.Contains($"href=\"/orders/new?accountId={account.Id()}\"", accountPage, StringComparison.Ordinal);

        var (_, home) = await browser.GetAsync("/");
        var homeText = WebUtility.HtmlDecode(home);
        Assert.Contains("Orders at risk or late", homeText, StringComparison.Ordinal);
        Assert.Contains($"href=\"/orders/{late.Id()}#line-{lateLine}\"", home, StringComparison.Ordinal);
        Assert.Contains("Late lines: 1", homeText, StringComparison.Ordinal);

        var (_, productPage) = await browser.GetAsync($"/products/{product}");
        Assert.Contains("OTIF, last 12 months:</strong> 50% (1 of 2 lines)", WebUtility.HtmlDecode(productPage), StringComparison.Ordinal);

        var (_, list) = await browser.GetAsync($"/orders?accountId={account.Id()}&late=true");
        Assert.Contains($"href=\"/orders/{late.Id()}\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/orders/{done}\"", list, StringComparison.Ordinal);

        using var korean = await App.SignInAsync(rep, "ko");
        Assert.Contains("지연되었거나 위험한 주문", WebUtility.HtmlDecode((await korean.GetAsync("/")).Html), StringComparison.Ordinal);
        var koreanOrder = WebUtility.HtmlDecode((await korean.GetAsync($"/orders/{late.Id()}")).Html);
        Assert.Contains("약속 납기", koreanOrder, StringComparison.Ordinal);
        Assert.Contains("지연", koreanOrder, StringComparison.Ordinal);
        Assert.Contains("주문", WebUtility.HtmlDecode((await korean.GetAsync("/orders")).Html), StringComparison.Ordinal);
    }
}
