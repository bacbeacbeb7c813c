using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bridgehead.Tests.Activities;
using Bridgehead.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Tests.Queries;

public sealed class QueryCountTests_Sqlite() : QueryCountTests(Provider.Sqlite);

public sealed class QueryCountTests_Postgres() : QueryCountTests(Provider.Postgres);

/// <summary>
/// No N+1: every list of the API (first and next page), every download, every report (JSON, CSV
/// and page), every list page, the board and its column's next page, search and the role homes
/// ask the database as often with 15 deals as with 3. One server of its own per provider (the
/// admin lists see the whole database), one world, measured twice: each test checks its part.
/// </summary>
public abstract partial class QueryCountTests(Provider provider) : IAsyncLifetime
{
    private const int Few = 3;
    private const int Many = 15;

    private static readonly ConcurrentDictionary<Provider, Lazy<Task<Measured>>> Runs = new();

    private Measured? _measured;

    /// <summary>One probe's commands and rows, with few deals and with many.</summary>
    public sealed record Count(string Label, Probe Probe, int FewCommands, int ManyCommands, int FewRows, int ManyRows, IReadOnlyList<string> ManySql, string? Error);

    public sealed record Measured(QueryWorld World, IReadOnlyList<Count> Counts, IReadOnlyList<string> Routes);

    public async ValueTask InitializeAsync()
    {
        if (provider == Provider.Postgres && (await PostgresServer.InstanceAsync()).SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
        _measured = await Runs.GetOrAdd(provider, p => new Lazy<Task<Measured>>(() => MeasureAsync(p))).Value;
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private static async Task<Measured> MeasureAsync(Provider provider)
    {
        // The report cache off: each report run here must compute (with it, a repeated run would
        // cost only the version query; ReportCacheTests count that).
        var app = await TestApp.StartAsync(provider, new Dictionary<string, string?> { [Bridgehead.Reports.ReportCache.MinutesSetting] = "0" });
        Cleanup.AtExit(() => app.DisposeAsync().AsTask().GetAwaiter().GetResult());
        var world = await QueryWorld.CreateAsync(app);
        await world.AddDealsAsync(Few);
        using var api = app.Client(world.Manager);
        var reports = (await api.GetJsonAsync("/api/v1/reports"))["items"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(reports);
        var probes = QueryCatalogue.ApiLists.Concat(QueryCatalogue.Files).Concat(QueryCatalogue.FixedReports)
            .Concat(reports.SelectMany(QueryCatalogue.Report)).Concat(QueryCatalogue.Pages).ToList();

        var users = new[] { world.Manager, world.Rep, world.Admin, world.Quality, world.Product, world.Viewer };
        var clients = users.ToDictionary(u => u.Id, u => app.Client(u));
        var browsers = new Dictionary<long, BrowserClient>();
        foreach (var user in users)
        {
            browsers[user.Id] = await app.SignInAsync(user);
        }
        var recorders = users.ToDictionary(u => u.Id, u => SqlCommands.For(app, u));
        try
        {
            // Once before counting: what the app loads once and keeps (pipelines, the calendar) is not per request.
            foreach (var probe in probes)
            {
                await TryAskAsync(probe, world, clients, browsers, recorders);
            }
            var few = new List<(int Commands, int Rows, IReadOnlyList<string> Sql, string? Error)>();
            foreach (var probe in probes)
            {
                few.Add(await TryAskAsync(probe, world, clients, browsers, recorders));
            }
            await world.AddDealsAsync(Many - Few);
            var counts = new List<Count>();
            for (var i = 0; i < probes.Count; i++)
            {
                var many = await TryAskAsync(probes[i], world, clients, browsers, recorders);
                counts.Add(new Count(probes[i].Label(world), probes[i], few[i].Commands, many.Commands, few[i].Rows, many.Rows, many.Sql, few[i].Error ?? many.Error));
            }
            var routes = app.Web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null
                    || e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
                .Select(e => Normalize(e.RoutePattern.RawText ?? "")).Distinct().Order(StringComparer.Ordinal).ToList();
            return new Measured(world, counts, routes);
        }
        finally
        {
            foreach (var recorder in recorders.Values)
            {
                recorder.Dispose();
            }
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
            foreach (var browser in browsers.Values)
            {
                browser.Dispose();
            }
        }
    }

    private static string Normalize(string raw) => "/" + raw.Trim('/');

    /// <summary>A probe that fails is reported with the others, not instead of them.</summary>
    private static async Task<(int Commands, int Rows, IReadOnlyList<string> Sql, string? Error)> TryAskAsync(Probe probe, QueryWorld world,
        Dictionary<long, HttpClient> clients, Dictionary<long, BrowserClient> browsers, Dictionary<long, SqlCommands> recorders)
    {
        try
        {
            var (commands, rows, sql) = await AskAsync(probe, world, clients, browsers, recorders);
            return (commands, rows, sql, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (0, 0, [], e.Message[..Math.Min(1000, e.Message.Length)]);
        }
    }

    /// <summary>Asks once (the next page too, for a list with a cursor) and returns the commands counted and the rows seen.</summary>
    private static async Task<(int Commands, int Rows, IReadOnlyList<string> Sql)> AskAsync(Probe probe, QueryWorld world, Dictionary<long, HttpClient> clients,
        Dictionary<long, BrowserClient> browsers, Dictionary<long, SqlCommands> recorders)
    {
        var user = probe.As(world);
        var sql = recorders[user.Id];
        var url = probe.Url(world);
        switch (probe.Kind)
        {
            case ProbeKind.List:
            {
                var client = clients[user.Id];
                sql.Clear();
                var first = await client.GetJsonAsync(url);
                var commands = sql.Commands;
                var rows = Items(first).Count;
                if (!probe.Paged)
                {
                    return (commands.Count, rows, commands);
                }
                // The next page: after the first row, the rest.
                var one = await client.GetJsonAsync(With(url, "limit=1"));
                var cursor = one["nextCursor"]?.GetValue<string>();
                Assert.True(cursor is not null || rows <= 1, $"{url}: no next page after one row of {rows}.");
                if (cursor is null)
                {
                    return (commands.Count, rows, commands);
                }
                sql.Clear();
                var next = await client.GetJsonAsync(With(url, "limit=100&cursor=" + Uri.EscapeDataString(cursor)));
                var nextCommands = sql.Commands;
                // Counted as first page + next page, rows as the next page's.
                return (commands.Count * 1000 + nextCommands.Count, Items(next).Count, [.. commands, "-- next page --", .. nextCommands]);
            }
            case ProbeKind.Report:
            case ProbeKind.File:
            {
                var client = clients[user.Id];
                sql.Clear();
                using var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                var commands = sql.Commands;
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
                return (commands.Count, body.Count(c => c == '\n'), commands);
            }
            case ProbeKind.Page:
            {
                var browser = browsers[user.Id];
                sql.Clear();
                var (status, html) = await browser.GetAsync(url);
                var commands = sql.Commands;
                Assert.True(status == HttpStatusCode.OK, $"{url}: {(int)status} {html[..Math.Min(500, html.Length)]}");
                return (commands.Count, Rows(html, world), commands);
            }
            case ProbeKind.Fragment:
            {
                var browser = browsers[user.Id];
                var (_, board) = await browser.GetAsync("/board");
                var more = MoreButton().Matches(board).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).FirstOrDefault(u => u.Contains("stage=needs", StringComparison.Ordinal));
                Assert.True(more is not null, "The board's needs column has no next page.");
                sql.Clear();
                var (status, html) = await browser.HxGetAsync(more);
                var commands = sql.Commands;
                Assert.Equal(HttpStatusCode.OK, status);
                return (commands.Count, Rows(html, world), commands);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(probe));
        }
    }

    private static string With(string url, string query) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;

    private static JsonArray Items(JsonNode node) => node is JsonArray array ? array : node["items"] as JsonArray ?? node["members"] as JsonArray ?? node["rows"] as JsonArray ?? [];

    private static int Rows(string html, QueryWorld world) => Regex.Count(html, world.Tag) + Regex.Count(html, "<tr") + Regex.Count(html, "<li");

    [GeneratedRegex("<li class=\"more\">\\s*<button[^>]*hx-get=\"([^\"]+)\"")]
    private static partial Regex MoreButton();

    private Measured Data => _measured!;

    /// <summary>Fails with every probe of the kinds whose count grew, or whose rows did not grow where they should.</summary>
    private void Check(params ProbeKind[] kinds)
    {
        var counts = Data.Counts.Where(c => kinds.Contains(c.Probe.Kind)).ToList();
        Assert.NotEmpty(counts);
        var problems = new StringBuilder();
        foreach (var c in counts)
        {
            if (c.Error is not null)
            {
                problems.Append(CultureInfoInvariant($"\n{c.Label}: {c.Error}"));
            }
            else if (c.ManyCommands != c.FewCommands)
            {
                problems.Append(CultureInfoInvariant($"\n{c.Label}: {Show(c.FewCommands)} commands with {Few} deals, {Show(c.ManyCommands)} with {Many}:\n  "))
                    .AppendJoin("\n  ", c.ManySql.Select(s => s.ReplaceLineEndings(" ")[..Math.Min(300, s.ReplaceLineEndings(" ").Length)]));
            }
            else if (c.Probe.Grows && c.ManyRows <= c.FewRows)
            {
                problems.Append(CultureInfoInvariant($"\n{c.Label}: {c.FewRows} rows with {Few} deals and {c.ManyRows} with {Many}: the world does not reach this list."));
            }
        }
        // The table for the performance document: in the test output, and in a file when asked for (BRIDGEHEAD_QUERY_COUNTS=folder).
        var table = string.Join("\n", counts.Select(c => $"| {c.Label} | {Show(c.FewCommands)} | {Show(c.ManyCommands)} | {c.FewRows} | {c.ManyRows} |"));
        TestContext.Current.TestOutputHelper?.WriteLine(table);
        if (Environment.GetEnvironmentVariable("BRIDGEHEAD_QUERY_COUNTS") is { Length: > 0 } folder)
        {
            File.WriteAllText(Path.Combine(folder, $"{provider}-{string.Join("-", kinds)}.md"), table + "\n");
        }
        Assert.True(problems.Length == 0, "Query counts:" + problems);
    }

    private static string CultureInfoInvariant(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>A list's count is first page * 1000 + next page.</summary>
    private static string Show(int commands) => commands >= 1000 ? $"{commands / 1000} + {commands % 1000} (next page)" : commands.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void ApiLists_FirstAndNextPage_AskAsOftenWith15DealsAsWith3() => Check(ProbeKind.List, ProbeKind.File);

    [Fact]
    public void Reports_JsonCsvAndPage_AskAsOftenWith15DealsAsWith3() =>
        Check(ProbeKind.Report);

    [Fact]
    public void ListPages_Board_Search_Homes_AskAsOftenWith15DealsAsWith3() => Check(ProbeKind.Page, ProbeKind.Fragment);

    [Fact]
    public void Catalogue_CoversEveryGetEndpointOfTheApp()
    {
        var counted = Data.Counts.Select(c => c.Probe.Route).ToHashSet(StringComparer.Ordinal);
        var missing = Data.Routes.Where(r => !counted.Contains(r) && QueryCatalogue.WhyNotCounted(r) is null).ToList();
        Assert.True(missing.Count == 0, "GET endpoints neither counted nor excluded with a reason (add them to QueryCatalogue):\n" + string.Join("\n", missing));
        var unknown = counted.Where(r => !Data.Routes.Contains(r)).ToList();
        Assert.True(unknown.Count == 0, "Catalogue routes the app does not map:\n" + string.Join("\n", unknown));
    }
}
