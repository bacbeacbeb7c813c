using System.Text.RegularExpressions;

namespace Bridgehead.Tests.Security;

/// <summary>The side of a call: a record of the caller's own account (A), or of the foreign account B.</summary>
public enum Scope
{
    Own,
    Foreign,
}

/// <summary>What a call must answer.</summary>
public enum Outcome
{
    Allowed,
    Unauthorized,
    Forbidden,
    NotFound,

    /// <summary>403 or 404: the role may never, and the record is not the caller's to see either.</summary>
    Denied,
}

/// <summary>
/// A named access rule from CONTRACT.md's roles. <paramref name="Own"/> and <paramref name="Foreign"/>
/// spell the outcome per caller in the order admin, manager A, rep A, quality, product, viewer:
/// A allowed, 3 forbidden (403), 4 not found (404), x either (the role may never and the record is not theirs).
/// Foreign applies where the route names a record of an account.
/// </summary>
public sealed record Rule(string Name, string Own, string? Foreign = null, bool Public = false)
{
    private static readonly Caller[] Order = [Caller.Admin, Caller.ManagerA, Caller.RepA, Caller.Quality, Caller.Product, Caller.Viewer];

    public Outcome Expect(Caller caller, Scope scope)
    {
        var codes = scope == Scope.Foreign ? Foreign ?? throw new InvalidOperationException($"Rule '{Name}' has no foreign outcomes.") : Own;
        return codes[Array.IndexOf(Order, caller)] switch
        {
            'A' => Outcome.Allowed,
            '3' => Outcome.Forbidden,
            '4' => Outcome.NotFound,
            'x' => Outcome.Denied,
            var c => throw new InvalidOperationException($"Rule '{Name}': unknown code '{c}'."),
        };
    }
}

/// <summary>One endpoint: "METHOD /pattern" (constraints left out), its rule, and where the usual call does not fit, the query, the statuses an allowed call answers, or the path.</summary>
/// <param name="Shows">What of account B the entry shows by design to those who may not open the account (a reference case names its customer).</param>
public sealed record Entry(string Key, Rule Rule, string? Query = null, int[]? Ok = null, string? Path = null, MarkerKind[]? Shows = null)
{
    private static readonly int[] WriteAnswers = [200, 201, 202, 204, 400, 409, 412, 415, 422];

    public string Method => Key[..Key.IndexOf(' ', StringComparison.Ordinal)];

    public string Pattern => Path ?? Key[(Key.IndexOf(' ', StringComparison.Ordinal) + 1)..];

    public bool Allows(int status) => (Ok ?? (Method == "GET" ? [200] : WriteAnswers)).Contains(status);

    public string AllowedText => string.Join("/", Ok ?? (Method == "GET" ? [200] : WriteAnswers));
}

/// <summary>The matrix: the access rules and one entry per endpoint.</summary>
public static partial class AccessRules
{
    //                                                                        admin mgrA repA quality product viewer
    public static readonly Rule Public = new("public", "AAAAAA", Public: true);
    public static readonly Rule SignedIn = new("anyone signed in", "AAAAAA");
    public static readonly Rule AdminOnly = new("admin only", "A33333");
    public static readonly Rule AccountsRead = new("accounts and people: every role, reps and managers their own", "AAAAAA", "A44AAA");
    public static readonly Rule SalesRead = new("sales read: not quality or product", "AAA33A", "A4433A");
    public static readonly Rule SalesWrite = new("sales write: not the viewer", "AAA333", "A44333");
    public static readonly Rule ManagersKeep = new("managers and admins keep it", "AA3333");
    public static readonly Rule ApproveDeals = new("a manager of the account's team or an admin decides", "AA3333", "A4x333");
    public static readonly Rule OperationsRead = new("incidents and trials: quality reads all, product none", "AAAA3A", "A44A3A");
    public static readonly Rule OrdersRead = new("orders: quality reads all, product finds none", "AAAA4A", "A44A4A");
    public static readonly Rule OrdersList = new("order lists: quality all, product refused", "AAAA3A");
    public static readonly Rule DealsRead = new("quotes and contracts: quality and product find none", "AAA44A", "A4444A");
    public static readonly Rule IncidentWrite = new("incidents: quality, admin, and reps and managers at their accounts", "AAAA33", "A44A33");
    public static readonly Rule QualityActs = new("8D actions: quality and admin", "A33A33", "AxxA33");
    public static readonly Rule TrialRecord = new("trial phases: sales writers plan, quality records", "AAAA33", "A44A33");
    public static readonly Rule RequestsRead = new("product requests: not quality", "AAA3AA", "A443AA");
    public static readonly Rule RequestsList = new("product request lists: not quality", "AAA3AA");
    public static readonly Rule RequestsWording = new("request wording: sales writers who see it, and product", "AAA3A3", "A443A3");
    public static readonly Rule RequestsRun = new("request status and merges: product and admin", "A333A3", "Axx3A3");
    public static readonly Rule StarterOnly = new("imports and saved mappings: the author and admins", "A4A333", "A44333");
    public static readonly Rule ReferencesRead = new("references: every sales role reads every case", "AAA33A", "AAA33A");
    public static readonly Rule ReferencesWrite = new("references: sales writers at customers they see", "AAA333", "A33333");
    public static readonly Rule RequestsDelete = new("deleting a request: whoever raised it, product and admin", "A3A3A3", "Axx3A3");
    public static readonly Rule KeepTasks = new("tasks: everyone but the viewer", "AAAAA3");
    public static readonly Rule TasksRead = new("tasks: quality and product keep only their own", "AAA44A", "A4444A");
    public static readonly Rule TasksKeep = new("tasks: everyone but the viewer, at the tasks they see", "AAA443", "A44443");

    private static Entry E(string key, Rule rule, string? query = null, int[]? ok = null, string? path = null, MarkerKind[]? shows = null) =>
        new(key, rule, query, ok, path, shows);

    public static readonly Entry[] Table =
    [
        // Outside /api/v1
        E("GET /health", Public),
        E("GET /openapi/{documentName}.json", Public, path: "/openapi/v1.json"),
        E("GET /api/reference/{documentName?}", Public, path: "/api/reference/"),
        E("GET /api/reference/favicon.svg", Public),
        E("GET /api/reference/scalar.aspnetcore.js", Public),
        E("GET /api/reference/scalar.js", Public),

        // Identity
        E("POST /api/v1/auth/token", Public, ok: [400, 401, 422]),
        E("GET /api/v1/users/me", SignedIn),
        E("GET /api/v1/users", SignedIn),
        E("POST /api/v1/users", AdminOnly),
        E("GET /api/v1/users/{id}", SignedIn),
        E("PATCH /api/v1/users/{id}", AdminOnly),
        E("POST /api/v1/users/{id}/reset-password", AdminOnly),
        E("GET /api/v1/users/{id}/history", AdminOnly),
        E("GET /api/v1/teams", SignedIn),

        // Accounts and contacts
        E("GET /api/v1/accounts", AccountsRead),
        E("GET /api/v1/accounts/{id}", AccountsRead),
        E("POST /api/v1/accounts", SalesWrite),
        E("PATCH /api/v1/accounts/{id}", SalesWrite),
        E("DELETE /api/v1/accounts/{id}", SalesWrite),
        E("GET /api/v1/accounts/{id}/history", AccountsRead),
        E("GET /api/v1/accounts/{id}/fit", AccountsRead),
        E("GET /api/v1/contacts", AccountsRead),
        E("GET /api/v1/contacts/{id}", AccountsRead),
        E("POST /api/v1/contacts", SalesWrite),
        E("PATCH /api/v1/contacts/{id}", SalesWrite),
        E("DELETE /api/v1/contacts/{id}", SalesWrite),
        E("GET /api/v1/contacts/{id}/history", AccountsRead),
        E("GET /api/v1/search", AccountsRead, query: "q={marker}"),

        // Duplicates and merges
        E("GET /api/v1/duplicates/accounts", SalesRead),
        E("GET /api/v1/duplicates/contacts", SalesRead),
        E("POST /api/v1/accounts/{id}/merge", SalesWrite),
        E("POST /api/v1/contacts/{id}/merge", SalesWrite),
        E("GET /api/v1/merges", SalesRead),
        E("POST /api/v1/merges/{id}/undo", SalesWrite),

        // Health, care, fit, share of wallet
        E("GET /api/v1/accounts/{accountId}/health", SalesRead),
        E("POST /api/v1/accounts/{accountId}/health/refresh", SalesWrite),
        E("GET /api/v1/care-plans", SalesRead),
        E("PUT /api/v1/care-plans/{tier}", AdminOnly),
        E("GET /api/v1/care", SalesRead),
        E("GET /api/v1/accounts/{id}/care", SalesRead),
        E("GET /api/v1/fit-criteria", SignedIn),
        E("PUT /api/v1/fit-criteria", AdminOnly),
        E("GET /api/v1/accounts/{accountId}/supplier-shares", SalesRead),
        E("GET /api/v1/accounts/{accountId}/supplier-shares/{shareId}", SalesRead),
        E("POST /api/v1/accounts/{accountId}/supplier-shares", SalesWrite),
        E("PATCH /api/v1/accounts/{accountId}/supplier-shares/{shareId}", SalesWrite),
        E("DELETE /api/v1/accounts/{accountId}/supplier-shares/{shareId}", SalesWrite),
        E("GET /api/v1/accounts/{accountId}/supplier-shares/{shareId}/history", SalesRead),
        E("GET /api/v1/accounts/{accountId}/share-of-wallet", SalesRead),
        E("GET /api/v1/accounts/{accountId}/incumbent-events", SalesRead),
        E("GET /api/v1/accounts/{accountId}/incumbent-events/{eventId}", SalesRead),
        E("POST /api/v1/accounts/{accountId}/incumbent-events", SalesWrite),
        E("PATCH /api/v1/accounts/{accountId}/incumbent-events/{eventId}", SalesWrite),
        E("DELETE /api/v1/accounts/{accountId}/incumbent-events/{eventId}", SalesWrite),
        E("GET /api/v1/accounts/{accountId}/incumbent-events/{eventId}/history", SalesRead),
        E("GET /api/v1/accounts/{accountId}/opening-signal", SalesRead),
        E("GET /api/v1/reports/openings", SalesRead),

        // Activities and tasks
        E("GET /api/v1/activities", SalesRead),
        E("GET /api/v1/activities/{id}", SalesRead),
        E("POST /api/v1/activities", SalesWrite),
        E("PATCH /api/v1/activities/{id}", SalesWrite),
        E("DELETE /api/v1/activities/{id}", SalesWrite),
        E("GET /api/v1/activities/{id}/history", SalesRead),
        E("GET /api/v1/tasks", SignedIn),
        E("GET /api/v1/tasks/{id}", TasksRead),
        E("POST /api/v1/tasks", KeepTasks),
        E("PATCH /api/v1/tasks/{id}", TasksKeep),
        E("DELETE /api/v1/tasks/{id}", TasksKeep),
        E("GET /api/v1/tasks/{id}/history", TasksRead),

        // Pursuits
        E("GET /api/v1/opportunities", SalesRead),
        E("GET /api/v1/opportunities/{id}", SalesRead),
        E("POST /api/v1/opportunities", SalesWrite),
        E("PATCH /api/v1/opportunities/{id}", SalesWrite),
        E("DELETE /api/v1/opportunities/{id}", SalesWrite),
        E("GET /api/v1/opportunities/{id}/gate", SalesRead),
        E("POST /api/v1/opportunities/{id}/advance", SalesWrite),
        E("POST /api/v1/opportunities/{id}/close", SalesWrite),
        E("POST /api/v1/opportunities/{id}/reopen", SalesWrite),
        E("GET /api/v1/opportunities/{id}/stage-history", SalesRead),
        E("GET /api/v1/opportunities/{id}/history", SalesRead),
        E("GET /api/v1/opportunities/{id}/route", SalesRead),
        E("POST /api/v1/opportunities/{id}/route", SalesWrite),
        E("GET /api/v1/partner-accounts", SalesRead),
        E("GET /api/v1/process", SalesRead),
        E("GET /api/v1/pipelines", SignedIn),
        E("GET /api/v1/pipelines/{id}", SignedIn),
        E("POST /api/v1/pipelines", AdminOnly),
        E("PATCH /api/v1/pipelines/{id}", AdminOnly),
        E("DELETE /api/v1/pipelines/{id}", AdminOnly),
        E("GET /api/v1/opportunities/{id}/buying-center", SalesRead),
        E("GET /api/v1/opportunities/{id}/buying-center/{memberId}", SalesRead),
        E("POST /api/v1/opportunities/{id}/buying-center", SalesWrite),
        E("PATCH /api/v1/opportunities/{id}/buying-center/{memberId}", SalesWrite),
        E("DELETE /api/v1/opportunities/{id}/buying-center/{memberId}", SalesWrite),
        E("GET /api/v1/opportunities/{id}/buying-center/{memberId}/history", SalesRead),
        E("GET /api/v1/opportunities/{id}/needs", SalesRead),
        E("PUT /api/v1/opportunities/{id}/needs", SalesWrite),
        E("GET /api/v1/opportunities/{id}/needs/history", SalesRead),
        E("POST /api/v1/opportunities/{id}/needs/references", SalesWrite),
        E("DELETE /api/v1/opportunities/{id}/needs/references/{referenceId}", SalesWrite, path: "/api/v1/opportunities/{id}/needs/references/{needsReferenceId}"),
        E("GET /api/v1/opportunities/{id}/feedback", SalesRead),
        E("GET /api/v1/opportunities/{id}/feedback/{feedbackId}", SalesRead),
        E("POST /api/v1/opportunities/{id}/feedback", SalesWrite),
        E("PATCH /api/v1/opportunities/{id}/feedback/{feedbackId}", SalesWrite),
        E("DELETE /api/v1/opportunities/{id}/feedback/{feedbackId}", SalesWrite),
        E("GET /api/v1/opportunities/{id}/feedback/{feedbackId}/history", SalesRead),
        E("GET /api/v1/opportunities/{id}/negotiation", SalesRead),
        E("GET /api/v1/opportunities/{id}/negotiation/terms/{termId}", SalesRead),
        E("POST /api/v1/opportunities/{id}/negotiation/terms", SalesWrite),
        E("PATCH /api/v1/opportunities/{id}/negotiation/terms/{termId}", SalesWrite),
        E("DELETE /api/v1/opportunities/{id}/negotiation/terms/{termId}", SalesWrite),
        E("GET /api/v1/opportunities/{id}/negotiation/terms/{termId}/history", SalesRead),
        E("POST /api/v1/opportunities/{id}/negotiation/terms/{termId}/exception/approve", ApproveDeals),
        E("POST /api/v1/opportunities/{id}/negotiation/terms/{termId}/exception/reject", ApproveDeals),
        E("GET /api/v1/opportunities/{id}/negotiation/offers/{offerId}", SalesRead),
        E("POST /api/v1/opportunities/{id}/negotiation/offers", SalesWrite),
        E("PATCH /api/v1/opportunities/{id}/negotiation/offers/{offerId}", SalesWrite),
        E("DELETE /api/v1/opportunities/{id}/negotiation/offers/{offerId}", SalesWrite),
        E("GET /api/v1/opportunities/{id}/negotiation/offers/{offerId}/history", SalesRead),
        E("POST /api/v1/opportunities/{id}/negotiation/offers/{offerId}/approve", ApproveDeals),
        E("POST /api/v1/opportunities/{id}/negotiation/offers/{offerId}/reject", ApproveDeals),
        E("GET /api/v1/opportunities/{id}/negotiation/concessions/{concessionId}", SalesRead),
        E("POST /api/v1/opportunities/{id}/negotiation/concessions", SalesWrite),
        E("PATCH /api/v1/opportunities/{id}/negotiation/concessions/{concessionId}", SalesWrite),
        E("DELETE /api/v1/opportunities/{id}/negotiation/concessions/{concessionId}", SalesWrite),
        E("GET /api/v1/opportunities/{id}/negotiation/concessions/{concessionId}/history", SalesRead),
        E("GET /api/v1/opportunities/{id}/contract-draft", SalesRead),
        E("GET /api/v1/opportunities/{id}/reference-matches", SalesRead),

        // Trials
        E("GET /api/v1/opportunities/{id}/trials", OperationsRead),
        E("POST /api/v1/opportunities/{id}/trials", SalesWrite),
        E("GET /api/v1/trials", OperationsRead),
        E("GET /api/v1/trials/{phaseId}", OperationsRead),
        E("PATCH /api/v1/trials/{phaseId}", TrialRecord),
        E("DELETE /api/v1/trials/{phaseId}", SalesWrite),
        E("GET /api/v1/trials/{phaseId}/history", OperationsRead),
        E("POST /api/v1/trials/{phaseId}/findings", TrialRecord),
        E("GET /api/v1/trial-findings/{findingId}", OperationsRead),
        E("PATCH /api/v1/trial-findings/{findingId}", QualityActs),
        E("DELETE /api/v1/trial-findings/{findingId}", TrialRecord),
        E("GET /api/v1/trial-findings/{findingId}/history", OperationsRead),

        // Competitors and the market watch
        E("GET /api/v1/competitors", SalesRead),
        E("GET /api/v1/competitors/{id}", SalesRead),
        E("POST /api/v1/competitors", SalesWrite),
        E("PATCH /api/v1/competitors/{id}", SalesWrite),
        E("DELETE /api/v1/competitors/{id}", ManagersKeep),
        E("GET /api/v1/competitor-moves", SalesRead),
        E("GET /api/v1/competitor-moves/{id}", SalesRead),
        E("POST /api/v1/competitor-moves", SalesWrite),
        E("PATCH /api/v1/competitor-moves/{id}", SalesWrite),
        E("DELETE /api/v1/competitor-moves/{id}", SalesWrite),
        E("GET /api/v1/competitor-moves/{id}/history", SalesRead),

        // References
        E("GET /api/v1/references", ReferencesRead),
        E("GET /api/v1/references/{id}", ReferencesRead, shows: [MarkerKind.Account]),
        E("POST /api/v1/references", SalesWrite),
        E("PATCH /api/v1/references/{id}", ReferencesWrite),
        E("DELETE /api/v1/references/{id}", ReferencesWrite),
        E("GET /api/v1/references/{id}/history", ReferencesRead),

        // Product requests
        E("GET /api/v1/product-requests", RequestsList),
        E("GET /api/v1/product-requests/{id}", RequestsRead),
        E("POST /api/v1/product-requests", SalesWrite),
        E("PATCH /api/v1/product-requests/{id}", RequestsWording),
        E("DELETE /api/v1/product-requests/{id}", RequestsDelete),
        E("POST /api/v1/product-requests/{id}/links", SalesWrite),
        E("DELETE /api/v1/product-requests/{id}/links/opportunities/{opportunityId}", SalesWrite),
        E("DELETE /api/v1/product-requests/{id}/links/accounts/{accountId}", SalesWrite),
        E("POST /api/v1/product-requests/{id}/status", RequestsRun),
        E("POST /api/v1/product-requests/{id}/merge", RequestsRun),
        E("GET /api/v1/product-requests/{id}/history", RequestsRead),

        // Products, capacity and the calendar
        E("GET /api/v1/products", SignedIn),
        E("GET /api/v1/products/{id}", SignedIn),
        E("GET /api/v1/products/{id}/history", SignedIn),
        E("POST /api/v1/products", ManagersKeep),
        E("PATCH /api/v1/products/{id}", ManagersKeep),
        E("DELETE /api/v1/products/{id}", ManagersKeep),
        E("GET /api/v1/products/{id}/capacity", SignedIn),
        E("GET /api/v1/calendar", SignedIn),
        E("GET /api/v1/calendar/working-days", SignedIn),
        E("GET /api/v1/calendar/working-days/history", SignedIn),
        E("PUT /api/v1/calendar/working-days", AdminOnly),
        E("GET /api/v1/calendar/holidays/{id}", SignedIn),
        E("GET /api/v1/calendar/holidays/{id}/history", SignedIn),
        E("POST /api/v1/calendar/holidays", AdminOnly),
        E("PATCH /api/v1/calendar/holidays/{id}", AdminOnly),
        E("DELETE /api/v1/calendar/holidays/{id}", AdminOnly),
        E("POST /api/v1/calendar/preload", AdminOnly),
        E("GET /api/v1/industries", SignedIn),
        E("GET /api/v1/applications", SignedIn),
        E("GET /api/v1/applications/{id}", SignedIn),
        E("POST /api/v1/applications", AdminOnly),
        E("PATCH /api/v1/applications/{id}", AdminOnly),
        E("DELETE /api/v1/applications/{id}", AdminOnly),
        E("GET /api/v1/exchange-rates", SignedIn),
        E("PUT /api/v1/exchange-rates", AdminOnly),
        E("GET /api/v1/exchange-rates/{currency}", SignedIn, ok: [200, 404]),
        E("PUT /api/v1/exchange-rates/{currency}", AdminOnly, ok: [400, 404, 412, 422]),
        E("DELETE /api/v1/exchange-rates/{currency}", AdminOnly, ok: [404, 412]),

        // Quotes and contracts
        E("GET /api/v1/quotes", SalesRead),
        E("GET /api/v1/quotes/{id}", DealsRead),
        E("GET /api/v1/quotes/{id}/document.pdf", DealsRead, ok: [200, 503]),
        E("GET /api/v1/quotes/{id}/history", DealsRead),
        E("GET /api/v1/quotes/compare", SalesRead, ok: [200, 400, 404, 422]),
        E("POST /api/v1/quotes", SalesWrite),
        E("PATCH /api/v1/quotes/{id}", SalesWrite),
        E("DELETE /api/v1/quotes/{id}", SalesWrite),
        E("POST /api/v1/quotes/{id}/submit", SalesWrite),
        E("POST /api/v1/quotes/{id}/approve", ApproveDeals),
        E("POST /api/v1/quotes/{id}/reject", ApproveDeals),
        E("POST /api/v1/quotes/{id}/send", SalesWrite),
        E("POST /api/v1/quotes/{id}/answer", SalesWrite),
        E("GET /api/v1/quote-policy", SalesRead),
        E("PUT /api/v1/quote-policy", AdminOnly),
        E("GET /api/v1/contracts", SignedIn),
        E("GET /api/v1/contracts/{id}", DealsRead),
        E("GET /api/v1/contracts/{id}/history", DealsRead),
        E("POST /api/v1/contracts", SalesWrite),
        E("PATCH /api/v1/contracts/{id}", SalesWrite),
        E("DELETE /api/v1/contracts/{id}", SalesWrite),

        // Orders and deliveries
        E("GET /api/v1/orders", OrdersList),
        E("GET /api/v1/orders/otif", OrdersList),
        E("GET /api/v1/orders/{id}", OrdersRead),
        E("GET /api/v1/orders/{id}/history", OrdersRead),
        E("POST /api/v1/orders", SalesWrite),
        E("PATCH /api/v1/orders/{id}", SalesWrite),
        E("POST /api/v1/orders/{id}/confirm", SalesWrite),
        E("POST /api/v1/orders/{id}/cancel", SalesWrite),
        E("POST /api/v1/orders/{id}/lines/{lineId}/deliveries", SalesWrite),
        E("GET /api/v1/deliveries/{id}", OrdersRead),
        E("DELETE /api/v1/deliveries/{id}", SalesWrite),
        E("POST /api/v1/orders/promise", OrdersList),

        // Incidents
        E("GET /api/v1/incidents", OperationsRead),
        E("GET /api/v1/incidents/ppm", OperationsRead),
        E("GET /api/v1/incidents/{id}", OperationsRead),
        E("GET /api/v1/incidents/{id}/history", OperationsRead),
        E("POST /api/v1/incidents", IncidentWrite),
        E("PATCH /api/v1/incidents/{id}", IncidentWrite),
        E("POST /api/v1/incidents/{id}/contain", QualityActs),
        E("POST /api/v1/incidents/{id}/escalate", QualityActs),
        E("POST /api/v1/incidents/{id}/verify", QualityActs),
        E("POST /api/v1/incidents/{id}/close", QualityActs),
        E("POST /api/v1/incidents/{id}/reopen", QualityActs),
        E("PATCH /api/v1/incidents/{id}/steps/{step}", QualityActs),

        // Reports, exports, imports
        E("GET /api/v1/reports", SignedIn),
        E("GET /api/v1/reports/{name}", SalesRead),
        E("GET /api/v1/reports/forecast", SalesRead),
        E("GET /api/v1/exports/accounts", AccountsRead, query: "format=xlsx"),
        E("GET /api/v1/exports/contacts", AccountsRead),
        E("GET /api/v1/exports/opportunities", SalesRead),
        E("GET /api/v1/exports/products", SignedIn),
        E("GET /api/v1/exports/orders", OrdersList),
        E("GET /api/v1/exports/{entity}", SignedIn, ok: [400]),
        E("GET /api/v1/imports", SalesWrite),
        E("GET /api/v1/imports/{id}", StarterOnly),
        E("POST /api/v1/imports", SalesWrite),
        E("POST /api/v1/imports/files", SalesWrite),
        E("POST /api/v1/imports/{id}/cancel", StarterOnly),
        E("GET /api/v1/imports/{id}/errors", StarterOnly),
        E("GET /api/v1/imports/fields/{entity}", SalesWrite),
        E("POST /api/v1/imports/automap", SalesWrite),
        E("GET /api/v1/import-presets/{entity}", SalesWrite),
        E("GET /api/v1/import-mappings", SalesWrite),
        E("GET /api/v1/import-mappings/{id}", StarterOnly),
        E("POST /api/v1/import-mappings", SalesWrite),
        E("PATCH /api/v1/import-mappings/{id}", StarterOnly),
        E("DELETE /api/v1/import-mappings/{id}", StarterOnly),

        // Each user's own inbox and choices; webhooks
        E("GET /api/v1/notifications", SignedIn),
        E("POST /api/v1/notifications/{id}/read", SignedIn, ok: [404]),
        E("POST /api/v1/notifications/read-all", SignedIn),
        E("GET /api/v1/notification-preferences", SignedIn),
        E("PUT /api/v1/notification-preferences", SignedIn),
        E("GET /api/v1/webhooks", AdminOnly),
        E("GET /api/v1/webhooks/{id}", AdminOnly),
        E("GET /api/v1/webhooks/{id}/history", AdminOnly),
        E("POST /api/v1/webhooks", AdminOnly),
        E("PATCH /api/v1/webhooks/{id}", AdminOnly),
        E("DELETE /api/v1/webhooks/{id}", AdminOnly),
        E("GET /api/v1/webhooks/{id}/deliveries", AdminOnly),
        E("POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/retry", AdminOnly, ok: [404], path: "/api/v1/webhooks/{id}/deliveries/{webhookDeliveryId}/retry"),
    ];

    /// <summary>"METHOD /pattern" with route constraints and a trailing slash left out.</summary>
    public static string Key(string method, string pattern)
    {
        var path = Constraint().Replace(pattern, "");
        return $"{method} {(path.Length > 1 ? path.TrimEnd('/') : path)}";
    }

    [GeneratedRegex(@":\w+(?=\??\})")]
    private static partial Regex Constraint();
}

/// <summary>One request of the matrix and what it must answer.</summary>
public sealed record Call(Entry Entry, Caller Caller, Scope Scope, Outcome Expected);
