using System.Text.Json.Nodes;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.OpenBadges;
using NJsonSchema;

namespace Laurel.Tests.Awards;

/// <summary>The OB 3.0 checks an issued credential must pass: both JSON Schema variants, Laurel's shape rules, JSON-LD safe mode.</summary>
internal static class CredentialSchemas
{
    private static readonly Dictionary<string, JsonSchema> Cache = [];

    private static string SpecRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Laurel.slnx"))) return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "spec"));
        throw new DirectoryNotFoundException("Cannot find the repository root (Laurel.slnx).");
    }

    // NJsonSchema predates draft 2019-09: $defs becomes definitions so references resolve (as in Laurel.Credentials.Tests).
    private static JsonSchema Schema(string folder)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(folder, out var cached)) return cached;
            var text = File.ReadAllText(Path.Combine(SpecRoot(), "schemas", folder, "ob_v3p0_achievementcredential_schema.json"))
                .Replace("\"$defs\"", "\"definitions\"").Replace("#/$defs/", "#/definitions/");
            return Cache[folder] = JsonSchema.FromJsonAsync(text).GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Every problem found, empty when the credential passes all checks. The published OB 3.0 schemas allow one credentialStatus
    /// object, Laurel issues an array of two (revocation, suspension; docs/conformance.md): so the schemas judge the credential
    /// once per status entry, with that entry as its only credentialStatus — every entry and everything else must pass them.
    /// <see cref="SchemaProblemsAsIssued"/> shows that the array is the only deviation.
    /// </summary>
    public static List<string> Problems(JsonObject credential)
    {
        var problems = new List<string>();
        foreach (var variant in PerStatusEntry(credential))
            problems.AddRange(SchemaProblemsAsIssued(variant));
        problems.AddRange(ShapeValidator.Validate(credential, requireArrays: true).Select(p => "shape: " + p));
        try
        {
            JsonLdProcessor.ToRdf(credential, new JsonLdOptions { SafeMode = true });
        }
        catch (JsonLdException e)
        {
            problems.Add("json-ld safe mode: " + e.Message);
        }
        return problems.Distinct().ToList();
    }

    /// <summary>What both OB 3.0 JSON Schema variants say about the credential exactly as it is.</summary>
    public static List<string> SchemaProblemsAsIssued(JsonObject credential) =>
        new[] { "ob_v3p0", "ob_v3p0-strict-2024-09" }
            .SelectMany(folder => Schema(folder).Validate(credential.ToJsonString()).Select(e => $"{folder}: {e.Path} {e.Kind}")).ToList();

    private static IEnumerable<JsonObject> PerStatusEntry(JsonObject credential)
    {
        if (credential["credentialStatus"] is not JsonArray { Count: > 0 } entries)
        {
            yield return credential;
            yield break;
        }
        foreach (var entry in entries)
        {
            var variant = credential.DeepClone().AsObject();
            variant["credentialStatus"] = entry?.DeepClone();
            yield return variant;
        }
    }
}
