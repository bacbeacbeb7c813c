using System.Text.Json.Nodes;

namespace Bridgehead.Tests.Security;

/// <summary>A parameter of an operation: where it goes, its name, its schema.</summary>
public sealed record ApiParameter(string In, string Name, JsonNode? Schema);

/// <summary>One operation of the OpenAPI document: a path and method with its parameters and body schema.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, string? BodyContentType, JsonNode? BodySchema)
{
    public override string ToString() => $"{Method} {Path}";

    /// <summary>Every path x method of the document, with $refs left for the generator to resolve.</summary>
    public static List<ApiOperation> Read(JsonNode document)
    {
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var shared = item!["parameters"]?.AsArray() ?? [];
            foreach (var (method, operation) in item.AsObject())
            {
                if (method is "parameters" or "summary" or "description" or "servers")
                {
                    continue;
                }
                var parameters = shared.Concat(operation!["parameters"]?.AsArray() ?? [])
                    .Select(p => new ApiParameter(p!["in"]!.GetValue<string>(), p["name"]!.GetValue<string>(), p["schema"]))
                    .ToList();
                string? contentType = null;
                JsonNode? schema = null;
                if (operation!["requestBody"]?["content"]?.AsObject() is { Count: > 0 } content)
                {
                    // JSON first (a merge-patch endpoint lists application/merge-patch+json too).
                    var chosen = content.FirstOrDefault(c => c.Key == "application/json");
                    if (chosen.Key is null)
                    {
                        chosen = content.First();
                    }
                    contentType = chosen.Key;
                    schema = chosen.Value?["schema"];
                }
                operations.Add(new ApiOperation(method.ToUpperInvariant(), path, parameters, contentType, schema));
            }
        }
        return operations;
    }
}
