using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Laurel.Features.Standards.Elm;

/// <summary>
/// A JAdES baseline-B seal (ETSI TS 119 182-1) over an ELM document, in the form the Europass EDC samples carry
/// (ELM-3.6): a JWS in general JSON serialization whose payload is the credential JSON itself, unencoded (RFC 7797
/// <c>b64: false</c>), and whose protected header holds <c>alg</c>, <c>typ</c> <c>jose+json</c>, <c>cty</c>, the signing
/// certificate (<c>x5t#S256</c>, JAdES's signing-certificate reference) and its chain (<c>x5c</c>, leaf first), and the
/// claimed signing time <c>sigT</c>; <c>b64</c> and <c>sigT</c> are listed in <c>crit</c>. No timestamp token
/// (<c>adoTst</c>, baseline T) is added: that needs a qualified time-stamping authority, which is the institution's to choose.
/// </summary>
public static class JadesSeal
{
    /// <summary>The content type EDC's own seals declare for their payload.</summary>
    public const string ContentType = "octet-stream";

    /// <summary>Seals <paramref name="payload"/> (UTF-8 JSON) with <paramref name="certificate"/>'s private key (RSA: RS256, EC P-256: ES256, P-384: ES384).</summary>
    public static string Seal(byte[] payload, X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, DateTimeOffset signingTime)
    {
        var (alg, sign) = Signer(certificate);
        var header = new JsonObject
        {
            ["alg"] = alg,
            ["typ"] = "jose+json",
            ["cty"] = ContentType,
            ["x5t#S256"] = Base64Url(SHA256.HashData(certificate.RawData)),
            ["x5c"] = new JsonArray(chain.Select(c => (JsonNode?)Convert.ToBase64String(c.RawData)).ToArray()),
            ["sigT"] = signingTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["b64"] = false,
            ["crit"] = new JsonArray("b64", "sigT"),
        };
        var protectedHeader = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header));
        // RFC 7797 §3: with b64 false the signing input is ASCII(BASE64URL(header)) || '.' || the payload bytes as they are.
        var input = new byte[protectedHeader.Length + 1 + payload.Length];
        Encoding.ASCII.GetBytes(protectedHeader, input);
        input[protectedHeader.Length] = (byte)'.';
        payload.CopyTo(input, protectedHeader.Length + 1);
        var jws = new JsonObject
        {
            ["payload"] = Encoding.UTF8.GetString(payload),
            ["signatures"] = new JsonArray(new JsonObject { ["protected"] = protectedHeader, ["signature"] = Base64Url(sign(input)) }),
        };
        return jws.ToJsonString();
    }

    private static (string Alg, Func<byte[], byte[]> Sign) Signer(X509Certificate2 certificate)
    {
        if (certificate.GetRSAPrivateKey() is { } rsa)
            return ("RS256", data => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        if (certificate.GetECDsaPrivateKey() is { } ec)
        {
            var size = ec.KeySize;
            return size switch
            {
                256 => ("ES256", data => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
                384 => ("ES384", data => ec.SignData(data, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
                _ => throw new CryptographicException($"EC keys of {size} bits are not supported for seals."),
            };
        }
        throw new CryptographicException("The seal certificate has no RSA or EC private key.");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
