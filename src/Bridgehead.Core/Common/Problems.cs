namespace Bridgehead.Common;

/// <summary>
/// Outcomes that stop a use case. The web host turns each into its HTTP status
/// (404, 403, 409, 412, 422) and the pages into a message next to the form.
/// </summary>
public abstract class ProblemException(string message) : Exception(message);

/// <summary>The record does not exist, or the caller may not see it (the two look the same).</summary>
public sealed class NotFoundException(string what) : ProblemException(what);

/// <summary>The caller's role does not allow this action.</summary>
public sealed class ForbiddenException(string reason) : ProblemException(reason);

/// <summary>Well-formed input with invalid values, listed per field.</summary>
public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors)
    : ProblemException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>A business rule blocks the change; each unmet rule is listed.</summary>
public sealed class ConflictException(IReadOnlyList<string> rules)
    : ProblemException(string.Join(" ", rules))
{
    public IReadOnlyList<string> Rules { get; } = rules;

    /// <summary>Structured detail for API callers (e.g. "unmet": the gate criteria), added to the problem as members.</summary>
    public Dictionary<string, object?> Extensions { get; } = [];
}

/// <summary>The caller edited a version of the record that is no longer current.</summary>
public sealed class PreconditionFailedException(long? currentVersion)
    : ProblemException(CommonText.StaleVersion)
{
    public long? CurrentVersion { get; } = currentVersion;
}

/// <summary>Malformed input (a query parameter or value that cannot be read at all), naming the field.</summary>
public sealed class BadRequestException(string field, string message) : ProblemException(message)
{
    public string Field { get; } = field;
}
