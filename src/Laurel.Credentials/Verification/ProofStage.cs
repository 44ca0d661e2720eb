using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Verification;

/// <summary>The proof check, the method that signed (if any), and JWT date problems to merge into the dates check.</summary>
internal sealed record ProofOutcome(VerificationCheck Check, string? VerificationMethod, JsonObject? Credential, IReadOnlyList<JwtProblem> DateProblems)
{
    /// <summary>The <see cref="ProcessingLimits"/> property the proof check ran out of, if any.</summary>
    public string? ExceededLimit { get; init; }
}

/// <summary>Verifies the Data Integrity proof(s) or the VC-JWT signature (OB3 §6 step 2). Never throws except for cancellation.</summary>
internal static class ProofStage
{
    public static async Task<ProofOutcome> DataIntegrityAsync(JsonObject credential, IVerificationMethodResolver resolver, VerifierOptions options,
        DateTimeOffset now, CancellationToken ct)
    {
        if (credential["proof"] is null) return new(Fail("proof.missing", "The credential has no proof."), null, credential, []);
        try
        {
            // OB 3.0 accepts the credential when one proof verifies (several issuers may sign).
            var verifyOptions = new VerifyOptions
            {
                Now = now, ClockSkew = options.ClockSkew, RequireAllProofs = false, JsonLd = options.JsonLd, Limits = options.Limits,
            };
            var result = await DataIntegrityProofs.VerifyAsync(credential, resolver, verifyOptions, ct).ConfigureAwait(false);
            var good = result.Proofs.FirstOrDefault(p => p.Verified);
            if (result.Verified && good is not null)
                return new(new(CheckIds.Proof, CheckOutcome.Passed, "proof.valid", $"The {good.Cryptosuite} proof by {good.VerificationMethod} is valid."),
                    good.VerificationMethod, credential, []);
            var method = result.Proofs.FirstOrDefault()?.VerificationMethod;
            return new(Fail(CodeOf(result.Error), "The proof does not verify: " + result.Error), method, credential, []);
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
        _ when error.StartsWith("INVALID_VERIFICATION_METHOD", StringComparison.Ordinal) => "proof.key_not_found",
        _ when error.StartsWith("INVALID_RELATIONSHIP", StringComparison.Ordinal) => "proof.key_not_authorized",
        _ when error.StartsWith("PROOF_TRANSFORMATION_ERROR", StringComparison.Ordinal) => "proof.transformation",
        _ when error.StartsWith("Unsupported", StringComparison.Ordinal) => "proof.unsupported",
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
