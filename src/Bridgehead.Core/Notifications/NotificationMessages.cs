using System.Globalization;
using System.Text.Json;
using Bridgehead.Common;
using Bridgehead.Health;
using Bridgehead.Incidents;
using Bridgehead.Pursuits;

namespace Bridgehead.Notifications;

/// <summary>A notification as a person reads it: a title, one sentence and the path of the record.</summary>
public sealed record NotificationMessage(string Title, string Sentence, string Link);

/// <summary>
/// Writes the message of an event in a language, from the facts the event carries (see
/// <see cref="Events.Raise"/>): stage names from the stage labels, bands and severities from the
/// enum labels. Pure apart from the resources, so the inbox renders at read time in the reader's
/// language and the email at dispatch time in the recipient's.
/// </summary>
public static class NotificationMessages
{
    public static NotificationMessage Render(NotificationEvent what, string entityType, long entityId, string data, CultureInfo culture)
    {
        using var doc = Parse(data);
        var d = doc.RootElement;
        string Text(string key) => NotificationText.ResourceManager.GetString(key + "_" + what, culture) ?? what.ToString();
        string Say(string key, params object[] args) => string.Format(culture, Text(key), args);
        var title = Str(d, "title");
        var (t, s) = what switch
        {
            NotificationEvent.StageChanged => (Say("Title", title), Say("Sentence", title, StageName(Str(d, "fromStage"), culture), StageName(Str(d, "toStage"), culture))),
            NotificationEvent.GateOverridden => (Say("Title", title),
                Say("Sentence", title, StageName(Str(d, "fromStage"), culture), StageName(Str(d, "toStage"), culture), Str(d, "reason"))),
            NotificationEvent.QuoteApprovalNeeded => (Say("Title", title), Say("Sentence", title, Str(d, "version"))),
            NotificationEvent.OrderAtRisk => (Say("Title", Str(d, "product")), Say("Sentence", Str(d, "product"), Str(d, "promisedDate"))),
            NotificationEvent.IncidentOpened => (Say("Title", title), Say("Sentence", title, EnumLabel<IncidentSeverity>(d, "severity", culture))),
            NotificationEvent.IncidentEscalated => (Say("Title", title),
                Say("Sentence", title, EnumLabel<IncidentSeverity>(d, "severity", culture), Str(d, "level"))),
            NotificationEvent.HealthBandDropped => (Say("Title", Str(d, "name")),
                Say("Sentence", Str(d, "name"), EnumLabel<HealthBand>(d, "fromBand", culture), EnumLabel<HealthBand>(d, "toBand", culture), Str(d, "score"))),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };
        return new NotificationMessage(t, s, PathOf(entityType, entityId));
    }

    /// <summary>The page of the record an event is about.</summary>
    public static string PathOf(string entityType, long entityId) => entityType switch
    {
        "opportunity" => $"/opportunities/{entityId}",
        "quote" => $"/quotes/{entityId}",
        "order" => $"/orders/{entityId}",
        "incident" => $"/incidents/{entityId}",
        "account" => $"/accounts/{entityId}",
        _ => "/inbox",
    };

    /// <summary>The culture of a user's language ("ko"/"en"), else the default.</summary>
    public static CultureInfo CultureOf(string? language, string defaultLanguage) =>
        (language ?? defaultLanguage) is "ko" or "ko-KR" ? CultureInfo.GetCultureInfo("ko") : CultureInfo.GetCultureInfo("en");

    private static JsonDocument Parse(string data)
    {
        try
        {
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(data) ? "{}" : data);
        }
        catch (JsonException)
        {
            return JsonDocument.Parse("{}");
        }
    }

    private static string Str(JsonElement d, string name) =>
        d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString() ?? "",
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
                JsonValueKind.Object or JsonValueKind.Array => v.GetRawText(),
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                _ => "",
            }
            : "";

    /// <summary>A stage key's name; "won" (an override into a win) is the status label.</summary>
    private static string StageName(string key, CultureInfo culture)
    {
        if (key == "won")
        {
            return Labels.InCulture(OpportunityStatus.Won, culture);
        }
        return StagesText.ResourceManager.GetString("Name_" + key, culture) ?? key;
    }

    /// <summary>An enum value sent as a camelCase name or as a number, as its label.</summary>
    private static string EnumLabel<TEnum>(JsonElement d, string name, CultureInfo culture) where TEnum : struct, Enum
    {
        if (d.ValueKind != JsonValueKind.Object || !d.TryGetProperty(name, out var v))
        {
            return "";
        }
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && Enum.IsDefined(typeof(TEnum), n))
        {
            return Labels.InCulture((TEnum)Enum.ToObject(typeof(TEnum), n), culture);
        }
        if (v.ValueKind == JsonValueKind.String && Enum.TryParse<TEnum>(v.GetString(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return Labels.InCulture(parsed, culture);
        }
        return Str(d, name);
    }
}
