using Laurel.Credentials.Verification;
using Laurel.Features.Verification;

namespace Laurel.Features.Presentations;

/// <summary>
/// The "issuer known" check of a presented credential (issue 12 finding 1): a valid signature by a fresh did:key that calls
/// itself a university is not a university's badge. It passes only when the issuer the verification proved (never the name
/// the credential gives itself) is an institution on this Laurel or on the operator's trusted-issuer list, so a home-made
/// badge neither grounds an exemption proposal nor answers a presentation request as valid.
/// </summary>
public sealed class PresentedIssuerCheck(KnownIssuers known)
{
    public const string Id = "issuer_known";

    /// <summary>The verifier's checks (<see cref="PresentedCredentialChecks.Checks"/>) followed by the issuer-known check.</summary>
    public async Task<IReadOnlyList<PresentedCheck>> ChecksAsync(VerificationReport report, CancellationToken ct) =>
        [.. PresentedCredentialChecks.Checks(report), .. await CheckAsync(report, ct) is { } check ? [check] : Array.Empty<PresentedCheck>()];

    /// <summary>Null when there is no credential to speak of (the other checks fail then).</summary>
    public async Task<PresentedCheck?> CheckAsync(VerificationReport report, CancellationToken ct) =>
        await known.DescribeAsync(report, ct) is not { } issuer ? null : issuer.Knowledge switch
        {
            IssuerKnowledge.LaurelInstitution => new PresentedCheck(Id, true, "issuer.known_laurel", $"{issuer.ProvenIssuer} ({issuer.KnownAs})"),
            IssuerKnowledge.Trusted => new PresentedCheck(Id, true, "issuer.known_trusted", $"{issuer.ProvenIssuer} ({issuer.KnownAs})"),
            IssuerKnowledge.Unknown => new PresentedCheck(Id, false, "issuer.unknown", issuer.ProvenIssuer),
            _ => new PresentedCheck(Id, false, "issuer.unproven", report.IssuerId),
        };
}
