using Microsoft.Net.Http.Headers;

namespace Bridgehead.Api;

/// <summary>
/// A body whose Content-Type names a charset no decoder knows (<c>application/json; charset=nonsense</c>)
/// is refused with 415: the JSON reader would otherwise fail deep in the endpoint with a 500.
/// </summary>
public sealed class RequestCharset(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && !Microsoft.Extensions.Primitives.StringSegment.IsNullOrEmpty(type.Charset) && type.Encoding is null)
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await Results.Problem(title: ApiText.UnsupportedMediaType, detail: ApiText.UnknownCharset, statusCode: StatusCodes.Status415UnsupportedMediaType).ExecuteAsync(http);
            return;
        }
        await next(http);
    }
}
