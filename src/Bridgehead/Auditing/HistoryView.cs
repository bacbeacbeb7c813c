using System.Globalization;
using System.Resources;
using Bridgehead.Common;

namespace Bridgehead.Auditing;

/// <summary>
/// A page of a record's history as the UI shows it: field names from the module's texts, enum
/// values as their labels, and a link to the next page.
/// </summary>
public sealed record HistoryView(Page<HistoryEntryDto> Page, ResourceManager FieldNames, IReadOnlyDictionary<string, Type> EnumFields, string MoreUrl)
{
    /// <summary>"ownerId" reads as the module's "Owner" text, "city" as "City".</summary>
    public string FieldLabel(string field)
    {
        var key = char.ToUpperInvariant(field[0]) + field[1..];
        if (key.EndsWith("Id", StringComparison.Ordinal) && key.Length > 2)
        {
            key = key[..^2];
        }
        return FieldNames.GetString(key, CultureInfo.CurrentUICulture) ?? field;
    }

    public string Value(string field, string? value)
    {
        if (value is null)
        {
            return Shared.UiText.NotSet;
        }
        if (EnumFields.TryGetValue(field, out var type) && Enum.TryParse(type, value, ignoreCase: true, out var parsed))
        {
            return Labels.Of((Enum)parsed);
        }
        return value;
    }
}
