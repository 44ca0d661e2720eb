using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Verification;

namespace Laurel.Features.Presentations.Exchanges;

/// <summary>
/// Turns a wallet's verifiable presentation into a <see cref="PresentationAnswer"/>: the presentation's own checks (structure, the
/// holder's proof over this session's challenge and Laurel's domain, the holder controls the signing key), every credential through
/// <see cref="IPresentedCredentialChecks"/> (ldp_vc), each bound to the holder only when its <c>credentialSubject.id</c> is the holder
/// DID, and the learner facts the credential carries (a wallet shares a whole credential: what is in it is disclosed).
/// </summary>
public sealed class ExchangeAnswerReader(VerificationService verification, IPresentedCredentialChecks credentialChecks)
{
    /// <summary>At most this many credentials in one answer (the verifier's own budget may be lower).</summary>
    public const int MaxCredentials = 10;

    public async Task<PresentationAnswer> ReadAsync(PresentationSession session, JsonObject presentation, string domain, CancellationToken ct)
    {
        var report = await verification.VerifyPresentationAsync(presentation, session.Nonce, domain, ct);
        // The per-credential verdicts are judged below, one by one, with the reason of each; here only the presentation itself.
        var checks = report.Checks.Where(c => c.Id != CheckIds.Credentials)
            .Select(c => new PresentedCheck(c.Id, c.Outcome is CheckOutcome.Passed or CheckOutcome.Warning, c.Code, c.Detail)).ToList();
        if (report.ExceededLimit is { } limit) checks.Add(new PresentedCheck("limits", false, "limits.exceeded", limit));
        var holder = report.HolderId;
        var holderProven = holder is not null && report.Check(CheckIds.Holder)?.Outcome == CheckOutcome.Passed;
        // The VPR asks for DID authentication: an answer that does not prove who presented it cannot be bound to anyone.
        if (!holderProven && checks.All(c => c.Passed))
            checks.Add(new PresentedCheck(CheckIds.Holder, false, "holder.none", "The presentation must name its holder DID and be signed by it."));

        var items = presentation["verifiableCredential"] switch { null => [], JsonArray a => a.ToList(), var one => [one] };
        var credentials = new List<PresentedCredential>();
        if (report.ExceededLimit is null && items.Count <= MaxCredentials)
            foreach (var item in items)
                credentials.Add(await CredentialAsync(item, holderProven ? holder : null, ct));
        else if (items.Count > MaxCredentials)
            checks.Add(new PresentedCheck(CheckIds.Credentials, false, "credentials.too_many", $"At most {MaxCredentials} credentials per answer."));

        return new PresentationAnswer
        {
            RequestId = session.RequestId, SessionId = session.Id, Channel = PresentationChannel.VcApi,
            HolderKey = holder ?? "unknown", PresentationChecks = checks, Credentials = credentials,
            HolderName = credentials.Select(c => c.Disclosed.GetValueOrDefault(DisclosedFact.RecipientName)).FirstOrDefault(n => n is not null),
        };
    }

    private async Task<PresentedCredential> CredentialAsync(JsonNode? item, string? holder, CancellationToken ct)
    {
        if (item is not JsonObject credential)
            return new PresentedCredential
            {
                Format = PresentationFormats.LdpVc, Facts = new BadgeFacts { AchievementName = "?", IssuerName = "?" }, BoundToHolder = false,
                BindingCode = "holder.not_bound", Checks = [new PresentedCheck(CheckIds.Format, false, "format.unsupported", "Only embedded ldp_vc credentials are accepted.")],
            };
        var text = credential.ToJsonString();
        var (checks, facts) = await credentialChecks.CheckAsync(PresentationFormats.LdpVc, text, ct);
        var bound = PresentedFacts.IsIssuedTo(credential, holder);
        var disclosed = PresentedFacts.OfLdpVc(credential);
        return new PresentedCredential
        {
            Format = PresentationFormats.LdpVc, Checks = checks, Facts = facts ?? new BadgeFacts { AchievementName = "?", IssuerName = "?" },
            BoundToHolder = bound, BindingCode = bound ? "holder.subject_id" : "holder.not_bound",
            Disclosed = disclosed,
            Withheld = [.. Enum.GetValues<DisclosedFact>().Where(f => !disclosed.ContainsKey(f))],
            Presented = text,
        };
    }

}
