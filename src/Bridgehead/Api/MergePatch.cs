using System.Text.Json;
using System.Text.Json.Nodes;

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
        var document = JsonSerializer.SerializeToNode(current, ApiJson.Options)!.AsObject();
        Merge(document, patch);
        return document.Deserialize<T>(ApiJson.Options)
            ?? throw new JsonException("The patch must be a JSON object.", "$", null, null);
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
