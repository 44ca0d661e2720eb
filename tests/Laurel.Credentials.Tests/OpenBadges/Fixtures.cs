using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Laurel.Credentials.Tests.OpenBadges;

/// <summary>Fixture access, JSON-LD-aware comparison and the OB JSON Schemas for the OpenBadges tests.</summary>
internal static class Fixtures
{
    public static string Ob30(string name) => SharedData.SpecFile("testvectors", "official", "1edtech-validator", "ob30", name);

    public static string ConstructedPath(string name) => SharedData.SpecFile("testvectors", "constructed", name);

    public static JsonObject Load(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    /// <summary>Valid OB 3.0 (VC 2.0) credentials among the 1EdTech fixtures (the VC 1.1-era ones, *_v1 and simple-eddsa-2022, are not VC 2.0).</summary>
    public static TheoryData<string> ValidOfficial() =>
    [
        "complete.json", "simple.json", "simple-context-alias.json", "simple-context-version.json",
        "simple-did-key-method.json", "simple-did-web-method.json",
        "simple-multiple-proofs.json", "bit-string-list/credential-status-revoked.json",
    ];

    /// <summary>
    /// JSON-LD-equivalence of compacted documents: a single value equals a one-element array of it, numbers compare by
    /// value, and a number equals the same digits as a string (SL-6.6: we emit statusListIndex as a string).
    /// </summary>
    public static bool Equivalent(JsonNode? a, JsonNode? b)
    {
        if (a is JsonArray { Count: 1 } aa && b is not JsonArray) return Equivalent(aa[0], b);
        if (b is JsonArray { Count: 1 } bb && a is not JsonArray) return Equivalent(a, bb[0]);
        switch (a, b)
        {
            case (null, null): return true;
            case (JsonObject x, JsonObject y):
                return x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var v) && Equivalent(p.Value, v));
            case (JsonArray x, JsonArray y):
                return x.Count == y.Count && x.Zip(y).All(p => Equivalent(p.First, p.Second));
            case (JsonValue x, JsonValue y):
                if (x.GetValueKind() == JsonValueKind.Number || y.GetValueKind() == JsonValueKind.Number)
                    return decimal.TryParse(x.ToJsonString().Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out var dx)
                        && decimal.TryParse(y.ToJsonString().Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out var dy) && dx == dy;
                return JsonNode.DeepEquals(x, y);
            default: return false;
        }
    }

    private static readonly Dictionary<string, JsonSchema> Schemas = [];

    /// <summary>
    /// Loads an OB schema for NJsonSchema, which predates draft 2019-09: <c>$defs</c> is renamed to <c>definitions</c>
    /// so references resolve. (NJsonSchema ignores <c>contains</c>; the ShapeValidator covers those rules.)
    /// </summary>
    public static JsonSchema Schema(string folder, string file = "ob_v3p0_achievementcredential_schema.json")
    {
        lock (Schemas)
        {
            var key = folder + "/" + file;
            if (Schemas.TryGetValue(key, out var cached)) return cached;
            var text = File.ReadAllText(SharedData.SpecFile("schemas", folder, file))
                .Replace("\"$defs\"", "\"definitions\"").Replace("#/$defs/", "#/definitions/");
            return Schemas[key] = JsonSchema.FromJsonAsync(text).GetAwaiter().GetResult();
        }
    }

    public static string SchemaErrors(JsonSchema schema, JsonNode document) =>
        string.Join("; ", schema.Validate(document.ToJsonString()).Select(e => e.Path + " " + e.Kind));
}
