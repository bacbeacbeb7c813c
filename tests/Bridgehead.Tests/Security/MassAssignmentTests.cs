using System.Collections;
using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Security;

public sealed class MassAssignmentTests_Sqlite() : MassAssignmentTests(Provider.Sqlite);

public sealed class MassAssignmentTests_Postgres() : MassAssignmentTests(Provider.Postgres);

/// <summary>
/// A caller sets only what it may: fields the server owns are not part of any body (and the API
/// refuses unknown fields by name), and the fields a body has but not everyone may set are refused
/// by name with the stored value unchanged.
/// </summary>
public abstract class MassAssignmentTests(Provider provider) : AppTests(provider)
{
    /// <summary>Fields the server sets: no body may carry them.</summary>
    private static readonly HashSet<string> ServerOwned =
    [
        "id", "version", "revision", "etag", "createdAt", "updatedAt", "createdById", "createdBy", "updatedById", "updatedBy",
        "closedAt", "stageEnteredAt", "margin", "marginPercent",
        "passwordHash", "securityStamp", "tokenHash", "lockedUntil", "failedSignIns", "decidedById", "approvedById",
    ];

    /// <summary>Fields a body may have but not every caller may set (or set to anything): each must be listed for its endpoint.</summary>
    private static readonly HashSet<string> Sensitive =
    [
        "ownerId", "stage", "status", "tier", "isStrategic", "unitCost", "listPrice", "accountId", "opportunityId",
        "role", "team", "teamId", "isActive", "teamMemberIds", "pipelineId", "contactId", "productId", "accountIds", "opportunityIds",
    ];

    /// <summary>
    /// Every create/update endpoint of the API: the sensitive fields its body has, and where the guard
    /// on each is proven. A new write endpoint fails <see cref="EveryWriteEndpoint_IsListed_AndNoBodyCarriesAServerOwnedField"/> until listed.
    /// </summary>
    private static readonly Dictionary<string, string[]> Guarded = new(StringComparer.Ordinal)
    {
        // Where the guards are proven: ownerId, tier, isStrategic, status on accounts, stage, status, ownerId
        // and accountId on opportunities, accountId on contacts: the tests below; unitCost, role and team:
        // CostsAndRoles_AreNotARepsToSet. Ids of other records (accountId, contactId, opportunityId,
        // productId) must name a record the caller sees: their module's API tests (a 422 naming the field).
        ["PATCH /api/v1/accounts/{accountId}/incumbent-events/{eventId}"] = [],
        ["PATCH /api/v1/accounts/{accountId}/supplier-shares/{shareId}"] = [],
        ["PATCH /api/v1/accounts/{id}"] = ["tier", "status", "ownerId", "teamMemberIds", "isStrategic"],
        ["PATCH /api/v1/activities/{id}"] = ["accountId", "contactId", "opportunityId"],
        ["PATCH /api/v1/applications/{id}"] = [],
        ["PATCH /api/v1/calendar/holidays/{id}"] = [],
        ["PATCH /api/v1/competitor-moves/{id}"] = ["accountId", "opportunityId"],
        ["PATCH /api/v1/competitors/{id}"] = [],
        ["PATCH /api/v1/contacts/{id}"] = ["accountId"],
        ["PATCH /api/v1/contracts/{id}"] = ["accountId", "opportunityId", "lines.productId"],
        ["PATCH /api/v1/import-mappings/{id}"] = [],
        ["PATCH /api/v1/incidents/{id}"] = ["ownerId"],
        ["PATCH /api/v1/incidents/{id}/steps/{step}"] = ["ownerId"],
        ["PATCH /api/v1/opportunities/{id}"] = ["accountId", "pipelineId", "stage", "status", "ownerId"],
        ["PATCH /api/v1/opportunities/{id}/buying-center/{memberId}"] = ["contactId", "role"],
        ["PATCH /api/v1/opportunities/{id}/feedback/{feedbackId}"] = ["contactId", "ownerId", "status"],
        ["PATCH /api/v1/opportunities/{id}/negotiation/concessions/{concessionId}"] = [],
        ["PATCH /api/v1/opportunities/{id}/negotiation/offers/{offerId}"] = [],
        ["PATCH /api/v1/opportunities/{id}/negotiation/terms/{termId}"] = [],
        ["PATCH /api/v1/orders/{id}"] = ["accountId", "lines.productId", "callOffPlan.productId"],
        ["PATCH /api/v1/pipelines/{id}"] = [],
        ["PATCH /api/v1/product-requests/{id}"] = [],
        ["PATCH /api/v1/products/{id}"] = ["unitCost", "listPrice", "isActive"],
        ["PATCH /api/v1/quotes/{id}"] = ["opportunityId", "lines.productId"],
        ["PATCH /api/v1/references/{id}"] = ["accountId"],
        ["PATCH /api/v1/tasks/{id}"] = ["accountId", "contactId", "opportunityId"],
        ["PATCH /api/v1/trial-findings/{findingId}"] = ["status"],
        ["PATCH /api/v1/trials/{phaseId}"] = [],
        ["PATCH /api/v1/users/{id}"] = ["role", "team", "isActive"],
        ["PATCH /api/v1/webhooks/{id}"] = ["isActive"],
        ["POST /api/v1/accounts"] = ["tier", "status", "ownerId", "teamMemberIds", "isStrategic"],
        ["POST /api/v1/accounts/{accountId}/health/refresh"] = [],
        ["POST /api/v1/accounts/{accountId}/incumbent-events"] = [],
        ["POST /api/v1/accounts/{accountId}/supplier-shares"] = [],
        ["POST /api/v1/accounts/{id}/merge"] = [],
        ["POST /api/v1/activities"] = ["accountId", "contactId", "opportunityId"],
        ["POST /api/v1/applications"] = [],
        ["POST /api/v1/auth/token"] = [],
        ["POST /api/v1/calendar/holidays"] = [],
        ["POST /api/v1/calendar/preload"] = [],
        ["POST /api/v1/competitor-moves"] = ["accountId", "opportunityId"],
        ["POST /api/v1/competitors"] = [],
        ["POST /api/v1/contacts"] = ["accountId"],
        ["POST /api/v1/contacts/{id}/merge"] = [],
        ["POST /api/v1/contracts"] = ["accountId", "opportunityId", "lines.productId"],
        ["POST /api/v1/import-mappings"] = [],
        ["POST /api/v1/imports"] = [],
        ["POST /api/v1/imports/automap"] = [],
        ["POST /api/v1/imports/files"] = [],
        ["POST /api/v1/imports/{id}/cancel"] = [],
        ["POST /api/v1/incidents"] = ["accountId", "productId", "ownerId"],
        ["POST /api/v1/incidents/{id}/close"] = [],
        ["POST /api/v1/incidents/{id}/contain"] = [],
        ["POST /api/v1/incidents/{id}/escalate"] = [],
        ["POST /api/v1/incidents/{id}/reopen"] = [],
        ["POST /api/v1/incidents/{id}/verify"] = [],
        ["POST /api/v1/merges/{id}/undo"] = [],
        ["POST /api/v1/notifications/read-all"] = [],
        ["POST /api/v1/notifications/{id}/read"] = [],
        ["POST /api/v1/opportunities"] = ["accountId", "pipelineId", "stage", "status", "ownerId"],
        ["POST /api/v1/opportunities/{id}/advance"] = [],
        ["POST /api/v1/opportunities/{id}/buying-center"] = ["contactId", "role"],
        ["POST /api/v1/opportunities/{id}/close"] = [],
        ["POST /api/v1/opportunities/{id}/feedback"] = ["contactId", "ownerId", "status"],
        ["POST /api/v1/opportunities/{id}/needs/references"] = [],
        ["POST /api/v1/opportunities/{id}/negotiation/concessions"] = [],
        ["POST /api/v1/opportunities/{id}/negotiation/offers"] = [],
        ["POST /api/v1/opportunities/{id}/negotiation/offers/{offerId}/approve"] = [],
        ["POST /api/v1/opportunities/{id}/negotiation/offers/{offerId}/reject"] = [],
        ["POST /api/v1/opportunities/{id}/negotiation/terms"] = [],
        ["POST /api/v1/opportunities/{id}/negotiation/terms/{termId}/exception/approve"] = [],
        ["POST /api/v1/opportunities/{id}/negotiation/terms/{termId}/exception/reject"] = [],
        ["POST /api/v1/opportunities/{id}/reopen"] = [],
        ["POST /api/v1/opportunities/{id}/route"] = ["partners.accountId", "partners.role"],
        ["POST /api/v1/opportunities/{id}/trials"] = [],
        ["POST /api/v1/orders"] = ["accountId", "lines.productId", "callOffPlan.productId"],
        ["POST /api/v1/orders/promise"] = ["lines.productId"],
        ["POST /api/v1/orders/{id}/cancel"] = [],
        ["POST /api/v1/orders/{id}/confirm"] = [],
        ["POST /api/v1/orders/{id}/lines/{lineId}/deliveries"] = [],
        ["POST /api/v1/pipelines"] = [],
        ["POST /api/v1/product-requests"] = ["accountIds", "opportunityIds"],
        ["POST /api/v1/product-requests/{id}/links"] = ["opportunityId", "accountId"],
        ["POST /api/v1/product-requests/{id}/merge"] = [],
        ["POST /api/v1/product-requests/{id}/status"] = ["status", "productId"],
        ["POST /api/v1/products"] = ["unitCost", "listPrice", "isActive"],
        ["POST /api/v1/quotes"] = ["opportunityId", "lines.productId"],
        ["POST /api/v1/quotes/{id}/answer"] = [],
        ["POST /api/v1/quotes/{id}/approve"] = [],
        ["POST /api/v1/quotes/{id}/reject"] = [],
        ["POST /api/v1/quotes/{id}/send"] = [],
        ["POST /api/v1/quotes/{id}/submit"] = [],
        ["POST /api/v1/references"] = ["accountId"],
        ["POST /api/v1/tasks"] = ["accountId", "contactId", "opportunityId"],
        ["POST /api/v1/trials/{phaseId}/findings"] = [],
        ["POST /api/v1/users"] = [],
        ["POST /api/v1/users/{id}/reset-password"] = [],
        ["POST /api/v1/webhooks"] = [],
        ["POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/retry"] = [],
        ["PUT /api/v1/calendar/working-days"] = [],
        ["PUT /api/v1/care-plans/{tier}"] = [],
        ["PUT /api/v1/exchange-rates"] = [],
        ["PUT /api/v1/exchange-rates/{currency}"] = [],
        ["PUT /api/v1/fit-criteria"] = [],
        ["PUT /api/v1/notification-preferences"] = [],
        ["PUT /api/v1/opportunities/{id}/needs"] = [],
        ["PUT /api/v1/quote-policy"] = [],
    };

    [Fact]
    public void EveryWriteEndpoint_IsListed_AndNoBodyCarriesAServerOwnedField()
    {
        var problems = new List<string>();
        foreach (var endpoint in Endpoints.Changes(App).Where(e => e.Method is "POST" or "PATCH" or "PUT"))
        {
            var fields = BodyTypes(endpoint).SelectMany(t => Fields(t, "")).Distinct().ToList();
            if (!Guarded.TryGetValue(endpoint.Key, out var guarded))
            {
                problems.Add($"[\"{endpoint.Key}\"] = [{string.Join(", ", fields.Where(f => Sensitive.Contains(Leaf(f))).Select(f => $"\"{f}\""))}], // not listed");
                continue;
            }
            problems.AddRange(fields.Where(f => ServerOwned.Contains(Leaf(f))).Select(f => $"{endpoint.Key}: the body has the server's field {f}"));
            problems.AddRange(fields.Where(f => Sensitive.Contains(Leaf(f)) && !guarded.Contains(f)).Select(f => $"{endpoint.Key}: {f} is not listed as guarded"));
            problems.AddRange(guarded.Where(f => !fields.Contains(f)).Select(f => $"{endpoint.Key}: listed {f} is not in the body"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task EveryTypedBody_RefusesServerOwnedFields_ByName()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        using var api = App.Client(admin);
        var let = new List<string>();
        foreach (var endpoint in Endpoints.Changes(App).Where(e => e.Method is "POST" or "PUT" && BodyTypes(e).Any()))
        {
            var collection = BodyTypes(endpoint).All(t => typeof(IEnumerable).IsAssignableFrom(t));
            var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path("standard"))
            {
                Content = JsonContent(collection ? """[{"id": 1, "version": 7}]""" : """{"id": 1, "version": 7, "createdAt": "2020-01-01T00:00:00Z"}"""),
            };
            var response = await api.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains("id\"", StringComparison.Ordinal))
            {
                let.Add($"{endpoint.Key}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            }
        }
        Assert.True(let.Count == 0, "Server-owned fields not refused by name:\n" + string.Join("\n", let));
        await using var db = App.OpenDb();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.UserId == admin.Id), "Something was written.");
    }

    [Fact]
    public async Task Account_ServerFields_AnotherOwner_Strategic_AndAPlacedTier_AreRefused_AndNothingChanges()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var stranger = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(rep);
        var name = "Mass " + Guid.NewGuid().ToString("N")[..8];
        var account = await api.CreateAsync("/api/v1/accounts", new { name, status = "customer" });
        var path = $"/api/v1/accounts/{account.Id()}";

        await RefusedAsync(await api.PostJsonAsync("/api/v1/accounts", new { name = name + " other", ownerId = stranger.Id }), "ownerId");
        await RefusedAsync(await api.PostJsonAsync("/api/v1/accounts", new { name = name + " other", id = 1 }), "id");
        await RefusedAsync(await api.PatchJsonAsync(path, new { id = account.Id() + 1 }), "id");
        await RefusedAsync(await api.PatchJsonAsync(path, new { version = 99 }), "version");
        await RefusedAsync(await api.PatchJsonAsync(path, new { createdAt = "2020-01-01T00:00:00Z" }), "createdAt");
        await RefusedAsync(await api.PatchJsonAsync(path, new { ownerId = stranger.Id }), "ownerId");
        await RefusedAsync(await api.PatchJsonAsync(path, new { isStrategic = true }), null, HttpStatusCode.Forbidden);
        // A customer's tier is placed by the care plans, not chosen by hand.
        await RefusedAsync(await api.PatchJsonAsync(path, new { tier = "strategic" }), "tier");
        await RefusedAsync(await api.PostJsonAsync("/api/v1/accounts", new { name = name + " other", status = "customer", tier = "strategic" }), "tier");

        await using var db = App.OpenDb();
        var stored = await db.Accounts.SingleAsync(a => a.Id == account.Id());
        Assert.Equal(rep.Id, stored.OwnerId);
        Assert.False(stored.IsStrategic);
        Assert.NotEqual(Bridgehead.Accounts.AccountTier.Strategic, stored.Tier);
        Assert.Equal(account["version"]!.GetValue<long>(), stored.Version);
        Assert.False(await db.Accounts.AnyAsync(a => a.Name == name + " other"));

        // A prospect's tier stays the owner's to set by hand.
        var prospect = await api.CreateAsync("/api/v1/accounts", new { name = name + " prospect", tier = "key" });
        Assert.Equal("key", prospect["tier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Opportunity_StageStatusAndOwner_MoveOnlyThroughTheirActions_AndAForeignAccountIsRefused()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var stranger = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(rep);
        using var strangerApi = App.Client(stranger);
        var account = await api.CreateAsync("/api/v1/accounts", new { name = "Mass opp " + Guid.NewGuid().ToString("N")[..8] });
        var foreign = await strangerApi.CreateAsync("/api/v1/accounts", new { name = "Foreign " + Guid.NewGuid().ToString("N")[..8] });
        var opportunity = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Mass deal" });
        var path = $"/api/v1/opportunities/{opportunity.Id()}";

        await RefusedAsync(await api.PatchJsonAsync(path, new { stage = "quote" }), "stage");
        await RefusedAsync(await api.PatchJsonAsync(path, new { status = "won" }), "status");
        await RefusedAsync(await api.PatchJsonAsync(path, new { ownerId = stranger.Id }), "ownerId");
        await RefusedAsync(await api.PatchJsonAsync(path, new { accountId = foreign.Id() }), "accountId");
        await RefusedAsync(await api.PostJsonAsync("/api/v1/opportunities", new { accountId = account.Id(), title = "Mass deal 2", stage = "quote" }), "stage");
        await RefusedAsync(await api.PostJsonAsync("/api/v1/opportunities", new { accountId = foreign.Id(), title = "Mass deal 3" }), "accountId");
        await RefusedAsync(await api.PostJsonAsync("/api/v1/contacts", new { accountId = foreign.Id(), name = "Planted contact" }), "accountId");

        await using var db = App.OpenDb();
        var stored = await db.Opportunities.SingleAsync(o => o.Id == opportunity.Id());
        Assert.Equal(opportunity["stage"]!.GetValue<string>(), stored.Stage);
        Assert.Equal(OpportunityStatus.Open, stored.Status);
        Assert.Equal(rep.Id, stored.OwnerId);
        Assert.Equal(account.Id(), stored.AccountId);
        Assert.Equal(1, await db.Opportunities.CountAsync(o => o.AccountId == account.Id() || o.AccountId == foreign.Id()));
        Assert.False(await db.Contacts.AnyAsync(c => c.Name == "Planted contact"));
    }

    [Fact]
    public async Task CostsAndRoles_AreNotARepsToSet()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var api = App.Client(rep);
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var sku = "MA-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var product = await admin.CreateAsync("/api/v1/products", new { sku, name = "Mass valve", unit = "pcs", currency = "KRW", unitCost = new { amount = 100m, currency = "KRW" } });

        await RefusedAsync(await api.PatchJsonAsync($"/api/v1/products/{product.Id()}", new { unitCost = new { amount = 1m, currency = "KRW" } }), null, HttpStatusCode.Forbidden);
        await RefusedAsync(await api.PostJsonAsync("/api/v1/products", new { sku = sku + "X", name = "Planted", unit = "pcs", currency = "KRW", unitCost = new { amount = 1m, currency = "KRW" } }), null, HttpStatusCode.Forbidden);
        await RefusedAsync(await api.PatchJsonAsync($"/api/v1/users/{rep.Id}", new { role = "admin" }), null, HttpStatusCode.Forbidden);
        await RefusedAsync(await api.PatchJsonAsync($"/api/v1/users/{rep.Id}", new { team = "someone-elses" }), null, HttpStatusCode.Forbidden);

        await using var db = App.OpenDb();
        Assert.Equal(100m, (await db.Products.SingleAsync(p => p.Id == product.Id())).UnitCost);
        Assert.False(await db.Products.AnyAsync(p => p.Sku == sku + "X"));
        var user = await db.Users.SingleAsync(u => u.Id == rep.Id);
        Assert.Equal(Role.Rep, user.Role);
        Assert.Equal(rep.TeamId, user.TeamId);
    }

    /// <summary>Refused: 400/422 naming the field, or the status given (403 for a field only others may set).</summary>
    private static async Task RefusedAsync(HttpResponseMessage response, string? field, HttpStatusCode? status = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (status is { } expected)
        {
            Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
            return;
        }
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Forbidden,
            $"Expected a refusal naming {field} but got {(int)response.StatusCode}: {body}");
        var errors = JsonNode.Parse(body)?["errors"]?.AsObject();
        Assert.True(errors is not null && errors.Any(e => e.Key == field), $"The refusal does not name {field}: {body}");
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    /// <summary>The types a body is read into: the declared parameter, or for a merge patch the type it is merged into (Accepts&lt;T&gt;).</summary>
    private static IEnumerable<Type> BodyTypes(Endpoints.Api endpoint) =>
        endpoint.Endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>()
            .Select(a => a.RequestType)
            .OfType<Type>()
            .Where(t => !typeof(JsonNode).IsAssignableFrom(t) && t != typeof(Microsoft.AspNetCore.Http.IFormFile) && t != typeof(Microsoft.AspNetCore.Http.IFormCollection))
            .Distinct();

    /// <summary>The JSON names a type reads, nested ones as "lines.productId".</summary>
    private static IEnumerable<string> Fields(Type type, string prefix, int depth = 0)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type != typeof(string) && type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } enumerable)
        {
            var element = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? type.GetGenericArguments()[1] : enumerable.GetGenericArguments()[0];
            foreach (var field in Fields(element, prefix, depth))
            {
                yield return field;
            }
            yield break;
        }
        if (depth > 4 || type.Assembly.GetName().Name?.StartsWith("Bridgehead", StringComparison.Ordinal) != true || type.IsEnum)
        {
            yield break;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is null))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            yield return prefix + name;
            foreach (var inner in Fields(property.PropertyType, prefix + name + ".", depth + 1))
            {
                yield return inner;
            }
        }
    }

    private static string Leaf(string field) => field[(field.LastIndexOf('.') + 1)..];
}
