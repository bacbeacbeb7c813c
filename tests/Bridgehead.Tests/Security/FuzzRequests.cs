using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Bridgehead.Tests.Security;

/// <summary>One generated request: what the fuzzer sends, printed in full (long bodies cut) when a property fails.</summary>
public sealed record FuzzRequest(ApiOperation Operation, string Path, string Query, string? IfMatch, string? IdempotencyKey,
    string? ContentType, string? Body, string BodyKind)
{
    public string Target => Path + Query;

    public HttpRequestMessage ToMessage()
    {
        var request = new HttpRequestMessage(new HttpMethod(Operation.Method), Target);
        if (IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", IfMatch);
        }
        if (IdempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", IdempotencyKey);
        }
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        return request;
    }

    public override string ToString()
    {
        var text = new StringBuilder($"{Operation.Method} {Cut(Target, 600)}");
        if (IfMatch is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  If-Match: {IfMatch}");
        }
        if (IdempotencyKey is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  Idempotency-Key: {Cut(IdempotencyKey, 60)}");
        }
        if (Body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  Content-Type: {ContentType ?? "(none)"}\n  Body ({BodyKind}, {Body.Length} chars): {Cut(Body, 1500)}");
        }
        return text.ToString();
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max] + $"...(+{s.Length - max} chars)";
}

/// <summary>
/// CsCheck generators of requests for the operations of the OpenAPI document: bodies shaped by the
/// request schema with hostile values, malformed bodies, odd query values and headers, path ids
/// from the fixture or made up.
/// </summary>
public sealed class FuzzRequests(JsonNode document, Func<ApiOperation, ApiParameter, string> pathValue, Func<string, long?> knownId)
{
    private const int MaxDepth = 4;

    private static readonly string Huge = new('x', 100_000);

    /// <summary>Leaf values that are valid JSON but hostile: sizes, scripts, control characters, edge numbers and dates, wrong types.</summary>
    private static readonly string[] HostileValues =
    [
        "\"\"", "\"   \"", "\"" + Huge + "\"", "\"견적 요청 — 부산 공장 🚀✓\"", "\"👩‍🔧🇰🇷\"", "\"\\ud800\"", "\"a\\udc00b\\ud83d\"",
        "\"\\u0000\\u0007\\u001b\\u007f\"", "\"line\\nbreak\\ttab\"", "\"<script>alert(1)</script>\"", "\"' OR 1=1 --\"", "\"%s%n{0}\"",
        "-1", "0", "-0.0", "2147483648", "-9223372036854775809", "9223372036854775807", "18446744073709551616",
        "1e308", "-1e308", "1e-400", "123456789012345678901234567890.5", "0.000000001",
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e308\"", "\"-1\"",
        "true", "false", "null", "[]", "{}", "[1,\"a\",null,{}]", "{\"a\":{\"b\":[{\"c\":null}]}}", "[[[[[]]]]]",
        "\"0001-01-01\"", "\"9999-12-31\"", "\"2026-02-30\"", "\"2026-13-01\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.9999999Z\"",
        "\"2026-02-30T25:61:00\"", "\"tomorrow\"",
    ];

    private static readonly string[] HostileQueryValues =
    [
        "", "-1", "0", "1e9", "1000000000", "99999999999999999999", "-9223372036854775809", "1.5", "NaN", "abc", "null", "true",
        "%00", "%FF%FE", "%E2%80%AE", Uri.EscapeDataString("한국어"), Uri.EscapeDataString("🚀"), Uri.EscapeDataString("' OR 1=1 --"),
        "0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01T99:00", new string('q', 5000),
    ];

    private static readonly string[] HostileCursors = ["garbage", "!!!", "eyJ4IjoxfQ", "e30=", "AAAAAAAAAAAA", "bnVsbA", "-1", new string('A', 4000)];

    private static readonly string[] HostilePathValues = ["0", "-1", "9223372036854775807", "99999999999999999999", "abc", "%2e%2e", Uri.EscapeDataString("한"), "1.5"];

    private static readonly string DeepArray = new string('[', 10_000) + new string(']', 10_000);

    private static readonly string DeepObject = string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);

    private static readonly string ThreeMegabytes = "{\"name\":\"" + new string('x', 3 * 1024 * 1024) + "\"}";

    private static readonly Gen<string> Word = Gen.Char['a', 'z'].Array[1, 12].Select(cs => new string(cs));

    private static readonly Gen<string> Hostile = Gen.OneOf(HostileValues);

    private static readonly Gen<string?> Absent = Gen.Const((string?)null);

    public Gen<FuzzRequest> For(ApiOperation operation)
    {
        var path = operation.Parameters.Where(p => p.In == "path")
            .Aggregate(Gen.Const(operation.Path), (gen, p) => Gen.Select(gen, PathValue(operation, p), (template, value) => template.Replace("{" + p.Name + "}", value, StringComparison.Ordinal)));
        var query = Sequence(operation.Parameters.Where(p => p.In == "query").Select(QueryPart))
            .Select(parts => parts.Where(p => p is not null).ToList() is { Count: > 0 } present ? "?" + string.Join("&", present) : "");
        var ifMatch = Gen.Frequency(
            (8, Absent),
            (1, Gen.OneOf<string?>("\"1\"", "\"2\"", "W/\"1\"", "*")),
            (1, Gen.OneOf<string?>("garbage", "\"-1\"", "\"99999999999999999999\"", "\"1\", \"2\"", "\"\"", "W/", new string('9', 400))));
        var idempotencyKey = Gen.Frequency(
            (8, Absent),
            (1, Gen.Guid.Select(g => (string?)g.ToString())),
            (1, Gen.OneOf<string?>(new string('k', 10_000), " ", "key with spaces")));
        var body = Body(operation);
        return Gen.Select(path, query, ifMatch, idempotencyKey, body,
            (p, q, m, k, b) => new FuzzRequest(operation, p, q, m, k, b.ContentType, b.Body, b.Kind));
    }

    private Gen<string> PathValue(ApiOperation operation, ApiParameter parameter) =>
        Gen.Frequency(
            (6, Gen.Const(pathValue(operation, parameter))),
            (1, Gen.OneOf(HostilePathValues)));

    private Gen<string?> QueryPart(ApiParameter parameter)
    {
        var name = Uri.EscapeDataString(parameter.Name);
        Gen<string> hostile = parameter.Name switch
        {
            "limit" => Gen.OneOf("-1", "0", "501", "1e9", "1000000000", "2147483648", "abc", ""),
            "cursor" => Gen.OneOf(HostileCursors),
            _ => Gen.OneOf(HostileQueryValues),
        };
        return Gen.Frequency(
            (4, Absent),
            (3, QueryValue(parameter).Select(v => (string?)(name + "=" + v))),
            (3, hostile.Select(v => (string?)(name + "=" + v))),
            (1, Gen.Select(QueryValue(parameter), hostile, (a, b) => (string?)(name + "=" + a + "&" + name + "=" + b))));
    }

    /// <summary>A plausible query value for the parameter's schema (enum member misspelled now and then).</summary>
    private Gen<string> QueryValue(ApiParameter parameter)
    {
        var schema = Resolve(parameter.Schema);
        if (Enum(schema) is { Length: > 0 } members)
        {
            return Gen.Frequency((4, Gen.OneOf(members)), (1, Gen.OneOf(members).Select(m => m + "x")));
        }
        var types = Types(schema);
        var format = schema?["format"]?.GetValue<string>();
        if (format is "date")
        {
            return Gen.Int[-800, 800].Select(d => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        if (format is "date-time")
        {
            return Gen.Int[-800, 800].Select(d => Uri.EscapeDataString(DateTime.UtcNow.AddDays(d).ToString("O", CultureInfo.InvariantCulture)));
        }
        if (types.Contains("integer") || types.Contains("number"))
        {
            return knownId(parameter.Name) is { } id
                ? Gen.Frequency((3, Gen.Const(id.ToString(CultureInfo.InvariantCulture))), (1, Gen.Int[1, 50].Select(i => i.ToString(CultureInfo.InvariantCulture))))
                : Gen.Int[1, 600].Select(i => i.ToString(CultureInfo.InvariantCulture));
        }
        if (types.Contains("boolean"))
        {
            return Gen.OneOf("true", "false");
        }
        return Word;
    }

    private Gen<(string? ContentType, string? Body, string Kind)> Body(ApiOperation operation)
    {
        var malformed = Malformed(operation);
        if (operation.BodySchema is null)
        {
            return Gen.Frequency(
                (6, Gen.Const<(string?, string?, string)>((null, null, "none"))),
                (1, Gen.Const<(string?, string?, string)>(("application/json", "{}", "empty object"))),
                (1, malformed));
        }
        var contentType = operation.BodyContentType ?? "application/json";
        var shaped = Value(operation.BodySchema, "body", 0).Select(b => ((string?)contentType, (string?)b, "schema"));
        return Gen.Frequency((6, shaped), (4, malformed));
    }

    private Gen<(string? ContentType, string? Body, string Kind)> Malformed(ApiOperation operation)
    {
        var valid = operation.BodySchema is null ? Gen.Const("{\"name\":\"x\",\"id\":1}") : Value(operation.BodySchema, "body", 0);
        const string json = "application/json";
        return Gen.OneOf(
            Gen.Select(valid, Gen.Double[0, 1], (b, f) => ((string?)json, (string?)b[..Math.Min((int)(b.Length * f), Math.Max(0, b.Length - 1))], "truncated")),
            Gen.Select(valid, Gen.OneOf("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
                "application/json; charset=utf-16", "application/json; charset=nonsense", "*/*", "garbage"), (b, type) => ((string?)type, (string?)b, "wrong content type")),
            Gen.Select(valid, b => ((string?)null, (string?)b, "no content type")),
            Gen.Const(((string?)json, (string?)"", "empty")),
            Gen.OneOf("not json", "<xml/>", "{'a':1}", "{\"a\":1,}", "[1,2", "{\"a\" 1}", "NaN", "\u0000\u0001\u0002", "\ufeff{}", "{}{}", "{\"a\":01}", "{\"a\":\"\\x\"}")
                .Select(b => ((string?)json, (string?)b, "not json")),
            Gen.OneOf("[]", "null", "1", "\"text\"", "true", "[{}]").Select(b => ((string?)json, (string?)b, "wrong top-level type")),
            Gen.OneOf(DeepArray, DeepObject)
                .Select(b => ((string?)json, (string?)b, "nested 10k levels")),
            Gen.Const(((string?)json, (string?)ThreeMegabytes, "3 MB")));
    }

    /// <summary>A JSON text for the schema: the right shape with random, often hostile, values.</summary>
    private Gen<string> Value(JsonNode? raw, string name, int depth)
    {
        var schema = Resolve(raw);
        if (schema is null || depth > MaxDepth)
        {
            return Gen.Frequency((3, Gen.Const("null")), (1, Hostile));
        }
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray alternatives && alternatives.Count > 0)
        {
            return Gen.OneOf([.. alternatives.Select(a => Value(a, name, depth + 1))]);
        }
        if (schema["allOf"] is JsonArray all && all.Count > 0)
        {
            return Value(all[0], name, depth + 1);
        }
        if (Enum(schema) is { Length: > 0 } members)
        {
            return Gen.Frequency((6, Gen.OneOf(members).Select(Quote)), (1, Gen.OneOf(members).Select(m => Quote(m.ToUpperInvariant() + "_"))), (1, Hostile));
        }
        var types = Types(schema);
        Gen<string> shaped;
        if (types.Contains("object") || schema["properties"] is not null)
        {
            shaped = Object(schema, depth);
        }
        else if (types.Contains("array"))
        {
            shaped = Value(schema["items"], Singular(name), depth + 1).Array[0, 3].Select(items => "[" + string.Join(",", items) + "]");
        }
        else if (types.Contains("integer"))
        {
            shaped = knownId(name) is { } id
                ? Gen.Frequency((4, Gen.Const(id.ToString(CultureInfo.InvariantCulture))), (1, Gen.Long[-3, 1_000_000].Select(l => l.ToString(CultureInfo.InvariantCulture))))
                : Gen.Int[-5, 1000].Select(i => i.ToString(CultureInfo.InvariantCulture));
        }
        else if (types.Contains("number"))
        {
            shaped = Gen.Int[-100_000, 10_000_000].Select(i => (i / 100m).ToString(CultureInfo.InvariantCulture));
        }
        else if (types.Contains("boolean"))
        {
            shaped = Gen.OneOf("true", "false");
        }
        else if (types.Contains("string"))
        {
            shaped = (schema["format"]?.GetValue<string>()) switch
            {
                "date" => Gen.Int[-800, 800].Select(d => Quote(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                "date-time" => Gen.Int[-800, 800].Select(d => Quote(DateTime.UtcNow.AddDays(d).ToString("O", CultureInfo.InvariantCulture))),
                _ when name.Contains("currency", StringComparison.OrdinalIgnoreCase) => Gen.OneOf("KRW", "USD", "EUR", "usd", "XYZ").Select(Quote),
                _ => Word.Select(Quote),
            };
        }
        else
        {
            shaped = Gen.OneOf(Word.Select(Quote), Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)), Gen.Const("null"));
        }
        return Gen.Frequency((5, shaped), (1, Hostile));
    }

    private Gen<string> Object(JsonNode schema, int depth)
    {
        var required = (schema["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        var properties = (schema["properties"] as JsonObject ?? []).ToList();
        var members = Sequence(properties.Select(p => Gen.Frequency(
            (required.Contains(p.Key) ? 12 : 4, Value(p.Value, p.Key, depth + 1).Select(v => (string?)(Quote(p.Key) + ":" + v))),
            (1, Absent))));
        var extra = Gen.Frequency(
            (8, Gen.Const("")),
            (1, Hostile.Select(v => Quote("zzUnknownField") + ":" + v)),
            (1, properties.Count == 0
                ? Gen.Const(Quote("id") + ":1")
                : Gen.Select(Gen.Int[0, properties.Count - 1], Hostile, (i, v) => Quote(properties[i].Key) + ":" + v)));
        return Gen.Select(members, extra, (m, e) =>
        {
            var present = m.Where(x => x is not null).Select(x => x!).ToList();
            if (e.Length > 0)
            {
                present.Add(e);
            }
            return "{" + string.Join(",", present) + "}";
        });
    }

    private JsonNode? Resolve(JsonNode? schema)
    {
        for (var i = 0; i < 10 && schema?["$ref"]?.GetValue<string>() is { } reference; i++)
        {
            // "#/components/schemas/AccountInput"
            schema = reference.Split('/').Skip(1).Aggregate((JsonNode?)document, (node, part) => node?[part]);
        }
        return schema;
    }

    private static string[] Types(JsonNode? schema) => schema?["type"] switch
    {
        JsonArray types => [.. types.Select(t => t!.GetValue<string>())],
        JsonValue type => [type.GetValue<string>()],
        _ => [],
    };

    private static string[]? Enum(JsonNode? schema) =>
        (schema?["enum"] as JsonArray)?.Where(e => e is JsonValue v && v.TryGetValue<string>(out _)).Select(e => e!.GetValue<string>()).ToArray();

    private static string Singular(string name) => name.EndsWith("Ids", StringComparison.Ordinal) ? name[..^1] : name;

    private static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    private static Gen<ImmutableList<T>> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(ImmutableList<T>.Empty), (all, gen) => Gen.Select(all, gen, (list, item) => list.Add(item)));
}
