using Laurel.Credentials.Verification;
using Laurel.Features.Awards;

namespace Laurel.Features.Publishing.Badges;

/// <summary>The live verification result shown on a badge page: the stored credential through Laurel's one verifier.</summary>
public sealed class BadgeVerification(TimeProvider time)
{
    public Task<VerificationReport> VerifyAsync(Award award, CancellationToken ct) =>
        new Verifier(new VerifierOptions { TimeProvider = time }).VerifyAsync(award.CredentialJson, ct: ct);
}
