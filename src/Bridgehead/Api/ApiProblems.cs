using System.Text.Json;
using Bridgehead.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Api;

/// <summary>
/// Turns what stops a request into RFC 9457 problem details: 400 malformed, 403, 404, 409 with the
/// unmet rules, 412 stale version, 422 invalid values with an error per field, 503 with
/// Retry-After while the database cannot be reached (see <see cref="Data.Database.IsUnavailable"/>).
/// </summary>
public sealed class ApiProblems(ILogger<ApiProblems> log, ILoggerFactory logs) : IExceptionHandler
{
    /// <summary>The log category of writes the database refused (409): which constraint, for operators.</summary>
    public const string StoreConflictsCategory = "Bridgehead.Api.StoreConflicts";

    /// <summary>What a 503 asks the client to wait before retrying: about the time a database restart takes.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var http = httpContext;
        // By now the request may already point at the error page; the original path decides.
        var original = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path.Value ?? "";
        if (!original.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var problem = From(exception);
        if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        }
        else if (exception is DbUpdateException && problem.Status == StatusCodes.Status409Conflict)
        {
            logs.CreateLogger(StoreConflictsCategory).LogWarning("The database refused a write on {Method} {Path}: {Error}",
                http.Request.Method, original, exception.GetBaseException().Message);
        }
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            log.LogWarning("Database unavailable on {Method} {Path}: {Error}", http.Request.Method, original, exception.GetBaseException().Message);
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        http.Response.StatusCode = problem.Status!.Value;
        problem.Extensions["traceId"] = http.TraceIdentifier;
        await TypedResults.Problem(problem).ExecuteAsync(http);
        return true;
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public static ProblemDetails From(Exception exception) => exception switch
    {
        _ when Data.Database.IsUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, ApiText.Unavailable, ApiText.UnavailableDetail),
        BadHttpRequestException { InnerException: JsonException json } => Invalid(StatusCodes.Status400BadRequest, ApiText.Malformed,
            FieldOf(json), Describe(json)),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType =>
            Problem(StatusCodes.Status415UnsupportedMediaType, ApiText.UnsupportedMediaType),
        BadHttpRequestException bad when bad.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) =>
            Invalid(StatusCodes.Status400BadRequest, ApiText.Malformed, ParameterOf(bad), ApiText.WrongType),
        BadHttpRequestException bad => Invalid(StatusCodes.Status400BadRequest, ApiText.Malformed, ParameterOf(bad), bad.Message),
        BadRequestException bad => Invalid(StatusCodes.Status400BadRequest, ApiText.Malformed, bad.Field, bad.Message),
        JsonException json => Invalid(StatusCodes.Status400BadRequest, ApiText.Malformed, FieldOf(json), Describe(json)),
        ValidationException invalid => new ValidationProblemDetails(invalid.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = ApiText.Invalid,
        },
        NotFoundException => Problem(StatusCodes.Status404NotFound, ApiText.NotFound),
        ForbiddenException forbidden => Problem(StatusCodes.Status403Forbidden, ApiText.Forbidden, forbidden.Message),
        ConflictException conflict => WithRules(Problem(StatusCodes.Status409Conflict, ApiText.Conflict, string.Join(" ", conflict.Rules)), conflict),
        PreconditionFailedException => Problem(StatusCodes.Status412PreconditionFailed, ApiText.Stale, CommonText.StaleVersion),
        DbUpdateException => Problem(StatusCodes.Status409Conflict, ApiText.Conflict, ApiText.ConflictStore),
        _ => Problem(StatusCodes.Status500InternalServerError, ApiText.ServerError),
    };

    public static ProblemDetails Problem(int status, string title, string? detail = null) =>
        new() { Status = status, Title = title, Detail = detail };

    private static ValidationProblemDetails Invalid(int status, string title, string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] }) { Status = status, Title = title };

    private static ProblemDetails WithRules(ProblemDetails p, ConflictException conflict)
    {
        p.Extensions["rules"] = conflict.Rules;
        foreach (var (name, value) in conflict.Extensions)
        {
            p.Extensions[name] = value;
        }
        return p;
    }

    /// <summary>The camelCase parameter in 'Failed to bind parameter "AccountStatus? Status" from "x".'</summary>
    private static string ParameterOf(BadHttpRequestException bad)
    {
        var match = System.Text.RegularExpressions.Regex.Match(bad.Message, "parameter \"(?:[^\"]*\\s)?(\\w+)\"");
        return match.Success ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(match.Groups[1].Value) : "body";
    }

    /// <summary>"$.owner.id" becomes "owner.id"; an unknown property is named by itself.</summary>
    private static string FieldOf(JsonException json)
    {
        var path = json.Path ?? "$";
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        if (Unmapped(json) is { } name && field != name && !field.EndsWith("." + name, StringComparison.Ordinal))
        {
            field = field.Length == 0 ? name : field + "." + name;
        }
        return field.Length == 0 ? "body" : field;
    }

    private static string Describe(JsonException json) =>
        Unmapped(json) is not null ? ApiText.UnknownField
        : json.Path is null or "$" ? ApiText.NotJson
        : ApiText.WrongType;

    /// <summary>The name in "The JSON property 'x' could not be mapped to any .NET member".</summary>
    private static string? Unmapped(JsonException json)
    {
        const string marker = "The JSON property '";
        var m = json.Message;
        var start = m.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0 || !m.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return null;
        }
        start += marker.Length;
        var end = m.IndexOf('\'', start);
        return end > start ? m[start..end] : null;
    }
}
