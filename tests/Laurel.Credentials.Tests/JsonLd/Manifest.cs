using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Laurel.Credentials.JsonLd;

namespace Laurel.Credentials.Tests.JsonLd;

/// <summary>One entry of an official JSON-LD API test manifest.</summary>
internal sealed record ManifestTest(string Id, string Name, string InputPath, string InputUrl, string? ExpectPath,
    string? ExpectErrorCode, JsonObject Option)
{
    public JsonNode Input() => JsonNode.Parse(File.ReadAllText(InputPath))!;

    public JsonLdOptions Options() => new()
    {
        Base = (string?)Option["base"] ?? InputUrl,
        DocumentLoader = SuiteDocumentLoader.Instance,
        ProcessingMode = (string?)Option["processingMode"] ?? "json-ld-1.1",
        RdfDirection = (string?)Option["rdfDirection"],
        ProduceGeneralizedRdf = (bool?)Option["produceGeneralizedRdf"] ?? false,
        ExpandContext = Option["expandContext"] is { } context
            ? JsonNode.Parse(File.ReadAllText(Path.Combine(SuiteDocumentLoader.Folder, (string)context!)))
            : null,
    };
}

/// <summary>Reads <c>&lt;name&gt;-manifest.jsonld</c> from the offline suite.</summary>
internal static class Manifest
{
    private static readonly ConcurrentDictionary<string, List<ManifestTest>> Cache = new();

    public static List<ManifestTest> All(string name) => Cache.GetOrAdd(name, Load);

    public static ManifestTest Get(string name, string id) => All(name).Single(t => t.Id == id);

    private static List<ManifestTest> Load(string name)
    {
        var folder = SuiteDocumentLoader.Folder;
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, name + "-manifest.jsonld")))!;
        var tests = new List<ManifestTest>();
        foreach (var entry in manifest["sequence"]!.AsArray())
        {
            var input = (string)entry!["input"]!;
            var expect = (string?)entry["expect"];
            tests.Add(new ManifestTest(
                (string)entry["@id"]!,
                (string)entry["name"]!,
                Path.Combine(folder, input),
                SuiteDocumentLoader.BaseIri + input,
                expect is null ? null : Path.Combine(folder, expect),
                (string?)entry["expectErrorCode"],
                entry["option"]?.AsObject() ?? []));
        }

        return tests;
    }
}
