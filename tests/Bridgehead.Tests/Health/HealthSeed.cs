using System.Text.Json.Nodes;
using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Contacts;
using Bridgehead.Feedback;
using Bridgehead.Incidents;
using Bridgehead.Orders;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Health;

/// <summary>
/// Health facts for tests. Accounts, pursuits and shares go through the API; moves, incidents,
/// feedback, champions and orders with past dates are written through the system database (their
/// APIs are built elsewhere, and the API cannot back-date them).
/// </summary>
public static class HealthSeed
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static async Task<long> CustomerAsync(this HttpClient client, string name = "Customer") =>
        (await client.CreateAsync("/api/v1/accounts", new { name = Unique(name), status = "customer" })).Id();

    public static async Task MoveAsync(this TestApp app, long accountId, long userId, CompetitorMoveKind kind, MoveImpact impact, int daysAgo)
    {
        await using var db = app.OpenDb();
        var name = Unique("Rival");
        var rival = new Competitor { Name = name, SearchName = Text.SearchKey(name) };
        db.Competitors.Add(rival);
        await db.SaveChangesAsync();
        db.CompetitorMoves.Add(new CompetitorMove
        {
            CompetitorId = rival.Id, Kind = kind, Impact = impact, OccurredOn = Today.AddDays(-daysAgo), Title = "Move", AccountId = accountId, RecordedById = userId,
        });
        await db.SaveChangesAsync();
    }

    public static async Task IncidentAsync(this TestApp app, long accountId, long userId, IncidentSeverity severity, IncidentStatus status = IncidentStatus.Open)
    {
        await using var db = app.OpenDb();
        var opened = DateTime.UtcNow.AddDays(-3);
        db.Incidents.Add(new Incident
        {
            AccountId = accountId, Title = "Burr on flange", Severity = severity, Status = status, OpenedAt = opened, OpenedById = userId,
            ContainmentDueAt = opened + Incident.ContainmentWindow, ClosedAt = status == IncidentStatus.Closed ? DateTime.UtcNow : null,
        });
        await db.SaveChangesAsync();
    }

    public static async Task FeedbackAsync(this TestApp app, long accountId, long opportunityId, long ownerId, int daysAgo, string? response = null)
    {
        await using var db = app.OpenDb();
        db.Feedback.Add(new FeedbackItem
        {
            AccountId = accountId, OpportunityId = opportunityId, Category = FeedbackCategory.Price, Text = "Too dear", ReceivedOn = Today.AddDays(-daysAgo),
            OwnerId = ownerId, Response = response, RespondedAt = response is null ? null : DateTime.UtcNow,
            Status = response is null ? FeedbackStatus.Open : FeedbackStatus.Answered,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A contact who is a champion in the pursuit's buying center; returns the contact.</summary>
    public static async Task<long> ChampionAsync(this TestApp app, long accountId, long opportunityId)
    {
        await using var db = app.OpenDb();
        var contact = new Contact { AccountId = accountId, Name = "Champion Park", SearchName = "champion park" };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        db.BuyingCenterMembers.Add(new Bridgehead.BuyingCenter.BuyingCenterMember { AccountId = accountId, OpportunityId = opportunityId, ContactId = contact.Id, Role = BuyingRole.Champion });
        await db.SaveChangesAsync();
        return contact.Id;
    }

    /// <summary>A confirmed order placed <paramref name="orderedDaysAgo"/> with one line promised <paramref name="promisedDaysAgo"/>, delivered in full on <paramref name="deliveredDaysAgo"/> (or not).</summary>
    public static async Task OrderAsync(this TestApp app, long accountId, long userId, long productId, int orderedDaysAgo, decimal quantity, decimal? unitPrice,
        int promisedDaysAgo, int? deliveredDaysAgo)
    {
        await using var db = app.OpenDb();
        var delivered = deliveredDaysAgo is { } d ? Today.AddDays(-d) : (DateOnly?)null;
        db.Orders.Add(new Order
        {
            AccountId = accountId, Kind = OrderKind.Spot, Status = delivered is null ? OrderStatus.Confirmed : OrderStatus.Delivered, Currency = "KRW",
            OrderedOn = Today.AddDays(-orderedDaysAgo), CreatedById = userId, ConfirmedAt = DateTime.UtcNow, ConfirmedById = userId,
            Lines =
            [
                new OrderLine
                {
                    AccountId = accountId, Position = 1, ProductId = productId, Quantity = quantity, UnitPrice = unitPrice,
                    RequestedDate = Today.AddDays(-promisedDaysAgo), PromisedDate = Today.AddDays(-promisedDaysAgo),
                    Status = delivered is null ? OrderLineStatus.Open : OrderLineStatus.Delivered,
                    DeliveredQuantity = delivered is null ? 0 : quantity, DeliveredOn = delivered,
                },
            ],
        });
        await db.SaveChangesAsync();
    }

    public static int Lost(this JsonNode health, string key) =>
        health["signals"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == key)!["pointsLost"]!.GetValue<int>();

    public static string Explanation(this JsonNode health, string key) =>
        health["signals"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == key)!["explanation"]!.GetValue<string>();
}
