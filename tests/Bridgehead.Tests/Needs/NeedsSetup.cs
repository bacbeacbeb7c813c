using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Needs;

/// <summary>Writes and reads a pursuit's needs through the API.</summary>
public static class NeedsSetup
{
    public static string NeedsPath(long opportunityId) => $"/api/v1/opportunities/{opportunityId}/needs";

    public static Task<HttpResponseMessage> PutNeedsAsync(this HttpClient client, long opportunityId, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, NeedsPath(opportunityId)) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    public static async Task<JsonNode> SaveNeedsAsync(this HttpClient client, long opportunityId, object body, string? ifMatch = null)
    {
        var response = await client.PutNeedsAsync(opportunityId, body, ifMatch);
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    /// <summary>Leaving needs (needsRecorded): a target price, a must-have service and the reason no reference fits.</summary>
    public static Task MeetNeedsGateAsync(this HttpClient client, long opportunityId) =>
        client.SaveNeedsAsync(opportunityId, new
        {
            targetPrice = new { amount = 12000m, currency = "KRW" },
            ourFloorPrice = new { amount = 11500m, currency = "KRW" },
            priceUnit = "pcs",
            serviceRequirements = new[] { new { kind = "deliveryRhythm", detail = "Weekly call-offs", mustHave = true } },
            noReferenceReason = "No customer in this application yet.",
        });
}
