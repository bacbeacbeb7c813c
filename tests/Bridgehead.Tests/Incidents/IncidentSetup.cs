using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Orders.OrderSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Incidents;

/// <summary>Accounts, orders and incidents for the incident tests.</summary>
public static class IncidentSetup
{
    public const string Base = "/api/v1/incidents";

    public static string IncidentPath(long id) => $"{Base}/{id}";

    /// <summary>A rep with an account of their own and a draft order there with a priced line of a fresh product.</summary>
    public sealed record Scene(TestUser Rep, string Team, long AccountId, long ProductId, long OrderId, long OrderLineId);

    public const decimal SecretPrice = 1234.5m;

    public static async Task<Scene> SceneAsync(this TestApp app)
    {
        var team = TestApp.NewTeam();
        var rep = await app.CreateUserAsync(Role.Rep, team);
        using var client = app.Client(rep);
        var account = await client.NewAccountAsync();
        var product = await app.NewOrderProductAsync(10, 1000m, listPrice: 1500m);
        var order = await client.NewSpotAsync(account.Id(), Line(product, 40, Today.AddDays(40), SecretPrice));
        return new Scene(rep, team, account.Id(), product, order.Id(), order["lines"]![0]!["id"]!.GetValue<long>());
    }

    public static Task<HttpResponseMessage> OpenAsync(this HttpClient client, object body) => client.PostJsonAsync(Base, body);

    /// <summary>Opens a major incident at the account (201 expected).</summary>
    public static async Task<JsonNode> OpenedAsync(this HttpClient client, long accountId, long? orderId = null, long? productId = null, decimal defects = 12m,
        string title = "Burrs on flange")
    {
        var response = await client.OpenAsync(new { accountId, orderId, productId, title, severity = "major", lot = "L-77", defectQuantity = defects });
        await response.ExpectAsync(System.Net.HttpStatusCode.Created);
        return await response.JsonAsync();
    }

    public static string ETagOf(JsonNode node) => $"\"{node["version"]!.GetValue<long>()}\"";

    /// <summary>POSTs an action with an optional If-Match.</summary>
    public static Task<HttpResponseMessage> ActAsync(this HttpClient client, long id, string action, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{IncidentPath(id)}/{action}") { Content = JsonContent.Create(body ?? new { }) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    /// <summary>Writes a delivery of the line straight to the database (the orders module has its own tests for recording them).</summary>
    public static async Task DeliverAsync(this TestApp app, Scene scene, decimal quantity, DateOnly on, long? lineId = null)
    {
        await using var db = app.OpenDb();
        db.Deliveries.Add(new Delivery
        {
            AccountId = scene.AccountId,
            OrderId = scene.OrderId,
            OrderLineId = lineId ?? scene.OrderLineId,
            Quantity = quantity,
            DeliveredOn = on,
            RecordedById = scene.Rep.Id,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>Moves an incident's opening (and containment due time) into the past.</summary>
    public static async Task BackdateAsync(this TestApp app, long incidentId, TimeSpan ago)
    {
        await using var db = app.OpenDb();
        var incident = await db.Incidents.SingleAsync(i => i.Id == incidentId);
        incident.OpenedAt = DateTime.UtcNow - ago;
        incident.ContainmentDueAt = incident.OpenedAt + Bridgehead.Incidents.Incident.ContainmentWindow;
        await db.SaveChangesAsync();
    }
}
