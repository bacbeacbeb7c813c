using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bridgehead.Api;

/// <summary>
/// JSON Merge Patch (RFC 7396): fields present in the patch replace the current values, null
/// clears, absent fields stay. The merged document is read back strictly, so a wrong type or an
/// unknown field is named in the 400 answer.
/// </summary>
public static class MergePatch
{
    public static T Apply<T>(T current, JsonObject patch)
    {
        var document = JsonSerializer.SerializeToNode(current, ApiJson.Options)!.AsObject();
        foreach (var (name, value) in patch)
        {
            document[name] = value?.DeepClone();
        }
        return document.Deserialize<T>(ApiJson.Options)
            ?? throw new JsonException("The patch must be a JSON object.", "$", null, null);
    }
}
