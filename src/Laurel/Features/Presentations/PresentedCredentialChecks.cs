using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Verification;

namespace Laurel.Features.Presentations;

/// <summary>
/// <see cref="IPresentedCredentialChecks"/> for <c>ldp_vc</c> (the Verifier pipeline, every status purpose included, and whether the
/// proven issuer is known: <see cref="PresentedIssuerCheck"/>); SD-JWT VCs go
/// to the registered <see cref="ISdJwtVcPresentedChecks"/> (the OpenID4VP part).
/// </summary>
public sealed class PresentedCredentialChecks(VerificationService verification, PresentedIssuerCheck issuer, IServiceProvider services) : IPresentedCredentialChecks
{
    public async Task<(IReadOnlyList<PresentedCheck> Checks, BadgeFacts? Facts)> CheckAsync(string format, string credential, CancellationToken ct)
    {
        if (format == PresentationFormats.SdJwtVc)
            return services.GetService<ISdJwtVcPresentedChecks>() is { } sdJwt
                ? await sdJwt.CheckAsync(credential, ct)
                : ([new PresentedCheck("format", false, "format.unsupported", format)], null);
        if (format != PresentationFormats.LdpVc) return ([new PresentedCheck("format", false, "format.unsupported", format)], null);
        var report = await verification.VerifyCachedAsync(Encoding.UTF8.GetBytes(credential), null, ct);
        return (await issuer.ChecksAsync(report, ct), report.Credential is { } c ? BadgeFacts.FromOpenBadge(c) : Parse(credential));
    }

    /// <summary>
    /// The verifier's checks as stored. Passed and warnings pass; a check that could not be made (status list unreachable) fails,
    /// and so does a skipped proof or issuer check: an answer is accepted only on a Valid verdict.
    /// </summary>
    public static IReadOnlyList<PresentedCheck> Checks(VerificationReport report) =>
        [.. report.Checks.Select(c => new PresentedCheck(c.Id, c.Outcome switch
        {
            CheckOutcome.Passed or CheckOutcome.Warning => true,
            CheckOutcome.Skipped => c.Id is not (CheckIds.Proof or CheckIds.Issuer),
            _ => false,
        }, c.Code, c.Detail))];

    private static BadgeFacts? Parse(string credential)
    {
        try
        {
            return JsonNode.Parse(credential, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) is JsonObject o ? BadgeFacts.FromOpenBadge(o) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Checks an SD-JWT VC as presented (issuer signature, disclosures, token status list, dates); implemented by the OpenID4VP part.</summary>
public interface ISdJwtVcPresentedChecks
{
    Task<(IReadOnlyList<PresentedCheck> Checks, BadgeFacts? Facts)> CheckAsync(string sdJwt, CancellationToken ct);
}
