using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bridgehead.Auditing;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Forecasting;

[Collection(RatesCollection.Sqlite)]
public sealed class ExchangeRatesTests_Sqlite() : ExchangeRatesTests(Provider.Sqlite);

[Collection(RatesCollection.Postgres)]
public sealed class ExchangeRatesTests_Postgres() : ExchangeRatesTests(Provider.Postgres);

/// <summary>/api/v1/exchange-rates and the admin page /admin/exchange-rates.</summary>
public abstract class ExchangeRatesTests(Provider provider) : AppTests(provider)
{
    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    private static JsonNode? Item(JsonNode list, string currency) =>
        list["items"]!.AsArray().SingleOrDefault(i => i!["currency"]!.GetValue<string>() == currency);

    private static void AssertInvalid(string html, string id) =>
        Assert.Matches($"id=\"{id}\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"{id}\"", html);

    [Fact]
    public async Task Admin_SetsChangesAndRemovesARate_WithETags_AndEveryoneSignedInReadsThem()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        using var api = App.Client(admin);
        await new ForecastData(App).RemoveRateAsync(admin, "EUR");

        var created = await PutAsync(api, "/api/v1/exchange-rates/eur", new { rate = 1500.25m });
        await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("/api/v1/exchange-rates/EUR", created.Headers.Location?.ToString());
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var body = await created.JsonAsync();
        Assert.Equal("EUR", body["currency"]!.GetValue<string>());
        Assert.Equal(1500.25m, body["rate"]!.GetValue<decimal>());

        var changed = await PutAsync(api, "/api/v1/exchange-rates/EUR", new { rate = 1510.1234567891m }, "\"1\"");
        await changed.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", changed.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(api, "/api/v1/exchange-rates/EUR", new { rate = 1m }, "\"1\"")).StatusCode);

        foreach (var role in new[] { Role.Rep, Role.Quality, Role.Viewer })
        {
            var list = await App.Client(await App.CreateUserAsync(role)).GetJsonAsync("/api/v1/exchange-rates");
            Assert.Equal("KRW", list["baseCurrency"]!.GetValue<string>());
            Assert.Equal(1510.1234567891m, Item(list, "EUR")!["rate"]!.GetValue<decimal>());
        }
        var one = await api.GetAsync("/api/v1/exchange-rates/EUR");
        Assert.Equal("\"2\"", one.Headers.ETag?.Tag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.DeleteAsync("/api/v1/exchange-rates/EUR", "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/exchange-rates/EUR", "\"2\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/exchange-rates/EUR")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync("/api/v1/exchange-rates/EUR", null)).StatusCode);
        Assert.Null(Item(await api.GetJsonAsync("/api/v1/exchange-rates"), "EUR"));
    }

    [Fact]
    public async Task InvalidRates_AreRefused_NamingTheField_AndNothingChanges()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        using var api = App.Client(admin);

        foreach (var (path, payload, field) in new (string, object, string)[]
                 {
                     ("/api/v1/exchange-rates/KRW", new { rate = 1m }, "currency"),
                     ("/api/v1/exchange-rates/EURO", new { rate = 1m }, "currency"),
                     ("/api/v1/exchange-rates/US1", new { rate = 1m }, "currency"),
                     ("/api/v1/exchange-rates/GBP", new { rate = 0m }, "rate"),
                     ("/api/v1/exchange-rates/GBP", new { rate = -5m }, "rate"),
                     ("/api/v1/exchange-rates/GBP", new { }, "rate"),
                     ("/api/v1/exchange-rates/GBP", new { rate = 1.00000000001m }, "rate"),
                 })
        {
            var response = await PutAsync(api, path, payload);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.True((await response.ErrorsAsync()).ContainsKey(field), $"{path}: {field}");
        }
        var notNumber = await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/v1/exchange-rates/GBP")
        {
            Content = new StringContent("{\"rate\":\"lots\"}", System.Text.Encoding.UTF8, "application/json"),
        });
        Assert.Equal(HttpStatusCode.BadRequest, notNumber.StatusCode);
        Assert.True((await notNumber.ErrorsAsync()).ContainsKey("rate"));

        var before = await api.GetJsonAsync("/api/v1/exchange-rates");
        var list = await PutAsync(api, "/api/v1/exchange-rates", new
        {
            items = new object[]
            {
                new { currency = "usd", rate = 1400m },
                new { currency = "USD", rate = 1390m },
                new { currency = "KRW", rate = 1m },
                new { currency = "XX", rate = 2m },
                new { currency = "JPY", rate = 0m },
            },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, list.StatusCode);
        var errors = await list.ErrorsAsync();
        Assert.Equal(["items[1].currency", "items[2].currency", "items[3].currency", "items[4].rate"], errors.Select(e => e.Key).Order());
        Assert.Contains("KRW is the base currency", errors["items[2].currency"]![0]!.GetValue<string>());
        Assert.Equal(before.ToJsonString(), (await api.GetJsonAsync("/api/v1/exchange-rates")).ToJsonString());
        Assert.Null(Item(await api.GetJsonAsync("/api/v1/exchange-rates"), "GBP"));
    }

    [Theory]
    [InlineData(Role.Manager)]
    [InlineData(Role.Rep)]
    [InlineData(Role.Viewer)]
    public async Task OnlyAdmins_ChangeRates(Role role)
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        await new ForecastData(App).SetRateAsync(admin, "CNY", 190m);
        using var client = App.Client(await App.CreateUserAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(client, "/api/v1/exchange-rates/CNY", new { rate = 1m })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(client, "/api/v1/exchange-rates", new { items = Array.Empty<object>() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/v1/exchange-rates/CNY", null)).StatusCode);
        Assert.Equal(190m, (await client.GetJsonAsync("/api/v1/exchange-rates/CNY"))["rate"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client().GetAsync("/api/v1/exchange-rates")).StatusCode);
    }

    [Fact]
    public async Task ReplacingTheList_KeepsUnchangedRates_AndTheTrailRecordsEachChange()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        using var api = App.Client(admin);
        var first = await PutAsync(api, "/api/v1/exchange-rates", new { items = new[] { new { currency = "USD", rate = 1400m }, new { currency = "EUR", rate = 1500m }, new { currency = "JPY", rate = 9.35m } } });
        await first.ExpectAsync(HttpStatusCode.OK);
        var listed = await first.JsonAsync();
        Assert.Equal(["EUR", "JPY", "USD"], listed["items"]!.AsArray().Select(i => i!["currency"]!.GetValue<string>()));
        var usdVersion = Item(listed, "USD")!["version"]!.GetValue<long>();

        var second = await PutAsync(api, "/api/v1/exchange-rates", new { items = new[] { new { currency = "USD", rate = 1400m }, new { currency = "EUR", rate = 1480m } } });
        await second.ExpectAsync(HttpStatusCode.OK);
        var after = await second.JsonAsync();
        Assert.Equal(["EUR", "USD"], after["items"]!.AsArray().Select(i => i!["currency"]!.GetValue<string>()));
        Assert.Equal(usdVersion, Item(after, "USD")!["version"]!.GetValue<long>());
        Assert.Equal(1480m, Item(after, "EUR")!["rate"]!.GetValue<decimal>());

        await using var db = App.OpenDb();
        var jpy = await db.AuditEntries.Where(e => e.EntityType == "exchangeRate" && e.Changes.Contains("JPY")).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditAction.Created, AuditAction.Deleted], jpy.TakeLast(2).Select(e => e.Action));
        Assert.All(jpy, e => Assert.Equal(admin.Id, e.UserId));
        var eurId = await db.ExchangeRates.Where(r => r.Currency == "EUR").Select(r => r.Id).SingleAsync();
        var eurChange = await db.AuditEntries.Where(e => e.EntityType == "exchangeRate" && e.EntityId == eurId).OrderByDescending(e => e.Id).FirstAsync();
        Assert.Equal(AuditAction.Updated, eurChange.Action);
        Assert.Contains("\"old\":\"1500", eurChange.Changes);
        Assert.Contains("\"new\":\"1480", eurChange.Changes);
    }

    [Fact]
    public async Task AdminPage_AddsChangesAndRemovesRates_WithErrorsBesideTheField()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var data = new ForecastData(App);
        await data.RemoveRateAsync(admin, "VND");
        using var browser = await App.SignInAsync(admin);

        var page = await browser.GetFormAsync("/admin/exchange-rates");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Reports convert amounts to KRW, the base currency.", page.Html);

        var refused = await browser.PostFormAsync("/admin/exchange-rates", page.Token, new Dictionary<string, string> { ["Form.Currency"] = "krw", ["Form.Rate"] = "0" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        AssertInvalid(html, "Form_Currency");
        AssertInvalid(html, "Form_Rate");
        Assert.Contains("KRW is the base currency; it has no rate of its own.", html);
        Assert.Contains("Enter a rate above 0 and at most 1,000,000,000.", html);

        var added = await browser.PostFormAsync("/admin/exchange-rates", page.Token, new Dictionary<string, string> { ["Form.Currency"] = "vnd", ["Form.Rate"] = "0.055" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var (_, list) = await browser.GetAsync("/admin/exchange-rates");
        Assert.Contains("Rate for VND added.", list);
        Assert.Contains("1 VND = 0.055 KRW", list);
        var vnd = await App.Client(admin).GetJsonAsync("/api/v1/exchange-rates/VND");
        Assert.Equal(0.055m, vnd["rate"]!.GetValue<decimal>());

        // Adding it again is refused: the list is where a rate changes.
        var twice = await browser.PostFormAsync("/admin/exchange-rates", page.Token, new Dictionary<string, string> { ["Form.Currency"] = "VND", ["Form.Rate"] = "1" });
        Assert.Contains("VND already has a rate; change it in the list.", WebUtility.HtmlDecode(await twice.Content.ReadAsStringAsync()));

        var badChange = await browser.PostFormAsync("/admin/exchange-rates?handler=change", page.Token, new Dictionary<string, string>
        {
            ["Change.Currency"] = "VND", ["Change.Version"] = "1", ["Change.Rate"] = "-1",
        });
        var badHtml = WebUtility.HtmlDecode(await badChange.Content.ReadAsStringAsync());
        AssertInvalid(badHtml, "rate-VND");
        Assert.Contains("id=\"rate-VND-error\">Enter a rate above 0 and at most 1,000,000,000.<", badHtml);

        var changed = await browser.PostFormAsync("/admin/exchange-rates?handler=change", page.Token, new Dictionary<string, string>
        {
            ["Change.Currency"] = "VND", ["Change.Version"] = "1", ["Change.Rate"] = "0.06",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(0.06m, (await App.Client(admin).GetJsonAsync("/api/v1/exchange-rates/VND"))["rate"]!.GetValue<decimal>());

        var stale = await browser.PostFormAsync("/admin/exchange-rates?handler=change", page.Token, new Dictionary<string, string>
        {
            ["Change.Currency"] = "VND", ["Change.Version"] = "1", ["Change.Rate"] = "0.07",
        });
        Assert.Contains("Someone else changed this record while you were editing.", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));
        Assert.Equal(0.06m, (await App.Client(admin).GetJsonAsync("/api/v1/exchange-rates/VND"))["rate"]!.GetValue<decimal>());

        var confirm = await browser.GetFormAsync("/admin/exchange-rates/VND/delete");
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Contains("Remove the rate for VND?", confirm.Html);
        var removed = await browser.PostFormAsync("/admin/exchange-rates/VND/delete", confirm.Token, new Dictionary<string, string> { ["version"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client(admin).GetAsync("/api/v1/exchange-rates/VND")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/admin/exchange-rates/VND/delete")).Status);
    }

    [Theory]
    [InlineData(Role.Manager)]
    [InlineData(Role.Rep)]
    [InlineData(Role.Viewer)]
    public async Task AdminPage_IsRefusedToOtherRoles(Role role)
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        await new ForecastData(App).SetRateAsync(admin, "CNY", 190m);
        using var browser = await App.SignInAsync(await App.CreateUserAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/exchange-rates")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/exchange-rates/CNY/delete")).Status);
        var token = (await browser.GetFormAsync("/account/password")).Token;
        var post = await browser.PostFormAsync("/admin/exchange-rates?handler=change", token, new Dictionary<string, string>
        {
            ["Change.Currency"] = "CNY", ["Change.Rate"] = "1",
        });
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(190m, (await App.Client(admin).GetJsonAsync("/api/v1/exchange-rates/CNY"))["rate"]!.GetValue<decimal>());
    }
}
