using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Orders.OrderSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Orders;

public sealed class OrdersApiTests_Sqlite() : OrdersApiTests(Provider.Sqlite);

public sealed class OrdersApiTests_Postgres() : OrdersApiTests(Provider.Postgres);

/// <summary>/orders: drafts of each kind, the call-off plan, validation, changes, idempotency and who sees what.</summary>
public abstract class OrdersApiTests(Provider provider) : AppTests(provider)
{
    private static readonly string[] PriceMembers = ["unitPrice", "lineTotal", "total"];

    private static void AssertNoPrices(string json, params string[] figures)
    {
        foreach (var member in PriceMembers)
        {
            Assert.DoesNotContain($"\"{member}\"", json, StringComparison.Ordinal);
        }
        foreach (var figure in figures)
        {
            Assert.DoesNotContain(figure, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Spot_IsADraftWithRequestedDates_PricesFromTheListOrGiven_AndNoPromiseYet()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(10, 500m, listPrice: 1500m);

        var created = await client.PostJsonAsync("/api/v1/orders", new
        {
            accountId = account.Id(),
            kind = "spot",
            customerReference = "PO-4711",
            notes = "Deliver to gate 3.",
            lines = new[] { Line(product, 40, Today.AddDays(40)), Line(product, 2.5m, Today.AddDays(60), 1234.5m) },
        });
        await created.ExpectAsync(HttpStatusCode.Created);
        var order = await created.JsonAsync();

        Assert.Equal(ETag(order), created.Headers.ETag!.Tag);
        Assert.Equal($"/api/v1/orders/{order.Id()}", created.Headers.Location!.OriginalString);
        Assert.Equal("draft", order.Str("status"));
        Assert.Equal("spot", order.Str("kind"));
        Assert.Equal("KRW", order.Str("currency"));
        Assert.Equal(Iso(Today), order.Str("orderedOn"));
        Assert.Equal(account.Str("name"), order.Str("accountName"));
        Assert.Equal("PO-4711", order.Str("customerReference"));
        var lines = order["lines"]!.AsArray();
        Assert.Equal([1, 2], lines.Select(l => l!["position"]!.GetValue<int>()));
        Assert.Equal([1500m, 1234.5m], lines.Select(l => Amount(l!["unitPrice"])));
        Assert.Equal([60000m, 3086m], lines.Select(l => Amount(l!["lineTotal"])));
        Assert.Equal(63086m, Amount(order["total"]));
        Assert.All(lines, l => Assert.Null(l!["promisedDate"]));
        Assert.All(lines, l => Assert.Equal("open", l.Str("status")));
        Assert.All(lines, l => Assert.Null(l!["otif"]));
        Assert.False(order["atRisk"]!.GetValue<bool>());
        Assert.Equal(0, order["otif"]!["lines"]!.GetValue<int>());
        Assert.Null(order["otif"]!["otifPercent"]);

        var read = await client.GetAsync(OrderPath(order.Id()));
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(ETag(order), read.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task MadeToOrder_NeedsASpecificationAndEngineeringDays_AndOnlyItMayHaveThem()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(10, 500m);

        var missing = await client.PostJsonAsync("/api/v1/orders", new { accountId = account.Id(), kind = "madeToOrder", lines = new[] { Line(product, 5, Today.AddDays(90)) } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Equal(["engineeringDays", "specification"], (await missing.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));

        var tooLong = await client.PostJsonAsync("/api/v1/orders", new
        {
            accountId = account.Id(), kind = "madeToOrder", specification = "Impeller, CF8M, drawing 77-A", engineeringDays = 366,
            lines = new[] { Line(product, 5, Today.AddDays(90)) },
        });
        Assert.Equal(["engineeringDays"], (await tooLong.ErrorsAsync()).Select(e => e.Key));

        var spotWithSpec = await client.PostJsonAsync("/api/v1/orders", new
        {
            accountId = account.Id(), kind = "spot", specification = "x", engineeringDays = 3, lines = new[] { Line(product, 5, Today.AddDays(90)) },
        });
        Assert.Equal(["engineeringDays", "specification"], (await spotWithSpec.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));

        var order = await client.CreateAsync("/api/v1/orders", new
        {
            accountId = account.Id(), kind = "madeToOrder", specification = "Impeller, CF8M, drawing 77-A", engineeringDays = 15,
            lines = new[] { Line(product, 5, Today.AddDays(90)) },
        });
        Assert.Equal("madeToOrder", order.Str("kind"));
        Assert.Equal(15, order["engineeringDays"]!.GetValue<int>());
        Assert.Equal("Impeller, CF8M, drawing 77-A", order.Str("specification"));
    }

    [Fact]
    public async Task Scheduled_CallOffPlan_IsExpandedIntoOneLinePerCallOff_AtTheContractPrice_WithinItsRemainingVolume()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, 1000m, listPrice: 2000m);
        var other = await App.NewOrderProductAsync(5, 1000m);
        var contract = await App.NewContractAsync(account.Id(), rep.Id, (product, 1000m, 1750m));
        var first = new DateOnly(Today.Year, Today.Month, 1).AddMonths(2).AddDays(30);

        var order = await client.CreateAsync("/api/v1/orders", new
        {
            accountId = account.Id(), kind = "scheduled", contractId = contract,
            callOffPlan = new { productId = product, quantityPerCallOff = 200m, firstDate = Iso(first), rhythm = "monthly", count = 3 },
        });

        Assert.Equal("scheduled", order.Str("kind"));
        Assert.Equal("monthly", order.Str("rhythm"));
        Assert.Equal(contract, order["contractId"]!.GetValue<long>());
        var lines = order["lines"]!.AsArray();
        Assert.Equal([Iso(first), Iso(first.AddMonths(1)), Iso(first.AddMonths(2))], lines.Select(l => l.Str("requestedDate")));
        Assert.All(lines, l => Assert.Equal(200m, l!["quantity"]!.GetValue<decimal>()));
        Assert.All(lines, l => Assert.Equal(1750m, Amount(l!["unitPrice"])));

        // 600 of 1000 called off: another 500 is beyond what is left, named on the field that asked for it.
        var beyond = await client.PostJsonAsync("/api/v1/orders", new
        {
            accountId = account.Id(), kind = "scheduled", contractId = contract,
            callOffPlan = new { productId = product, quantityPerCallOff = 250m, firstDate = Iso(first), rhythm = "weekly", count = 2 },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, beyond.StatusCode);
        var errors = await beyond.ErrorsAsync();
        Assert.Equal(["callOffPlan.quantityPerCallOff"], errors.Select(e => e.Key));
        Assert.Contains("400", errors["callOffPlan.quantityPerCallOff"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var lineBeyond = await client.PostJsonAsync("/api/v1/orders", new
        {
            accountId = account.Id(), kind = "scheduled", contractId = contract,
            lines = new[] { Line(product, 300, first), Line(product, 150, first.AddDays(7)) },
        });
        Assert.Equal(["lines[1].quantity"], (await lineBeyond.ErrorsAsync()).Select(e => e.Key));

        var notOnContract = await client.PostJsonAsync("/api/v1/orders", new
        {
            accountId = account.Id(), kind = "scheduled", contractId = contract, lines = new[] { Line(other, 10, first) },
        });
        Assert.Equal(["lines[0].productId"], (await notOnContract.ErrorsAsync()).Select(e => e.Key));

        var both = await client.PostJsonAsync("/api/v1/orders", new
        {
            accountId = account.Id(), kind = "scheduled", contractId = contract, lines = new[] { Line(product, 10, first) },
            callOffPlan = new { productId = product, quantityPerCallOff = 1m, firstDate = Iso(first), rhythm = "weekly", count = 1 },
        });
        Assert.Equal(["callOffPlan"], (await both.ErrorsAsync()).Select(e => e.Key));

        var badPlan = await client.PostJsonAsync("/api/v1/orders", new
        {
            accountId = account.Id(), kind = "scheduled", contractId = contract,
            callOffPlan = new { productId = product, quantityPerCallOff = 0m, firstDate = Iso(Today.AddDays(-90)), count = 53 },
        });
        Assert.Equal(["callOffPlan.count", "callOffPlan.firstDate", "callOffPlan.quantityPerCallOff", "callOffPlan.rhythm"],
            (await badPlan.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));

        // A cancelled order gives its call-offs back.
        await (await client.PostJsonAsync(OrderPath(order.Id()) + "/cancel", new { reason = "Customer moved the project." })).ExpectAsync(HttpStatusCode.OK);
        await client.CreateAsync("/api/v1/orders", new
        {
            accountId = account.Id(), kind = "scheduled", contractId = contract,
            callOffPlan = new { productId = product, quantityPerCallOff = 500m, firstDate = Iso(first), rhythm = "biweekly", count = 2 },
        });
    }

    [Fact]
    public async Task Scheduled_NeedsASignedContractInForceOfTheSameAccount_InItsCurrency_AndDatesInItsPeriod()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var otherAccount = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, 1000m);
        var unsigned = await App.NewContractAsync(account.Id(), rep.Id, Today.AddDays(-10), Today.AddDays(300), isSigned: false, "KRW", (product, 100m, 10m));
        var ended = await App.NewContractAsync(account.Id(), rep.Id, Today.AddDays(-400), Today.AddDays(-1), isSigned: true, "KRW", (product, 100m, 10m));
        var others = await App.NewContractAsync(otherAccount.Id(), rep.Id, (product, 100m, 10m));
        var usd = await App.NewContractAsync(account.Id(), rep.Id, Today.AddDays(-10), Today.AddDays(60), isSigned: true, "USD", (product, 100m, 10m));

        async Task<string[]> ErrorsFor(object body) => [.. (await (await client.PostJsonAsync("/api/v1/orders", body)).ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal)];

        Assert.Equal(["contractId"], await ErrorsFor(new { accountId = account.Id(), kind = "scheduled", lines = new[] { Line(product, 1, Today.AddDays(30)) } }));
        Assert.Equal(["contractId"], await ErrorsFor(new { accountId = account.Id(), kind = "scheduled", contractId = unsigned, lines = new[] { Line(product, 1, Today.AddDays(30)) } }));
        Assert.Equal(["contractId"], await ErrorsFor(new { accountId = account.Id(), kind = "scheduled", contractId = ended, lines = new[] { Line(product, 1, Today.AddDays(30)) } }));
        Assert.Equal(["contractId"], await ErrorsFor(new { accountId = account.Id(), kind = "scheduled", contractId = others, lines = new[] { Line(product, 1, Today.AddDays(30)) } }));
        Assert.Equal(["currency"], await ErrorsFor(new { accountId = account.Id(), kind = "scheduled", contractId = usd, currency = "KRW", lines = new[] { Line(product, 1, Today.AddDays(30)) } }));
        Assert.Equal(["lines[0].requestedDate"], await ErrorsFor(new { accountId = account.Id(), kind = "scheduled", contractId = usd, lines = new[] { Line(product, 1, Today.AddDays(61)) } }));
        Assert.Equal(["rhythm"], await ErrorsFor(new { accountId = account.Id(), kind = "spot", rhythm = "weekly", lines = new[] { Line(product, 1, Today.AddDays(30)) } }));

        var order = await client.CreateAsync("/api/v1/orders", new { accountId = account.Id(), kind = "scheduled", contractId = usd, rhythm = "weekly", lines = new[] { Line(product, 1, Today.AddDays(30)) } });
        Assert.Equal("USD", order.Str("currency"));
        Assert.Equal(10m, Amount(order["lines"]![0]!["unitPrice"]));
        Assert.Equal("USD", order["lines"]![0]!["unitPrice"]!.Str("currency"));
    }

    [Fact]
    public async Task InvalidValues_Are422NamingEachField_AndNothingIsSaved()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, 100m);
        var retired = await App.NewOrderProductAsync(5, 100m);
        await using (var db = App.OpenDb())
        {
            (await db.Products.SingleAsync(p => p.Id == retired)).IsActive = false;
            await db.SaveChangesAsync();
        }
        var before = await CountOrdersAsync(account.Id());

        var refused = await client.PostJsonAsync("/api/v1/orders", new
        {
            accountId = account.Id(),
            kind = "spot",
            currency = "WON!",
            orderedOn = Iso(Today.AddDays(1)),
            customerReference = new string('x', 101),
            lines = new object[]
            {
                Line(product, 0, Today.AddDays(10)),
                Line(999_999_999, 1, Today.AddDays(10)),
                Line(retired, 1, Today.AddDays(10)),
                new { productId = product, quantity = 1.23456m },
                Line(product, 1, Today.AddYears(6)),
            },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(
            ["currency", "customerReference", "lines[0].quantity", "lines[1].productId", "lines[2].productId", "lines[3].quantity", "lines[3].requestedDate", "lines[4].requestedDate", "orderedOn"],
            (await refused.ErrorsAsync()).Select(e => e.Key).Order(StringComparer.Ordinal));
        var empty = await client.PostJsonAsync("/api/v1/orders", new { accountId = account.Id(), kind = "spot", lines = Array.Empty<object>() });
        Assert.Equal(["lines"], (await empty.ErrorsAsync()).Select(e => e.Key));
        var unknownField = await client.PostJsonAsync("/api/v1/orders", new { accountId = account.Id(), kind = "spot", status = "confirmed", lines = new[] { Line(product, 1, Today.AddDays(10)) } });
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Equal(before, await CountOrdersAsync(account.Id()));
    }

    private async Task<int> CountOrdersAsync(long accountId)
    {
        await using var db = App.OpenDb();
        return await db.Orders.CountAsync(o => o.AccountId == accountId);
    }

    [Fact]
    public async Task Patch_ReplacesADraftsLines_StaleIfMatchIs412_AndAfterConfirmationOnlyNotesChange()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, 1000m);
        var order = await client.NewSpotAsync(account.Id(), Line(product, 10, Today.AddDays(40)), Line(product, 20, Today.AddDays(50)));

        var changed = await client.PatchJsonAsync(OrderPath(order.Id()), new { lines = new[] { Line(product, 7, Today.AddDays(45)) }, notes = "Rush" }, ETag(order));
        await changed.ExpectAsync(HttpStatusCode.OK);
        var draft = await changed.JsonAsync();
        Assert.Equal([7m], draft["lines"]!.AsArray().Select(l => l!["quantity"]!.GetValue<decimal>()));
        Assert.Equal("Rush", draft.Str("notes"));

        var stale = await client.PatchJsonAsync(OrderPath(order.Id()), new { notes = "Late edit" }, ETag(order));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var moved = await client.PatchJsonAsync(OrderPath(order.Id()), new { accountId = (await client.NewAccountAsync()).Id() }, ETag(draft));
        Assert.Equal(["accountId"], (await moved.ErrorsAsync()).Select(e => e.Key));

        var confirmed = await client.ConfirmedAsync(order.Id());
        var relined = await client.PatchJsonAsync(OrderPath(order.Id()), new { lines = new[] { Line(product, 8, Today.AddDays(45)) } }, ETag(confirmed));
        Assert.Equal(HttpStatusCode.Conflict, relined.StatusCode);
        Assert.Contains("only the notes", (await relined.JsonAsync()).Str("detail"), StringComparison.Ordinal);
        var noted = await client.PatchJsonAsync(OrderPath(order.Id()), new { notes = "Call before delivery", customerReference = "PO-9" }, ETag(confirmed));
        await noted.ExpectAsync(HttpStatusCode.OK);
        var after = await noted.JsonAsync();
        Assert.Equal("Call before delivery", after.Str("notes"));
        Assert.Equal("PO-9", after.Str("customerReference"));
        Assert.Equal("confirmed", after.Str("status"));
    }

    [Fact]
    public async Task IdempotencyKey_ReturnsTheFirstAnswer_AndNeverASecondOrder()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, 1000m);
        var body = new { accountId = account.Id(), kind = "spot", lines = new[] { Line(product, 10, Today.AddDays(40)) } };
        var key = Guid.NewGuid().ToString("N");

        var first = await client.PostJsonAsync("/api/v1/orders", body, key);
        var second = await client.PostJsonAsync("/api/v1/orders", body, key);

        await first.ExpectAsync(HttpStatusCode.Created);
        await second.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((await first.JsonAsync()).Id(), (await second.JsonAsync()).Id());
        Assert.Equal(1, await CountOrdersAsync(account.Id()));

        // A confirmation sent twice with one key books once.
        var order = (await first.JsonAsync()).Id();
        var confirmKey = Guid.NewGuid().ToString("N");
        await (await client.PostJsonAsync(OrderPath(order) + "/confirm", new { }, confirmKey)).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync(OrderPath(order) + "/confirm", new { }, confirmKey)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(10m, (await App.BookedAsync(product)).Values.Sum());
    }

    [Fact]
    public async Task RoleMatrix_OtherRep404_ManagerSeesTheTeam_ViewerReadsOnly_ProductSeesNone_AdminAll()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, 1000m);
        var order = await client.NewSpotAsync(account.Id(), Line(product, 10, Today.AddDays(40)));
        var confirmed = await client.NewSpotAsync(account.Id(), Line(product, 10, Today.AddDays(40)));
        var line = (await client.ConfirmedAsync(confirmed.Id()))["lines"]![0]!.Id();
        var path = OrderPath(order.Id());

        using var otherRep = App.Client(await App.CreateUserAsync(Role.Rep));
        using var otherManager = App.Client(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        foreach (var outsider in new[] { otherRep, otherManager })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(path + "/history")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PatchJsonAsync(path, new { notes = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.ConfirmAsync(order.Id())).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostJsonAsync(path + "/cancel", new { reason = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.DeliverAsync(confirmed.Id(), line, new { quantity = 1 })).StatusCode);
            Assert.Empty((await outsider.GetJsonAsync($"/api/v1/orders?accountId={account.Id()}"))["items"]!.AsArray());
            Assert.Empty((await outsider.GetJsonAsync($"/api/v1/orders/otif?accountId={account.Id()}"))["rows"]!.AsArray());
            var refused = await outsider.PostJsonAsync("/api/v1/orders", new { accountId = account.Id(), kind = "spot", lines = new[] { Line(product, 1, Today.AddDays(40)) } });
            Assert.Equal(["accountId"], (await refused.ErrorsAsync()).Select(e => e.Key));
        }

        using var boss = App.Client(manager);
        Assert.Equal(order.Id(), (await boss.GetJsonAsync(path)).Id());
        Assert.Equal(2, (await boss.GetJsonAsync($"/api/v1/orders?accountId={account.Id()}"))["items"]!.AsArray().Count);
        await (await boss.PatchJsonAsync(path, new { notes = "Manager's note" })).ExpectAsync(HttpStatusCode.OK);

        using var viewer = App.Client(await App.CreateUserAsync(Role.Viewer));
        var viewed = await viewer.GetJsonAsync(path);
        Assert.Equal(1000m, Amount(viewed["lines"]![0]!["unitPrice"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync("/api/v1/orders", new { accountId = account.Id(), kind = "spot" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchJsonAsync(path, new { notes = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.ConfirmAsync(order.Id())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync(path + "/cancel", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeliverAsync(confirmed.Id(), line, new { quantity = 1 })).StatusCode);

        using var productUser = App.Client(await App.CreateUserAsync(Role.Product));
        Assert.Equal(HttpStatusCode.NotFound, (await productUser.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await productUser.GetAsync(path + "/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await productUser.GetAsync("/api/v1/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await productUser.GetAsync("/api/v1/orders/otif")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await productUser.PostJsonAsync("/api/v1/orders", new { accountId = account.Id(), kind = "spot" })).StatusCode);

        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        Assert.Equal(order.Id(), (await admin.GetJsonAsync(path)).Id());
        Assert.Equal(2, (await admin.GetJsonAsync($"/api/v1/orders?accountId={account.Id()}"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Quality_ReadsOrdersOfEveryAccount_WithoutAnyPrice_InGetListOtifAndHistory_AndWritesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await App.NewOrderProductAsync(5, 1000m);
        var order = await client.NewSpotAsync(account.Id(), Line(product, 10, Today.AddDays(40), 98765.4321m));
        var confirmed = await client.ConfirmedAsync(order.Id());
        var line = confirmed["lines"]![0]!.Id();
        await (await client.DeliverAsync(order.Id(), line, new { quantity = 4, note = "First pallet" })).ExpectAsync(HttpStatusCode.Created);
        await (await client.PatchJsonAsync(OrderPath(order.Id()), new { notes = "Priced at 98765.4321" })).ExpectAsync(HttpStatusCode.OK);

        using var quality = App.Client(await App.CreateUserAsync(Role.Quality));
        var seen = await quality.GetJsonAsync(OrderPath(order.Id()));
        Assert.Equal("KRW", seen.Str("currency"));
        Assert.Equal(4m, seen["lines"]![0]!["deliveredQuantity"]!.GetValue<decimal>());
        Assert.Single(seen["deliveries"]!.AsArray());
        foreach (var path in new[]
        {
            OrderPath(order.Id()), $"/api/v1/orders?accountId={account.Id()}", $"/api/v1/orders?productId={product}",
            $"/api/v1/orders/otif?accountId={account.Id()}&by=order", OrderPath(order.Id()) + "/history",
            $"/api/v1/deliveries/{seen["deliveries"]![0]!.Id()}",
        })
        {
            var response = await quality.GetAsync(path);
            await response.ExpectAsync(HttpStatusCode.OK);
            var json = await response.Content.ReadAsStringAsync();
            AssertNoPrices(json.Replace("Priced at 98765.4321", "", StringComparison.Ordinal), "98765", "987654");
        }
        var history = (await quality.GetJsonAsync(OrderPath(order.Id()) + "/history"))["items"]!.AsArray();
        Assert.Contains(history, e => e.Str("entityType") == "delivery");
        Assert.Contains(history, e => e.Str("entityType") == "orderLine" && e!["changes"]!.AsArray().Any(c => c.Str("field") == "deliveredQuantity"));
        Assert.DoesNotContain(history.SelectMany(e => e!["changes"]!.AsArray()), c => c.Str("field") == "unitPrice");

        Assert.Equal(HttpStatusCode.Forbidden, (await quality.PostJsonAsync("/api/v1/orders", new { accountId = account.Id(), kind = "spot" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.DeliverAsync(order.Id(), line, new { quantity = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.PatchJsonAsync(OrderPath(order.Id()), new { notes = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.DeleteAsync($"/api/v1/deliveries/{seen["deliveries"]![0]!.Id()}", null)).StatusCode);

        using var manager = App.Client(await App.CreateUserAsync(Role.Admin));
        var managerHistory = (await manager.GetJsonAsync(OrderPath(order.Id()) + "/history"))["items"]!.AsArray();
        Assert.Contains(managerHistory.SelectMany(e => e!["changes"]!.AsArray()), c => c.Str("field") == "unitPrice");
        var asRep = await (await client.GetAsync(OrderPath(order.Id()))).Content.ReadAsStringAsync();
        foreach (var secret in new[] { "\"unitCost\"", "\"margin\"", "\"costTotal\"" })
        {
            Assert.DoesNotContain(secret, asRep, StringComparison.Ordinal);
        }
    }
}
