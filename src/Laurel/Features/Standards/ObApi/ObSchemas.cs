using System.Text.Json.Nodes;

namespace Laurel.Features.Standards.ObApi;

/// <summary>
/// The official OB 3.0 JSON Schemas (Schemas/README.md, vendored byte-exact) converted once into OpenAPI 3.0 schema objects for
/// the Service Description Document's <c>components/schemas</c> (OB3-7.6).
/// </summary>
public static class ObSchemas
{
    /// <summary>The embedded files, by the component name their root becomes.</summary>
    public static readonly IReadOnlyList<(string Name, string File)> Files =
    [
        ("AchievementCredential", "ob_v3p0_achievementcredential_schema.json"),
        ("Profile", "ob_v3p0_profile_schema.json"),
        ("GetOpenBadgeCredentialsResponse", "ob_v3p0_getopenbadgecredentialsresponse_schema.json"),
        ("Imsx_StatusInfo", "ob_v3p0_imsx_statusinfo_schema.json"),
    ];

    /// <summary>2019-09 keywords OpenAPI 3.0's Schema Object cannot hold: kept as <c>x-</c> extensions.</summary>
    private static readonly HashSet<string> Extensions = ["propertyNames", "contains", "additionalItems", "$comment"];
    private static readonly HashSet<string> Dropped = ["$schema", "$id", "$defs"];

    private static readonly Lazy<JsonObject> Converted = new(Convert);

    /// <summary>A fresh copy of the converted schemas (the caller may put it into a document).</summary>
    public static JsonObject Components() => Converted.Value.DeepClone().AsObject();

    /// <summary>The original text of an embedded schema file.</summary>
    public static string Original(string file)
    {
        using var stream = typeof(ObSchemas).Assembly.GetManifestResourceStream("Laurel.ObApi.Schemas." + file)
            ?? throw new InvalidOperationException("missing embedded schema " + file);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static JsonObject Convert()
    {
        var components = new JsonObject();
        foreach (var (name, file) in Files)
        {
            var schema = JsonNode.Parse(Original(file))!.AsObject();
            components[name] = Rewrite(schema);
            if (schema["$defs"] is JsonObject defs)
                foreach (var (defName, def) in defs)
                    if (!components.ContainsKey(defName)) components[defName] = Rewrite(def!);
        }
        return components;
    }

    private static JsonNode? Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (Dropped.Contains(key)) continue;
                    if (key == "$ref" && value is JsonValue r && r.TryGetValue<string>(out var target))
                        result["$ref"] = target.StartsWith("#/$defs/", StringComparison.Ordinal) ? "#/components/schemas/" + target["#/$defs/".Length..] : target;
                    else if (Extensions.Contains(key)) result["x-" + key.TrimStart('$')] = Rewrite(value);
                    // OpenAPI 3.0 requires at least one name in "required".
                    else if (key == "required" && value is JsonArray { Count: 0 }) continue;
                    // A 2019-09 tuple (items: [A, B], additionalItems: C) has no OpenAPI 3.0 form: every item must be one of A, B, C
                    // (a superset that accepts everything the tuple does); the tuple itself is kept as x-items.
                    else if (key == "items" && value is JsonArray tuple)
                    {
                        result["x-items"] = Rewrite(tuple);
                        result["items"] = new JsonObject { ["anyOf"] = new JsonArray([.. tuple.Append(obj["additionalItems"]).OfType<JsonNode>().Select(Rewrite)]) };
                    }
                    else if (key is "properties" or "patternProperties" && value is JsonObject props)
                    {
                        var copy = new JsonObject();
                        foreach (var (p, v) in props) copy[p] = Rewrite(v);
                        result[key] = copy;
                    }
                    else result[key] = Rewrite(value);
                }
                return result;
            case JsonArray array:
                return new JsonArray([.. array.Select(Rewrite)]);
            default:
                return node?.DeepClone();
        }
    }
}
