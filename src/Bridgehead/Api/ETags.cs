using System.Globalization;
using Bridgehead.Common;

namespace Bridgehead.Api;

/// <summary>A record's ETag is its version: "3". If-Match must name the current one.</summary>
public static class ETags
{
    public static string Of(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>The version the caller's If-Match names; null when no If-Match was sent.</summary>
    public static long? Expected(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return null;
        }
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        value = value.Trim('"');
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new BadRequestException("If-Match", ApiText.BadIfMatch);
    }

    public static void Set(HttpResponse response, long version) => response.Headers.ETag = Of(version);
}
