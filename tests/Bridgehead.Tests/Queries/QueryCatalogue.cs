using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Queries;

/// <summary>How a probe is asked and what its answer holds.</summary>
public enum ProbeKind
{
    /// <summary>API <c>{ items, nextCursor }</c> (or a bare array): the first page, and the next page when it has a cursor.</summary>
    List,

    /// <summary>An API answer that sums up rows (a report, the process overview): counted, its size is not.</summary>
    Report,

    /// <summary>A download (CSV): one line per row.</summary>
    File,

    /// <summary>A Razor page as a browser gets it.</summary>
    Page,

    /// <summary>A page fragment htmx fetches (HX-Request).</summary>
    Fragment,
}

/// <summary>
/// One request whose SQL commands are counted. <paramref name="Route"/> is the route pattern the app
/// maps (so the catalogue can be checked against the app's endpoints); <paramref name="Url"/> is what
/// is asked. <paramref name="Grows"/>: the answer holds more rows with more deals (checked, so a
/// probe cannot pass on an empty list); <paramref name="Paged"/>: an API list with a cursor, whose
/// next page is counted too.
/// </summary>
public sealed record Probe(string Route, ProbeKind Kind, Func<QueryWorld, TestUser> As, Func<QueryWorld, string> Url, bool Grows = true, bool Paged = false)
{
    public string Label(QueryWorld world) => $"{Url(world).Replace(world.Tag, "{tag}", StringComparison.Ordinal)} as {As(world).Role}";
}

/// <summary>
/// Every list of the app, its reports and the pages that show lists: what the query-count tests ask.
/// A GET endpoint the app maps that is neither here nor excluded (with a reason) fails
/// <see cref="QueryCountTests.Catalogue_CoversEveryGetEndpointOfTheApp"/>.
/// </summary>
public static class QueryCatalogue
{
    private static TestUser M(QueryWorld w) => w.Manager;

    private static TestUser R(QueryWorld w) => w.Rep;

    private static TestUser A(QueryWorld w) => w.Admin;

    private static Probe Api(string route, Func<QueryWorld, TestUser>? who = null, string query = "", bool paged = true, bool grows = true) =>
        new("/api/v1" + route, ProbeKind.List, who ?? M, _ => "/api/v1" + route + query, grows, paged);

    private static Probe Api(string route, Func<QueryWorld, string> url, Func<QueryWorld, TestUser>? who = null, bool paged = true, bool grows = true) =>
        new("/api/v1" + route, ProbeKind.List, who ?? M, url, grows, paged);

    private static Probe Page(string route, Func<QueryWorld, TestUser>? who = null, string query = "", bool grows = true) =>
        new(route, ProbeKind.Page, who ?? M, _ => route + query, grows);

    /// <summary>The API lists: first page and, where there is a cursor, the next page.</summary>
    public static IReadOnlyList<Probe> ApiLists { get; } =
    [
        Api("/accounts"),
        Api("/contacts"),
        Api("/opportunities"),
        Api("/activities"),
        Api("/tasks"),
        Api("/quotes"),
        Api("/orders"),
        Api("/incidents"),
        Api("/product-requests"),
        Api("/trials"),
        Api("/products"),
        Api("/contracts"),
        Api("/references"),
        Api("/competitors"),
        Api("/competitor-moves"),
        Api("/merges"),
        Api("/duplicates/accounts"),
        Api("/duplicates/contacts"),
        Api("/reports/openings"),
        Api("/notifications", R),
        Api("/imports", R, paged: false),
        Api("/import-mappings", R, paged: false),
        Api("/webhooks", A),
        Api("/webhooks/{id:long}/deliveries", w => $"/api/v1/webhooks/{w.AnchorWebhookId}/deliveries", A),
        Api("/users", A, paged: false),
        Api("/teams", A, paged: false),
        Api("/exchange-rates", paged: false),
        Api("/pipelines", paged: false),
        Api("/applications", query: "?industry=28", paged: false),
        Api("/search", w => $"/api/v1/search?q={w.Tag}", paged: false, grows: false),
        Api("/partner-accounts", w => $"/api/v1/partner-accounts?q={w.Tag}", paged: false),
        Api("/care"),
        // The same lists for the other roles, whose visibility takes other paths (account team, all operations, all requests, all records).
        Api("/accounts", R),
        Api("/opportunities", R),
        Api("/quotes", w => w.Viewer),
        Api("/orders", w => w.Quality),
        Api("/incidents", w => w.Quality),
        Api("/trials", w => w.Quality),
        Api("/product-requests", w => w.Product),
        Api("/accounts", w => w.Product),
        Api("/accounts/{accountId:long}/supplier-shares", w => $"/api/v1/accounts/{w.AnchorAccountId}/supplier-shares"),
        Api("/accounts/{accountId:long}/incumbent-events", w => $"/api/v1/accounts/{w.AnchorAccountId}/incumbent-events"),
        Api("/accounts/{id:long}/history", w => $"/api/v1/accounts/{w.AnchorAccountId}/history"),
        Api("/opportunities/{id:long}/feedback", w => $"/api/v1/opportunities/{w.AnchorOpportunityId}/feedback"),
        Api("/opportunities/{id:long}/stage-history", w => $"/api/v1/opportunities/{w.AnchorOpportunityId}/stage-history", paged: false),
        Api("/opportunities/{id:long}/buying-center", w => $"/api/v1/opportunities/{w.AnchorOpportunityId}/buying-center", paged: false),
        Api("/opportunities/{id:long}/reference-matches", w => $"/api/v1/opportunities/{w.AnchorOpportunityId}/reference-matches", paged: false, grows: false),
    ];

    /// <summary>Downloads of whole lists.</summary>
    public static IReadOnlyList<Probe> Files { get; } =
    [
        .. new[] { "accounts", "contacts", "opportunities", "products", "orders" }
            .Select(e => new Probe($"/api/v1/exports/{e}", ProbeKind.File, M, _ => $"/api/v1/exports/{e}?format=csv")),
        new Probe("/api/v1/imports/{id:long}/errors", ProbeKind.File, R, w => $"/api/v1/imports/{w.AnchorImportId}/errors?format=csv"),
    ];

    /// <summary>Summaries that are not in the report list of <c>GET /api/v1/reports</c> (those are added from the app's answer).</summary>
    public static IReadOnlyList<Probe> FixedReports { get; } =
    [
        new("/api/v1/reports/forecast", ProbeKind.Report, M, _ => "/api/v1/reports/forecast", Grows: false),
        new("/api/v1/process", ProbeKind.Report, M, _ => "/api/v1/process", Grows: false),
        new("/api/v1/orders/otif", ProbeKind.Report, M, _ => "/api/v1/orders/otif", Grows: false),
        new("/api/v1/incidents/ppm", ProbeKind.Report, M, _ => "/api/v1/incidents/ppm", Grows: false),
        new("/reports", ProbeKind.Page, M, _ => "/reports", Grows: false),
        new("/forecast", ProbeKind.Page, M, _ => "/forecast", Grows: false),
        new("/process", ProbeKind.Page, M, _ => "/process", Grows: false),
    ];

    /// <summary>One report of the app: its JSON, its CSV and its page.</summary>
    public static IEnumerable<Probe> Report(string name) =>
    [
        new("/api/v1/reports/{name}", ProbeKind.Report, M, _ => $"/api/v1/reports/{name}", Grows: false),
        new("/api/v1/reports/{name}", ProbeKind.Report, M, _ => $"/api/v1/reports/{name}?format=csv", Grows: false),
        new("/reports/{name}", ProbeKind.Page, M, _ => $"/reports/{name}", Grows: false),
    ];

    /// <summary>The list pages, the board, search, the homes the role-home tests do not count, and the two busiest detail pages.</summary>
    public static IReadOnlyList<Probe> Pages { get; } =
    [
        Page("/accounts"),
        Page("/contacts"),
        Page("/opportunities"),
        Page("/activities"),
        Page("/tasks", R),
        Page("/orders"),
        Page("/incidents"),
        Page("/trials"),
        Page("/products"),
        Page("/product-requests"),
        Page("/openings"),
        Page("/references"),
        Page("/competitors"),
        Page("/market-watch"),
        Page("/care"),
        Page("/accounts/health"),
        Page("/opportunities", R),
        Page("/board", R),
        Page("/orders", w => w.Quality),
        Page("/incidents", w => w.Quality),
        Page("/product-requests", w => w.Product),
        Page("/capacity", grows: false),
        Page("/duplicates"),
        Page("/imports", R),
        Page("/inbox", R),
        new("/search", ProbeKind.Page, M, w => $"/search?q={w.Tag}"),
        Page("/board"),
        // The next page of the board's "needs" column, from the board's own "more" button.
        new("/board", ProbeKind.Fragment, M, _ => "/board?handler=Column&stage=needs"),
        Page("/admin/users", A),
        Page("/admin/webhooks", A),
        Page("/admin/exchange-rates", A),
        Page("/admin/pipelines", A),
        Page("/admin/industries", A),
        Page("/admin/fit", A, grows: false),
        Page("/care-plans", A, grows: false),
        Page("/calendar", A, grows: false),
        new("/", ProbeKind.Page, A, _ => "/", Grows: false),
        new("/", ProbeKind.Page, w => w.Quality, _ => "/", Grows: false),
        new("/", ProbeKind.Page, w => w.Product, _ => "/", Grows: false),
        new("/", ProbeKind.Page, w => w.Viewer, _ => "/", Grows: false),
        // The detail pages show the latest few children and counts, so their rows do not grow.
        new("/accounts/{id:long}", ProbeKind.Page, M, w => $"/accounts/{w.AnchorAccountId}", Grows: false),
        new("/opportunities/{id:long}", ProbeKind.Page, M, w => $"/opportunities/{w.AnchorOpportunityId}"),
        new("/accounts/{id:long}/wallet", ProbeKind.Page, M, w => $"/accounts/{w.AnchorAccountId}/wallet"),
        new("/imports/{id:long}", ProbeKind.Page, R, w => $"/imports/{w.AnchorImportId}", Grows: false),
        new("/admin/webhooks/{id:long}", ProbeKind.Page, A, w => $"/admin/webhooks/{w.AnchorWebhookId}"),
    ];

    /// <summary>
    /// GET endpoints that are not lists, each with the reason. Endpoints ending in a record's id, and
    /// forms (new, edit, delete, ...), are excluded by rule in <see cref="WhyNotCounted"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Excluded { get; } = new Dictionary<string, string>
    {
        ["/health"] = "liveness: one constant query",
        ["/api/v1/reports"] = "the names of the reports: no query",
        ["/api/v1/users/me"] = "the caller",
        ["/api/v1/industries"] = "the ISIC table compiled into the app: no query",
        ["/api/v1/import-presets/{entity}"] = "presets compiled into the app",
        ["/api/v1/imports/fields/{entity}"] = "the fields of an entity, compiled into the app",
        ["/api/v1/exports/{entity}"] = "the 400 for an unknown entity",
        ["/api/v1/fit-criteria"] = "one criterion per fit dimension: bounded by the dimensions, not by the data",
        ["/api/v1/care-plans"] = "one plan per account tier: bounded by the tiers",
        ["/api/v1/quote-policy"] = "one settings record",
        ["/api/v1/notification-preferences"] = "one row per event kind: bounded by the kinds",
        ["/api/v1/calendar"] = "one year of the plant calendar",
        ["/api/v1/calendar/working-days"] = "one settings record",
        ["/api/v1/quotes/compare"] = "two quotes side by side",
        ["/api/v1/opportunities/{id:long}/gate"] = "one pursuit's gate (the board counts every criterion's query)",
        ["/api/v1/opportunities/{id:long}/route"] = "one pursuit's route decision",
        ["/api/v1/opportunities/{id:long}/needs"] = "one pursuit's needs",
        ["/api/v1/opportunities/{id:long}/negotiation"] = "one pursuit's negotiation (terms of one deal)",
        ["/api/v1/opportunities/{id:long}/trials"] = "one pursuit's trial plan",
        ["/api/v1/opportunities/{id:long}/contract-draft"] = "one pursuit's contract draft",
        ["/api/v1/accounts/{id:long}/fit"] = "one account's fit explanation",
        ["/api/v1/accounts/{id:long}/care"] = "one account's care status",
        ["/api/v1/accounts/{accountId:long}/health"] = "one account's health",
        ["/api/v1/accounts/{accountId:long}/share-of-wallet"] = "one account's share of wallet",
        ["/api/v1/accounts/{accountId:long}/opening-signal"] = "one account's opening signal",
        ["/api/v1/products/{id:long}/capacity"] = "one product's weeks",
        ["/api/v1/quotes/{id:long}/document.pdf"] = "one quote's document",
        ["/error/{code:int?}"] = "the error page",
        ["/admin/calendar"] = "the calendar page (/calendar, counted) under the admin address",
        ["/admin/applications/{id:long?}"] = "the form of one application (the list is /admin/industries, counted)",
        ["/accounts/{id:long}/fit"] = "one account's fit explanation",
        ["/opportunities/{id:long}/needs"] = "the needs form of one pursuit",
        ["/opportunities/{id:long}/negotiation"] = "the negotiation form of one pursuit",
        ["/opportunities/{id:long}/route"] = "the route form of one pursuit",
        ["/products/{id:long}/capacity"] = "one product's weeks",
        ["/culture"] = "switches the language",
        ["/login"] = "a form",
        ["/logout"] = "a form",
        ["/account/password"] = "a form",
        ["/admin/email"] = "the e-mail settings form",
        ["/admin/quote-policy"] = "one settings form",
        ["/settings/notifications"] = "one row per event kind: bounded by the kinds",
        ["/duplicates/merge"] = "two records side by side",
        ["/quotes/compare"] = "two quotes side by side",
        ["/imports/map"] = "the column mapping of one upload",
        ["/opportunities/{id:long}/needs/references"] = "one pursuit's reference choices (the reference list itself is counted)",
    };

    /// <summary>Why a GET endpoint is not in the catalogue, or null when it should be.</summary>
    public static string? WhyNotCounted(string route)
    {
        if (Excluded.TryGetValue(route, out var reason))
        {
            return reason;
        }
        if (route.StartsWith("/openapi", StringComparison.Ordinal) || route.StartsWith("/scalar", StringComparison.Ordinal)
            || route.StartsWith("/api/reference", StringComparison.Ordinal) || route.StartsWith("/lib/", StringComparison.Ordinal))
        {
            return "the API's own description, or a static file";
        }
        var last = route[(route.LastIndexOf('/') + 1)..];
        if (last.Contains('.', StringComparison.Ordinal) && !last.Contains('{', StringComparison.Ordinal))
        {
            return "a static file";
        }
        if (last is "new" or "edit" or "delete" or "remove" or "add" or "refresh" or "link" or "result" or "document" or "document.pdf")
        {
            return "a form or a document of one record";
        }
        if (last == "history")
        {
            // One use case (GetHistory) serves every record's history; counted on the account's.
            return "the audit history of one record: the same GetHistory as /api/v1/accounts/{id:long}/history";
        }
        if (last.StartsWith('{'))
        {
            return "one record";
        }
        return null;
    }
}
