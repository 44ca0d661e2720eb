using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;

namespace Laurel.Credentials.SdJwt;

/// <summary>
/// Verifies SD-JWTs and their Key Binding JWTs (RFC 9901 §7.1–§7.3) within <see cref="SdJwtLimits"/>: signature, then
/// digest processing (every digest once, every disclosure referenced, no name conflicts, <c>_sd</c>/<c>...</c> used only as
/// specified), then key binding against <c>cnf.jwk</c>.
/// </summary>
public static class SdJwtVerifier
{
    /// <summary>
    /// Verifies <paramref name="sdJwt"/>. <paramref name="resolveIssuerKey"/> gets the parsed issuer JWT (for <c>kid</c>,
    /// <c>iss</c>) and returns the issuer key or null; the caller decides which keys it trusts for which issuer.
    /// </summary>
    public static SdJwtVerificationResult Verify(string sdJwt, Func<CompactJws, JwsKey?> resolveIssuerKey, SdJwtVerifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sdJwt);
        ArgumentNullException.ThrowIfNull(resolveIssuerKey);
        options ??= new SdJwtVerifyOptions();
        var limits = options.Limits;
        var problems = new List<SdJwtProblem>();

        SdJwtToken token;
        CompactJws jws;
        try
        {
            token = SdJwtToken.Parse(sdJwt, limits.MaxLength, limits.MaxDisclosures);
            jws = CompactJws.Parse(token.IssuerJwt, limits.MaxLength);
        }
        catch (FormatException e)
        {
            var code = e.Message.Contains("longer than", StringComparison.Ordinal) || e.Message.Contains("more than", StringComparison.Ordinal)
                ? SdJwtProblemCode.LimitExceeded : SdJwtProblemCode.Malformed;
            return new SdJwtVerificationResult { Problems = [new(code, e.Message)] };
        }

        CheckHeader(jws, options, problems);
        var signatureValid = false;
        if (jws.Algorithm is { } alg && alg != "none")
        {
            var key = resolveIssuerKey(jws);
            if (key is null) problems.Add(new(SdJwtProblemCode.KeyNotFound, "No issuer key was found for this SD-JWT."));
            else if (!(signatureValid = jws.Verify(key)))
                problems.Add(new(SdJwtProblemCode.BadSignature, $"The issuer signature does not verify with the {key.Algorithm} issuer key."));
        }

        var payload = ParseObject(jws.Payload, limits.MaxDepth, "The issuer JWT payload", problems);
        if (payload is null) return new SdJwtVerificationResult { SignatureValid = signatureValid, Header = jws.Header, Problems = problems };

        var claims = ProcessDisclosures(payload, token, limits, problems);
        if (claims is null) return new SdJwtVerificationResult { SignatureValid = signatureValid, Header = jws.Header, Problems = problems };

        JsonObject? kbClaims = null;
        var kbVerified = false;
        if (token.KeyBindingJwt is not null) (kbVerified, kbClaims) = VerifyKeyBinding(token, claims, options, problems);
        else if (options.RequireKeyBinding) problems.Add(new(SdJwtProblemCode.KeyBindingMissing, "A Key Binding JWT is required but absent."));

        return new SdJwtVerificationResult
        {
            SignatureValid = signatureValid,
            KeyBindingVerified = kbVerified,
            Header = jws.Header,
            Claims = claims,
            KeyBindingClaims = kbClaims,
            Problems = problems,
        };
    }

    private static void CheckHeader(CompactJws jws, SdJwtVerifyOptions options, List<SdJwtProblem> problems)
    {
        // RFC 9901 §7.1 step 2: 'none' MUST NOT be accepted.
        if (jws.Algorithm is null or "none")
            problems.Add(new(SdJwtProblemCode.InvalidHeader, "The issuer JWT 'alg' is missing or 'none'."));
        if (options.ExpectedType is { } typ && jws.HeaderText("typ") != typ)
            problems.Add(new(SdJwtProblemCode.InvalidHeader, $"The issuer JWT 'typ' is not '{typ}'."));
        if (jws.Header.ContainsKey("crit"))
            problems.Add(new(SdJwtProblemCode.InvalidHeader, "The issuer JWT uses 'crit' extensions, which are not supported."));
    }

    private static JsonObject? ParseObject(byte[] json, int maxDepth, string what, List<SdJwtProblem> problems)
    {
        try
        {
            if (JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = maxDepth }) is JsonObject o) return o;
            problems.Add(new(SdJwtProblemCode.Malformed, what + " is not a JSON object."));
        }
        catch (JsonException e)
        {
            problems.Add(new(e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) ? SdJwtProblemCode.LimitExceeded : SdJwtProblemCode.Malformed,
                what + " is not acceptable JSON: " + e.Message));
        }
        return null;
    }

    private static JsonObject? ProcessDisclosures(JsonObject payload, SdJwtToken token, SdJwtLimits limits, List<SdJwtProblem> problems)
    {
        // RFC 9901 §7.1 step 3.1: sha-256 when absent; Laurel supports nothing else.
        var sdAlg = payload["_sd_alg"];
        if (sdAlg is not null && (sdAlg is not JsonValue v || !v.TryGetValue<string>(out var name) || name != SdJwtIssuer.HashAlgorithm))
        {
            problems.Add(new(SdJwtProblemCode.UnsupportedHashAlgorithm, "'_sd_alg' must be 'sha-256'."));
            return null;
        }

        var byDigest = new Dictionary<string, Disclosure>(StringComparer.Ordinal);
        foreach (var encoded in token.Disclosures)
        {
            Disclosure disclosure;
            try
            {
                disclosure = Disclosure.Parse(encoded, limits.MaxDepth);
            }
            catch (FormatException e)
            {
                problems.Add(new(SdJwtProblemCode.Malformed, e.Message));
                continue;
            }
            if (!byDigest.TryAdd(disclosure.Digest(), disclosure))
                problems.Add(new(SdJwtProblemCode.DuplicateDigest, "The same disclosure is sent more than once."));
        }
        if (problems.Any(p => p.Code == SdJwtProblemCode.Malformed)) return null;

        var state = new ProcessState(byDigest, limits, problems);
        var claims = state.Object(payload.DeepClone().AsObject(), 1);
        if (state.Aborted) return null;
        claims.Remove("_sd_alg");
        foreach (var (digest, disclosure) in byDigest)
            if (!state.Seen.Contains(digest))
                problems.Add(new(SdJwtProblemCode.UnreferencedDisclosure,
                    $"The disclosure {(disclosure.ClaimName is { } n ? $"of '{n}'" : "of an array element")} is not referenced by any digest."));
        return claims;
    }

    private sealed class ProcessState(Dictionary<string, Disclosure> disclosures, SdJwtLimits limits, List<SdJwtProblem> problems)
    {
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public bool Aborted { get; private set; }

        private int _digests;

        public JsonObject Object(JsonObject obj, int depth)
        {
            if (!Enter(depth)) return obj;
            if (obj.ContainsKey("..."))
                problems.Add(new(SdJwtProblemCode.InvalidDigestStructure, "'...' is only allowed as the single key of an array element."));
            var sd = obj["_sd"];
            obj.Remove("_sd");
            // Recurse into the claims that were already in the clear first, then insert the disclosed ones.
            foreach (var name in obj.Select(p => p.Key).ToList()) obj[name] = Value(obj[name], depth + 1);
            if (sd is null) return obj;
            if (sd is not JsonArray digests)
            {
                problems.Add(new(SdJwtProblemCode.InvalidDigestStructure, "'_sd' is not an array."));
                return obj;
            }
            foreach (var item in digests)
            {
                if (Aborted) return obj;
                if (item is not JsonValue dv || !dv.TryGetValue<string>(out var digest))
                {
                    problems.Add(new(SdJwtProblemCode.InvalidDigestStructure, "An '_sd' entry is not a string."));
                    continue;
                }
                if (!Count(digest) || !disclosures.TryGetValue(digest, out var disclosure)) continue; // decoy or undisclosed
                if (disclosure.ClaimName is not { } name)
                {
                    problems.Add(new(SdJwtProblemCode.InvalidDigestStructure, "An '_sd' digest refers to an array element disclosure."));
                    continue;
                }
                if (name is "_sd" or "...")
                {
                    problems.Add(new(SdJwtProblemCode.ClaimNameConflict, $"A disclosure uses the reserved claim name '{name}'."));
                    continue;
                }
                if (obj.ContainsKey(name))
                {
                    problems.Add(new(SdJwtProblemCode.ClaimNameConflict, $"The disclosed claim '{name}' already exists in its object."));
                    continue;
                }
                obj[name] = Value(disclosure.Value?.DeepClone(), depth + 1);
            }
            return obj;
        }

        private JsonNode? Value(JsonNode? node, int depth) => node switch
        {
            JsonObject o => Object(o, depth),
            JsonArray a => Array(a, depth),
            _ => node,
        };

        private JsonArray Array(JsonArray array, int depth)
        {
            if (!Enter(depth)) return array;
            var result = new JsonArray();
            // Detach all elements at once: removing them one by one is quadratic, which a hostile 100k-element array would exploit.
            var elements = array.ToList();
            array.Clear();
            foreach (var element in elements)
            {
                if (Aborted) break;
                if (element is JsonObject o && o.ContainsKey("..."))
                {
                    if (o.Count != 1 || o["..."] is not JsonValue dv || !dv.TryGetValue<string>(out var digest))
                    {
                        problems.Add(new(SdJwtProblemCode.InvalidDigestStructure, "An array element with '...' must be {\"...\": \"<digest>\"}."));
                        continue;
                    }
                    if (!Count(digest) || !disclosures.TryGetValue(digest, out var disclosure)) continue; // decoy or undisclosed: removed
                    if (!disclosure.IsArrayElement)
                    {
                        problems.Add(new(SdJwtProblemCode.InvalidDigestStructure, "A '...' digest refers to an object property disclosure."));
                        continue;
                    }
                    result.Add(Value(disclosure.Value?.DeepClone(), depth + 1));
                }
                else result.Add(Value(element, depth + 1));
            }
            return result;
        }

        private bool Enter(int depth)
        {
            if (Aborted) return false;
            if (depth <= limits.MaxDepth) return true;
            Abort(nameof(SdJwtLimits.MaxDepth), $"The claims nest deeper than {limits.MaxDepth} levels.");
            return false;
        }

        /// <summary>Records a digest; false when it was seen before (then it is reported and not used again).</summary>
        private bool Count(string digest)
        {
            if (++_digests > limits.MaxDigests)
            {
                Abort(nameof(SdJwtLimits.MaxDigests), $"The SD-JWT has more than {limits.MaxDigests} digests.");
                return false;
            }
            if (Seen.Add(digest)) return true;
            problems.Add(new(SdJwtProblemCode.DuplicateDigest, "A digest occurs more than once in the SD-JWT."));
            return false;
        }

        private void Abort(string limit, string message)
        {
            if (Aborted) return;
            Aborted = true;
            problems.Add(new(SdJwtProblemCode.LimitExceeded, $"{message} ({limit})"));
        }
    }

    private static (bool Verified, JsonObject? Claims) VerifyKeyBinding(SdJwtToken token, JsonObject claims, SdJwtVerifyOptions options,
        List<SdJwtProblem> problems)
    {
        CompactJws kb;
        try
        {
            kb = CompactJws.Parse(token.KeyBindingJwt!, options.Limits.MaxLength);
        }
        catch (FormatException e)
        {
            problems.Add(new(SdJwtProblemCode.KeyBindingInvalid, "The KB-JWT is malformed: " + e.Message));
            return (false, null);
        }
        var count = problems.Count;
        if (kb.HeaderText("typ") != KeyBinding.Type)
            problems.Add(new(SdJwtProblemCode.KeyBindingInvalid, "The KB-JWT 'typ' is not 'kb+jwt' (RFC 9901 §4.3)."));

        // RFC 9901 §7.3 step 5: the holder key comes from the issuer-signed payload, never from the KB-JWT itself.
        if ((claims["cnf"] as JsonObject)?["jwk"] is not JsonObject jwk)
        {
            problems.Add(new(SdJwtProblemCode.KeyBindingMissing, "The SD-JWT has no 'cnf.jwk' holder key to check the KB-JWT against."));
            return (false, null);
        }
        try
        {
            using var holder = JwsKey.FromPublicJwk(jwk);
            if (!kb.Verify(holder.Key))
                problems.Add(new(SdJwtProblemCode.KeyBindingInvalid, $"The KB-JWT signature does not verify with the {holder.Key.Algorithm} 'cnf.jwk' key."));
        }
        catch (FormatException e)
        {
            problems.Add(new(SdJwtProblemCode.KeyBindingMissing, "The 'cnf.jwk' key is unusable: " + e.Message));
            return (false, null);
        }

        var kbClaims = ParseObject(kb.Payload, options.Limits.MaxDepth, "The KB-JWT payload", problems);
        if (kbClaims is null) return (false, null);
        if (Text(kbClaims["sd_hash"]) != Disclosure.DigestOf(token.WithoutKeyBinding()))
            problems.Add(new(SdJwtProblemCode.SdHashMismatch, "The KB-JWT 'sd_hash' does not match this presentation."));
        if (options.ExpectedNonce is { } nonce && Text(kbClaims["nonce"]) != nonce)
            problems.Add(new(SdJwtProblemCode.KeyBindingAudienceOrNonce, "The KB-JWT 'nonce' is not the expected one."));
        if (options.ExpectedAudience is { } aud && Text(kbClaims["aud"]) != aud)
            problems.Add(new(SdJwtProblemCode.KeyBindingAudienceOrNonce, "The KB-JWT 'aud' is not this verifier."));
        var now = options.TimeProvider.GetUtcNow();
        if (kbClaims["iat"] is not JsonValue iv || !iv.TryGetValue<long>(out var iat))
            problems.Add(new(SdJwtProblemCode.KeyBindingInvalid, "The KB-JWT has no numeric 'iat'."));
        else
        {
            var issued = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(iat, 0, 253402300799));
            if (issued > now + options.ClockSkew || issued < now - options.KeyBindingMaxAge - options.ClockSkew)
                problems.Add(new(SdJwtProblemCode.KeyBindingStale, "The KB-JWT 'iat' is outside the acceptable window."));
        }
        return (problems.Count == count, kbClaims);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
