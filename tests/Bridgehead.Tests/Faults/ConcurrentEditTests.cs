using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Incidents;
using Bridgehead.Tests.Orders;
using Bridgehead.Tests.Quotes;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Faults;

/// <summary>
/// Two users who may both edit a record read the same ETag and PATCH it at the same moment with
/// If-Match: exactly one gets 200, the other 412, and the record holds the winner's value. Without
/// If-Match the edits do not lose one another silently either: whichever loads the record second
/// and saves first wins, and the other's save fails its version check (412); two that do not
/// overlap both succeed, the later one last (docs/reliability.md).
/// </summary>
public abstract class ConcurrentEditTests(Provider provider) : AppTests(provider)
{
    private const int Rounds = 4;

    /// <summary>A record of one kind, where it lives, and the field both users change.</summary>
    private sealed record Target(string Kind, string Path, string Field);

    [Fact]
    public async Task TwoEditsWithTheSameIfMatch_ExactlyOneWins_TheOtherIs412()
    {
        var (owner, admin, targets) = await SceneAsync();
        using var first = App.Client(owner);
        using var second = App.Client(admin);
        foreach (var target in targets)
        {
            for (var round = 0; round < Rounds; round++)
            {
                var etag = (await first.GetAsync(target.Path)).Headers.ETag?.Tag;
                Assert.False(string.IsNullOrEmpty(etag), $"{target.Kind}: GET sends no ETag");
                var (a, b) = ($"{target.Kind} by owner {round}", $"{target.Kind} by admin {round}");

                var answers = await Task.WhenAll(Patch(first, target, a, etag), Patch(second, target, b, etag));

                var statuses = answers.Select(r => r.StatusCode).Order().ToList();
                Assert.True(statuses.SequenceEqual([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed]),
                    $"{target.Kind}, round {round}: {string.Join(", ", statuses)}; {string.Join(" | ", await Task.WhenAll(answers.Select(r => r.Content.ReadAsStringAsync())))}");
                var lost = answers.Single(r => r.StatusCode == HttpStatusCode.PreconditionFailed);
                Assert.Equal("application/problem+json", lost.Content.Headers.ContentType?.MediaType);
                var winner = answers[0].StatusCode == HttpStatusCode.OK ? a : b;
                var stored = await first.GetJsonAsync(target.Path);
                Assert.Equal(winner, stored[target.Field]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task TwoEditsWithoutIfMatch_NeverLoseAnEditSilently()
    {
        var (owner, admin, targets) = await SceneAsync();
        using var first = App.Client(owner);
        using var second = App.Client(admin);
        foreach (var target in targets)
        {
            for (var round = 0; round < Rounds; round++)
            {
                var before = Version(await first.GetAsync(target.Path));
                var (a, b) = ($"{target.Kind} free owner {round}", $"{target.Kind} free admin {round}");

                var answers = await Task.WhenAll(Patch(first, target, a, null), Patch(second, target, b, null));

                var ok = answers.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
                Assert.True(answers.All(r => r.StatusCode is HttpStatusCode.OK or HttpStatusCode.PreconditionFailed) && ok.Count >= 1,
                    $"{target.Kind}, round {round}: {string.Join(", ", answers.Select(r => r.StatusCode))}");
                var stored = await first.GetAsync(target.Path);
                var value = (await stored.JsonAsync())[target.Field]!.GetValue<string>();
                // Every 200 is one new version: none was overwritten without its version moving.
                Assert.Equal(before + ok.Count, Version(stored));
                if (ok.Count == 1)
                {
                    Assert.Equal(ok[0] == answers[0] ? a : b, value);
                }
                else
                {
                    Assert.Contains(value, (string[])[a, b]);
                }
            }
        }
    }

    private static long Version(HttpResponseMessage response) => long.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> Patch(HttpClient client, Target target, string value, string? etag) =>
        client.PatchJsonAsync(target.Path, new JsonObject { [target.Field] = value }, etag);

    /// <summary>A rep's account, contact, pursuit, draft quote, draft order and incident; the admin may edit them all too.</summary>
    private async Task<(TestUser Owner, TestUser Admin, Target[] Targets)> SceneAsync()
    {
        var team = TestApp.NewTeam();
        var owner = await App.CreateUserAsync(Role.Rep, team);
        var admin = await App.CreateUserAsync(Role.Admin);
        using var client = App.Client(owner);
        var account = await client.NewAccountAsync();
        var contact = await client.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = Unique("Race contact") });
        var pursuit = await client.NewOpportunityAsync(account.Id());
        var quoteProduct = await App.NewQuoteProductAsync(1000m, 1500m);
        var quote = await client.NewQuoteAsync(pursuit.Id(), [QuoteSetup.Line(quoteProduct, 10)]);
        var orderProduct = await App.NewOrderProductAsync(10, 1000m);
        var order = await client.NewSpotAsync(account.Id(), OrderSetup.Line(orderProduct, 5, OrderSetup.Today.AddDays(30)));
        var incident = await client.OpenedAsync(account.Id());
        return (owner, admin,
        [
            new("account", $"/api/v1/accounts/{account.Id()}", "city"),
            new("contact", $"/api/v1/contacts/{contact.Id()}", "title"),
            new("pursuit", PathOf(pursuit), "title"),
            new("quote", QuoteSetup.QuotePath(quote.Id()), "customerNote"),
            new("order", OrderSetup.OrderPath(order.Id()), "notes"),
            new("incident", IncidentSetup.IncidentPath(incident.Id()), "title"),
        ]);
    }
}

public sealed class ConcurrentEditTests_Sqlite() : ConcurrentEditTests(Provider.Sqlite);

public sealed class ConcurrentEditTests_Postgres() : ConcurrentEditTests(Provider.Postgres);
