using Laurel.Credentials.DataIntegrity;

namespace Laurel.Credentials.Verification;

/// <summary>Checks that the key that signed is controlled by the credential's issuer (OB3 §8: the issuer signs).</summary>
internal static class IssuerStage
{
    public static async Task<VerificationCheck> CheckAsync(string? issuerId, string? methodId, bool proofPassed,
        IVerificationMethodResolver resolver, CancellationToken ct) =>
        await CheckAsync(issuerId, methodId is null ? [] : [methodId], proofPassed, resolver, ct).ConfigureAwait(false);

    /// <summary>
    /// With a proof set, the issuer is established when any verified proof's key is the issuer's (the others may be endorsers
    /// or a holder's chained proof, DI-2.5).
    /// </summary>
    public static async Task<VerificationCheck> CheckAsync(string? issuerId, IReadOnlyList<string> methodIds, bool proofPassed,
        IVerificationMethodResolver resolver, CancellationToken ct)
    {
        if (!proofPassed || methodIds.Count == 0)
            return new(CheckIds.Issuer, CheckOutcome.NotChecked, "issuer.no_verified_key", "No verified signature, so the issuer's key was not checked.");
        if (string.IsNullOrEmpty(issuerId))
            return new(CheckIds.Issuer, CheckOutcome.Failed, "issuer.missing", "The credential names no issuer.");
        VerificationMethod? first = null;
        foreach (var methodId in methodIds)
        {
            var candidate = await resolver.ResolveAsync(methodId, ct).ConfigureAwait(false);
            if (candidate is null) continue;
            first ??= candidate;
            if (string.Equals(candidate.Controller, issuerId, StringComparison.Ordinal))
                return new(CheckIds.Issuer, CheckOutcome.Passed, "issuer.key_matches", $"Signed by {issuerId} with key {candidate.Id}.");
        }
        if (first is not { } method)
            return new(CheckIds.Issuer, CheckOutcome.NotChecked, "issuer.key_unresolved", $"The key {methodIds[0]} could not be resolved.");
        // A urn:uuid (or other non-resolvable) issuer cannot control keys: the signature is real but the
        // issuer's identity is only asserted by whoever holds the key, which the app must say plainly.
        if (!IsResolvable(issuerId))
            return new(CheckIds.Issuer, CheckOutcome.Warning, "issuer.unbound_key",
                $"Signed with key {method.Id} (controller {method.Controller}); the issuer id {issuerId} cannot be tied to a key.");
        return new(CheckIds.Issuer, CheckOutcome.Failed, "issuer.key_mismatch",
            $"The signing key {method.Id} is controlled by {method.Controller}, not by the issuer {issuerId}.");
    }

    private static bool IsResolvable(string id) =>
        id.StartsWith("did:", StringComparison.Ordinal) || id.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || id.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}
