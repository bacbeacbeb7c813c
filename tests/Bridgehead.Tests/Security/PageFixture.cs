using System.Collections.Concurrent;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Security;

/// <summary>Who asks in the page matrix; rep and manager are of team A (they see account A, not B).</summary>
public enum Actor
{
    Admin,
    Manager,
    Rep,
    Quality,
    Product,
    Viewer,
}

/// <summary>
/// One page route of the app: its pattern as the app maps it and the URLs asked for it (the page and
/// its side paths: GET handlers such as ?handler=history), each with the status every actor gets:
/// one token per <see cref="Actor"/> in order, "200/404" when account A's record (own) and account
/// B's (foreign) answer differently. A route under an account is asked with both accounts' records.
/// </summary>
public sealed record PageRoute(string Pattern, bool UnderAccount, (Func<PageWorld, AccountRecords, string> Url, string Expected)[] Asks)
{
    /// <summary>The status the actor should get for the ask, for account A's records or account B's.</summary>
    public static int Expect(string expected, Actor actor, bool foreign)
    {
        var token = expected.Split(' ')[(int)actor].Split('/');
        return int.Parse(token[foreign && token.Length > 1 ? 1 : 0], System.Globalization.CultureInfo.InvariantCulture);
    }

    public override string ToString() => Pattern;
}

/// <summary>The world of the page matrix, made once per provider, and the URLs of every page route.</summary>
public static class PageFixture
{
    /// <summary>In every free-text field of account B's records.</summary>
    public const string Marker = "zqxforeignmark";

    /// <summary>Part of the marker: a search for it finds account B's records, and its echo in the search box is not the marker.</summary>
    public const string Probe = "xforeignmar";

    private static readonly ConcurrentDictionary<Provider, Lazy<Task<PageWorld>>> Worlds = new();

    public static Task<PageWorld> WorldAsync(TestApp app) =>
        Worlds.GetOrAdd(app.Provider, _ => new Lazy<Task<PageWorld>>(() =>
            PageWorld.CreateAsync(app, f => "own " + f, f => $"{Marker} {f}", f => "shared " + f))).Value;

    public static TestUser User(this PageWorld w, Actor actor) => actor switch
    {
        Actor.Admin => w.Admin,
        Actor.Manager => w.Manager,
        Actor.Rep => w.RepA,
        Actor.Quality => w.Quality,
        Actor.Product => w.Product,
        Actor.Viewer => w.Viewer,
        _ => throw new ArgumentOutOfRangeException(nameof(actor)),
    };

    /// <summary>A URL asked for a route, and what each actor gets (see <see cref="PageRoute"/>).</summary>
    private static (Func<PageWorld, AccountRecords, string> Url, string Expected) Ask(Func<PageWorld, AccountRecords, string> url, string expected) => (url, expected);

    private static (Func<PageWorld, AccountRecords, string> Url, string Expected) Ask(Func<PageWorld, string> url, string expected) => ((w, _) => url(w), expected);

    /// <summary>A route under an account: asked with account A's records and with account B's.</summary>
    private static PageRoute R(string pattern, params (Func<PageWorld, AccountRecords, string> Url, string Expected)[] asks) => new(pattern, true, asks);

    /// <summary>A route of no account (lists, admin pages, catalogue records): asked once.</summary>
    private static PageRoute G(string pattern, params (Func<PageWorld, AccountRecords, string> Url, string Expected)[] asks) => new(pattern, false, asks);

    /// <summary>Every page route of the app, once. A route the app maps that is not here (or is here but no longer mapped) fails the matrix.</summary>
    public static IReadOnlyList<PageRoute> Routes { get; } =
    [
        G("/", Ask(_ => "/", "200 200 200 200 200 200")),
        G("/login", Ask(_ => "/login", "302 302 302 302 302 302")),
        G("/logout", Ask(_ => "/logout", "302 302 302 302 302 302")),
        G("/culture", Ask(_ => "/culture", "302 302 302 302 302 302")),
        G("/error/{code:int?}", Ask(_ => "/error/404", "404 404 404 404 404 404")),
        G("/account/password", Ask(_ => "/account/password", "200 200 200 200 200 200")),
        G("/search", Ask(_ => $"/search?q={Probe}", "200 200 200 200 200 200")),
        G("/inbox", Ask(_ => "/inbox", "200 200 200 200 200 200")),
        G("/settings/notifications", Ask(_ => "/settings/notifications", "200 200 200 200 200 200")),
        G("/process", Ask(_ => "/process", "200 200 200 403 403 200")),
        G("/board", Ask(_ => "/board", "200 200 200 403 403 200"), Ask(_ => "/board?handler=column&stage=negotiation", "200 200 200 403 403 200")),
        G("/forecast", Ask(_ => "/forecast", "200 200 200 403 403 200")),
        G("/calendar", Ask(_ => "/calendar", "200 200 200 200 200 200")),
        G("/capacity", Ask(_ => "/capacity", "200 200 200 200 200 200")),
        G("/care", Ask(_ => "/care", "200 200 200 403 403 200")),
        G("/care-plans", Ask(_ => "/care-plans", "200 200 200 403 403 200")),
        G("/openings", Ask(_ => "/openings", "200 200 200 403 403 200")),
        G("/reports", Ask(_ => "/reports", "200 200 200 200 200 200")),
        G("/reports/{name}",
            Ask(_ => "/reports/funnel", "200 200 200 403 403 200"),
            Ask(_ => "/reports/share-of-wallet", "200 200 200 403 403 200"),
            Ask(_ => "/reports/otif", "200 200 200 200 403 200"),
            Ask(_ => "/reports/quality", "200 200 200 200 403 200")),
        G("/duplicates", Ask(_ => "/duplicates", "200 200 200 403 403 403")),
        G("/market-watch", Ask(_ => "/market-watch", "200 200 200 403 403 200")),
        G("/market-watch/new", Ask(_ => "/market-watch/new", "200 200 200 403 403 403")),
        R("/market-watch/{id:long}/edit", Ask((_, r) => $"/market-watch/{r.Move}/edit", "200 200/404 200/404 403 403 403")),
        R("/market-watch/{id:long}/delete", Ask((_, r) => $"/market-watch/{r.Move}/delete", "200 200/404 200/404 403 403 403")),
        R("/duplicates/merge", Ask((w, r) => $"/duplicates/merge?type=account&a={r.Account}&b={(r == w.A ? w.B : w.A).Account}", "200 404 404 403 403 403")),

        G("/accounts", Ask(_ => $"/accounts?q={Probe}", "200 200 200 200 200 200"), Ask(_ => "/accounts", "200 200 200 200 200 200")),
        G("/accounts/new", Ask(_ => "/accounts/new", "200 200 200 403 403 403")),
        G("/accounts/health", Ask(_ => "/accounts/health", "200 200 200 403 403 200")),
        R("/accounts/{id:long}",
            Ask((_, r) => $"/accounts/{r.Account}", "200 200/404 200/404 200 200 200"),
            Ask((_, r) => $"/accounts/{r.Account}?handler=history", "200 200/404 200/404 200 200 200")),
        R("/accounts/{id:long}/edit", Ask((_, r) => $"/accounts/{r.Account}/edit", "200 200/404 200/404 403 403 403")),
        R("/accounts/{id:long}/delete", Ask((_, r) => $"/accounts/{r.Account}/delete", "200 200/404 200/404 403 403 403")),
        R("/accounts/{id:long}/fit", Ask((_, r) => $"/accounts/{r.Account}/fit", "200 200/404 200/404 200 200 200")),
        R("/accounts/{id:long}/health/refresh", Ask((_, r) => $"/accounts/{r.Account}/health/refresh", "302 302 302 403 403 403")),
        R("/accounts/{id:long}/wallet", Ask((_, r) => $"/accounts/{r.Account}/wallet", "200 200/404 200/404 403 403 200")),
        R("/accounts/{id:long}/supplier-shares/new", Ask((_, r) => $"/accounts/{r.Account}/supplier-shares/new", "200 200/404 200/404 403 403 403")),
        R("/accounts/{id:long}/supplier-shares/{shareId:long}/edit",
            Ask((_, r) => $"/accounts/{r.Account}/supplier-shares/{r.Share}/edit", "200 200/404 200/404 403 403 403")),
        R("/accounts/{id:long}/supplier-shares/{shareId:long}/delete",
            Ask((_, r) => $"/accounts/{r.Account}/supplier-shares/{r.Share}/delete", "200 200/404 200/404 403 403 403")),
        R("/accounts/{id:long}/incumbent-events/new", Ask((_, r) => $"/accounts/{r.Account}/incumbent-events/new", "200 200/404 200/404 403 403 403")),
        R("/accounts/{id:long}/incumbent-events/{eventId:long}/edit",
            Ask((_, r) => $"/accounts/{r.Account}/incumbent-events/{r.Slip}/edit", "200 200/404 200/404 403 403 403")),
        R("/accounts/{id:long}/incumbent-events/{eventId:long}/delete",
            Ask((_, r) => $"/accounts/{r.Account}/incumbent-events/{r.Slip}/delete", "200 200/404 200/404 403 403 403")),

        G("/contacts", Ask(_ => $"/contacts?q={Probe}", "200 200 200 200 200 200"), Ask(_ => "/contacts", "200 200 200 200 200 200")),
        R("/contacts/new", Ask((_, r) => $"/contacts/new?accountId={r.Account}", "200 200 200 403 403 403")),
        R("/contacts/{id:long}",
            Ask((_, r) => $"/contacts/{r.Contact}", "200 200/404 200/404 200 200 200"),
            Ask((_, r) => $"/contacts/{r.Contact}?handler=history", "200 200/404 200/404 200 200 200")),
        R("/contacts/{id:long}/edit", Ask((_, r) => $"/contacts/{r.Contact}/edit", "200 200/404 200/404 403 403 403")),
        R("/contacts/{id:long}/delete", Ask((_, r) => $"/contacts/{r.Contact}/delete", "200 200/404 200/404 403 403 403")),

        G("/activities", Ask(_ => "/activities", "200 200 200 403 403 200")),
        R("/activities/new",
            Ask((_, r) => $"/activities/new?accountId={r.Account}", "200 200/404 200/404 403 403 403"),
            Ask((_, r) => $"/activities/new?handler=links&Form.AccountId={r.Account}", "200 200 200 403 403 403")),
        R("/activities/{id:long}",
            Ask((_, r) => $"/activities/{r.Activity}", "200 200/404 200/404 403 403 200"),
            Ask((_, r) => $"/activities/{r.Activity}?handler=history", "200 200/404 200/404 403 403 200")),
        R("/activities/{id:long}/edit", Ask((_, r) => $"/activities/{r.Activity}/edit", "200 200/404 200/404 403 403 403")),
        R("/activities/{id:long}/delete", Ask((_, r) => $"/activities/{r.Activity}/delete", "200 200/404 200/404 403 403 403")),
        G("/tasks", Ask(_ => "/tasks", "200 200 200 200 200 200")),
        R("/tasks/new",
            Ask((_, r) => $"/tasks/new?accountId={r.Account}", "200 200/404 200/404 200 200 403"),
            Ask((_, r) => $"/tasks/new?handler=links&Form.AccountId={r.Account}", "200 200 200 200 200 403")),
        R("/tasks/{id:long}",
            Ask((_, r) => $"/tasks/{r.Task}", "200 200/404 200/404 404 404 200"),
            Ask((_, r) => $"/tasks/{r.Task}?handler=history", "200 200/404 200/404 404 404 200")),
        R("/tasks/{id:long}/edit", Ask((_, r) => $"/tasks/{r.Task}/edit", "200 200/404 200/404 404 404 403")),
        R("/tasks/{id:long}/delete", Ask((_, r) => $"/tasks/{r.Task}/delete", "200 200/404 200/404 404 404 403")),

        G("/opportunities", Ask(_ => $"/opportunities?q={Probe}", "200 200 200 403 403 200"), Ask(_ => "/opportunities", "200 200 200 403 403 200")),
        R("/opportunities/new", Ask((_, r) => $"/opportunities/new?accountId={r.Account}", "200 200 200 403 403 403")),
        R("/opportunities/{id:long}",
            Ask((_, r) => $"/opportunities/{r.Opportunity}", "200 200/404 200/404 403 403 200"),
            Ask((_, r) => $"/opportunities/{r.Opportunity}?handler=history", "200 200/404 200/404 403 403 200"),
            Ask((_, r) => $"/board?handler=card&id={r.Opportunity}", "200 200/404 200/404 403 403 200")),
        R("/opportunities/{id:long}/edit", Ask((_, r) => $"/opportunities/{r.Opportunity}/edit", "200 200/404 200/404 403 403 403")),
        R("/opportunities/{id:long}/delete", Ask((_, r) => $"/opportunities/{r.Opportunity}/delete", "200 200/404 200/404 403 403 403")),
        R("/opportunities/{id:long}/route", Ask((_, r) => $"/opportunities/{r.Opportunity}/route", "200 200/404 200/404 403 403 403")),
        R("/opportunities/{id:long}/needs", Ask((_, r) => $"/opportunities/{r.Opportunity}/needs", "200 200/404 200/404 403 403 403")),
        R("/opportunities/{id:long}/needs/references", Ask((_, r) => $"/opportunities/{r.Opportunity}/needs/references", "302 302 302 403 403 403")),
        R("/opportunities/{id:long}/negotiation", Ask((_, r) => $"/opportunities/{r.Opportunity}/negotiation", "200 200/404 200/404 403 403 403")),
        R("/opportunities/{id:long}/trials/new", Ask((_, r) => $"/opportunities/{r.Opportunity}/trials/new", "200 200/404 200/404 403 403 403")),
        R("/opportunities/{id:long}/feedback/add", Ask((_, r) => $"/opportunities/{r.Opportunity}/feedback/add", "200 200/404 200/404 403 403 403")),
        R("/opportunities/{id:long}/feedback/{feedbackId:long}/edit",
            Ask((_, r) => $"/opportunities/{r.Opportunity}/feedback/{r.Feedback}/edit", "200 200/404 200/404 403 403 403")),
        R("/opportunities/{id:long}/buying-center/add", Ask((_, r) => $"/opportunities/{r.Opportunity}/buying-center/add", "200 200/404 200/404 403 403 403")),
        R("/opportunities/{id:long}/buying-center/{memberId:long}/edit",
            Ask((_, r) => $"/opportunities/{r.Opportunity}/buying-center/{r.Member}/edit", "200 200/404 200/404 403 403 403")),
        R("/opportunities/{id:long}/buying-center/{memberId:long}/remove",
            Ask((_, r) => $"/opportunities/{r.Opportunity}/buying-center/{r.Member}/remove", "200 200/404 200/404 403 403 403")),

        R("/quotes/new", Ask((_, r) => $"/quotes/new?opportunityId={r.Opportunity}", "302 302 302 403 403 403")),
        R("/quotes/compare", Ask((_, r) => $"/quotes/compare?a={r.Quote}&b={r.Quote}", "200 200/404 200/404 403 403 200")),
        R("/quotes/{id:long}",
            Ask((_, r) => $"/quotes/{r.Quote}", "200 200/404 200/404 403 403 200"),
            Ask((_, r) => $"/quotes/{r.Quote}?handler=history", "200 200/404 200/404 403 403 200")),
        R("/quotes/{id:long}/document", Ask((_, r) => $"/quotes/{r.Quote}/document", "200 200/404 200/404 404 404 200")),
        R("/quotes/{id:long}/document.pdf", Ask((_, r) => $"/quotes/{r.Quote}/document.pdf", "200 200/404 200/404 404 404 200")),
        G("/admin/quote-policy", Ask(_ => "/admin/quote-policy", "200 403 403 403 403 403")),

        G("/orders", Ask(_ => "/orders", "200 200 200 200 403 200")),
        R("/orders/new", Ask((_, r) => $"/orders/new?accountId={r.Account}", "200 200/404 200/404 403 403 403")),
        R("/orders/{id:long}",
            Ask((_, r) => $"/orders/{r.Order}", "200 200/404 200/404 200 404 200"),
            Ask((_, r) => $"/orders/{r.Order}?handler=history", "200 200/404 200/404 200 404 200")),
        R("/orders/{id:long}/edit", Ask((_, r) => $"/orders/{r.Order}/edit", "302 302/404 302/404 403 403 403")),
        R("/contracts/new", Ask((_, r) => $"/contracts/new?accountId={r.Account}", "200 200/404 200/404 403 403 403")),
        R("/contracts/{id:long}",
            Ask((_, r) => $"/contracts/{r.Contract}", "200 200/404 200/404 403 403 200"),
            Ask((_, r) => $"/contracts/{r.Contract}?handler=history", "200 200/404 200/404 403 403 200")),
        R("/contracts/{id:long}/edit", Ask((_, r) => $"/contracts/{r.Contract}/edit", "200 200/404 200/404 403 403 403")),
        R("/contracts/{id:long}/delete", Ask((_, r) => $"/contracts/{r.Contract}/delete", "200 200/404 200/404 403 403 403")),

        G("/incidents", Ask(_ => "/incidents", "200 200 200 200 403 200")),
        R("/incidents/new", Ask((_, r) => $"/incidents/new?accountId={r.Account}", "200 200 200 200 403 403")),
        R("/incidents/{id:long}",
            Ask((_, r) => $"/incidents/{r.Incident}", "200 200/404 200/404 200 403 200"),
            Ask((_, r) => $"/incidents/{r.Incident}?handler=history", "200 200/404 200/404 200 403 200")),
        G("/trials", Ask(_ => "/trials", "200 200 200 200 403 200")),
        R("/trials/{id:long}", Ask((_, r) => $"/trials/{r.Trial}", "200 200/404 200/404 200 403 200")),
        R("/trials/{id:long}/edit", Ask((_, r) => $"/trials/{r.Trial}/edit", "200 200/404 200/404 403 403 403")),
        R("/trials/{id:long}/result", Ask((_, r) => $"/trials/{r.Trial}/result", "200 403 403 200 403 403")),
        R("/trials/{id:long}/delete", Ask((_, r) => $"/trials/{r.Trial}/delete", "200 200/404 200/404 403 403 403")),

        G("/product-requests", Ask(_ => "/product-requests", "200 200 200 403 200 200")),
        R("/product-requests/new", Ask((_, r) => $"/product-requests/new?accountId={r.Account}", "200 200/404 200/404 403 403 403")),
        G("/product-requests/link", Ask(_ => "/product-requests/link", "302 302 302 403 403 403")),
        R("/product-requests/{id:long}",
            Ask((_, r) => $"/product-requests/{r.Request}", "200 200/404 200/404 403 200 200"),
            Ask((_, r) => $"/product-requests/{r.Request}?handler=history", "200 200/404 200/404 403 200 200")),
        R("/product-requests/{id:long}/edit", Ask((_, r) => $"/product-requests/{r.Request}/edit", "200 200/404 200/404 403 200 403")),
        R("/product-requests/{id:long}/delete", Ask((_, r) => $"/product-requests/{r.Request}/delete", "200 403/404 200/404 403 200 403")),
        G("/references", Ask(_ => "/references", "200 200 200 403 403 200")),
        R("/references/new", Ask((_, r) => $"/references/new?accountId={r.Account}", "200 200 200 403 403 403")),
        R("/references/{id:long}", Ask((_, r) => $"/references/{r.Reference}", "200 200 200 403 403 200")),
        R("/references/{id:long}/edit", Ask((_, r) => $"/references/{r.Reference}/edit", "200 200/403 200/403 403 403 403")),
        R("/references/{id:long}/delete", Ask((_, r) => $"/references/{r.Reference}/delete", "200 200/403 200/403 403 403 403")),

        G("/products", Ask(_ => "/products", "200 200 200 200 200 200")),
        G("/products/new", Ask(_ => "/products/new", "200 200 403 403 403 403")),
        G("/products/{id:long}", Ask(w => $"/products/{w.ProductId}", "200 200 200 200 200 200")),
        G("/products/{id:long}/edit", Ask(w => $"/products/{w.ProductId}/edit", "200 200 403 403 403 403")),
        G("/products/{id:long}/delete", Ask(w => $"/products/{w.ProductId}/delete", "200 200 403 403 403 403")),
        G("/products/{id:long}/capacity", Ask(w => $"/products/{w.ProductId}/capacity", "200 200 200 200 200 200")),
        G("/competitors", Ask(_ => "/competitors", "200 200 200 403 403 200")),
        G("/competitors/new", Ask(_ => "/competitors/new", "200 200 200 403 403 403")),
        G("/competitors/{id:long}", Ask(w => $"/competitors/{w.CompetitorId}", "200 200 200 403 403 200")),
        G("/competitors/{id:long}/edit", Ask(w => $"/competitors/{w.CompetitorId}/edit", "200 200 200 403 403 403")),
        G("/competitors/{id:long}/delete", Ask(w => $"/competitors/{w.CompetitorId}/delete", "200 200 200 403 403 403")),

        G("/imports", Ask(_ => "/imports", "200 200 200 403 403 403")),
        G("/imports/new", Ask(_ => "/imports/new", "200 200 200 403 403 403")),
        G("/imports/map", Ask(_ => "/imports/map?file=nothing.csv&name=nothing.csv&entity=accounts", "404 404 404 403 403 403")),
        R("/imports/{id:long}", Ask((_, r) => $"/imports/{r.Import}", "200 404 200/404 403 403 403")),

        G("/admin/users", Ask(_ => "/admin/users", "200 403 403 403 403 403")),
        G("/admin/users/{id:long}",
            Ask(w => $"/admin/users/{w.RepB.Id}", "200 403 403 403 403 403"),
            Ask(w => $"/admin/users/{w.RepB.Id}?handler=history", "200 403 403 403 403 403")),
        G("/admin/pipelines", Ask(_ => "/admin/pipelines", "200 403 403 403 403 403")),
        G("/admin/pipelines/new", Ask(_ => "/admin/pipelines/new", "200 403 403 403 403 403")),
        G("/admin/pipelines/{id:long}", Ask(w => $"/admin/pipelines/{w.PipelineId}", "200 403 403 403 403 403")),
        G("/admin/pipelines/{id:long}/delete", Ask(w => $"/admin/pipelines/{w.PipelineId}/delete", "200 403 403 403 403 403")),
        G("/admin/industries", Ask(_ => "/admin/industries", "200 403 403 403 403 403")),
        G("/admin/applications/{id:long?}",
            Ask(w => $"/admin/applications/{w.ApplicationId}", "200 403 403 403 403 403"),
            Ask(_ => "/admin/applications", "200 403 403 403 403 403")),
        G("/admin/applications/{id:long}/delete", Ask(w => $"/admin/applications/{w.ApplicationId}/delete", "200 403 403 403 403 403")),
        G("/admin/fit", Ask(_ => "/admin/fit", "200 403 403 403 403 403")),
        G("/admin/exchange-rates", Ask(_ => "/admin/exchange-rates", "200 403 403 403 403 403")),
        G("/admin/exchange-rates/{currency}/delete", Ask(w => $"/admin/exchange-rates/{w.Currency}/delete", "200 403 403 403 403 403")),
        G("/admin/email", Ask(_ => "/admin/email", "200 403 403 403 403 403")),
        G("/admin/calendar", Ask(_ => "/admin/calendar", "200 200 200 200 200 200")),
        G("/admin/calendar/holidays/{id:long}/delete", Ask(w => $"/admin/calendar/holidays/{w.HolidayId}/delete", "200 403 403 403 403 403")),
        G("/admin/webhooks", Ask(_ => "/admin/webhooks", "200 403 403 403 403 403")),
        G("/admin/webhooks/{id:long}", Ask(w => $"/admin/webhooks/{w.WebhookId}", "200 403 403 403 403 403")),
        G("/admin/webhooks/{id:long}/delete", Ask(w => $"/admin/webhooks/{w.WebhookId}/delete", "200 403 403 403 403 403")),
    ];

}
