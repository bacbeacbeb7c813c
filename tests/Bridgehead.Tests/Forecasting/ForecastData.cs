using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Forecasting;

/// <summary>Builds what forecast tests need: a pipeline of their own with known probabilities, pursuits placed in stages.</summary>
public sealed class ForecastData(TestApp app)
{
    /// <summary>Stage probabilities of the test pipeline.</summary>
    public static readonly IReadOnlyDictionary<string, int> Probabilities = new Dictionary<string, int>
    {
        ["prospecting"] = 5, ["contact"] = 10, ["needs"] = 30, ["development"] = 35, ["quote"] = 50, ["feedback"] = 55, ["negotiation"] = 70, ["testing"] = 85,
    };

    public static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    /// <summary>A pipeline only this test uses, so other tests' pursuits and settings never reach its numbers.</summary>
    public async Task<long> NewPipelineAsync(TestUser admin)
    {
        var pipeline = await app.Client(admin).CreateAsync("/api/v1/pipelines", new { nameEn = Unique("Forecast"), nameKo = "예측" });
        var response = await app.Client(admin).PatchJsonAsync($"/api/v1/pipelines/{pipeline.Id()}", new
        {
            stages = Probabilities.Select(p => new { key = p.Key, probability = p.Value }).ToArray(),
        });
        await response.ExpectAsync(HttpStatusCode.OK);
        return pipeline.Id();
    }

    public async Task SetRateAsync(TestUser admin, string currency, decimal rate)
    {
        var response = await app.Client(admin).PutAsJsonAsync($"/api/v1/exchange-rates/{currency}", new { rate });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task RemoveRateAsync(TestUser admin, string currency)
    {
        var response = await app.Client(admin).DeleteAsync($"/api/v1/exchange-rates/{currency}", ifMatch: null);
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, await response.Content.ReadAsStringAsync());
    }

    public async Task<long> NewAccountAsync(TestUser owner) =>
        (await app.Client(owner).CreateAsync("/api/v1/accounts", new { name = Unique("Forecast Co") })).Id();

    /// <summary>An open pursuit, put into <paramref name="stage"/> by a direct write (stages move through gates otherwise).</summary>
    public async Task<long> NewOpportunityAsync(
        TestUser owner, long accountId, long pipelineId, string stage, decimal? amount, string? currency, string? closes,
        string category = "pipeline", int? probability = null)
    {
        var body = new JsonObject
        {
            ["accountId"] = accountId,
            ["title"] = Unique("Deal"),
            ["pipelineId"] = pipelineId,
            ["forecastCategory"] = category,
        };
        if (amount is { } a)
        {
            body["estimatedAnnualValue"] = new JsonObject { ["amount"] = a, ["currency"] = currency };
        }
        if (closes is not null)
        {
            body["expectedCloseDate"] = closes;
        }
        if (probability is { } p)
        {
            body["probability"] = p;
            body["probabilityReason"] = "Signed letter of intent";
        }
        var created = await app.Client(owner).CreateAsync("/api/v1/opportunities", body);
        await using var db = app.OpenDb();
        await db.Opportunities.Where(o => o.Id == created.Id()).ExecuteUpdateAsync(s => s.SetProperty(o => o.Stage, stage));
        return created.Id();
    }
}

/// <summary>Reading decimal amounts out of forecast answers.</summary>
public static class ForecastJson
{
    public static decimal Amount(this JsonNode cell, string figure) => cell[figure]!["amount"]!.GetValue<decimal>();

    public static int Count(this JsonNode cell) => cell["count"]!.GetValue<int>();
}
