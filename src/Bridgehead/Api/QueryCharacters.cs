using Bridgehead.Common;

namespace Bridgehead.Api;

/// <summary>
/// A query value holding a NUL character is refused (400 naming the parameter) before anything
/// reads it: PostgreSQL text cannot hold one, so it would otherwise fail inside a query, after an
/// answer may have started.
/// </summary>
public sealed class QueryCharacters(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
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
