using System.Text.Json.Nodes;
using Laurel.Credentials.Multiformats;

namespace Laurel.Credentials.Dids;

/// <summary>did:key for Ed25519 (KEY-5.6): the DID is <c>did:key:</c> + the key's publicKeyMultibase.</summary>
public static class DidKey
{
    /// <summary>The method prefix <c>did:key:</c>.</summary>
    public const string Prefix = "did:key:";

    /// <summary>The did:key of a 32-byte Ed25519 public key (<c>did:key:z6Mk...</c>).</summary>
    public static string FromPublicKey(ReadOnlySpan<byte> publicKey) => Prefix + Multikey.EncodeEd25519PublicKey(publicKey);

    /// <summary>The verification method id <c>did:key:z6Mk...#z6Mk...</c> of a did:key.</summary>
    public static string VerificationMethodId(string did) => did + "#" + MultibaseOf(did);

    /// <summary>Extracts the Ed25519 public key; throws <see cref="FormatException"/> (invalidDid / invalidPublicKeyLength).</summary>
    public static byte[] PublicKeyOf(string did) => Multikey.DecodeEd25519PublicKey(MultibaseOf(did));

    /// <summary>Resolves a did:key to its DID document (pure computation, no network).</summary>
    public static JsonObject ResolveDocument(string did)
    {
        var multibase = MultibaseOf(did);
        Multikey.DecodeEd25519PublicKey(multibase); // validates codec and length
        var methodId = did + "#" + multibase;
        return new JsonObject
        {
            ["@context"] = new JsonArray(DidDocumentBuilder.DidContext, DidDocumentBuilder.MultikeyContext),
            ["id"] = did,
            ["verificationMethod"] = new JsonArray(new JsonObject
            {
                ["id"] = methodId,
                ["type"] = "Multikey",
                ["controller"] = did,
                ["publicKeyMultibase"] = multibase,
            }),
            ["authentication"] = new JsonArray(methodId),
            ["assertionMethod"] = new JsonArray(methodId),
            ["capabilityInvocation"] = new JsonArray(methodId),
            ["capabilityDelegation"] = new JsonArray(methodId),
        };
    }

    private static string MultibaseOf(string didOrUrl)
    {
        if (!didOrUrl.StartsWith(Prefix, StringComparison.Ordinal)) throw new FormatException("invalidDid: not a did:key.");
        var hash = didOrUrl.IndexOf('#');
        var multibase = hash < 0 ? didOrUrl[Prefix.Length..] : didOrUrl[Prefix.Length..hash];
        if (!multibase.StartsWith('z')) throw new FormatException("invalidDid: did:key must use base58btc ('z').");
        return multibase;
    }
}
