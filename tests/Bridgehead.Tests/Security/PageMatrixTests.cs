using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Bridgehead.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Tests.Security;

public sealed class PageMatrixTests_Sqlite() : PageMatrixTests(Provider.Sqlite);

public sealed class PageMatrixTests_Postgres() : PageMatrixTests(Provider.Postgres);

/// <summary>
/// The authorization matrix of the pages: every page route the app maps (read from its own
/// endpoint list) x every role x a record of the caller's account and of a foreign one, with the
/// status each gets (<see cref="PageFixture.Routes"/>); no page shows a foreign account's records;
/// every page answers with the security headers; a denied role's POST changes nothing.
/// </summary>
public abstract class PageMatrixTests(Provider provider) : AppTests(provider)
{
    /// <summary>One GET of the matrix and what came back.</summary>
    private sealed record Answer(string Pattern, string Url, Actor Actor, bool Foreign, int Expected, int Status, bool ShowsMarker, string? Csp, string? NoSniff, string? FrameOptions);

    private static readonly ConcurrentDictionary<Provider, Lazy<Task<List<Answer>>>> Runs = new();

    /// <summary>
    /// Pages that show the reference library: every sales role reads every case and its customer's
    /// name, whoever owns the customer (docs/api.md, References), so account B's name may show there.
    /// </summary>
    private static readonly HashSet<string> ShowReferenceLibrary = ["/references", "/references/{id:long}", "/opportunities/{id:long}", "/opportunities/{id:long}/needs"];

    /// <summary>Pages whose POST handlers act on the caller's own things only (their inbox, settings, password, session, language).</summary>
    private static readonly HashSet<string> Personal = ["/login", "/logout", "/culture", "/account/password", "/inbox", "/settings/notifications"];

    /// <summary>A POST a refused role sends: who, with which account's record, the fields; a field error (200) where the form names the account.</summary>
    private sealed record Post(Actor Actor, bool Foreign, Func<PageWorld, Dictionary<string, string>> Fields, bool FieldError = false);

    /// <summary>
    /// Handlers that need more than the page's record to reach the check: the record in a form field
    /// (a task ticked in the list, a decision on an offer, the account of a new activity or task),
    /// or a page every role opens whose POST only some may use. Keyed "pattern handler", or "pattern" for all its handlers.
    /// </summary>
    private static readonly Dictionary<string, Post> Posts = new()
    {
        ["/tasks Toggle"] = new(Actor.Rep, true, w => new() { ["id"] = S(w.B.Task), ["version"] = "1", ["done"] = "true" }),
        ["/opportunities/{id:long}/negotiation Decide"] = new(Actor.Rep, true, _ => new()
        {
            ["Decision.Kind"] = "offer", ["Decision.RecordId"] = "1", ["Decision.Approve"] = "true", ["Decision.Version"] = "1",
        }),
        ["/activities/new "] = new(Actor.Rep, true, w => new()
        {
            ["Form.AccountId"] = S(w.B.Account), ["Form.Kind"] = "Call", ["Form.Subject"] = "Forged", ["Form.OccurredAt"] = "2026-01-01T10:00",
        }, FieldError: true),
        ["/tasks/new "] = new(Actor.Rep, true, w => new() { ["Form.AccountId"] = S(w.B.Account), ["Form.Title"] = "Forged", ["Form.DueOn"] = "2026-12-01" }, FieldError: true),
        // The working calendar: everyone reads it, only the admin changes it.
        ["/calendar"] = new(Actor.Rep, false, _ => []),
        ["/admin/calendar"] = new(Actor.Rep, false, _ => []),
    };

    private static string S(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private List<string> PageRoutesOfTheApp() =>
        App.Web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").Trim('/')).Distinct().Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Table_HasOneEntryPerPageRouteOfTheApp()
    {
        var app = PageRoutesOfTheApp();
        var table = PageFixture.Routes.Select(r => r.Pattern).ToList();

        Assert.True(app.Count > 100, $"Only {app.Count} page routes found: is the endpoint list read right?");
        Assert.Empty(app.Except(table));
        Assert.Empty(table.Except(app));
        Assert.Empty(table.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public async Task EveryPage_AnswersEveryRole_OwnAndForeign_AsTheTableSays()
    {
        var answers = await RunAsync();

        var wrong = answers.Where(a => a.Status != a.Expected)
            .Select(a => $"{a.Url} ({a.Pattern}) as {a.Actor}{(a.Foreign ? ", foreign" : "")}: expected {a.Expected}, got {a.Status}").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        // The matrix can fail both ways: it allowed and it refused, and it hid records.
        Assert.Contains(answers, a => a is { Actor: Actor.Rep, Foreign: true, Status: 404 });
        Assert.Contains(answers, a => a is { Actor: Actor.Viewer, Status: 403 });
    }

    [Fact]
    public async Task NoPage_ShowsAForeignAccountsRecords_ToARoleThatMayNotSeeThem()
    {
        var answers = await RunAsync();

        var leaks = answers.Where(a => a.Actor is Actor.Rep or Actor.Manager && a.Status == 200 && a.ShowsMarker && !ShowReferenceLibrary.Contains(a.Pattern))
            .Select(a => $"{a.Url} ({a.Pattern}) as {a.Actor}{(a.Foreign ? " with account B's record" : "")}").ToList();
        Assert.True(leaks.Count == 0, "Account B's records shown to team A on:\n" + string.Join("\n", leaks));
        // The marker is findable: the admin, who sees everything, finds it in the search and the lists.
        foreach (var page in new[] { "/search", "/accounts", "/contacts", "/opportunities" })
        {
            Assert.Contains(answers, a => a.Pattern == page && a.Actor == Actor.Admin && a.ShowsMarker);
        }
    }

    [Fact]
    public async Task EveryPageAnswer_CarriesTheStrictContentSecurityPolicy_AndTheOtherSecurityHeaders()
    {
        var answers = await RunAsync();

        var missing = answers.Where(a => a.Csp is null || !a.Csp.Contains("script-src 'self';", StringComparison.Ordinal) || a.Csp.Contains("unsafe-inline", StringComparison.Ordinal)
                || !a.Csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal) || a.NoSniff != "nosniff" || a.FrameOptions != "DENY")
            .Select(a => $"{a.Url} as {a.Actor} ({a.Status}): CSP '{a.Csp}', X-Content-Type-Options '{a.NoSniff}', X-Frame-Options '{a.FrameOptions}'").ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public async Task Anonymous_IsSentToLogin_FromEveryPageThatIsNotPublic()
    {
        var w = await PageFixture.WorldAsync(App);
        var endpoints = App.Web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .GroupBy(e => "/" + (e.RoutePattern.RawText ?? "").Trim('/'))
            .ToDictionary(g => g.Key, g => g.Any(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null));
        using var anonymous = App.NewBrowser();

        var wrong = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(PageFixture.Routes.Where(r => !endpoints[r.Pattern]), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (route, ct) =>
        {
            foreach (var (url, _) in route.Asks)
            {
                using var response = await anonymous.Http.GetAsync(url(w, w.A), ct);
                var location = response.Headers.Location?.ToString() ?? "";
                if (response.StatusCode != HttpStatusCode.Redirect || !location.Contains("/login", StringComparison.Ordinal))
                {
                    wrong.Add($"{url(w, w.A)}: {(int)response.StatusCode} {location}");
                }
                if (response.Headers.TryGetValues("Content-Security-Policy", out var csp) is false || csp.Single().Contains("unsafe-inline", StringComparison.Ordinal))
                {
                    wrong.Add($"{url(w, w.A)}: no strict Content-Security-Policy");
                }
            }
        });
        Assert.True(wrong.IsEmpty, string.Join("\n", wrong));
        Assert.Equal(new[] { "/culture", "/error/{code:int?}", "/login", "/logout" }, endpoints.Where(e => e.Value).Select(e => e.Key).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task EveryPostHandler_RefusesARoleThatMayNotUseIt_AndChangesNothing()
    {
        var w = await PageFixture.WorldAsync(App);
        var loader = App.Web.Services.GetRequiredService<PageLoader>();
        var handlers = new List<(PageRoute Route, string? Handler)>();
        foreach (var endpoint in App.Web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
            {
                continue;
            }
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            var route = PageFixture.Routes.Single(r => r.Pattern == pattern);
            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            handlers.AddRange(compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)).Select(h => (route, h.Name)));
        }
        Assert.True(handlers.Count > 50, $"Only {handlers.Count} POST handlers found.");

        var browsers = new ConcurrentDictionary<Actor, Lazy<Task<(BrowserClient Browser, string Token)>>>();
        Task<(BrowserClient Browser, string Token)> BrowserOf(Actor actor) => browsers.GetOrAdd(actor, a => new(async () =>
        {
            var browser = await App.SignInAsync(w.User(a));
            var home = await browser.GetFormAsync("/");
            Assert.NotEqual("", home.Token);
            return (browser, home.Token);
        })).Value;

        long lastEntry;
        await using (var before = App.OpenDb())
        {
            lastEntry = await before.AuditEntries.MaxAsync(e => (long?)e.Id) ?? 0;
        }
        var posters = new ConcurrentDictionary<long, bool>();
        var wrong = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(handlers.Where(h => !Personal.Contains(h.Route.Pattern)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (h, ct) =>
        {
            var (urlOf, expected) = h.Route.Asks[0];
            var post = Posts.GetValueOrDefault($"{h.Route.Pattern} {h.Handler}") ?? Posts.GetValueOrDefault(h.Route.Pattern)
                ?? (h.Route.UnderAccount && PageRoute.Expect(expected, Actor.Rep, foreign: true) is 403 or 404 ? new Post(Actor.Rep, true, _ => [])
                : Enum.GetValues<Actor>().Where(a => PageRoute.Expect(expected, a, foreign: false) is 403 or 404).Select(a => new Post(a, false, _ => [])).FirstOrDefault());
            if (post is null)
            {
                wrong.Add($"{h.Route.Pattern} handler '{h.Handler}': no role is refused the page; say in Posts who may not post to it.");
                return;
            }
            var url = urlOf(w, post.Foreign ? w.B : w.A);
            url += h.Handler is null ? "" : (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + h.Handler;
            var (browser, token) = await BrowserOf(post.Actor);
            posters[w.User(post.Actor).Id] = true;
            using var response = await browser.PostFormAsync(url, token, post.Fields(w));
            var refused = post.FieldError
                ? response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync(ct)).Contains("data-error-summary", StringComparison.Ordinal)
                : response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
            if (!refused)
            {
                wrong.Add($"POST {url} as {post.Actor}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        });

        await using var db = App.OpenDb();
        var ids = posters.Keys.ToList();
        var changes = await db.AuditEntries.Where(e => e.Id > lastEntry && ((e.UserId != null && ids.Contains(e.UserId.Value)) || e.AccountId == w.B.Account))
            .Select(e => $"{e.Action} {e.EntityType} {e.EntityId} at account {e.AccountId} by {e.UserName} at {e.At:O}").ToListAsync();
        foreach (var browser in browsers.Values)
        {
            (await browser.Value).Browser.Dispose();
        }
        Assert.True(wrong.IsEmpty, string.Join("\n", wrong.Order(StringComparer.Ordinal)));
        Assert.Empty(changes);
    }

    /// <summary>Asks every URL of the table as every actor, once per provider (the tests above read the answers).</summary>
    private Task<List<Answer>> RunAsync() => Runs.GetOrAdd(Provider, _ => new Lazy<Task<List<Answer>>>(async () =>
    {
        var w = await PageFixture.WorldAsync(App);
        var browsers = new Dictionary<Actor, BrowserClient>();
        foreach (var actor in Enum.GetValues<Actor>())
        {
            browsers[actor] = await App.SignInAsync(w.User(actor));
        }
        var asks = (from route in PageFixture.Routes
                    from foreign in route.UnderAccount ? new[] { false, true } : new[] { false }
                    from ask in route.Asks
                    from actor in Enum.GetValues<Actor>()
                    select (route, foreign, ask, actor)).ToList();
        var answers = new ConcurrentBag<Answer>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(asks, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (x, ct) =>
        {
            var url = x.ask.Url(w, x.foreign ? w.B : w.A);
            using var response = await browsers[x.actor].Http.GetAsync(url, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
            answers.Add(new Answer(x.route.Pattern, url, x.actor, x.foreign, PageRoute.Expect(x.ask.Expected, x.actor, x.foreign), (int)response.StatusCode,
                body.Contains(PageFixture.Marker, StringComparison.Ordinal), Header("Content-Security-Policy"), Header("X-Content-Type-Options"), Header("X-Frame-Options")));
        });
        Console.WriteLine($"Page matrix ({Provider}): {asks.Count} requests in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var browser in browsers.Values)
        {
            browser.Dispose();
        }
        return [.. answers];
    })).Value;
}
