using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Orders;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Security;

/// <summary>The callers of the matrix: every role, with rep A and manager A in team A.</summary>
public enum Caller
{
    Anonymous,
    Admin,
    ManagerA,
    RepA,
    Quality,
    Product,
    Viewer,
}

/// <summary>
/// What a foreign record's marker says about it, so a body can be searched for what the caller
/// must not read: an account (and its people), a pursuit's title, sales data, operations
/// (incidents, trials, orders) and product requests.
/// </summary>
public enum MarkerKind
{
    Account,
    Pursuit,
    Sales,
    Operations,
    Request,
}

/// <summary>
/// Two teams and one of every record the routes name, made once per provider for the matrix:
/// side "own" at account A (rep A owns it, manager A manages team A) and side "foreign" at
/// account B (rep B in team B). Every text of a foreign record carries <see cref="Marker"/>.
/// </summary>
public sealed class AccessFixture
{
    private static readonly Dictionary<Provider, Lazy<Task<AccessFixture>>> Made = [];

    public required Dictionary<Caller, TestUser> Users { get; init; }

    public required TestUser RepB { get; init; }

    /// <summary>The records at account A, by kind (account, contact, opportunity, ...).</summary>
    public required Dictionary<string, long> Own { get; init; }

    /// <summary>The same kinds of records at account B.</summary>
    public required Dictionary<string, long> Foreign { get; init; }

    /// <summary>Records of nobody's account (products, pipelines, webhooks, ...) and text values (currency, tier).</summary>
    public required Dictionary<string, string> Global { get; init; }

    /// <summary>Unique to this fixture; foreign records carry "{Marker}-{kind}".</summary>
    public required string Marker { get; init; }

    /// <summary>When the fixture was complete: audit entries after it come from the matrix.</summary>
    public required DateTime ReadyAt { get; init; }

    public string MarkerOf(MarkerKind kind) => $"{Marker}-{kind.ToString().ToLowerInvariant()}";

    public static Task<AccessFixture> OfAsync(TestApp app)
    {
        lock (Made)
        {
            if (!Made.TryGetValue(app.Provider, out var made))
            {
                made = new Lazy<Task<AccessFixture>>(() => MakeAsync(app));
                Made[app.Provider] = made;
            }
            return made.Value;
        }
    }

    private static async Task<AccessFixture> MakeAsync(TestApp app)
    {
        var teamA = TestApp.NewTeam();
        var teamB = TestApp.NewTeam();
        var users = new Dictionary<Caller, TestUser>
        {
            [Caller.Admin] = await app.CreateUserAsync(Role.Admin),
            [Caller.ManagerA] = await app.CreateUserAsync(Role.Manager, teamA),
            [Caller.RepA] = await app.CreateUserAsync(Role.Rep, teamA),
            [Caller.Quality] = await app.CreateUserAsync(Role.Quality),
            [Caller.Product] = await app.CreateUserAsync(Role.Product),
            [Caller.Viewer] = await app.CreateUserAsync(Role.Viewer),
        };
        await app.CreateUserAsync(Role.Manager, teamB);
        var repB = await app.CreateUserAsync(Role.Rep, teamB);
        var marker = "FOREIGN" + Guid.NewGuid().ToString("N")[..8];

        // The helpers of the other modules make what both sides share: a product to order and
        // trial, a competitor, and the admin's records of nobody's account.
        using var admin = app.Client(users[Caller.Admin]);
        using var quality = app.Client(users[Caller.Quality]);
        var product = await app.NewOrderProductAsync(5, 1000m, listPrice: 1500m);
        var competitor = (await admin.CreateAsync("/api/v1/competitors", new { name = "Matrix rival " + marker })).Id();
        var global = new Dictionary<string, string>
        {
            ["product"] = Id(product),
            ["competitor"] = Id(competitor),
            // Not a caller: resetting a password (no If-Match) really ends that user's tokens.
            ["user"] = Id((await app.CreateUserAsync(Role.Rep)).Id),
            ["webhook"] = Id((await admin.CreateAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/matrix", events = new[] { "incidentOpened" } })).Id()),
            ["pipeline"] = Id((await admin.GetJsonAsync("/api/v1/pipelines"))["items"]![0]!.Id()),
            ["application"] = Id((await admin.GetJsonAsync("/api/v1/applications"))["items"]![0]!.Id()),
            ["holiday"] = Id((await admin.GetJsonAsync("/api/v1/calendar"))["holidays"]![0]!.Id()),
            ["currency"] = (await admin.GetJsonAsync("/api/v1/exchange-rates"))["items"]!.AsArray().FirstOrDefault()?["currency"]?.GetValue<string>() ?? "USD",
            ["tier"] = "strategic",
            ["step"] = "D3",
            ["entity"] = "accounts",
            ["unknownEntity"] = "nothing",
            ["name"] = "funnel",
            // Records no one has: the routes answer 404 to everyone allowed to ask.
            ["notification"] = "999999999",
            ["webhookDelivery"] = "999999999",
        };

        var own = await SideAsync(app, app.Client(users[Caller.RepA]), quality, product, competitor, "Own " + Guid.NewGuid().ToString("N")[..6], k => "");
        var foreign = await SideAsync(app, app.Client(repB), quality, product, competitor, "Foreign", k => $" {marker}-{k.ToString().ToLowerInvariant()}");
        // A pursuit's needs cite cases at other customers. A case names its customer to every
        // sales role, so A's needs cite a case at a third customer, not at B.
        var third = await admin.CreateAsync("/api/v1/accounts", new { name = "Third customer " + Guid.NewGuid().ToString("N")[..6], status = "customer" });
        var thirdCase = (await admin.CreateAsync("/api/v1/references", new { accountId = third.Id(), title = "Third case" })).Id();
        await AttachAsync(app.Client(users[Caller.RepA]), own, thirdCase);
        await AttachAsync(app.Client(repB), foreign, own["reference"]);
        return new AccessFixture
        {
            Users = users,
            RepB = repB,
            Own = own,
            Foreign = foreign,
            Global = global,
            Marker = marker,
            ReadyAt = DateTime.UtcNow,
        };
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Day(int offset) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>One account with every kind of child record, made by its owner (the rep) through the API.</summary>
    private static async Task<Dictionary<string, long>> SideAsync(TestApp app, HttpClient rep, HttpClient quality, long product, long competitor, string name,
        Func<MarkerKind, string> mark)
    {
        var r = new Dictionary<string, long>();
        var account = await rep.CreateAsync("/api/v1/accounts", new { name = name + " account" + mark(MarkerKind.Account), status = "customer" });
        r["account"] = account.Id();
        r["contact"] = (await rep.CreateAsync("/api/v1/contacts", new { accountId = r["account"], name = "Buyer" + mark(MarkerKind.Account) })).Id();
        r["opportunity"] = (await rep.CreateAsync("/api/v1/opportunities", new { accountId = r["account"], title = "Deal" + mark(MarkerKind.Pursuit) })).Id();
        var opportunity = $"/api/v1/opportunities/{r["opportunity"]}";
        r["member"] = (await rep.CreateAsync(opportunity + "/buying-center", new { contactId = r["contact"], pains = "Pains" + mark(MarkerKind.Sales) })).Id();
        r["feedback"] = (await rep.CreateAsync(opportunity + "/feedback", new { category = "price", text = "Too dear" + mark(MarkerKind.Sales) })).Id();
        r["term"] = (await rep.CreateAsync(opportunity + "/negotiation/terms",
            new { kind = "price", unit = "KRW/pcs", opening = 1200m, target = 1100m, walkAway = 1000m, notes = "Term" + mark(MarkerKind.Sales) })).Id();
        r["offer"] = (await rep.CreateAsync(opportunity + "/negotiation/offers", new { termId = r["term"], side = "theirs", value = 1050m, note = "Offer" + mark(MarkerKind.Sales) })).Id();
        r["concession"] = (await rep.CreateAsync(opportunity + "/negotiation/concessions", new { gave = "Samples" + mark(MarkerKind.Sales) })).Id();
        r["phase"] = (await rep.CreateAsync(opportunity + "/trials",
            new { kind = "pilot", scope = new { productIds = new[] { product }, lines = new[] { "Line 1" } }, notes = "Pilot" + mark(MarkerKind.Operations) })).Id();
        r["finding"] = (await quality.CreateAsync($"/api/v1/trials/{r["phase"]}/findings", new { text = "Finding" + mark(MarkerKind.Operations), severity = "minor" })).Id();
        // Every sales role reads every reference case: its title carries no marker.
        r["reference"] = (await rep.CreateAsync("/api/v1/references", new { accountId = r["account"], title = name + " case" })).Id();
        r["quote"] = (await rep.CreateAsync("/api/v1/quotes", new
        {
            opportunityId = r["opportunity"],
            currency = "KRW",
            validUntil = Day(30),
            lines = new[] { new { productId = product, quantity = 10m, unitPrice = new { amount = 1400m }, discountPercent = 0m } },
            valuePropositions = Array.Empty<object>(),
        })).Id();
        r["contract"] = (await rep.CreateAsync("/api/v1/contracts", new
        {
            accountId = r["account"],
            number = "C-" + Guid.NewGuid().ToString("N")[..8],
            startsOn = Day(0),
            endsOn = Day(364),
            currency = "KRW",
            terms = "Terms" + mark(MarkerKind.Sales),
        })).Id();
        var order = await rep.CreateAsync("/api/v1/orders", new
        {
            accountId = r["account"],
            kind = "spot",
            customerReference = "PO" + mark(MarkerKind.Operations),
            lines = new[] { new { productId = product, quantity = 5m, requestedDate = Day(60) } },
        });
        r["order"] = order.Id();
        r["line"] = order["lines"]![0]!.Id();
        r["delivery"] = await DeliveryAsync(app, r["account"], r["order"], r["line"]);
        r["incident"] = (await rep.CreateAsync("/api/v1/incidents", new { accountId = r["account"], title = "Burrs" + mark(MarkerKind.Operations), severity = "minor" })).Id();
        r["activity"] = (await rep.CreateAsync("/api/v1/activities", new { accountId = r["account"], kind = "call", subject = "Call" + mark(MarkerKind.Sales) })).Id();
        r["task"] = (await rep.CreateAsync("/api/v1/tasks", new { accountId = r["account"], title = "Follow up" + mark(MarkerKind.Sales), dueOn = Day(3) })).Id();
        r["share"] = (await rep.CreateAsync($"/api/v1/accounts/{r["account"]}/supplier-shares",
            new { productCategory = "Valves" + mark(MarkerKind.Sales), supplier = "us", sharePercent = 30m, asOf = Day(-10) })).Id();
        r["event"] = (await rep.CreateAsync($"/api/v1/accounts/{r["account"]}/incumbent-events",
            new { competitorId = competitor, kind = "lateDelivery", occurredOn = Day(-5), note = "Slip" + mark(MarkerKind.Sales) })).Id();
        r["request"] = (await rep.CreateAsync("/api/v1/product-requests", new { title = "Request" + mark(MarkerKind.Request), accountIds = new[] { r["account"] } })).Id();
        r["move"] = (await rep.CreateAsync("/api/v1/competitor-moves",
            new { competitorId = competitor, kind = "priceCut", title = "Move" + mark(MarkerKind.Sales), accountId = r["account"] })).Id();
        r["mapping"] = (await rep.CreateAsync("/api/v1/import-mappings",
            new { entity = "accounts", name = "Mapping" + mark(MarkerKind.Sales), columns = new Dictionary<string, string> { ["Name"] = "name" } })).Id();
        r["merge"] = await MergeAsync(rep, name + " twin" + mark(MarkerKind.Account));
        r["import"] = await ImportAsync(rep, "Imported" + mark(MarkerKind.Sales));
        return r;
    }

    private static async Task AttachAsync(HttpClient rep, Dictionary<string, long> side, long reference)
    {
        side["needsReference"] = reference;
        var path = $"/api/v1/opportunities/{side["opportunity"]}/needs/references";
        await (await rep.PostJsonAsync(path, new { referenceId = side["needsReference"] })).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>A delivery of the line, written straight to the database (recording one needs a confirmed order).</summary>
    private static async Task<long> DeliveryAsync(TestApp app, long accountId, long orderId, long lineId)
    {
        await using var db = app.OpenDb();
        var recordedBy = await db.Orders.Where(o => o.Id == orderId).Select(o => o.CreatedById).SingleAsync();
        var delivery = new Delivery { AccountId = accountId, OrderId = orderId, OrderLineId = lineId, Quantity = 1m, DeliveredOn = DateOnly.FromDateTime(DateTime.UtcNow), RecordedById = recordedBy };
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery.Id;
    }

    /// <summary>Two accounts of the rep merged into one: the merge the undo route names.</summary>
    private static async Task<long> MergeAsync(HttpClient rep, string name)
    {
        var survivor = await rep.CreateAsync("/api/v1/accounts", new { name });
        var merged = await rep.CreateAsync("/api/v1/accounts", new { name = name + " (copy)" });
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/accounts/{survivor.Id()}/merge") { Content = System.Net.Http.Json.JsonContent.Create(new { mergedId = merged.Id() }) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{survivor["version"]!.GetValue<long>()}\"");
        var response = await rep.SendAsync(request);
        await response.ExpectAsync(HttpStatusCode.OK);
        var merge = (await rep.GetJsonAsync($"/api/v1/merges?accountId={survivor.Id()}"))["items"]![0]!.Id();
        // Undone at once, so that an allowed undo in the matrix is refused (409) and writes nothing.
        await (await rep.PostJsonAsync($"/api/v1/merges/{merge}/undo", new { })).ExpectAsync(HttpStatusCode.OK);
        return merge;
    }

    /// <summary>An import of one account row without a name: the job ends with an error report.</summary>
    private static async Task<long> ImportAsync(HttpClient rep, string text)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"name,country\r\n,{text}\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "matrix.csv");
        var upload = await rep.PostAsync("/api/v1/imports/files", content);
        await upload.ExpectAsync(HttpStatusCode.OK);
        var stored = await upload.JsonAsync();
        var started = await rep.PostJsonAsync("/api/v1/imports", new
        {
            entity = "accounts",
            storedFile = stored["storedFile"]!.GetValue<string>(),
            fileName = stored["fileName"]!.GetValue<string>(),
            mapping = new Dictionary<string, string> { ["name"] = "name", ["country"] = "country" },
        });
        await started.ExpectAsync(HttpStatusCode.Accepted);
        var id = (await started.JsonAsync()).Id();
        var until = DateTime.UtcNow.AddSeconds(60);
        while ((await rep.GetJsonAsync($"/api/v1/imports/{id}"))["status"]!.GetValue<string>() is "pending" or "running" && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }
        return id;
    }
}
