using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Security;

public sealed class SqlInjectionTests_Sqlite() : SqlInjectionTests(Provider.Sqlite);

public sealed class SqlInjectionTests_Postgres() : SqlInjectionTests(Provider.Postgres);

/// <summary>
/// Every query parameter of every list, search and report (names from the OpenAPI document) takes
/// SQL fragments, odd characters, very long text and unknown sort columns: never a 500, never more
/// rows for a rep than without them, and the tables are still there afterwards.
/// </summary>
public abstract class SqlInjectionTests(Provider provider) : AppTests(provider)
{
    private static readonly string[] Payloads =
    [
        "' OR 1=1 --",
        "1; DROP TABLE accounts",
        "name desc, (select 1)",
        "nosuchcolumn desc",
        "%' --",
        "%",
        "_",
        "\\",
        "\" OR \"\"=\"",
        "한국어 ' ; -- ü 🙂 \u202e",
        "a\u0000b",
        "-1",
        new string('x', 3000) + "'",
    ];

    [Fact]
    public async Task EveryQueryParameter_TakesInjectionPayloads_WithoutA500_MoreRows_OrHarm()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(rep);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var account = await api.CreateAsync("/api/v1/accounts", new { name = "Inject " + tag });
        var opportunity = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Inject deal " + tag });
        await api.CreateAsync("/api/v1/contacts", new { accountId = account.Id(), name = "Inject contact " + tag });
        // Someone else's account the rep must never see, however the filter is bent.
        await App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam())).CreateAsync("/api/v1/accounts", new { name = "Hidden " + tag });

        var document = await App.Client().GetJsonAsync("/openapi/v1.json");
        var reports = (await api.GetJsonAsync("/api/v1/reports"))["items"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        var targets = new List<(string Path, List<string> Parameters)>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item?["get"] is not { } get || !path.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                continue;
            }
            var query = (get["parameters"]?.AsArray() ?? []).Where(p => p?["in"]?.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>()).ToList();
            if (query.Count == 0)
            {
                continue;
            }
            foreach (var concrete in Fill(path, account.Id(), opportunity.Id(), reports))
            {
                targets.Add((concrete, query));
            }
        }
        Assert.True(targets.Count > 40, $"Only {targets.Count} lists found in the OpenAPI document.");

        var failures = new ConcurrentBag<string>();
        var requests = 0;
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (target, ct) =>
        {
            var baseline = await api.GetAsync(target.Path, ct);
            var baselineRows = baseline.StatusCode == HttpStatusCode.OK ? Rows(await baseline.Content.ReadAsStringAsync(ct)) : null;
            foreach (var parameter in target.Parameters)
            {
                foreach (var payload in Payloads)
                {
                    var url = $"{target.Path}?{parameter}={Uri.EscapeDataString(payload)}";
                    Interlocked.Increment(ref requests);
                    HttpResponseMessage response;
                    string body;
                    try
                    {
                        response = await api.GetAsync(url, ct);
                        body = await response.Content.ReadAsStringAsync(ct);
                        response.Dispose();
                    }
                    catch (HttpRequestException e)
                    {
                        failures.Add($"aborted {target.Path}?{parameter}={Short(payload)}: {e.Message}");
                        continue;
                    }
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{(int)response.StatusCode} {target.Path}?{parameter}={Short(payload)}: {Short(body)}");
                    }
                    else if (response.StatusCode == HttpStatusCode.OK && baselineRows is { } before && Rows(body) is { } after && after > before)
                    {
                        failures.Add($"more rows ({after} > {before}) {target.Path}?{parameter}={Short(payload)}");
                    }
                    if (body.Contains("Hidden " + tag, StringComparison.Ordinal))
                    {
                        failures.Add($"another rep's account shown by {target.Path}?{parameter}={Short(payload)}");
                    }
                }
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests} requests:\n" + string.Join("\n", failures.Order().Take(60)));
        await using var db = App.OpenDb();
        Assert.True(await db.Accounts.AnyAsync(a => a.Id == account.Id()));
        Assert.True(await db.Opportunities.AnyAsync(o => o.Id == opportunity.Id()));
        Assert.True(await db.Contacts.AnyAsync(c => c.AccountId == account.Id()));
        Assert.True(await db.Users.AnyAsync(u => u.Id == rep.Id));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserId == rep.Id));
    }

    /// <summary>The path with its parameters filled: the rep's account or opportunity, each report; none for paths whose parameter we cannot fill.</summary>
    private static IEnumerable<string> Fill(string path, long accountId, long opportunityId, IReadOnlyList<string> reports)
    {
        if (!path.Contains('{', StringComparison.Ordinal))
        {
            return [path];
        }
        if (path == "/api/v1/reports/{name}")
        {
            return reports.Select(r => $"/api/v1/reports/{r}");
        }
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{'))
            {
                continue;
            }
            var id = segments[i - 1] switch
            {
                "accounts" => accountId,
                "opportunities" => opportunityId,
                _ => (long?)null,
            };
            if (id is null || segments.Skip(i + 1).Any(s => s.StartsWith('{')))
            {
                return [];
            }
            segments[i] = id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return [string.Join('/', segments)];
    }

    /// <summary>How many rows an answer holds: its items, its report rows, or the array itself.</summary>
    private static int? Rows(string body)
    {
        try
        {
            return JsonNode.Parse(body) switch
            {
                JsonArray array => array.Count,
                JsonObject o when o["items"] is JsonArray items => items.Count,
                JsonObject o when o["rows"] is JsonArray rows => rows.Count,
                _ => null,
            };
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Short(string text) => text.Length > 160 ? text[..160] + "..." : text;
}
