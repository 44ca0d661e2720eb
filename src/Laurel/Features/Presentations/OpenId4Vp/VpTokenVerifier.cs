using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Presentations.OpenId4Vp;

/// <summary>Budgets for the <c>vp_token</c> of one answer (hostile input: a wallet is anyone on the internet).</summary>
public static class VpTokenLimits
{
    /// <summary>The whole direct_post body: a few SD-JWT VCs or Data Integrity VPs (badge images are referenced, not embedded).</summary>
    public const int MaxResponseBytes = 1024 * 1024;
    public const int MaxRequestUriBodyBytes = 16 * 1024;
    public const int MaxPresentations = 10;
    public const int MaxDepth = 64;
}

/// <summary>
/// Turns a <c>vp_token</c> (VP-8.4: a JSON object keyed by credential query id, each an array of presentations) into a
/// <see cref="PresentationAnswer"/>: every presentation verified in order (structure, then for <c>dc+sd-jwt</c> issuer signature,
/// disclosures, dates, status, key binding; for <c>ldp_vc</c> the VP proof with challenge = nonce and domain = client_id, the holder,
/// then every credential), with what was disclosed. Judging the answer is <see cref="IPresentationAnswers"/>' part.
/// </summary>
public sealed class VpTokenVerifier(SdJwtVcChecks sdJwt, VerificationService verification, IPresentedCredentialChecks credentialChecks,
    PublicOrigin origin)
{
    public async Task<PresentationAnswer> VerifyAsync(PresentationSession session, PresentationRequest request, string vpToken, CancellationToken ct)
    {
        var clientId = PresentationRoutes.ClientId(origin);
        var presentationChecks = new List<PresentedCheck>();
        var credentials = new List<PresentedCredential>();
        var holders = new HashSet<string>(StringComparer.Ordinal);
        string? holderName = null;
        PresentationAnswer Answer() => new()
        {
            RequestId = session.RequestId, SessionId = session.Id, Channel = PresentationChannel.OpenId4Vp,
            HolderKey = holders.Count == 1 ? holders.First() : "unbound:" + session.Id, HolderName = holderName,
            PresentationChecks = presentationChecks, Credentials = credentials,
        };

        JsonObject? token = null;
        try
        {
            token = JsonNode.Parse(vpToken, documentOptions: new JsonDocumentOptions { MaxDepth = VpTokenLimits.MaxDepth }) as JsonObject;
        }
        catch (JsonException e)
        {
            presentationChecks.Add(new("vp_token", false, "vp_token.malformed", e.Message));
            return Answer();
        }
        if (token is null || token.Count == 0)
        {
            presentationChecks.Add(new("vp_token", false, "vp_token.malformed", "vp_token is not a JSON object keyed by credential query id."));
            return Answer();
        }
        var items = new List<(string Format, JsonNode Presentation)>();
        foreach (var (queryId, value) in token)
        {
            var format = queryId switch { DcqlQuery.SdJwtQueryId => PresentationFormats.SdJwtVc, DcqlQuery.LdpQueryId => PresentationFormats.LdpVc, _ => null };
            if (format is null || value is not JsonArray list || list.Count == 0 || list.Any(p => p is null))
            {
                presentationChecks.Add(new("vp_token", false, "vp_token.unknown_query", $"'{queryId}' is not a credential query of this request, or has no presentations."));
                return Answer();
            }
            if (!request.AllowMultiple && list.Count > 1)
            {
                presentationChecks.Add(new("vp_token", false, "vp_token.multiple", "The request asked for one credential."));
                return Answer();
            }
            items.AddRange(list.Select(p => (format, p!)));
        }
        if (items.Count > VpTokenLimits.MaxPresentations || (!request.AllowMultiple && items.Count > 1))
        {
            presentationChecks.Add(new("vp_token", false, "vp_token.too_many", $"At most {(request.AllowMultiple ? VpTokenLimits.MaxPresentations : 1)} presentation(s)."));
            return Answer();
        }
        presentationChecks.Add(new("vp_token", true, "vp_token.structure"));

        foreach (var (format, presentation) in items)
        {
            if (format == PresentationFormats.SdJwtVc)
            {
                if (presentation is not JsonValue sv || !sv.TryGetValue<string>(out var text))
                {
                    presentationChecks.Add(new("vp_token", false, "vp_token.malformed", "A dc+sd-jwt presentation is a string."));
                    return Answer();
                }
                var outcome = await sdJwt.CheckAsync(text, new KeyBindingExpectation(session.Nonce, clientId), ct);
                presentationChecks.AddRange(outcome.KeyBindingChecks);
                if (outcome.HolderThumbprint is { } thumb) holders.Add(thumb);
                var disclosed = PresentedFacts.OfSdJwtVc(outcome.Claims);
                holderName ??= disclosed.GetValueOrDefault(DisclosedFact.RecipientName);
                credentials.Add(Credential(format, outcome.Checks, outcome.Facts, outcome.KeyBound,
                    outcome.KeyBound ? "holder.cnf" : "holder.cnf_mismatch", disclosed, request, outcome.Checks.All(c => c.Passed) ? outcome.PresentedWithoutKeyBinding : null));
            }
            else
            {
                if (presentation is not JsonObject vp)
                {
                    presentationChecks.Add(new("vp_token", false, "vp_token.malformed", "An ldp_vc presentation is a JSON object (a verifiable presentation)."));
                    return Answer();
                }
                if (!await LdpAsync(vp, session, clientId, request, presentationChecks, credentials, holders, ct)) return Answer();
                holderName ??= credentials.LastOrDefault()?.Disclosed.GetValueOrDefault(DisclosedFact.RecipientName);
            }
        }
        if (holders.Count > 1)
            presentationChecks.Add(new("holder", false, "holder.mixed", "The presentations are bound to different holders."));
        return Answer();
    }

    private async Task<bool> LdpAsync(JsonObject vp, PresentationSession session, string clientId, PresentationRequest request, List<PresentedCheck> presentationChecks,
        List<PresentedCredential> credentials, HashSet<string> holders, CancellationToken ct)
    {
        // VP-8.4 / DI-2.4: the proof's challenge is the nonce and its domain the full client_id, so this VP answers only this session.
        var report = await verification.VerifyPresentationAsync(vp, session.Nonce, clientId, ct);
        foreach (var c in report.Checks)
            presentationChecks.Add(new PresentedCheck("vp." + c.Id, c.Outcome switch
            {
                CheckOutcome.Passed => true,
                // An unsigned or unproven holder proves nothing about who presents.
                CheckOutcome.Warning => c.Id is not (CheckIds.Holder or CheckIds.Proof),
                CheckOutcome.Skipped => c.Id is not (CheckIds.Holder or CheckIds.Proof),
                _ => false,
            }, c.Code, c.Detail));
        if (!report.Checks.Any(c => c.Id == CheckIds.Proof))
            presentationChecks.Add(new("vp.proof", false, "vp.unsigned", "The presentation is not signed by its holder."));
        if (report.ExceededLimit is { } limit)
        {
            presentationChecks.Add(new("vp", false, VerificationLimits.ProblemCode, limit));
            return false;
        }
        var holder = report.HolderId;
        if (holder is not null) holders.Add(holder);
        var list = vp["verifiableCredential"] switch { JsonArray a => a.OfType<JsonObject>().ToList(), JsonObject o => [o], _ => [] };
        if (list.Count == 0)
        {
            presentationChecks.Add(new("vp", false, "vp.no_credential", "The presentation holds no credential."));
            return false;
        }
        foreach (var credential in list.Take(VpTokenLimits.MaxPresentations))
        {
            var (checks, facts) = await credentialChecks.CheckAsync(PresentationFormats.LdpVc, credential.ToJsonString(), ct);
            var bound = report.Check(CheckIds.Holder)?.Outcome == CheckOutcome.Passed && PresentedFacts.IsIssuedTo(credential, holder);
            credentials.Add(Credential(PresentationFormats.LdpVc, checks, facts, bound, bound ? "holder.subject_id" : "holder.subject_not_holder",
                PresentedFacts.OfLdpVc(credential), request, credential.ToJsonString()));
        }
        return true;
    }

    private static PresentedCredential Credential(string format, IReadOnlyList<PresentedCheck> checks, BadgeFacts? facts, bool bound, string bindingCode,
        Dictionary<DisclosedFact, string> disclosed, PresentationRequest request, string? presented) => new()
        {
            Format = format, Checks = checks.Count > 0 ? checks : [new PresentedCheck("proof", false, "checks.missing")],
            Facts = facts ?? new BadgeFacts { AchievementName = "?", IssuerName = "?" }, BoundToHolder = bound, BindingCode = bindingCode,
            Disclosed = disclosed,
            Withheld = [.. request.RequiredFacts.Where(f => !disclosed.ContainsKey(f)).Distinct()],
            Presented = presented,
        };

}
