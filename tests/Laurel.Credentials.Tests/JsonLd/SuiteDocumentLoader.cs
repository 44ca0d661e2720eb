using System.Text.Json.Nodes;
using Laurel.Credentials.JsonLd;

namespace Laurel.Credentials.Tests.JsonLd;

/// <summary>Serves https://w3c.github.io/json-ld-api/tests/… from the offline copy of the official suite.</summary>
internal sealed class SuiteDocumentLoader : IDocumentLoader
{
    public const string BaseIri = "https://w3c.github.io/json-ld-api/tests/";

    public static readonly SuiteDocumentLoader Instance = new();

    public static string Folder => SharedData.TestSuite("json-ld-api", "tests");

    public RemoteDocument Load(string url)
    {
        if (!url.StartsWith(BaseIri, StringComparison.Ordinal))
            throw new JsonLdException("loading document failed", $"'{url}' is outside the test suite.");
        var path = Path.Combine(Folder, url[BaseIri.Length..].Split('#', '?')[0]);
        if (!File.Exists(path)) throw new JsonLdException("loading document failed", $"'{url}' does not exist.");
        return new RemoteDocument(url, JsonNode.Parse(File.ReadAllText(path))!);
    }
}
