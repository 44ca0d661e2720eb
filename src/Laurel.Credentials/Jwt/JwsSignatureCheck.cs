using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Jwt;

/// <summary>Finds the key for a JWS (kid first, then an allowed embedded jwk) and checks the signature (RFC 7515 §5.2).</summary>
internal static class JwsSignatureCheck
{
    internal static async Task<bool> VerifyAsync(CompactJws jws, Func<string, CancellationToken, Task<Ed25519Key?>> resolveEd25519,
        JwtVerificationOptions options, List<JwtProblem> problems, CancellationToken cancellationToken)
    {
        bool? valid = jws.Algorithm switch
        {
            "EdDSA" => await VerifyEdDsaAsync(jws, resolveEd25519, options, problems, cancellationToken).ConfigureAwait(false),
            "RS256" => await VerifyRs256Async(jws, options, problems, cancellationToken).ConfigureAwait(false),
            "ES256" => await VerifyEs256Async(jws, options, problems, cancellationToken).ConfigureAwait(false),
            _ => null, // already reported as an unsupported algorithm
        };
        if (valid == false) problems.Add(new(JwtProblemCode.BadSignature, "The JWS signature does not verify with the issuer key."));
        return valid == true;
    }

    private static async Task<bool?> VerifyEdDsaAsync(CompactJws jws, Func<string, CancellationToken, Task<Ed25519Key?>> resolve,
        JwtVerificationOptions options, List<JwtProblem> problems, CancellationToken cancellationToken)
    {
        Ed25519Key? key = null;
        if (jws.KeyId is { } kid) key = await resolve(kid, cancellationToken).ConfigureAwait(false);
        if (key is null && EmbeddedJwk(jws, options) is { } jwk)
            key = TryImport(() => Ed25519Jwk.Import(jwk), problems);
        if (key is null)
        {
            ReportMissingKey(jws, options, problems);
            return null;
        }
        return jws.VerifyEd25519(key);
    }

    private static async Task<bool?> VerifyEs256Async(CompactJws jws, JwtVerificationOptions options, List<JwtProblem> problems,
        CancellationToken cancellationToken)
    {
        P256Key? key = null;
        if (jws.KeyId is { } kid && options.ResolveP256Key is { } resolve) key = await resolve(kid, cancellationToken).ConfigureAwait(false);
        // A resolved key belongs to the resolver (cached); only a key imported here from the header is ours to dispose.
        using var embedded = key is null && EmbeddedJwk(jws, options) is { } jwk ? TryImport(() => P256Jwk.Import(jwk), problems) : null;
        key ??= embedded;
        if (key is null)
        {
            ReportMissingKey(jws, options, problems);
            return null;
        }
        return jws.Verify(new Es256JwsKey(key));
    }

    private static async Task<bool?> VerifyRs256Async(CompactJws jws, JwtVerificationOptions options, List<JwtProblem> problems,
        CancellationToken cancellationToken)
    {
        JsonObject? jwk = null;
        if (jws.KeyId is { } kid && options.ResolveRsaJwk is { } resolve) jwk = await resolve(kid, cancellationToken).ConfigureAwait(false);
        jwk ??= EmbeddedJwk(jws, options);
        using var rsa = jwk is null ? null : TryImport(() => RsaJwk.ImportPublic(jwk), problems);
        if (rsa is null)
        {
            ReportMissingKey(jws, options, problems);
            return null;
        }
        return rsa.VerifyData(Encoding.ASCII.GetBytes(jws.SigningInput), jws.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static JsonObject? EmbeddedJwk(CompactJws jws, JwtVerificationOptions options) =>
        options.AllowEmbeddedJwk && jws.Header["jwk"] is JsonObject jwk && !jwk.ContainsKey("d") ? jwk : null;

    private static T? TryImport<T>(Func<T> import, List<JwtProblem> problems) where T : class
    {
        try
        {
            return import();
        }
        catch (FormatException e)
        {
            problems.Add(new(JwtProblemCode.KeyNotFound, "The key is unusable: " + e.Message));
            return null;
        }
    }

    private static void ReportMissingKey(CompactJws jws, JwtVerificationOptions options, List<JwtProblem> problems)
    {
        if (problems.Any(p => p.Code == JwtProblemCode.KeyNotFound)) return;
        problems.Add(new(JwtProblemCode.KeyNotFound, jws.KeyId is { } kid
            ? $"No key found for kid '{kid}'."
            : options.AllowEmbeddedJwk ? "The token names no usable key." : "No usable key: 'kid' is absent and embedded 'jwk' keys are not allowed."));
    }
}
