using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bridgehead.Perf;

/// <summary>The HTTP calls of the scenarios, each taking the i-th item of its pool.</summary>
internal static class HttpScenarios
{
    private static readonly string[] SearchKinds = ["accounts", "contacts", "opportunities"];

    public static ClosedLoop.Call Get(HttpClient client, Func<long, string> url, IReadOnlyDictionary<string, string>? headers = null) =>
        async (_, i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url(i));
            foreach (var (k, v) in headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(k, v);
            }
            return await SendAsync(client, request, ct);
        };

    public static ClosedLoop.Call Post(HttpClient client, string url, Func<long, string> json) =>
        async (_, i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(json(i), Encoding.UTF8, "application/json"),
            };
            return await SendAsync(client, request, ct);
        };

    private static async Task<(bool, string?)> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        // Read the whole body, as a client would.
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        return response.IsSuccessStatusCode
            ? (true, null)
            : (false, $"{(int)response.StatusCode} {request.Method} {request.RequestUri}: {Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 600))}");
    }

    public static T Pick<T>(IReadOnlyList<T> pool, long i) => pool[(int)(i % pool.Count)];

    public static string ListUrl(ListFilter f, string? cursor = null) =>
        "/api/v1/opportunities?status=open&stage=" + Uri.EscapeDataString(f.Stage)
        + (f.Industry is null ? "" : "&industry=" + Uri.EscapeDataString(f.Industry))
        + "&limit=50"
        + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));

    /// <summary>The next-page cursor of each filter's first page (filters without a second page are left out).</summary>
    public static async Task<List<(ListFilter Filter, string Cursor)>> CursorsAsync(HttpClient client, IEnumerable<ListFilter> filters, CancellationToken ct)
    {
        var list = new List<(ListFilter, string)>();
        foreach (var f in filters)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync(ListUrl(f), ct));
            if (doc.RootElement.GetProperty("nextCursor").GetString() is { } cursor)
            {
                list.Add((f, cursor));
            }
        }
        return list;
    }

    /// <summary>The ids of the items of a list page.</summary>
    public static async Task<List<long>> ListIdsAsync(HttpClient client, ListFilter f, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync(ListUrl(f), ct));
        return [.. doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
    }

    /// <summary>The ids of the search hits per kind (accounts, contacts, opportunities).</summary>
    public static async Task<List<List<long>>> SearchIdsAsync(HttpClient client, string word, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/v1/search?q=" + Uri.EscapeDataString(word), ct));
        return [.. SearchKinds.Select(k =>
            doc.RootElement.GetProperty(k).EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList())];
    }

    /// <summary>The report names the caller may run (GET /api/v1/reports).</summary>
    public static async Task<List<string>> ReportsAsync(HttpClient client, CancellationToken ct)
    {
        var doc = await client.GetFromJsonAsync<JsonElement>("/api/v1/reports", ct);
        return [.. doc.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];
    }

    public static string PromiseBody(long productId, DateOnly requested) =>
        "{\"lines\":[{\"productId\":" + productId.ToString(CultureInfo.InvariantCulture)
        + ",\"quantity\":10,\"requestedDate\":\"" + requested.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\"}]}";
}
