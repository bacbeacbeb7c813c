using System.Text.Json;
using System.Text.Json.Nodes;
using Bridgehead.Common;

namespace Bridgehead.Api;

/// <summary>
/// JSON Merge Patch (RFC 7396): fields present in the patch replace the current values, null
/// clears, absent fields stay; an object merges into an object field the same way, so
/// <c>{ "estimatedAnnualValue": { "amount": 5 } }</c> keeps the currency. The merged document is
/// read back strictly, so a wrong type or an unknown field is named in the 400 answer.
/// </summary>
public static class MergePatch
{
    public static T Apply<T>(T current, JsonObject patch)
    {
        RequireText(patch);
        var document = JsonSerializer.SerializeToNode(current, ApiJson.Options)!.AsObject();
        Merge(document, patch);
        return document.Deserialize<T>(ApiJson.Options)
            ?? throw new JsonException("The patch must be a JSON object.", "$", null, null);
    }

    /// <summary>
    /// An unpaired surrogate (<c>"\ud800"</c>) is valid JSON but no text: the serializer refuses
    /// it when it reads a body, but a patch is read as a node first, so it is checked here: 400 naming the field.
    /// </summary>
    private static void RequireText(JsonNode? node)
    {
        try
        {
            if (node is JsonObject o)
            {
                foreach (var (_, value) in o)
                {
                    RequireText(value);
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var value in a)
                {
                    RequireText(value);
                }
            }
            else if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                _ = v.GetValue<string>();
            }
        }
        catch (InvalidOperationException)
        {
            var path = node!.GetPath();
            throw new BadRequestException(path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body", ApiText.InvalidText);
        }
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is JsonObject inner && target[name] is JsonObject existing)
            {
                Merge(existing, inner);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }
}
