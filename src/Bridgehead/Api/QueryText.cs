using Bridgehead.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace Bridgehead.Api;

/// <summary>
/// A query value with a NUL character (<c>?q=%00</c>) is refused with 400 naming the parameter, on pages and the API alike:
/// PostgreSQL cannot take NUL in text, so the query would otherwise fail with a 500. The error page
/// that then renders runs with the same query string, so a re-executed request passes.
/// </summary>
public sealed class QueryText(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (http.Features.Get<IExceptionHandlerFeature>() is not null || http.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            return next(http);
        }
        foreach (var (name, values) in http.Request.Query)
        {
            if (values.Any(v => v is not null && v.Contains('\0', StringComparison.Ordinal)))
            {
                throw new BadRequestException(name, ApiText.NulCharacter);
            }
        }
        return next(http);
    }
}
