using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Jwt;

/// <summary>A parsed (not yet verified) JWS in compact serialization (RFC 7515 §7.1).</summary>
public sealed class CompactJws
{
    /// <summary>Tokens longer than this are refused (baked badges may carry data: URI images, hence 4 MB).</summary>
    public const int DefaultMaxLength = 4 * 1024 * 1024;

    internal static readonly JsonSerializerOptions Compact = new()
    {
        // Matches JSON.stringify for ordinary text so tokens are byte-comparable with the JS stack.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private CompactJws(JsonObject header, byte[] payload, byte[] signature, string signingInput)
    {
        Header = header;
        Payload = payload;
        Signature = signature;
        SigningInput = signingInput;
    }

    /// <summary>The decoded protected header.</summary>
    public JsonObject Header { get; }

    /// <summary>The decoded payload bytes.</summary>
    public byte[] Payload { get; }

    /// <summary>The decoded signature bytes.</summary>
    public byte[] Signature { get; }

    /// <summary>ASCII(BASE64URL(header) '.' BASE64URL(payload)), the bytes that were signed.</summary>
    public string SigningInput { get; }

    /// <summary>The header <c>alg</c>, if a string.</summary>
    public string? Algorithm => HeaderText("alg");

    /// <summary>The header <c>kid</c>, if a string.</summary>
    public string? KeyId => HeaderText("kid");

    /// <summary>Returns the named header parameter when it is a string.</summary>
    public string? HeaderText(string name) => Header[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Parses the payload as a JSON object, or returns null if it is not one.</summary>
    public JsonObject? PayloadObject()
    {
        try
        {
            return JsonNode.Parse(Payload) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Parses a compact JWS; throws <see cref="FormatException"/> with a clear reason when malformed.</summary>
    public static CompactJws Parse(string token, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(token);
        token = token.Trim();
        if (token.Length > maxLength) throw new FormatException($"The token is longer than {maxLength} characters.");
        var first = token.IndexOf('.');
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.IndexOf('.', second + 1) >= 0)
            throw new FormatException("A compact JWS has exactly three base64url parts separated by '.'.");

        var header = Decode(token.AsSpan(0, first), "header");
        var payload = Decode(token.AsSpan(first + 1, second - first - 1), "payload");
        var signature = Decode(token.AsSpan(second + 1), "signature");
        JsonObject headerObject;
        try
        {
            headerObject = JsonNode.Parse(header) as JsonObject ?? throw new FormatException("The JWS header is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new FormatException("The JWS header is not valid JSON: " + e.Message);
        }
        return new CompactJws(headerObject, payload, signature, token[..second]);
    }

    /// <summary>Signs <paramref name="payload"/> under <paramref name="header"/> with Ed25519 (<c>alg: EdDSA</c>).</summary>
    public static string SignEd25519(JsonObject header, ReadOnlySpan<byte> payload, Ed25519Key key)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(key);
        var signingInput = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header, Compact))
            + "." + Base64Url.EncodeToString(payload);
        var signature = key.Sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Verifies the Ed25519 signature over <see cref="SigningInput"/>.</summary>
    public bool VerifyEd25519(Ed25519Key key) => key.Verify(Encoding.ASCII.GetBytes(SigningInput), Signature);

    /// <summary>
    /// Signs <paramref name="payload"/> with any <see cref="JwsKey"/>; the header's <c>alg</c> is set to the key's algorithm
    /// (RFC 7515 §5.1) so a header can never claim one algorithm while another signs.
    /// </summary>
    public static string Sign(JsonObject header, ReadOnlySpan<byte> payload, JwsKey key)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(key);
        header["alg"] = key.Algorithm;
        var signingInput = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header, Compact))
            + "." + Base64Url.EncodeToString(payload);
        var signature = key.Sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>
    /// Verifies the signature with <paramref name="key"/>; false when the header <c>alg</c> is not the key's algorithm
    /// (RFC 8725 §3.1: the algorithm comes from the key, never from the token alone).
    /// </summary>
    public bool Verify(JwsKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Algorithm == key.Algorithm && key.Verify(Encoding.ASCII.GetBytes(SigningInput), Signature);
    }

    private static byte[] Decode(ReadOnlySpan<char> part, string what)
    {
        // RFC 7515 uses unpadded base64url; '=' or '+' '/' mean a different encoding.
        if (part.ContainsAny('=', '+', '/')) throw new FormatException($"The JWS {what} is not unpadded base64url.");
        try
        {
            return Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            throw new FormatException($"The JWS {what} is not valid base64url.");
        }
    }
}
