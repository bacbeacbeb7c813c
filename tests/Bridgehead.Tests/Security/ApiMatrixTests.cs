using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Bridgehead.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Bridgehead.Tests.Security.AccessRules;

namespace Bridgehead.Tests.Security;

/// <summary>
/// The API authorization matrix: every non-page endpoint of the running app has one entry in
/// <see cref="AccessRules.Table"/>, and every entry is called by every role, on a record of the
/// caller's own account and on a foreign one, expecting what the rule says. Allowed calls that
/// read must not show a foreign record the caller may not see; denied (and allowed) writes must
/// change nothing.
/// </summary>
public abstract partial class ApiMatrixTests(Provider provider) : AppTests(provider)
{
    private const int Degree = 8;

    [Fact]
    public void EveryEndpoint_HasExactlyOneEntry()
    {
        var endpoints = ApiEndpoints();
        var entries = Table.Select(e => e.Key).ToList();
        var missing = endpoints.Except(entries).Order().ToList();
        var stale = entries.Except(endpoints).Order().ToList();
        var twice = entries.GroupBy(e => e).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0 && twice.Count == 0,
            $"Endpoints without an entry in AccessRules.Table:\n  {string.Join("\n  ", missing)}\n" +
            $"Entries that match no endpoint:\n  {string.Join("\n  ", stale)}\nEntries listed twice:\n  {string.Join("\n  ", twice)}");
    }

    [Fact]
    public async Task EveryEntry_AnswersEachRoleAsItsRuleSays_AndDeniedWritesChangeNothing()
    {
        var fixture = await AccessFixture.OfAsync(App);
        var clients = Enum.GetValues<Caller>().ToDictionary(c => c, c => c == Caller.Anonymous ? App.Client() : App.Client(fixture.Users[c]));
        var calls = Table.SelectMany(entry => CallsOf(entry, fixture)).ToList();
        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = Degree }, async (call, ct) =>
        {
            if (await CheckAsync(clients[call.Caller], call, fixture, ct) is { } failure)
            {
                failures.Add(failure);
            }
        });
        clock.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"{Provider}: {calls.Count} requests in {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.True(failures.IsEmpty, $"{failures.Count} of {calls.Count} calls answered otherwise than their rule:\n" + string.Join("\n", failures.Order()));
        await NothingWrittenAsync(fixture);
    }

    /// <summary>The strong check for writes: no caller of the matrix wrote an audit entry (denied writes are refused, allowed ones stale).</summary>
    private async Task NothingWrittenAsync(AccessFixture fixture)
    {
        var callers = fixture.Users.Values.Select(u => (long?)u.Id).ToList();
        // POST /users/{id}/reset-password has no If-Match: the admin's allowed call resets the subject user.
        var subject = long.Parse(fixture.Global["user"], System.Globalization.CultureInfo.InvariantCulture);
        await using var db = App.OpenDb();
        var written = await db.AuditEntries.AsNoTracking()
            .Where(a => a.At >= fixture.ReadyAt && (callers.Contains(a.UserId) || a.AccountId == fixture.Foreign["account"]))
            .Where(a => !(a.EntityType == "user" && a.EntityId == subject))
            .Select(a => $"{a.UserName} {a.Action} {a.EntityType} {a.EntityId}: {a.Changes}")
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.True(written.Count == 0, "The matrix changed records:\n" + string.Join("\n", written));
    }

    /// <summary>"METHOD /pattern" of every endpoint but pages and static files (route constraints left out).</summary>
    private List<string> ApiEndpoints() =>
        App.Web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null && !IsStaticFile(e.RoutePattern.RawText ?? ""))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => Key(m, e.RoutePattern.RawText ?? "")))
            .Distinct()
            .ToList();

    /// <summary>wwwroot's files (and their fallback) are routed without a leading slash; they are public by design.</summary>
    private static bool IsStaticFile(string pattern) => !pattern.StartsWith('/');

    /// <summary>The calls of an entry: anonymous once; each role on the own record, and on the foreign one where the route names a record of an account.</summary>
    private static IEnumerable<Call> CallsOf(Entry entry, AccessFixture fixture)
    {
        var scoped = Parameters(entry.Pattern).Any(p => fixture.Own.ContainsKey(KindOf(entry.Pattern, p)));
        yield return new Call(entry, Caller.Anonymous, Scope.Own, entry.Rule.Public ? Outcome.Allowed : Outcome.Unauthorized);
        foreach (var caller in Enum.GetValues<Caller>().Where(c => c != Caller.Anonymous))
        {
            yield return new Call(entry, caller, Scope.Own, entry.Rule.Expect(caller, Scope.Own));
            if (scoped)
            {
                yield return new Call(entry, caller, Scope.Foreign, entry.Rule.Expect(caller, Scope.Foreign));
            }
        }
    }

    private static async Task<string?> CheckAsync(HttpClient client, Call call, AccessFixture fixture, CancellationToken ct)
    {
        var path = PathOf(call.Entry, call.Scope, fixture);
        using var request = new HttpRequestMessage(new HttpMethod(call.Entry.Method), path);
        if (call.Entry.Method != "GET")
        {
            // Stale on purpose: an allowed write reaches the record and is refused (412), or is
            // refused for the empty body; either way it writes nothing.
            request.Headers.TryAddWithoutValidation("If-Match", "\"999999\"");
            request.Content = JsonContent.Create(new { });
        }
        using var response = await client.SendAsync(request, ct);
        var status = (int)response.StatusCode;
        var said = $"{call.Caller,-9} {call.Scope,-7} {call.Entry.Key} ({path}): {status}";
        var expected = call.Expected switch
        {
            Outcome.Unauthorized => status == 401 ? null : "401",
            Outcome.Forbidden => status == 403 ? null : "403",
            Outcome.NotFound => status == 404 ? null : "404",
            Outcome.Denied => status is 403 or 404 ? null : "403 or 404",
            Outcome.Allowed => call.Entry.Allows(status) ? null : call.Entry.AllowedText,
            _ => throw new InvalidOperationException(call.Expected.ToString()),
        };
        if (expected is not null)
        {
            return $"{said}, expected {expected}: {Shorten(await response.Content.ReadAsStringAsync(ct))}";
        }
        if (call.Expected != Outcome.Allowed || status != 200 || call.Entry.Method != "GET")
        {
            return null;
        }
        var body = await BodyTextAsync(response, ct);
        var leaked = MustNotSee(call.Caller).Except(call.Entry.Shows ?? []).Select(fixture.MarkerOf).Where(body.Contains).ToList();
        return leaked.Count == 0 ? null : $"{said}, but the body shows foreign {string.Join(", ", leaked)}";
    }

    /// <summary>What of account B a caller may not read (admin and viewer read everything).</summary>
    private static MarkerKind[] MustNotSee(Caller caller) => caller switch
    {
        Caller.RepA or Caller.ManagerA => Enum.GetValues<MarkerKind>(),
        Caller.Quality => [MarkerKind.Sales, MarkerKind.Request],
        Caller.Product => [MarkerKind.Pursuit, MarkerKind.Sales, MarkerKind.Operations],
        Caller.Admin or Caller.Viewer or Caller.Anonymous => [],
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    /// <summary>The body as text; an XLSX download is its XML parts.</summary>
    private static async Task<string> BodyTextAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            using var zip = new ZipArchive(new MemoryStream(bytes));
            var text = new StringBuilder();
            foreach (var part in zip.Entries)
            {
                using var reader = new StreamReader(part.Open());
                text.Append(await reader.ReadToEndAsync(ct));
            }
            return text.ToString();
        }
        return Encoding.UTF8.GetString(bytes);
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "..." : body;

    /// <summary>The route with its parameters filled from the fixture, and the entry's query.</summary>
    private static string PathOf(Entry entry, Scope scope, AccessFixture fixture)
    {
        var records = scope == Scope.Own ? fixture.Own : fixture.Foreign;
        var path = ParameterPattern().Replace(entry.Pattern, m =>
        {
            var kind = KindOf(entry.Pattern, m.Groups[1].Value);
            return records.TryGetValue(kind, out var id) ? id.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : fixture.Global.TryGetValue(kind, out var value) ? value
                : throw new InvalidOperationException($"No record of kind '{kind}' for {entry.Key}.");
        });
        var query = entry.Query ?? (entry.Method == "GET" && !entry.Pattern.EndsWith('}') ? $"limit=200&q={fixture.Marker}" : null);
        return query is null ? path : path + "?" + query.Replace("{marker}", fixture.Marker, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Parameters(string pattern) => ParameterPattern().Matches(pattern).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex ParameterPattern();

    /// <summary>The kind of record a route parameter names: by its name, or for "id" by the collection before it.</summary>
    private static string KindOf(string pattern, string parameter)
    {
        if (parameter != "id")
        {
            return parameter switch
            {
                "accountId" => "account",
                "opportunityId" => "opportunity",
                "referenceId" => "reference",
                "needsReferenceId" => "needsReference",
                "entity" => pattern.Contains("/exports/", StringComparison.Ordinal) ? "unknownEntity" : "entity",
                _ => parameter.EndsWith("Id", StringComparison.Ordinal) ? parameter[..^2] : parameter,
            };
        }
        var before = pattern[..pattern.IndexOf("{id}", StringComparison.Ordinal)].TrimEnd('/');
        return before[(before.LastIndexOf('/') + 1)..] switch
        {
            "accounts" => "account",
            "contacts" => "contact",
            "opportunities" => "opportunity",
            "quotes" => "quote",
            "contracts" => "contract",
            "orders" => "order",
            "deliveries" => "delivery",
            "incidents" => "incident",
            "activities" => "activity",
            "tasks" => "task",
            "product-requests" => "request",
            "references" => "reference",
            "competitor-moves" => "move",
            "imports" => "import",
            "import-mappings" => "mapping",
            "merges" => "merge",
            "notifications" => "notification",
            "webhooks" => "webhook",
            "products" => "product",
            "pipelines" => "pipeline",
            "applications" => "application",
            "holidays" => "holiday",
            "users" => "user",
            "competitors" => "competitor",
            var other => throw new InvalidOperationException($"No kind of record for '{other}/{{id}}' in {pattern}."),
        };
    }
}

public sealed class ApiMatrixTests_Sqlite() : ApiMatrixTests(Provider.Sqlite);

public sealed class ApiMatrixTests_Postgres() : ApiMatrixTests(Provider.Postgres);
