using System.Globalization;

namespace Bridgehead.Common;

/// <summary>The name of an enum value as people read it, in the current UI language.</summary>
public static class Labels
{
    public static string Of(Enum value) => InCulture(value, CultureInfo.CurrentUICulture);

    /// <summary>The label in a given language, e.g. on a document written in the customer's language whatever the UI's.</summary>
    public static string InCulture(Enum value, CultureInfo culture)
    {
        var key = value.GetType().Name + "_" + value;
        return EnumText.ResourceManager.GetString(key, culture) ?? value.ToString();
    }

    public static string Of<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? Of(v) : "";
}
