using Bridgehead.Common;

namespace Bridgehead.Api;

/// <summary>
/// Reads list filters the way the JSON body reads values. Minimal APIs bind an enum query
/// parameter only by its PascalCase name or its number; the API names enum values in camelCase.
/// </summary>
public static class QueryValues
{
    /// <summary>The member named (in any case) by <paramref name="value"/>, null when absent; else 400 naming the parameter.</summary>
    public static TEnum? Enum<TEnum>(string? value, string field) where TEnum : struct, Enum
    {
        if (Text.Clean(value) is not { } name)
        {
            return null;
        }
        foreach (var member in System.Enum.GetValues<TEnum>())
        {
            if (string.Equals(member.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return member;
            }
        }
        throw new BadRequestException(field, ApiText.WrongType);
    }
}
