using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Verification;

/// <summary>The proof check, the method that signed (if any), and JWT date problems to merge into the dates check.</summary>
internal sealed record ProofOutcome(VerificationCheck Check, string? VerificationMethod, JsonObject? Credential, IReadOnlyList<JwtProblem> DateProblems)
{
    /// <summary>Every verification method whose proof verified (several for a proof set).</summary>
    public IReadOnlyList<string> VerifiedMethods { get; init; } = VerificationMethod is null ? [] : [VerificationMethod];

    /// <summary>The <see cref="ProcessingLimits"/> property the proof check ran out of, if any.</summary>
    public string? ExceededLimit { get; init; }
}

/// <summary>Verifies the Data Integrity proof(s) or the VC-JWT signature (OB3 §6 step 2). Never throws except for cancellation.</summary>
internal static class ProofStage
{
    public static Task<ProofOutcome> DataIntegrityAsync(JsonObject credential, IVerificationMethodResolver resolver, VerifierOptions options,
        DateTimeOffset now, CancellationToken ct) =>
        DataIntegrityAsync(credential, resolver, options, now, "assertionMethod", null, null, ct);

    /// <summary>
    /// Verifies the proof(s) of a credential (purpose assertionMethod) or of a presentation (purpose authentication, with the
    /// verifier's challenge and domain, DI-2.4 steps 6-8).
    /// </summary>
    public static async Task<ProofOutcome> DataIntegrityAsync(JsonObject credential, IVerificationMethodResolver resolver, VerifierOptions options,
        DateTimeOffset now, string purpose, string? challenge, string? domain, CancellationToken ct)
    {
        // DI-2.4 step 1: a proof that is there must be a map (or a set of maps); null, strings and numbers are not proofs.
        if (credential["proof"] is null) return new(Fail(credential.ContainsKey("proof") ? "proof.malformed" : "proof.missing",
            credential.ContainsKey("proof") ? "The credential's proof is not an object." : "The credential has no proof."), null, credential, []);
        try
        {
            var verifyOptions = new VerifyOptions
            {
                Now = now, ClockSkew = options.ClockSkew, RequireAllProofs = false, JsonLd = options.JsonLd, Limits = options.Limits,
                ExpectedProofPurpose = purpose, ExpectedChallenge = challenge, ExpectedDomain = domain,
                SignatureKnownValid = options.SignatureKnownValid,
            };
            var result = await DataIntegrityProofs.VerifyAsync(credential, resolver, verifyOptions, ct).ConfigureAwait(false);
            return Judge(result, credential);
        }
        catch (ProcessingLimitExceededException e)
        {
            return new(LimitExceeded(e), null, credential, []) { ExceededLimit = e.Limit };
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new(Fail("proof.error", "The proof could not be verified: " + e.Message), null, credential, []);
        }
    }

    /// <summary>
    /// DI-2.3/2.5: every proof of a proof set (and every proof a <c>previousProof</c> names) must verify. A proof of a type or
    /// cryptosuite this verifier does not implement is skipped with a note, as OB 3.0 allows several issuers' proofs side by side,
    /// but at least one proof must verify and none that could be checked may fail.
    /// </summary>
    private static ProofOutcome Judge(ProofSetResult result, JsonObject credential)
    {
        var checkable = result.Proofs.Where(p => !IsUnsupported(p)).ToList();
        var skipped = result.Proofs.Count - checkable.Count;
        var verified = checkable.Where(p => p.Verified).ToList();
        var methods = verified.Select(p => p.VerificationMethod!).Distinct(StringComparer.Ordinal).ToList();
        if (checkable.Count > 0 && verified.Count == checkable.Count)
        {
            var what = verified.Count == 1
                ? $"The {verified[0].Cryptosuite} proof by {verified[0].VerificationMethod} is valid."
                : $"All {verified.Count} proofs ({string.Join(", ", verified.Select(p => $"{p.Cryptosuite} by {p.VerificationMethod}"))}) are valid.";
            if (skipped > 0) what += $" {skipped} proof(s) of a type this verifier does not support were not checked.";
            return new(new(CheckIds.Proof, CheckOutcome.Passed, "proof.valid", what), methods[0], credential, []) { VerifiedMethods = methods };
        }
        var failed = checkable.FirstOrDefault(p => !p.Verified) ?? result.Proofs.FirstOrDefault();
        var error = failed?.Error ?? result.Error;
        var prefix = result.Proofs.Count > 1 ? $"Proof {result.Proofs.ToList().IndexOf(failed!) + 1} of {result.Proofs.Count} does not verify: " : "The proof does not verify: ";
        return new(Fail(CodeOf(error), prefix + error), failed?.VerificationMethod, credential, []);
    }

    private static bool IsUnsupported(ProofResult proof) => proof.Error is { } e && e.StartsWith("Unsupported", StringComparison.Ordinal);

    public static async Task<ProofOutcome> JwtAsync(string token, IVerificationMethodResolver resolver, VerifierOptions options,
        DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            var result = await OpenBadgeJwtVerifier.VerifyAsync(token, resolver,
                new JwtVerificationOptions { Now = now, ClockSkew = options.ClockSkew, MaxLength = options.MaxInputBytes }, ct).ConfigureAwait(false);
            var kid = result.Header?["kid"] is JsonValue v && v.TryGetValue<string>(out var k) ? k : null;
            var dateProblems = result.Problems.Where(p => p.Code is JwtProblemCode.Expired or JwtProblemCode.NotYetValid).ToList();
            var other = result.Problems.Where(p => p.Code is not (JwtProblemCode.Expired or JwtProblemCode.NotYetValid)).ToList();
            if (result.SignatureValid && other.Count == 0)
                return new(new(CheckIds.Proof, CheckOutcome.Passed, "proof.valid", $"The JWS signature by {kid} is valid."), kid, result.Credential, dateProblems);
            var first = other.FirstOrDefault();
            var code = first?.Code switch
            {
                JwtProblemCode.Malformed => "proof.jwt_malformed",
                JwtProblemCode.KeyNotFound => "proof.key_not_found",
                JwtProblemCode.BadSignature => "proof.bad_signature",
                JwtProblemCode.UnsupportedAlgorithm => "proof.unsupported_algorithm",
                JwtProblemCode.InvalidHeader => "proof.jwt_header",
                JwtProblemCode.MissingClaim or JwtProblemCode.ClaimMismatch => "proof.jwt_claims",
                _ => "proof.bad_signature",
            };
            var detail = string.Join(" ", other.Select(p => p.Message));
            return new(Fail(code, "The VC-JWT does not verify: " + (detail.Length > 0 ? detail : "the signature is not valid.")), kid, result.Credential, dateProblems);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new(Fail("proof.error", "The VC-JWT could not be verified: " + e.Message), null, null, []);
        }
    }

    private static string CodeOf(string? error) => error switch
    {
        null => "proof.invalid",
        _ when error.StartsWith("The document has no proof", StringComparison.Ordinal) => "proof.missing",
        _ when error.StartsWith("PROOF_VERIFICATION_ERROR: a proof is not a JSON object", StringComparison.Ordinal) => "proof.malformed",
        _ when error.StartsWith("INVALID_VERIFICATION_METHOD", StringComparison.Ordinal) => "proof.key_not_found",
        _ when error.StartsWith("INVALID_RELATIONSHIP", StringComparison.Ordinal) => "proof.key_not_authorized",
        _ when error.StartsWith("PROOF_TRANSFORMATION_ERROR", StringComparison.Ordinal) => "proof.transformation",
        _ when error.StartsWith("Unsupported", StringComparison.Ordinal) => "proof.unsupported",
        _ when error.StartsWith("INVALID_CHALLENGE_ERROR", StringComparison.Ordinal) => "proof.challenge_mismatch",
        _ when error.StartsWith("INVALID_DOMAIN_ERROR", StringComparison.Ordinal) => "proof.domain_mismatch",
        _ => "proof.invalid",
    };

    private static VerificationCheck Fail(string code, string detail) => new(CheckIds.Proof, CheckOutcome.Failed, code, detail);

    /// <summary>A budget ran out: the credential is not verified (issue 12), and the check names the limit.</summary>
    internal static VerificationCheck LimitExceeded(ProcessingLimitExceededException e) =>
        new(CheckIds.Proof, CheckOutcome.Failed, LimitCode, e.Message);

    /// <summary>The check code for an exceeded <see cref="ProcessingLimits"/> budget.</summary>
    internal const string LimitCode = "limit.exceeded";
}

/// <summary>Remembers resolutions for one verification so the proof and issuer stages fetch a did:web document once.</summary>
internal sealed class MemoizingResolver(IVerificationMethodResolver inner) : IVerificationMethodResolver
{
    private readonly ConcurrentDictionary<string, Task<VerificationMethod?>> _cache = new(StringComparer.Ordinal);

    public Task<VerificationMethod?> ResolveAsync(string verificationMethodId, CancellationToken cancellationToken = default) =>
        _cache.GetOrAdd(verificationMethodId, id => SafeResolveAsync(id, cancellationToken));

    private async Task<VerificationMethod?> SafeResolveAsync(string id, CancellationToken ct)
    {
        try
        {
            return await inner.ResolveAsync(id, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A misbehaving resolver is a key that cannot be found, not a crash.
            return null;
        }
    }
}
