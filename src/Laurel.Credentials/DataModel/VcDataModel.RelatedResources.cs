using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Multiformats;

namespace Laurel.Credentials.DataModel;

// VC 2.0 §5.3 Integrity of Related Resources: {id, digestSRI and/or digestMultibase, mediaType?}, ids unique. Laurel
// never fetches, so a digest is compared only for resources it holds offline (the shipped, hash-pinned contexts); any
// other digest is checked for form (SRI hash-expression; multibase-encoded multihash, DI 1.0 §2.6).
public static partial class VcDataModel
{
    private static void RelatedResources(List<DataModelProblem> p, JsonObject credential)
    {
        if (!credential.TryGetPropertyValue("relatedResource", out var node)) return;
        if (node is null or JsonArray { Count: 0 })
        {
            p.Add(new("relatedResource", Empty, "relatedResource, when present, must hold at least one object (VC 2.0 §5.3)."));
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, path) in Each(node, "relatedResource"))
        {
            if (item is not JsonObject o)
            {
                p.Add(new(path, NotObject, "Each relatedResource must be an object with an id and a digest (VC 2.0 §5.3)."));
                continue;
            }
            var id = Text(o["id"]);
            if (o["id"] is null) p.Add(new(path + ".id", Required, "A relatedResource needs the id (URL) of the resource (VC 2.0 §5.3)."));
            else SingleUrl(p, o["id"], path + ".id", "id");
            if (id is not null && !seen.Add(id))
                p.Add(new(path + ".id", Duplicate, $"'{id}' appears more than once in relatedResource (VC 2.0 §5.3)."));
            if (!o.ContainsKey("digestSRI") && !o.ContainsKey("digestMultibase"))
                p.Add(new(path, Digest, "A relatedResource needs digestSRI or digestMultibase (VC 2.0 §5.3)."));
            if (o.ContainsKey("mediaType") && Text(o["mediaType"]) is null)
                p.Add(new(path + ".mediaType", BadType, "mediaType must be a string."));
            var resource = id is null ? null : ShippedContexts.ShippedBytes(id);
            foreach (var (digest, digestPath) in Each(o["digestSRI"], path + ".digestSRI"))
                if (o.ContainsKey("digestSRI")) Sri(p, Text(digest), digestPath, resource);
            foreach (var (digest, digestPath) in Each(o["digestMultibase"], path + ".digestMultibase"))
                if (o.ContainsKey("digestMultibase")) MultibaseDigest(p, Text(digest), digestPath, resource);
        }
    }

    // SRI hash-expression(s): "sha384-<base64>" separated by spaces; the digest length must fit the algorithm.
    private static void Sri(List<DataModelProblem> p, string? value, string path, byte[]? resource)
    {
        var expressions = value?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (expressions.Length == 0) p.Add(new(path, Digest, "digestSRI must be an SRI hash expression such as 'sha384-…'."));
        foreach (var expression in expressions)
        {
            var dash = expression.IndexOf('-');
            var algorithm = dash > 0 ? expression[..dash] : "";
            var encoded = dash > 0 ? expression[(dash + 1)..].Split('?')[0] : "";
            var digest = TryBase64(encoded);
            if (Sha2Length(algorithm) is not { } length || digest?.Length != length)
                p.Add(new(path, Digest, $"'{expression}' is not an SRI hash expression (sha256/sha384/sha512 and a base64 digest of the right length)."));
            else if (resource is not null && !Hash(algorithm, resource).AsSpan().SequenceEqual(digest))
                p.Add(new(path, DigestMismatch, "digestSRI does not match the resource Laurel holds for this id."));
        }
    }

    // Multibase ('u' or 'z') of a multihash (sha2-256 0x12, sha2-512 0x13, sha2-384 0x20, sha3-* 0x14…0x16).
    private static void MultibaseDigest(List<DataModelProblem> p, string? value, string path, byte[]? resource)
    {
        byte[]? bytes = null;
        try { if (value is not null) bytes = Multibase.Decode(value); }
        catch (FormatException) { }
        var algorithm = bytes is { Length: > 2 } ? bytes[0] switch
        {
            0x12 => "sha256",
            0x20 => "sha384",
            0x13 => "sha512",
            0x16 => "sha3-256",
            0x15 => "sha3-384",
            0x14 => "sha3-512",
            _ => null,
        } : null;
        var length = algorithm is null ? null : Sha2Length(algorithm.Replace("sha3-", "sha", StringComparison.Ordinal));
        if (algorithm is null || bytes![1] != length || bytes.Length != 2 + length)
        {
            p.Add(new(path, Digest, "digestMultibase must be a multibase-encoded multihash of a SHA-2 or SHA-3 digest (VC Data Integrity §2.6)."));
            return;
        }
        if (resource is null || (algorithm.StartsWith("sha3", StringComparison.Ordinal) && !SHA3_256.IsSupported)) return;
        if (!Hash(algorithm, resource).AsSpan().SequenceEqual(bytes.AsSpan(2)))
            p.Add(new(path, DigestMismatch, "digestMultibase does not match the resource Laurel holds for this id."));
    }

    private static int? Sha2Length(string algorithm) => algorithm switch
    {
        "sha256" => 32,
        "sha384" => 48,
        "sha512" => 64,
        _ => null,
    };

    private static byte[] Hash(string algorithm, byte[] data) => algorithm switch
    {
        "sha256" => SHA256.HashData(data),
        "sha384" => SHA384.HashData(data),
        "sha512" => SHA512.HashData(data),
        "sha3-256" => SHA3_256.HashData(data),
        "sha3-384" => SHA3_384.HashData(data),
        _ => SHA3_512.HashData(data),
    };

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
