using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Laurel.Credentials.JsonLd;

/// <summary>
/// The default document loader: serves only the JSON-LD contexts embedded in this library, by their canonical URL
/// (digest JL-1.1: never fetch contexts from the network; an unknown URL is an error).
/// </summary>
public sealed class ShippedContexts : IDocumentLoader
{
    private const string ExamplesUrl = "https://www.w3.org/ns/credentials/examples/v2";

    // Canonical URL → embedded file (src/Laurel.Credentials/Contexts/README.md). Both OB 3.0.3 files share one URL;
    // the purl copy is served because that is what the purl returns and what credentials are signed against.
    private static readonly FrozenDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["https://www.w3.org/ns/credentials/v2"] = "credentials-v2.jsonld",
        ["https://www.w3.org/2018/credentials/v1"] = "credentials-v1.jsonld",
        ["https://www.w3.org/ns/credentials/undefined-terms/v2"] = "credentials-undefined-terms-v2.jsonld",
        ["https://www.w3.org/ns/credentials/status/v1"] = "credentials-status-v1.jsonld",
        ["https://w3id.org/security/data-integrity/v2"] = "data-integrity-v2.jsonld",
        ["https://w3id.org/security/multikey/v1"] = "multikey-v1.jsonld",
        ["https://w3id.org/security/jwk/v1"] = "jwk-v1.jsonld",
        ["https://www.w3.org/ns/cid/v1"] = "cid-v1.jsonld",
        ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"] = "ob-v3p0-context-3.0.3.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"] = "ob-v3p0-context-3.0.2.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"] = "ob-v3p0-context-3.0.1.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/context.json"] = "ob-v3p0-context-3.0.0.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"] = "ob-v3p0-extensions.json",
        ["https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"] = "clr-v2p0-context-2.0.1.json",
        ["https://w3id.org/openbadges/v2"] = "ob-v2p0-context.json",
        ["http://data.europa.eu/snb/model/context/edc-ap"] = "elm-edc-ap-context.jsonld",
        ["https://www.w3.org/ns/did/v1"] = "did-v1.1edtech-validator.jsonld",
        [ExamplesUrl] = "credentials-examples-v2.jsonld",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, Lazy<byte[]>> Bytes =
        Files.ToFrozenDictionary(pair => pair.Key, pair => new Lazy<byte[]>(() => ReadResource(pair.Value)), StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, Lazy<object?>> Trees =
        Files.ToFrozenDictionary(pair => pair.Key, pair => new Lazy<object?>(() => JsonTree.Parse(Bytes[pair.Key].Value)), StringComparer.Ordinal);

    private readonly bool includeExamples;

    private ShippedContexts(bool includeExamples) => this.includeExamples = includeExamples;

    /// <summary>The production loader: VC, Data Integrity, CID, status list, OB 2.0/3.0, CLR 2.0 and ELM contexts.</summary>
    public static ShippedContexts Instance { get; } = new(includeExamples: false);

    /// <summary>Also serves <c>https://www.w3.org/ns/credentials/examples/v2</c>, which declares <c>@vocab</c>; for test vectors only.</summary>
    public static ShippedContexts WithExamples { get; } = new(includeExamples: true);

    /// <summary>The context URLs this loader serves.</summary>
    public IEnumerable<string> Urls => Files.Keys.Where(Serves);

    /// <summary>Returns a fresh copy of the shipped context for <paramref name="url"/>.</summary>
    public RemoteDocument Load(string url)
    {
        if (!Serves(url)) throw Unknown(url);
        return new RemoteDocument(url, JsonNode.Parse(Bytes[url].Value)!);
    }

    /// <summary>The exact bytes Laurel ships for a context URL (examples included), or null; for digest checks (VC 2.0 §5.3).</summary>
    internal static byte[]? ShippedBytes(string url) => Bytes.TryGetValue(url, out var bytes) ? bytes.Value : null;

    /// <summary>The parsed context, shared and never mutated by the processor.</summary>
    internal object? Tree(string url) => Serves(url) ? Trees[url].Value : throw Unknown(url);

    private bool Serves(string url) => Files.ContainsKey(url) && (includeExamples || url != ExamplesUrl);

    private static JsonLdException Unknown(string url) => new(
        "loading remote context failed",
        $"The JSON-LD context '{url}' is not one of the contexts shipped with Laurel; remote contexts are never fetched.");

    private static byte[] ReadResource(string file)
    {
        using var stream = typeof(ShippedContexts).Assembly.GetManifestResourceStream("Laurel.Credentials.Contexts." + file)
            ?? throw new InvalidOperationException("missing embedded context " + file);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
