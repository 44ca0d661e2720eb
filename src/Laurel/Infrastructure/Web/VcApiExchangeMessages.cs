using System.Text.Json.Nodes;

namespace Laurel.Infrastructure.Web;

// Shapes of VC API exchange messages (VCALM "Participate in an Exchange") as the OpenAPI document describes them; the wallet
// exchange (Wallets) and the presentation exchange (Presentations) read and write them as JSON nodes.

/// <summary>A message a wallet posts to an exchange: <c>{}</c> to start, or its signed presentation.</summary>
/// <param name="VerifiablePresentation">Absent to start; then a W3C presentation with a Data Integrity proof (eddsa-rdfc-2022) over
/// the exchange's <c>challenge</c> and <c>domain</c>, signed by the holder's did:key.</param>
public sealed record ExchangeMessage(JsonObject? VerifiablePresentation);

/// <summary>An exchange's answer: at most one of the two members; an empty object <c>{}</c> completes the exchange.</summary>
/// <param name="VerifiablePresentationRequest">The exchange asks the wallet for a presentation (VCALM verifiable presentation request):
/// <c>query</c> (DIDAuthentication, or QueryByExample of the badges asked for), <c>challenge</c>, <c>domain</c> and, for presentation
/// requests, <c>interact.service</c> naming the session's step.</param>
/// <param name="VerifiablePresentation">The exchange issues: an unsigned VC 2.0 presentation whose <c>verifiableCredential</c> is the
/// issued OB 3.0 credential (eddsa-rdfc-2022, bound to the holder's DID).</param>
public sealed record ExchangeAnswer(JsonObject? VerifiablePresentationRequest, JsonObject? VerifiablePresentation);
