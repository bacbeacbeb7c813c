using System.Net.Http.Json;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Security;

/// <summary>
/// Side paths that take several ids at once: rep A names own records together with account B's.
/// The foreign ids must be refused (404 or 422) and nothing of account B may change or show.
/// </summary>
public abstract class MixedIdsTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task OwnAndForeignIdsTogether_NeverReachTheForeignRecords()
    {
        var fixture = await AccessFixture.OfAsync(App);
        var (own, foreign) = (fixture.Own, fixture.Foreign);
        using var rep = App.Client(fixture.Users[Caller.RepA]);
        var account = await rep.GetAsync($"/api/v1/accounts/{own["account"]}");
        var contact = await rep.GetAsync($"/api/v1/contacts/{own["contact"]}");

        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["product request for both accounts"] = await rep.PostJsonAsync("/api/v1/product-requests",
                new { title = "Mixed request", accountIds = new[] { own["account"], foreign["account"] } }),
            ["product request for both pursuits"] = await rep.PostJsonAsync("/api/v1/product-requests",
                new { title = "Mixed request", opportunityIds = new[] { own["opportunity"], foreign["opportunity"] } }),
            ["merging account B into A"] = await SendAsync(rep, $"/api/v1/accounts/{own["account"]}/merge", new { mergedId = foreign["account"] }, account.Headers.ETag!.Tag),
            ["merging B's contact into A's"] = await SendAsync(rep, $"/api/v1/contacts/{own["contact"]}/merge", new { mergedId = foreign["contact"] }, contact.Headers.ETag!.Tag),
            ["B's contact in A's buying center"] = await rep.PostJsonAsync($"/api/v1/opportunities/{own["opportunity"]}/buying-center", new { contactId = foreign["contact"] }),
            ["an activity at A naming B's contact"] = await rep.PostJsonAsync("/api/v1/activities",
                new { accountId = own["account"], contactId = foreign["contact"], kind = "call", subject = "Mixed" }),
            ["a task at A naming B's pursuit"] = await rep.PostJsonAsync("/api/v1/tasks",
                new { accountId = own["account"], opportunityId = foreign["opportunity"], title = "Mixed", dueOn = "2030-01-01" }),
            ["linking B's pursuit to A's request"] = await SendAsync(rep, $"/api/v1/product-requests/{own["request"]}/links", new { opportunityId = foreign["opportunity"] }, null),
            ["comparing A's quote with B's"] = await rep.GetAsync($"/api/v1/quotes/compare?a={own["quote"]}&b={foreign["quote"]}"),
        };

        var wrong = new List<string>();
        foreach (var (what, response) in answers)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if ((int)response.StatusCode is not (404 or 422) || body.Contains(fixture.Marker, StringComparison.Ordinal))
            {
                wrong.Add($"{what}: {(int)response.StatusCode} {body}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        await using var db = App.OpenDb();
        var touched = await db.AuditEntries.AsNoTracking()
            .Where(a => a.At >= fixture.ReadyAt && a.AccountId == foreign["account"])
            .Select(a => $"{a.UserName} {a.Action} {a.EntityType} {a.EntityId}")
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Empty(touched);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }
}

public sealed class MixedIdsTests_Sqlite() : MixedIdsTests(Provider.Sqlite);

public sealed class MixedIdsTests_Postgres() : MixedIdsTests(Provider.Postgres);
