using System.Globalization;
using System.Resources;
using Bridgehead.Common;

namespace Bridgehead.Auditing;

/// <summary>
/// A page of a record's history as the UI shows it: field names from the module's texts, enum
/// values as their labels, and a link to the next page.
/// </summary>
public sealed record HistoryView(
    Page<HistoryEntryDto> Page,
    ResourceManager FieldNames,
    IReadOnlyDictionary<string, Type> EnumFields,
    IReadOnlyDictionary<long, string> UserNames,
    string MoreUrl,
    IReadOnlyDictionary<string, Func<string, string>>? Formatters = null)
{
    /// <summary>Fields that hold user ids, shown as the users' names.</summary>
    private static readonly HashSet<string> UserFields = ["ownerId", "assigneeId", "authorId", "teamMembers", "managerId", "createdById"];

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
        if (Formatters is not null && Formatters.TryGetValue(field, out var format))
        {
            return format(value);
        }
        if (UserFields.Contains(field))
        {
            return string.Join(", ", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(id => long.TryParse(id, CultureInfo.InvariantCulture, out var n) && UserNames.TryGetValue(n, out var name) ? name : id));
        }
        if (EnumFields.TryGetValue(field, out var type) && Enum.TryParse(type, value, ignoreCase: true, out var parsed))
        {
            return Labels.Of((Enum)parsed);
        }
        // Times and dates are written invariantly (ISO 8601); show them the way the rest of the UI does.
        if (value.Length > 10 && value[10] == 'T'
            && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return Shared.Display.DateTime(time);
        }
        if (value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Shared.Display.Date(date);
        }
        return value;
    }
}

/// <summary>The history fragment of a detail page; the page checks first that the record is visible.</summary>
public static class HistoryFragment
{
    public static async Task<Microsoft.AspNetCore.Mvc.PartialViewResult> RenderAsync(
        Microsoft.AspNetCore.Mvc.RazorPages.PageModel page,
        IServiceProvider services,
        string entityType,
        long id,
        string? cursor,
        ResourceManager fieldNames,
        IReadOnlyDictionary<string, Type> enumFields,
        string moreUrl,
        CancellationToken ct,
        IReadOnlyDictionary<string, Func<string, string>>? formatters = null)
    {
        var history = services.GetRequiredService<GetHistory>();
        var users = services.GetRequiredService<Identity.ListUsers>();
        var entries = await history.HandleAsync(entityType, id, new PageRequest(20, cursor), ct);
        var names = (await users.HandleAsync(activeOnly: false, ct)).ToDictionary(u => u.Id, u => u.DisplayName);
        return page.Partial("/Auditing/_History.cshtml", new HistoryView(entries, fieldNames, enumFields, names, moreUrl, formatters));
    }
}
