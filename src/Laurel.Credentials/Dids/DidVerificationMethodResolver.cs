using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Multiformats;

namespace Laurel.Credentials.Dids;

/// <summary>The outcome of resolving a verification method, with the reason when it failed.</summary>
public sealed record VerificationMethodResolution(VerificationMethod? Method, string? Error);

/// <summary>
/// Resolves Ed25519 and P-256 verification methods (Multikey z6Mk…/zDn…, JsonWebKey with an OKP/Ed25519 or EC/P-256
/// publicKeyJwk) from did:key (computed), did:web and https controller
/// documents (fetched through an injectable delegate) following CID 1.0 §3.3 (KEY-5.4): the document
/// id must equal its URL, the method id must match, its controller must be the document, and the
/// relationships that list it are returned so the caller can check the proof purpose.
/// </summary>
public sealed class DidVerificationMethodResolver : IVerificationMethodResolver
{
    private const int DidKeyCacheLimit = 1024;

    private static readonly HashSet<string> KeyTypes = new(StringComparer.Ordinal) { "Multikey", "MultiKey", "Ed25519VerificationKey2020", "JsonWebKey", "JsonWebKey2020" };
    private static readonly string[] DidKeyRelationships = ["authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation"];

    private readonly Func<Uri, CancellationToken, Task<string>>? _fetch;
    private readonly int _maxDocumentChars;
    private readonly string? _requiredRelationship;
    private readonly ConcurrentDictionary<string, VerificationMethod> _didKeyCache = new(StringComparer.Ordinal);

    /// <summary>Creates a resolver; without <paramref name="fetch"/> only did:key works.</summary>
    /// <param name="fetch">Fetches a document by https URL (see <see cref="DocumentFetcher.ForHttpClient"/>).</param>
    /// <param name="maxDocumentChars">Documents longer than this are rejected.</param>
    /// <param name="requiredRelationship">If set (e.g. <c>assertionMethod</c>), methods not listed under it are rejected.</param>
    public DidVerificationMethodResolver(Func<Uri, CancellationToken, Task<string>>? fetch = null,
        int maxDocumentChars = DocumentFetcher.DefaultMaxBytes, string? requiredRelationship = null)
    {
        _fetch = fetch;
        _maxDocumentChars = maxDocumentChars;
        _requiredRelationship = requiredRelationship;
    }

    /// <inheritdoc />
    public async Task<VerificationMethod?> ResolveAsync(string verificationMethodId, CancellationToken cancellationToken = default) =>
        (await ResolveWithReasonAsync(verificationMethodId, cancellationToken).ConfigureAwait(false)).Method;

    /// <summary>Like <see cref="ResolveAsync"/> but says why resolution failed.</summary>
    public async Task<VerificationMethodResolution> ResolveWithReasonAsync(string verificationMethodId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verificationMethodId);
        try
        {
            var resolution = verificationMethodId.StartsWith(DidKey.Prefix, StringComparison.Ordinal)
                ? new VerificationMethodResolution(ResolveDidKey(verificationMethodId), null)
                : await ResolveDocumentAsync(verificationMethodId, cancellationToken).ConfigureAwait(false);
            if (resolution.Method is { } method && _requiredRelationship is { } required && !method.Relationships.Contains(required))
                return new(null, $"INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD: '{verificationMethodId}' is not listed under {required}.");
            return resolution;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is FormatException or JsonException or HttpRequestException or ArgumentException or InvalidOperationException or TaskCanceledException)
        {
            return new(null, $"INVALID_VERIFICATION_METHOD: '{verificationMethodId}': {e.Message}");
        }
    }

    private VerificationMethod ResolveDidKey(string methodId)
    {
        if (_didKeyCache.TryGetValue(methodId, out var cached)) return cached;
        var hash = methodId.IndexOf('#');
        var did = hash < 0 ? methodId : methodId[..hash];
        var canonicalId = DidKey.VerificationMethodId(did);
        // A bare DID names its only key (1EdTech fixture simple-did-key-method.json); other fragments do not exist.
        if (hash >= 0 && methodId != canonicalId) throw new FormatException("The fragment does not name the did:key's key.");
        var method = new VerificationMethod(canonicalId, did, Keys.Ed25519Key.FromPublicKey(DidKey.PublicKeyOf(did)), DidKeyRelationships);
        if (_didKeyCache.Count < DidKeyCacheLimit) _didKeyCache.TryAdd(methodId, method);
        return method;
    }

    private async Task<VerificationMethodResolution> ResolveDocumentAsync(string methodId, CancellationToken ct)
    {
        if (_fetch is null) return new(null, $"No fetcher configured to resolve '{methodId}'.");
        var hash = methodId.IndexOf('#');
        var documentId = hash < 0 ? methodId : methodId[..hash];
        var document = await FetchAsync(documentId, ct).ConfigureAwait(false);
        if (ControllerDocument.String(document["id"]) != documentId)
            return new(null, $"INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID: the document at '{documentId}' has another id.");

        var (method, relationships) = ControllerDocument.Find(document, documentId, methodId);
        if (method is null && hash < 0 && ControllerDocument.String(document["publicKeyMultibase"]) is not null)
        {
            // A standalone Multikey document: its controller document must list it (KEY-5.4, OB3-4.2a case 3).
            method = document;
            var controllerId = ControllerDocument.String(document["controller"]) ?? "";
            if (controllerId.Length == 0 || controllerId == documentId)
                return new(null, $"INVALID_VERIFICATION_METHOD: '{methodId}' has no separate controller document.");
            var controller = await FetchAsync(controllerId, ct).ConfigureAwait(false);
            if (ControllerDocument.String(controller["id"]) != controllerId)
                return new(null, $"INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID: the document at '{controllerId}' has another id.");
            relationships = ControllerDocument.Find(controller, controllerId, methodId).Relationships;
            documentId = controllerId;
        }
        if (method is null) return new(null, $"INVALID_VERIFICATION_METHOD: '{methodId}' is not in its controller document.");
        if (ControllerDocument.Absolute(method["id"], documentId) != methodId)
            return new(null, $"INVALID_VERIFICATION_METHOD: the method id is not '{methodId}'.");
        if (ControllerDocument.String(method["controller"]) != documentId)
            return new(null, $"INVALID_VERIFICATION_METHOD: the controller of '{methodId}' is not '{documentId}'.");
        if (ControllerDocument.String(method["type"]) is not { } type || !KeyTypes.Contains(type))
            return new(null, $"INVALID_VERIFICATION_METHOD: '{methodId}' is not a Multikey or JsonWebKey.");
        return new(PublicKeyOf(method, methodId, documentId, relationships), null);
    }

    // Multikey: z6Mk… (Ed25519) or zDn… (P-256, KEY-5.2); JsonWebKey: OKP/Ed25519 or EC/P-256. A private member is refused.
    private static VerificationMethod PublicKeyOf(JsonObject method, string methodId, string documentId, IReadOnlyList<string> relationships)
    {
        if (ControllerDocument.String(method["publicKeyMultibase"]) is { } multibase)
            return multibase.StartsWith("zDn", StringComparison.Ordinal)
                ? new VerificationMethod(methodId, documentId, null, relationships) { P256PublicKey = P256Multikey.Decode(multibase) }
                : new VerificationMethod(methodId, documentId, Multikey.ToPublicKey(multibase), relationships);
        if (method["publicKeyJwk"] is not JsonObject jwk) throw new FormatException("The method has no publicKeyMultibase or publicKeyJwk.");
        if (jwk.ContainsKey("d")) throw new FormatException("The method's publicKeyJwk contains a private key.");
        return ControllerDocument.String(jwk["kty"]) switch
        {
            "EC" => new VerificationMethod(methodId, documentId, null, relationships) { P256PublicKey = Jwt.P256Jwk.Import(jwk) },
            "OKP" => new VerificationMethod(methodId, documentId, Jwt.Ed25519Jwk.Import(jwk), relationships),
            var kty => throw new FormatException($"Unsupported publicKeyJwk key type '{kty}'."),
        };
    }

    private async Task<JsonObject> FetchAsync(string documentId, CancellationToken ct)
    {
        Uri url;
        if (documentId.StartsWith(DidWeb.Prefix, StringComparison.Ordinal)) url = DidWeb.ToDocumentUrl(documentId);
        else if (Uri.TryCreate(documentId, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps) url = parsed;
        else throw new FormatException($"Unsupported verification method URL '{documentId}' (did:key, did:web or https only).");

        var text = await _fetch!(url, ct).ConfigureAwait(false);
        if (text.Length > _maxDocumentChars) throw new FormatException($"The document at '{url}' exceeds {_maxDocumentChars} characters.");
        return JsonNode.Parse(text) as JsonObject ?? throw new FormatException($"The document at '{url}' is not a JSON object.");
    }
}
