using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Tests.Incidents;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using Bridgehead.Tests.Quotes;
using CsCheck;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Security;

/// <summary>
/// Property-based fuzzing of every operation of the OpenAPI document (so a new endpoint is fuzzed
/// without being named here), as an admin and as a rep, with bodies shaped by the request schema
/// but filled with hostile values, malformed bodies, odd query values and headers. For every
/// request: (a) never a 5xx, (b) never a partial write: an answer that is not 2xx leaves every
/// table as it was, (c) every error is problem+json with a title. The class runs on a server and
/// database of its own, so the database check sees only its own requests. A failure prints the
/// request CsCheck shrank it to and the seed that replays it (CsCheck_Seed).
/// </summary>
public abstract class ApiFuzzTests(Provider provider) : AppTests(provider)
{
    /// <summary>Random requests per operation and caller: about 270 operations x 2 callers x 2 per provider (new seeds every run).</summary>
    private const int CasesPerOperation = 2;

    private static readonly ConcurrentDictionary<Provider, Lazy<Task<TestApp>>> Servers = new();

    protected override async Task<(TestApp? App, string? SkipReason)> StartAppAsync()
    {
        if (Provider == Provider.Postgres && (await PostgresServer.InstanceAsync()).SkipReason is { } reason)
        {
            return (null, reason);
        }
        var app = await Servers.GetOrAdd(Provider, p => new Lazy<Task<TestApp>>(async () =>
        {
            var started = await TestApp.StartAsync(p);
            Cleanup.AtExit(() => started.DisposeAsync().AsTask().GetAwaiter().GetResult());
            return started;
        })).Value;
        return (app, null);
    }

    [Fact]
    public Task As_an_admin_no_request_gets_a_server_error_a_partial_write_or_an_error_without_problem_details() => FuzzAsync(Role.Admin);

    [Fact]
    public Task As_a_rep_no_request_gets_a_server_error_a_partial_write_or_an_error_without_problem_details() => FuzzAsync(Role.Rep);

    private async Task FuzzAsync(Role role)
    {
        var world = await FuzzWorld.CreateAsync(App);
        var caller = role == Role.Rep ? world.Rep : await App.CreateUserAsync(role);
        using var client = App.Client(caller);
        using var anonymous = App.Client();
        var document = await anonymous.GetJsonAsync("/openapi/v1.json");
        var operations = ApiOperation.Read(document)
            .Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal))
            // Reads first, deletes last: the fixture should live as long as possible.
            .OrderBy(o => Array.IndexOf(["GET", "POST", "PUT", "PATCH", "DELETE"], o.Method)).ThenBy(o => o.Path, StringComparer.Ordinal)
            .ToList();
        Assert.True(operations.Count > 100, $"The OpenAPI document lists only {operations.Count} API operations.");
        await world.LearnIdsAsync(operations);
        await world.ResolvePathsAsync(operations);
        var requests = new FuzzRequests(document, world.PathValue, world.KnownId);

        var snapshot = new DbSnapshot(App);
        var last = await snapshot.TakeAsync();
        var failures = new List<string>();
        foreach (var operation in operations)
        {
            try
            {
                await requests.For(operation).SampleAsync(async request =>
                {
                    using var message = request.ToMessage();
                    using var response = await client.SendAsync(message);
                    var status = (int)response.StatusCode;
                    var body = await response.Content.ReadAsStringAsync();
                    var before = last;
                    last = await snapshot.TakeAsync();
                    if (status >= 500)
                    {
                        throw new InvalidOperationException($"{status} for {request.Operation}: {Cut(body)}");
                    }
                    // Kestrel itself refuses a request line or headers over its limits, before the application runs.
                    if (status >= 400 && status is not (414 or 431))
                    {
                        ProblemDetailsProperty(response, body);
                    }
                    if (status is < 200 or >= 300 && DbSnapshot.Changes(before, last) is { Length: > 0 } changed)
                    {
                        throw new InvalidOperationException($"{status} for {request.Operation}, yet the database changed: {changed}. Answer: {Cut(body)}");
                    }
                }, iter: CasesPerOperation, threads: 1, print: r => r.ToString());
            }
            catch (Exception e) when (e is CsCheckException or InvalidOperationException)
            {
                failures.Add($"{operation}: {e.InnerException?.Message}\n  {e.Message}");
                last = await snapshot.TakeAsync();
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {operations.Count} operations failed as {role}:\n\n" + string.Join("\n\n", failures));
    }

    /// <summary>(c) An error answer is RFC 9457 problem details with a title.</summary>
    private static void ProblemDetailsProperty(HttpResponseMessage response, string body)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type != "application/problem+json")
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} answered as {type ?? "(no content type)"}, not application/problem+json: {Cut(body)}");
        }
        var title = JsonNode.Parse(body)?["title"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} problem without a title: {Cut(body)}");
        }
    }

    private static string Cut(string s) => s.Length <= 800 ? s : s[..800] + "...";
}

public sealed class ApiFuzzTests_Sqlite() : ApiFuzzTests(Provider.Sqlite);

public sealed class ApiFuzzTests_Postgres() : ApiFuzzTests(Provider.Postgres);

/// <summary>
/// The records the fuzzer's path ids point at: a rep's account, contact, pursuit with a quote, an
/// order and an incident, plus the first record of every other list the API has.
/// </summary>
internal sealed class FuzzWorld(TestApp app, TestUser rep, Dictionary<string, long> ids)
{
    private readonly Dictionary<(ApiOperation, string), string> _paths = [];

    private readonly Dictionary<string, long> _lists = [];

    public TestUser Rep { get; } = rep;

    public static async Task<FuzzWorld> CreateAsync(TestApp app)
    {
        var scene = await app.SceneAsync();
        using var client = app.Client(scene.Rep);
        var contact = await client.AddContactAsync(scene.AccountId);
        var opportunity = await client.NewOpportunityAsync(scene.AccountId);
        var activity = await client.LogActivityAsync(scene.AccountId, opportunity.Id());
        var product = await app.NewQuoteProductAsync(1000m, 1500m);
        var quote = await client.NewQuoteAsync(opportunity.Id(), [QuoteSetup.Line(product, 10)], [QuoteSetup.Value()]);
        using var quality = app.Client(await app.CreateUserAsync(Role.Quality));
        var incident = await quality.OpenedAsync(scene.AccountId, scene.OrderId, scene.ProductId);
        // Someone for the /users/{id} operations: never the caller, whose token the fuzzer needs.
        var bystander = await app.CreateUserAsync(Role.Rep, scene.Team);
        return new FuzzWorld(app, scene.Rep, new Dictionary<string, long>
        {
            ["accounts"] = scene.AccountId,
            ["contacts"] = contact.Id(),
            ["opportunities"] = opportunity.Id(),
            ["activities"] = activity.Id(),
            ["products"] = product,
            ["quotes"] = quote.Id(),
            ["orders"] = scene.OrderId,
            ["lines"] = scene.OrderLineId,
            ["incidents"] = incident.Id(),
            ["users"] = bystander.Id,
            ["owners"] = scene.Rep.Id,
            ["teams"] = scene.Rep.TeamId!.Value,
        });
    }

    /// <summary>The first record of every list without path parameters (e.g. /api/v1/pipelines) names the id of that resource.</summary>
    public async Task LearnIdsAsync(IEnumerable<ApiOperation> operations)
    {
        using var admin = app.Client(await app.CreateUserAsync(Role.Admin));
        foreach (var operation in operations.Where(o => o.Method == "GET" && !o.Path.Contains('{', StringComparison.Ordinal)))
        {
            var resource = operation.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Last();
            if (!ids.ContainsKey(resource) && await FirstIdAsync(admin, operation.Path) is { } id)
            {
                ids[resource] = id;
            }
        }
    }

    /// <summary>Finds, once, the fixture value of every path parameter of the operations.</summary>
    public async Task ResolvePathsAsync(IEnumerable<ApiOperation> operations)
    {
        using var admin = app.Client(await app.CreateUserAsync(Role.Admin));
        foreach (var operation in operations)
        {
            foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
            {
                _paths[(operation, parameter.Name)] = await PathValueAsync(admin, operation, parameter);
            }
        }
    }

    public string PathValue(ApiOperation operation, ApiParameter parameter) => _paths[(operation, parameter.Name)];

    /// <summary>{id} by the resource before it, {accountId} etc. by the fixture, {termId} etc. by the first record of the list above it.</summary>
    private async Task<string> PathValueAsync(HttpClient admin, ApiOperation operation, ApiParameter parameter)
    {
        var segments = operation.Path.Split('/');
        var at = Array.IndexOf(segments, "{" + parameter.Name + "}");
        var resource = at > 0 ? segments[at - 1] : "";
        var schemaType = parameter.Schema?["type"]?.ToJsonString() ?? "";
        if (!schemaType.Contains("integer", StringComparison.Ordinal))
        {
            return parameter.Name switch
            {
                "currency" => "USD",
                "tier" => "strategic",
                "step" => "d4",
                "entity" => "accounts",
                "name" => "funnel",
                _ => "x",
            };
        }
        if (parameter.Name == "id" && ids.TryGetValue(resource, out var id))
        {
            return id.ToString(CultureInfo.InvariantCulture);
        }
        if (parameter.Name != "id" && KnownId(parameter.Name) is { } known)
        {
            return known.ToString(CultureInfo.InvariantCulture);
        }
        // The list the sub-record belongs to, with the ids before it filled in.
        var parent = string.Join('/', segments[..at]);
        foreach (var p in operation.Parameters.Where(p => p.In == "path" && p.Name != parameter.Name && parent.Contains("{" + p.Name + "}", StringComparison.Ordinal)))
        {
            parent = parent.Replace("{" + p.Name + "}", await PathValueAsync(admin, operation, p), StringComparison.Ordinal);
        }
        if (!_lists.TryGetValue(parent, out var first))
        {
            first = _lists[parent] = await FirstIdAsync(admin, parent) ?? 1;
        }
        return first.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The fixture record a field or query parameter named like accountId, ownerId, opportunityIds refers to.</summary>
    public long? KnownId(string name)
    {
        if (!name.EndsWith("Id", StringComparison.Ordinal) && !name.EndsWith("Ids", StringComparison.Ordinal))
        {
            return null;
        }
        var stem = name[..name.LastIndexOf("Id", StringComparison.Ordinal)];
        var plural = stem switch
        {
            "owner" or "user" or "assignee" or "member" => "owners",
            "opportunity" => "opportunities",
            "activity" => "activities",
            "orderLine" or "line" => "lines",
            _ => stem + "s",
        };
        return ids.TryGetValue(plural, out var id) ? id : null;
    }

    private static async Task<long?> FirstIdAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return null;
        }
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        var first = json is JsonArray array ? array.FirstOrDefault() : json?["items"]?.AsArray().FirstOrDefault();
        return first?["id"] is JsonValue value && value.TryGetValue<long>(out var id) ? id : null;
    }
}

/// <summary>
/// A cheap fingerprint of the whole database: per table its row count and, for records with a
/// version (every edit raises it), the sum of versions. Two equal fingerprints mean no row was
/// added, removed or edited. The idempotency records are left out: a refused POST with an
/// Idempotency-Key stores its answer on purpose, to replay it.
/// </summary>
internal sealed class DbSnapshot(TestApp app)
{
    private string? _query;

    public async Task<Dictionary<string, (long Rows, long Versions)>> TakeAsync()
    {
        await using var db = app.OpenDb();
        _query ??= Query(db);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = _query;
        var result = new Dictionary<string, (long, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = (Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture));
        }
        return result;
    }

    public static string Changes(Dictionary<string, (long Rows, long Versions)> before, Dictionary<string, (long Rows, long Versions)> after) =>
        string.Join("; ", after.Where(t => before[t.Key] != t.Value)
            .Select(t => $"{t.Key}: rows {before[t.Key].Rows} -> {t.Value.Rows}, versions {before[t.Key].Versions} -> {t.Value.Versions}"));

    private static string Query(BridgeheadDb db)
    {
        var parts = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.BaseType is null && e.ClrType != typeof(IdempotencyRecord)))
        {
            var table = entity.GetTableName()!;
            if (parts.Any(p => p.Contains($"FROM \"{table}\"", StringComparison.Ordinal)))
            {
                continue;
            }
            var version = entity.FindProperty("Version")?.GetColumnName();
            var versions = version is null ? "0" : $"COALESCE(SUM(\"{version}\"), 0)";
            parts.Add($"SELECT '{table}', COUNT(*), {versions} FROM \"{table}\"");
        }
        return string.Join("\nUNION ALL ", parts);
    }
}
