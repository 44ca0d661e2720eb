using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;

namespace Laurel.Credentials.SdJwt;

/// <summary>
/// One SD-JWT disclosure (RFC 9901 §4.2): base64url of the JSON array <c>[salt, claim name, value]</c> for an object
/// property or <c>[salt, value]</c> for an array element. The digest is computed over the encoded form exactly as
/// received (§4.2.3), never over a re-serialization.
/// </summary>
public sealed class Disclosure
{
    private Disclosure(string encoded, string salt, string? claimName, JsonNode? value)
    {
        Encoded = encoded;
        Salt = salt;
        ClaimName = claimName;
        Value = value;
    }

    /// <summary>The base64url text as it appears between <c>~</c> separators.</summary>
    public string Encoded { get; }

    /// <summary>The salt (RFC 9901 §4.2.1: at least 128 bits of entropy when Laurel creates it).</summary>
    public string Salt { get; }

    /// <summary>The claim name, or null for an array element disclosure.</summary>
    public string? ClaimName { get; }

    /// <summary>The disclosed value (may itself contain <c>_sd</c> digests of nested disclosures).</summary>
    public JsonNode? Value { get; }

    /// <summary>True for <c>[salt, value]</c> array element disclosures.</summary>
    public bool IsArrayElement => ClaimName is null;

    /// <summary>The <c>sha-256</c> digest of <see cref="Encoded"/>: base64url(SHA-256(ASCII(Encoded))) (RFC 9901 §4.2.3).</summary>
    public string Digest() => DigestOf(Encoded);

    /// <summary>The <c>sha-256</c> digest of an encoded disclosure (or of any ASCII text, as for <c>sd_hash</c>).</summary>
    public static string DigestOf(string ascii) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(ascii)));

    /// <summary>A new object property disclosure with a fresh 128-bit salt.</summary>
    public static Disclosure ForClaim(string claimName, JsonNode? value, string? salt = null)
    {
        ArgumentNullException.ThrowIfNull(claimName);
        // RFC 9901 §4.2.1: these names would collide with the SD-JWT machinery itself.
        if (claimName is "_sd" or "...") throw new ArgumentException($"'{claimName}' cannot be a selectively disclosable claim name.", nameof(claimName));
        return Create(salt ?? NewSalt(), claimName, value);
    }

    /// <summary>A new array element disclosure with a fresh 128-bit salt.</summary>
    public static Disclosure ForArrayElement(JsonNode? value, string? salt = null) => Create(salt ?? NewSalt(), null, value);

    /// <summary>A fresh random salt: 16 bytes from the CSPRNG, base64url (RFC 9901 §4.2.1, §9.3).</summary>
    public static string NewSalt() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>Parses an encoded disclosure; throws <see cref="FormatException"/> when it is not a 2- or 3-element array of the right types.</summary>
    public static Disclosure Parse(string encoded, int maxDepth = 64)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        byte[] bytes;
        if (encoded.Length == 0 || encoded.AsSpan().ContainsAny('=', '+', '/')) throw new FormatException("A disclosure is unpadded base64url.");
        try
        {
            bytes = Base64Url.DecodeFromChars(encoded);
        }
        catch (FormatException)
        {
            throw new FormatException("A disclosure is not valid base64url.");
        }
        JsonArray array;
        try
        {
            array = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = maxDepth }) as JsonArray
                ?? throw new FormatException("A disclosure is not a JSON array.");
        }
        catch (JsonException e)
        {
            throw new FormatException("A disclosure is not valid JSON: " + e.Message);
        }
        var salt = Text(array[0]) ?? throw new FormatException("A disclosure's salt is not a string.");
        return array.Count switch
        {
            2 => new Disclosure(encoded, salt, null, array[1]?.DeepClone()),
            3 => new Disclosure(encoded, salt, Text(array[1]) ?? throw new FormatException("A disclosure's claim name is not a string."),
                array[2]?.DeepClone()),
            _ => throw new FormatException("A disclosure has 2 (array element) or 3 (object property) elements."),
        };
    }

    private static Disclosure Create(string salt, string? claimName, JsonNode? value)
    {
        var array = new JsonArray { salt };
        if (claimName is not null) array.Add(claimName);
        array.Add(value?.DeepClone());
        var encoded = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(array, CompactJws.Compact));
        return new Disclosure(encoded, salt, claimName, value?.DeepClone());
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
