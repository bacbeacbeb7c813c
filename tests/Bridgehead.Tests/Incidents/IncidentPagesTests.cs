using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Incidents.IncidentSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Incidents;

public sealed class IncidentPagesTests_Sqlite() : IncidentPagesTests(Provider.Sqlite);

public sealed class IncidentPagesTests_Postgres() : IncidentPagesTests(Provider.Postgres);

/// <summary>The incident pages and panels: who sees which forms, the steps through the forms, and never an order price.</summary>
public abstract class IncidentPagesTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Quality_WorksTheBoard_WithoutAnyPrice()
    {
        var scene = await App.SceneAsync();
        var quality = await App.CreateUserAsync(Role.Quality);
        using var api = App.Client(quality);
        var incident = await api.OpenedAsync(scene.AccountId, scene.OrderId, scene.ProductId, title: "Porosity in castings");
        using var browser = await App.SignInAsync(quality);

        var list = await browser.GetAsync("/incidents");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("Porosity in castings", list.Html, StringComparison.Ordinal);

        var page = await browser.GetFormAsync($"/incidents/{incident.Id()}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("8D board", page.Html, StringComparison.Ordinal);
        Assert.Contains("D3 Containment", page.Html, StringComparison.Ordinal);
        Assert.Contains("handler=contain", page.Html, StringComparison.Ordinal);
        Assert.Contains("handler=step", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("1234.5", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("1,234.5", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("1234,5", page.Html, StringComparison.Ordinal);

        var contained = await browser.PostFormAsync($"/incidents/{incident.Id()}?handler=contain", page.Token,
            new Dictionary<string, string> { ["revision"] = incident["version"]!.ToString(), ["containmentNow"] = "Stock quarantined" });
        Assert.Equal(HttpStatusCode.Redirect, contained.StatusCode);
        Assert.Equal("contained", (await api.GetJsonAsync(IncidentPath(incident.Id()))).Str("status"));

        var after = await browser.GetFormAsync($"/incidents/{incident.Id()}");
        var refused = await browser.PostFormAsync($"/incidents/{incident.Id()}?handler=close", after.Token,
            new Dictionary<string, string> { ["revision"] = (await api.GetJsonAsync(IncidentPath(incident.Id())))["version"]!.ToString() });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("not verified", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var step = await browser.PostFormAsync($"/incidents/{incident.Id()}?handler=step", after.Token, new Dictionary<string, string>
        {
            ["step"] = "D1", ["stepVersion"] = incident["steps"]![1]!["version"]!.ToString(), ["stepOwnerId"] = quality.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["dueOn"] = "2030-02-01", ["note"] = "Team: quality, plant, sales",
        });
        Assert.Equal(HttpStatusCode.Redirect, step.StatusCode);
        Assert.Equal("Team: quality, plant, sales", (await api.GetJsonAsync(IncidentPath(incident.Id())))["steps"]![1]!.Str("note"));

        var home = await browser.GetAsync("/");
        Assert.Contains("home-incidents", home.Html, StringComparison.Ordinal);
        // The panel lists the first few open incidents by containment due; on the shared server other
        // tests' incidents may come first, so the list page filtered to this account shows ours.
        Assert.Contains("href=\"/incidents?overdue=true\"", home.Html, StringComparison.Ordinal);
        var listed = await browser.GetAsync($"/incidents?accountId={incident["account"]!.Id()}");
        Assert.Contains("Porosity in castings", listed.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rep_OpensFromTheOrder_AndSeesOnlyTheClaimForm_ViewerReadsOnly_ProductIsRefused()
    {
        var scene = await App.SceneAsync();
        using var browser = await App.SignInAsync(scene.Rep);

        var order = await browser.GetAsync($"/orders/{scene.OrderId}");
        Assert.Contains($"/incidents/new?accountId={scene.AccountId}&amp;orderId={scene.OrderId}", order.Html, StringComparison.Ordinal);

        var form = await browser.GetFormAsync($"/incidents/new?accountId={scene.AccountId}&orderId={scene.OrderId}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var posted = await browser.PostFormAsync($"/incidents/new?accountId={scene.AccountId}&orderId={scene.OrderId}", form.Token, new Dictionary<string, string>
        {
            ["accountId"] = scene.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["orderId"] = scene.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["productId"] = scene.ProductId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["title"] = "Customer reports rust", ["severity"] = "Minor", ["defectQuantity"] = "3",
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        Assert.StartsWith("/incidents/", location, StringComparison.Ordinal);
        var id = long.Parse(location["/incidents/".Length..], System.Globalization.CultureInfo.InvariantCulture);

        var empty = await browser.PostFormAsync("/incidents/new", form.Token, new Dictionary<string, string> { ["accountId"] = scene.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);

        var detail = await browser.GetFormAsync($"/incidents/{id}");
        Assert.Contains("handler=claim", detail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=contain", detail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=investigation", detail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("1234.5", detail.Html, StringComparison.Ordinal);

        var account = await browser.GetAsync($"/accounts/{scene.AccountId}");
        Assert.Contains("account-incidents", account.Html, StringComparison.Ordinal);
        Assert.Contains("Customer reports rust", account.Html, StringComparison.Ordinal);
        var product = await browser.GetAsync($"/products/{scene.ProductId}");
        Assert.Contains("product-incidents", product.Html, StringComparison.Ordinal);

        var viewer = await App.CreateUserAsync(Role.Viewer);
        using var viewing = await App.SignInAsync(viewer);
        var read = await viewing.GetFormAsync($"/incidents/{id}");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        foreach (var handler in new[] { "claim", "investigation", "step", "contain", "verify", "close", "escalate", "reopen" })
        {
            Assert.DoesNotContain($"?handler={handler}\"", read.Html, StringComparison.Ordinal);
        }
        Assert.Contains("?handler=history", read.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("1234.5", read.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewing.GetAsync("/incidents/new")).Status);

        var other = await App.SceneAsync();
        using var stranger = await App.SignInAsync(other.Rep);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/incidents/{id}")).Status);

        var productUser = await App.CreateUserAsync(Role.Product);
        using var prod = await App.SignInAsync(productUser);
        Assert.Equal(HttpStatusCode.Forbidden, (await prod.GetAsync("/incidents")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await prod.GetAsync($"/incidents/{id}")).Status);
    }

    [Fact]
    public async Task Forms_WithValuesThatDoNotParse_AreRefused_NotSavedAsEmpty()
    {
        var scene = await App.SceneAsync();
        var quality = await App.CreateUserAsync(Role.Quality);
        using var api = App.Client(quality);
        var opened = await api.OpenedAsync(scene.AccountId, title: "Burrs on edges");
        var id = opened.Id();
        var patched = await api.PatchJsonAsync(IncidentPath(id), new { cost = 5000m, currency = "KRW", claimStatus = "claimed", claimAmount = 700m }, ETagOf(opened));
        await patched.ExpectAsync(HttpStatusCode.OK);
        var incident = await patched.JsonAsync();
        using var browser = await App.SignInAsync(quality);
        var page = await browser.GetFormAsync($"/incidents/{id}");

        // A cost the form cannot read must not wipe the cost on file.
        var claim = await browser.PostFormAsync($"/incidents/{id}?handler=claim", page.Token, new Dictionary<string, string>
        {
            ["revision"] = incident["version"]!.ToString(), ["title"] = "Burrs on edges", ["currency"] = "KRW", ["cost"] = "five thousand",
            ["claimStatus"] = "claimed", ["claimAmount"] = "1e30",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, claim.StatusCode);
        var after = await api.GetJsonAsync(IncidentPath(id));
        Assert.Equal(5000m, after["cost"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(700m, after["claimAmount"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(incident["version"]!.GetValue<long>(), after["version"]!.GetValue<long>());

        // A due date that is no date must not clear the one set, and an unknown step must not change D0.
        var d3 = after["steps"]![3]!;
        var badDate = await browser.PostFormAsync($"/incidents/{id}?handler=step", page.Token, new Dictionary<string, string>
        {
            ["step"] = "D3", ["stepVersion"] = d3["version"]!.ToString(), ["dueOn"] = "2030-02-31", ["note"] = "x",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badDate.StatusCode);
        Assert.Contains("2030-02-31", await badDate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var badStep = await browser.PostFormAsync($"/incidents/{id}?handler=step", page.Token, new Dictionary<string, string>
        {
            ["step"] = "D42", ["stepVersion"] = after["steps"]![0]!["version"]!.ToString(), ["note"] = "meant for another step",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badStep.StatusCode);
        var steps = (await api.GetJsonAsync(IncidentPath(id)))["steps"]!;
        Assert.Equal(d3.Str("dueOn"), steps[3]!.Str("dueOn"));
        Assert.Null(steps[3]!["note"]);
        Assert.Null(steps[0]!["note"]);

        // Opening with a defect quantity the form cannot read is refused, not opened with none.
        var form = await browser.GetFormAsync($"/incidents/new?accountId={scene.AccountId}");
        var before = (await api.GetJsonAsync($"{Base}?accountId={scene.AccountId}"))["items"]!.AsArray().Count;
        var refused = await browser.PostFormAsync($"/incidents/new?accountId={scene.AccountId}", form.Token, new Dictionary<string, string>
        {
            ["accountId"] = scene.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["title"] = "Scratches", ["severity"] = "Minor",
            ["defectQuantity"] = "12 boxes",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("12 boxes", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, (await api.GetJsonAsync($"{Base}?accountId={scene.AccountId}"))["items"]!.AsArray().Count);
    }
}
