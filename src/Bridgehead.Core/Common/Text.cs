namespace Bridgehead.Common;

/// <summary>Helpers for free text typed by people: trimming, search keys and LIKE patterns.</summary>
public static class Text
{
    /// <summary>Trims; blank becomes null.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The text cut to at most <paramref name="max"/> characters, ending in "…" when cut.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Excerpt(string? text, int max) =>
        text is null || text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    /// <summary>The form a name is searched and sorted by: trimmed, single-spaced, lower case.</summary>
    public static string SearchKey(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Most names are already single-spaced and trimmed: then only the case changes (no split and join).
        var plain = value.Length > 0 && value[0] != ' ' && value[^1] != ' ';
        for (var i = 0; plain && i < value.Length; i++)
        {
            var c = value[i];
            plain = c == ' ' ? value[i - 1] != ' ' : !char.IsWhiteSpace(c);
        }
        return plain ? value.ToLowerInvariant()
            : string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
    }

    /// <summary>A LIKE pattern that finds <paramref name="query"/> anywhere, with wildcards in the query taken literally.</summary>
    public static string ContainsPattern(string query) =>
        "%" + SearchKey(query).Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";

    /// <summary>The escape character used by <see cref="ContainsPattern"/>.</summary>
    public const string LikeEscape = "\\";
}
