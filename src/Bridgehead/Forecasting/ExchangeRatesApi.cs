using Bridgehead.Api;
using Bridgehead.Identity;

namespace Bridgehead.Forecasting;

/// <summary>/api/v1/exchange-rates: what other currencies are worth in the base currency; everyone signed in reads, admins change.</summary>
public static class ExchangeRatesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/exchange-rates").WithTags("Exchange rates").RequireAuthorization();

        g.MapGet("/", async (ListExchangeRates list, CancellationToken ct) => Listed(await list.HandleAsync(ct)))
            .WithSummary("The base currency (setting Bridgehead:BaseCurrency) and every rate: 1 unit of currency = rate units of the base currency.");

        g.MapPut("/", async (ExchangeRatesInput body, ReplaceExchangeRates replace, CancellationToken ct) => Listed(await replace.HandleAsync(body, ct)))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Replace every rate (admin): `items` lists { currency, rate }; currencies left out lose their rate. All or nothing.");

        g.MapGet("/{currency}", async (string currency, GetExchangeRate get, HttpResponse response, CancellationToken ct) =>
            {
                var rate = await get.HandleAsync(currency, ct);
                ETags.Set(response, rate.Version);
                return rate;
            })
            .WithSummary("The rate of one currency; its ETag is the version to send in If-Match.");

        g.MapPut("/{currency}", async (string currency, ExchangeRateInput body, SetExchangeRate set, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var result = await set.HandleAsync(currency, ETags.Expected(request), body, ct);
                ETags.Set(response, result.Rate.Version);
                return result.Created
                    ? Results.Created($"/api/v1/exchange-rates/{result.Rate.Currency}", result.Rate)
                    : Results.Ok(result.Rate);
            })
            .RequireAuthorization(Policies.Admin)
            .Produces<ExchangeRateDto>(StatusCodes.Status200OK)
            .Produces<ExchangeRateDto>(StatusCodes.Status201Created)
            .WithSummary("Set the rate of one currency (admin), adding it when it has none (201). Rate above 0; the base currency has none.");

        g.MapDelete("/{currency}", async (string currency, DeleteExchangeRate delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(currency, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Remove the rate of one currency (admin); reports then list its amounts as unconverted.");
    }

    /// <summary>The list in the API's list shape, with the base currency it is in.</summary>
    private static object Listed(ExchangeRatesDto rates) => new { baseCurrency = rates.BaseCurrency, items = rates.Items, nextCursor = (string?)null };
}
