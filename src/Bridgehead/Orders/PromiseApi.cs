using Bridgehead.Identity;

namespace Bridgehead.Orders;

/// <summary>
/// POST /api/v1/orders/promise: the delivery dates we can keep for lines not yet ordered. Mapped
/// on its own; the order routes constrain their ids to numbers, so "promise" never reads as one.
/// </summary>
public static class PromiseApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/orders/promise", async (PromiseInput body, PromiseDelivery promise, CancellationToken ct) =>
                await promise.HandleAsync(body, ct))
            .WithTags("Orders")
            .RequireAuthorization(Policies.ReadAccounts)
            .WithSummary("Capable-to-promise without booking: per line the earliest date lead time allows, the date we can keep given capacity already booked and the working calendar, whether it meets the requested date, the weekly bookings it would take, the reasons in words, the weeks that decided and a split offer. `kind` spot (default), scheduled or madeToOrder (`engineeringDays` add to lead time); `orderedOn` default today. Sales roles, the viewer and quality; no prices.");
    }
}
