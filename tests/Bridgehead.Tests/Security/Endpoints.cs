using System.Text.RegularExpressions;
using Bridgehead.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Tests.Security;

/// <summary>The API's endpoints as the running server maps them, so that a new endpoint is covered by the security tests without being listed.</summary>
public static partial class Endpoints
{
    public sealed record Api(string Method, string Route, RouteEndpoint Endpoint)
    {
        /// <summary>"POST /api/v1/accounts/{id}": the method and the route without constraints.</summary>
        public string Key => $"{Method} /{Constraint().Replace(Route.Trim('/'), "}")}";

        /// <summary>A path that matches the route, with 1 (or a word where the route takes one) in place of each parameter.</summary>
        public string Path(string word = "x") => "/" + Parameter().Replace(Route.Trim('/'), m => m.Groups[2].Value is ":long" or ":int" ? "1" : word);
    }

    public static IReadOnlyList<Api> Changes(TestApp app) => [.. All(app).Where(e => e.Method is not ("GET" or "HEAD"))];

    public static IReadOnlyList<Api> All(TestApp app) =>
    [
        .. app.Web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith("api/v1/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => new Api(m, e.RoutePattern.RawText!, e)))
            .OrderBy(e => e.Key, StringComparer.Ordinal),
    ];

    [GeneratedRegex(@"(:[a-z]+(\([^)]*\))?)?\??\}")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"\{([^}:?]+)(:[a-z]+)?[^}]*\}")]
    private static partial Regex Parameter();
}
