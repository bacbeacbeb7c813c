using Bridgehead.Identity;

namespace Bridgehead.Orders;

/// <summary>GET /api/v1/products/{id}/capacity: a product's load per week across all accounts (quantities only).</summary>
public static class CapacityApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/products/{id:long}/capacity", async (long id, DateOnly? from, int? weeks, GetProductCapacity get, CancellationToken ct) =>
                await get.HandleAsync(id, from, weeks, ct))
            .WithTags("Products")
            .RequireAuthorization(Policies.ReadAccounts)
            .WithSummary("Weekly load of a product from the week of `from` (default this week) for `weeks` weeks (default 12, at most 52): `capacity` (fewer on holiday weeks; null when not limited), `booked` by confirmed orders of all accounts, `free`, `overbooked`, the week's working days and days off.");
    }
}
