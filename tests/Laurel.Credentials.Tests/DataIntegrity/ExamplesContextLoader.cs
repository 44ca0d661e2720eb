using System.Text.Json.Nodes;
using Laurel.Credentials.JsonLd;

namespace Laurel.Credentials.Tests.DataIntegrity;

/// <summary>
/// The W3C vectors use the "tests only" examples context, which the production loader refuses; this
/// loader serves it and the VC 2.0 context from the library's embedded copies, and nothing else.
/// </summary>
internal sealed class ExamplesContextLoader : IDocumentLoader
{
    public static ExamplesContextLoader Instance { get; } = new();

    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["https://www.w3.org/ns/credentials/v2"] = "credentials-v2.jsonld",
        ["https://www.w3.org/ns/credentials/examples/v2"] = "credentials-examples-v2.jsonld",
    };

    public RemoteDocument Load(string url)
    {
        if (!Files.TryGetValue(url, out var file)) throw new JsonLdException("loading document failed", $"'{url}' is not served in this test.");
        using var stream = typeof(JsonLdProcessor).Assembly.GetManifestResourceStream("Laurel.Credentials.Contexts." + file)
            ?? throw new JsonLdException("loading document failed", $"Missing embedded context {file}.");
        return new RemoteDocument(url, JsonNode.Parse(stream)!);
    }
}
