using System.Text.Json.Nodes;
using Laurel.Credentials.Multiformats;

namespace Laurel.Credentials.Dids;

/// <summary>
/// Builds a DID document (did:web) or a controlled identifier document (https) listing Ed25519
/// Multikey verification methods and their relationships (KEY-5.3, KEY-5.7).
/// </summary>
public sealed class DidDocumentBuilder
{
    /// <summary>DID Core v1 context URL.</summary>
    public const string DidContext = "https://www.w3.org/ns/did/v1";

    /// <summary>Multikey v1 context URL.</summary>
    public const string MultikeyContext = "https://w3id.org/security/multikey/v1";

    /// <summary>Controlled Identifiers v1 context URL (used for https controller documents).</summary>
    public const string CidContext = "https://www.w3.org/ns/cid/v1";

    private readonly string _id;
    private readonly JsonArray _methods = [];
    private readonly Dictionary<string, JsonArray> _relationships = new(StringComparer.Ordinal);

    /// <summary>Starts a document for a did:web (or other DID) or an https controller URL.</summary>
    public DidDocumentBuilder(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (id.Contains('#')) throw new ArgumentException("A document id has no fragment.", nameof(id));
        _id = id;
    }

    /// <summary>
    /// Adds an Ed25519 Multikey with id <c>{document id}#{fragment}</c> (fragment defaults to the
    /// publicKeyMultibase) listed under the given relationships (default: assertionMethod and authentication).
    /// </summary>
    public DidDocumentBuilder AddEd25519Key(ReadOnlySpan<byte> publicKey, string? fragment = null, params string[] relationships) =>
        AddMultikey(Multikey.EncodeEd25519PublicKey(publicKey), fragment, relationships);

    /// <summary>
    /// Adds a P-256 Multikey (<c>zDn…</c>, for ES256) with id <c>{document id}#{fragment}</c>, like <see cref="AddEd25519Key"/>.
    /// </summary>
    public DidDocumentBuilder AddP256Key(Keys.P256Key key, string? fragment = null, params string[] relationships) =>
        AddMultikey(P256Multikey.Encode(key), fragment, relationships);

    private DidDocumentBuilder AddMultikey(string multibase, string? fragment, string[] relationships)
    {
        var methodId = _id + "#" + (fragment ?? multibase);
        _methods.Add(new JsonObject
        {
            ["id"] = methodId,
            ["type"] = "Multikey",
            ["controller"] = _id,
            ["publicKeyMultibase"] = multibase,
        });
        foreach (var relationship in relationships.Length == 0 ? ["assertionMethod", "authentication"] : relationships)
        {
            if (!_relationships.TryGetValue(relationship, out var list)) _relationships[relationship] = list = [];
            list.Add(methodId);
        }
        return this;
    }

    /// <summary>Returns the document; DIDs get the DID v1 + Multikey v1 contexts, URLs the CID v1 context.</summary>
    public JsonObject Build()
    {
        var isDid = _id.StartsWith("did:", StringComparison.Ordinal);
        var document = new JsonObject
        {
            ["@context"] = isDid ? new JsonArray(DidContext, MultikeyContext) : new JsonArray(CidContext),
            ["id"] = _id,
            ["verificationMethod"] = _methods.DeepClone(),
        };
        foreach (var (relationship, ids) in _relationships) document[relationship] = ids.DeepClone();
        return document;
    }
}
