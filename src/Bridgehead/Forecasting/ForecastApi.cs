using Bridgehead.Api;
using Bridgehead.Identity;

namespace Bridgehead.Forecasting;

/// <summary>/api/v1/reports/forecast: weighted pipeline value by period and forecast category.</summary>
public static class ForecastApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/forecast", async (string? by, DateOnly? from, DateOnly? to, long? ownerId, long? teamId, long? pipelineId, Forecast forecast, CancellationToken ct) =>
                await forecast.HandleAsync(new ForecastQuery
                {
                    By = QueryValues.Enum<ForecastPeriod>(by, "by") ?? ForecastPeriod.Quarter,
                    From = from,
                    To = to,
                    OwnerId = ownerId,
                    TeamId = teamId,
                    PipelineId = pipelineId,
                }, ct))
            .WithSummary("Open opportunities the caller can see with an expected close date from `from` to `to` (default: this quarter and the next three), by `month` or `quarter` and forecast category: count, value and weighted value (value x effective probability / 100) in the base currency. Amounts in a currency without an exchange rate are listed under unconverted; pursuits without a close date or value are counted as undated and noValue.");
    }
}
