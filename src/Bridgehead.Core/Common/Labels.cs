using System.Globalization;

namespace Bridgehead.Common;

/// <summary>The name of an enum value as people read it, in the current UI language.</summary>
public static class Labels
{
    public static string Of(Enum value)
    {
        var key = value.GetType().Name + "_" + value;
        return EnumText.ResourceManager.GetString(key, CultureInfo.CurrentUICulture) ?? value.ToString();
    }

    public static string Of<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? Of(v) : "";
}
