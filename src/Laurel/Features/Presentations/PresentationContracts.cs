using System.Text.Json.Serialization;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Presentations;

/// <summary>How an answer reached Laurel: a wallet over OpenID4VP 1.0, the DCC Learner Credential Wallet over a VC-API exchange, or the learner's own backpack.</summary>
public enum PresentationChannel { OpenId4Vp, VcApi, Backpack }

/// <summary>What a request is for: an employer's or admissions office's question, or an institution's exemption intake (Recognition).</summary>
public enum PresentationPurpose { General, Recognition }

/// <summary>Facts about the learner a request may require to be disclosed (everything about the achievement itself is always shown).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DisclosedFact>))]
public enum DisclosedFact { RecipientName, Grade, Evidence }

/// <summary>Credential formats an answer may carry (OpenID4VP 1.0 format identifiers).</summary>
public static class PresentationFormats
{
    /// <summary>An OB 3.0 credential with a Data Integrity proof, inside a VP signed by the holder (or from the backpack).</summary>
    public const string LdpVc = "ldp_vc";
    /// <summary>An SD-JWT VC with a key-binding JWT (Laurel's wallet issuer makes these, issue 16).</summary>
    public const string SdJwtVc = "dc+sd-jwt";
}

/// <summary>One check on a presentation or a credential, as stored and shown (Id as in the verifier's report, e.g. <c>proof</c>, <c>status</c>).</summary>
public sealed record PresentedCheck(string Id, bool Passed, string Code, string? Detail = null);

/// <summary>
/// One credential of an answer after the channel verified it. Only what the learner disclosed is here: <see cref="Disclosed"/>
/// holds the requested facts that were disclosed, <see cref="Withheld"/> the requested ones that were not.
/// </summary>
public sealed record PresentedCredential
{
    public required string Format { get; init; }
    /// <summary>Every check of the credential (proof, issuer, status of every purpose, dates, recipient).</summary>
    public required IReadOnlyList<PresentedCheck> Checks { get; init; }
    /// <summary>The achievement facts (always disclosed: they are what was asked for).</summary>
    public required BadgeFacts Facts { get; init; }
    /// <summary>True when the credential is bound to whoever presented it: SD-JWT <c>cnf</c> key = key-binding JWT key, VP holder = credentialSubject.id, or the signed-in owner of the backpack entry.</summary>
    public required bool BoundToHolder { get; init; }
    /// <summary>Why the binding failed or how it was proven (e.g. <c>holder.cnf</c>, <c>holder.subject_id</c>, <c>holder.backpack_owner</c>, <c>holder.not_bound</c>).</summary>
    public required string BindingCode { get; init; }
    /// <summary>Requested learner facts that were disclosed, by name (recipient name, grade, evidence as text).</summary>
    public IReadOnlyDictionary<DisclosedFact, string> Disclosed { get; init; } = new Dictionary<DisclosedFact, string>();
    /// <summary>Requested learner facts that were not disclosed (shown as "not disclosed"; never stored otherwise).</summary>
    public IReadOnlyList<DisclosedFact> Withheld { get; init; } = [];
    /// <summary>
    /// The credential as presented, kept only when it holds nothing beyond what was disclosed (an ldp_vc from a wallet, an SD-JWT
    /// VC with just its disclosed disclosures and no key-binding JWT); used to re-check status later. Null otherwise.
    /// </summary>
    public string? Presented { get; init; }
    /// <summary>Backpack answers: the award or import, so status can be re-checked without keeping a copy.</summary>
    public Guid? AwardId { get; init; }
    public Guid? ImportId { get; init; }

    /// <summary>All checks passed.</summary>
    [JsonIgnore] public bool Valid => Checks.Count > 0 && Checks.All(c => c.Passed);
}

/// <summary>A verified answer to a request, handed to <see cref="IPresentationAnswers"/> by a channel.</summary>
public sealed record PresentationAnswer
{
    public required Guid RequestId { get; init; }
    /// <summary>The session whose nonce the answer was bound to; consumed once (replay refused). Null only for backpack answers made in a signed-in page.</summary>
    public Guid? SessionId { get; init; }
    public required PresentationChannel Channel { get; init; }
    /// <summary>A stable identifier of the answering wallet or person (JWK thumbprint, holder DID, <c>person:{id}</c>): a second answer with the same key updates the first.</summary>
    public required string HolderKey { get; init; }
    public Guid? HolderPersonId { get; init; }
    /// <summary>The holder's name when disclosed (backpack: the eduID name, with consent; wallets: the disclosed recipient name).</summary>
    public string? HolderName { get; init; }
    /// <summary>Checks on the presentation itself: VP proof, nonce/challenge, audience/domain, key-binding JWT, response structure.</summary>
    public required IReadOnlyList<PresentedCheck> PresentationChecks { get; init; }
    public required IReadOnlyList<PresentedCredential> Credentials { get; init; }
}

/// <summary>
/// The outcome of recording an answer: accepted (with the stored response) or refused with a code (resx key <c>Refusal_{code}</c>,
/// whose <c>{0}</c> is <see cref="Detail"/>, already in the request's language) and an English message for wallets.
/// </summary>
public sealed record AnswerOutcome(bool Accepted, Guid? ResponseId, string? RefusalCode, string? RefusalMessage, string? Detail = null)
{
    public static AnswerOutcome Refused(string code, string message, string? detail = null) => new(false, null, code, message, detail);
}

/// <summary>
/// Records a verified answer: refuses (and stores nothing) when the request is closed, the session's nonce was used or expired,
/// any presentation or credential check failed, a credential is not the presenter's, a required fact was withheld or no
/// credential meets the request's criteria; otherwise stores one response per holder (a second answer updates it).
/// </summary>
public interface IPresentationAnswers
{
    Task<AnswerOutcome> RecordAsync(PresentationAnswer answer, CancellationToken ct);
}

/// <summary>Verifies a credential as presented (no holder binding): proof, issuer, status of every purpose, dates; and reads its facts.</summary>
public interface IPresentedCredentialChecks
{
    /// <summary>Checks for a credential in one of <see cref="PresentationFormats"/>; an SD-JWT VC is given without key-binding JWT.</summary>
    Task<(IReadOnlyList<PresentedCheck> Checks, BadgeFacts? Facts)> CheckAsync(string format, string credential, CancellationToken ct);
}

/// <summary>Addresses of the presentation feature (stable: a standing request's link ends up on vacancy pages).</summary>
public static class PresentationRoutes
{
    /// <summary>The verifier's list of their requests, and the form for a new one.</summary>
    public const string Mine = "/presentations";
    public const string New = "/presentations/new";
    /// <summary>The verifier's page of one request: link, QR code, settings, answers.</summary>
    public static string Manage(Guid requestId) => $"/presentations/{requestId}";
    public static string Response(Guid requestId, Guid responseId) => $"/presentations/{requestId}/responses/{responseId}";
    /// <summary>The public link a verifier shares: purpose, QR code for wallets, "answer from my backpack".</summary>
    public static string Ask(Guid requestId) => $"/ask/{requestId}";
    /// <summary>The QR code's URL (VCALM interaction URL): a wallet asking for JSON gets <c>protocols.OID4VP</c> and <c>protocols.vcapi</c>.</summary>
    public static string Interaction(Guid requestId) => $"/ask/{requestId}/interact?iuv=1";
    /// <summary>OpenID4VP request_uri: each fetch starts a new session (fresh nonce and state) and answers a signed request object.</summary>
    public static string Oid4VpRequestUri(Guid requestId) => $"/oid4vp/requests/{requestId}";
    /// <summary>OpenID4VP response_uri of one session (response_mode direct_post).</summary>
    public static string Oid4VpResponseUri(Guid sessionId) => $"/oid4vp/responses/{sessionId}";
    /// <summary>VC-API exchange of a request (the DCC Learner Credential Wallet).</summary>
    public static string VcApiExchange(Guid requestId) => $"/presentations/exchanges/{requestId}";
    /// <summary>The step of one VC-API exchange session (the VPR's <c>interact.service</c> endpoint) where the wallet posts its presentation.</summary>
    public static string VcApiExchangeStep(Guid requestId, Guid sessionId) => $"/presentations/exchanges/{requestId}/sessions/{sessionId}";

    /// <summary>
    /// Laurel's OpenID4VP client identifier (VP-8.1): the <c>x509_san_dns</c> prefix with the public host, so the signed
    /// request object carries an X.509 certificate (x5c) whose SAN dNSName is that host. One verifier identity per deployment.
    /// </summary>
    public static string ClientId(PublicOrigin origin) => "x509_san_dns:" + new Uri(origin.Url("/")).Host;

    /// <summary>The same-device wallet link (<c>openid4vp://</c>) for a request: client_id and request_uri only (request by reference).</summary>
    public static string WalletLink(PublicOrigin origin, Guid requestId) =>
        "openid4vp://?client_id=" + Uri.EscapeDataString(ClientId(origin)) + "&request_uri=" + Uri.EscapeDataString(origin.Url(Oid4VpRequestUri(requestId)));
}
