using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;

namespace Laurel.Credentials.SdJwt;

/// <summary>Options for <see cref="SdJwtIssuer.Issue"/>.</summary>
public sealed record SdJwtIssueOptions
{
    /// <summary>Decoy digests added to every <c>_sd</c> array that has real ones (RFC 9901 §4.2.5); 0 = none.</summary>
    public int DecoysPerObject { get; init; }

    /// <summary>Salt source; defaults to 128 random bits. Tests may fix it to reproduce vectors.</summary>
    public Func<string> NewSalt { get; init; } = Disclosure.NewSalt;
}

/// <summary>The output of issuance: the SD-JWT and its disclosures (also inside <see cref="Token"/>).</summary>
public sealed record IssuedSdJwt(SdJwtToken Token, IReadOnlyList<Disclosure> Disclosures);

/// <summary>
/// Issues SD-JWTs (RFC 9901 §4, §5): replaces each selectively disclosable claim by a digest in its parent's <c>_sd</c>
/// array (object properties) or by <c>{"...": digest}</c> (array elements), hashes with <c>sha-256</c>, and signs.
/// </summary>
public static class SdJwtIssuer
{
    /// <summary>The only hash algorithm Laurel issues and accepts (RFC 9901 §4.1.1, IANA "sha-256").</summary>
    public const string HashAlgorithm = "sha-256";

    /// <summary>
    /// Signs <paramref name="claims"/> as an SD-JWT. Each path in <paramref name="disclosable"/> names one claim: a string
    /// segment is an object member, an <c>int</c> an array index and <c>null</c> every element of an array (the claim path
    /// convention of SD-JWT VC §9 / OpenID4VCI). Nested paths are allowed (recursive disclosures, RFC 9901 §4.2.6).
    /// A path that matches nothing is an <see cref="ArgumentException"/>, so a typo never silently discloses everything.
    /// </summary>
    public static IssuedSdJwt Issue(JsonObject claims, IEnumerable<IReadOnlyList<object?>> disclosable, JwsKey issuerKey,
        JsonObject header, SdJwtIssueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(disclosable);
        ArgumentNullException.ThrowIfNull(issuerKey);
        ArgumentNullException.ThrowIfNull(header);
        options ??= new SdJwtIssueOptions();
        if (claims.ContainsKey("_sd_alg")) throw new ArgumentException("The claims already contain '_sd_alg'.", nameof(claims));

        var paths = disclosable.Select(p => p.ToArray()).ToList();
        var used = new bool[paths.Count];
        var disclosures = new List<Disclosure>();
        var payload = (JsonObject)Process(claims, [], paths, used, disclosures, options)!;
        var unused = paths.Where((_, i) => !used[i]).Select(p => "[" + string.Join(", ", p.Select(s => s?.ToString() ?? "null")) + "]").ToList();
        if (unused.Count > 0) throw new ArgumentException("These disclosable paths match no claim: " + string.Join("; ", unused), nameof(disclosable));
        payload["_sd_alg"] = HashAlgorithm;

        var jwt = CompactJws.Sign(header.DeepClone().AsObject(), JsonSerializer.SerializeToUtf8Bytes(payload, CompactJws.Compact), issuerKey);
        return new IssuedSdJwt(new SdJwtToken(jwt, disclosures.Select(d => d.Encoded).ToArray()), disclosures);
    }

    private static JsonNode? Process(JsonNode? node, List<object?> path, List<object?[]> paths, bool[] used,
        List<Disclosure> disclosures, SdJwtIssueOptions options)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var result = new JsonObject();
                var digests = new List<string>();
                foreach (var (name, value) in obj)
                {
                    if (name is "_sd" or "...") throw new ArgumentException($"The claims contain the reserved name '{name}'.");
                    path.Add(name);
                    var processed = Process(value, path, paths, used, disclosures, options);
                    if (Matches(path, paths, used))
                    {
                        var disclosure = Disclosure.ForClaim(name, processed, options.NewSalt());
                        disclosures.Add(disclosure);
                        digests.Add(disclosure.Digest());
                    }
                    else result[name] = processed;
                    path.RemoveAt(path.Count - 1);
                }
                if (digests.Count > 0)
                {
                    for (var i = 0; i < options.DecoysPerObject; i++) digests.Add(Disclosure.DigestOf(options.NewSalt()));
                    // RFC 9901 §4.2.4.1: the order of _sd must not reveal the claims' original order.
                    digests.Sort(StringComparer.Ordinal);
                    result["_sd"] = new JsonArray(digests.Select(d => (JsonNode)d).ToArray());
                }
                return result;
            }
            case JsonArray array:
            {
                var result = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    path.Add(i);
                    var processed = Process(array[i], path, paths, used, disclosures, options);
                    if (Matches(path, paths, used))
                    {
                        var disclosure = Disclosure.ForArrayElement(processed, options.NewSalt());
                        disclosures.Add(disclosure);
                        result.Add(new JsonObject { ["..."] = disclosure.Digest() });
                    }
                    else result.Add(processed);
                    path.RemoveAt(path.Count - 1);
                }
                return result;
            }
            default:
                return node?.DeepClone();
        }
    }

    private static bool Matches(List<object?> path, List<object?[]> paths, bool[] used)
    {
        var any = false;
        for (var p = 0; p < paths.Count; p++)
        {
            var pattern = paths[p];
            if (pattern.Length != path.Count) continue;
            var match = true;
            for (var i = 0; i < pattern.Length && match; i++)
                match = pattern[i] switch
                {
                    null => path[i] is int,
                    int index => path[i] is int actual && actual == index,
                    string name => path[i] is string actual && actual == name,
                    _ => throw new ArgumentException("A claim path segment is a string, an int or null."),
                };
            if (match) used[p] = any = true;
        }
        return any;
    }
}
