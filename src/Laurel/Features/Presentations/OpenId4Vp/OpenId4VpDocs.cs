using System.Text.Json.Serialization;

namespace Laurel.Features.Presentations.OpenId4Vp;

// Shapes of the OpenID4VP form bodies as the OpenAPI document describes them (the endpoints read the form themselves).

/// <summary>Request URI POST (OpenID4VP 1.0 §5.10, <c>request_uri_method=post</c>): what the wallet tells the verifier.</summary>
/// <param name="WalletMetadata">Optional: the wallet's metadata, a JSON object as a string.</param>
/// <param name="WalletNonce">Optional: 1 to 256 characters, echoed in the signed request object.</param>
public sealed record VpRequestUriForm(
    [property: JsonPropertyName("wallet_metadata")] string? WalletMetadata,
    [property: JsonPropertyName("wallet_nonce")] string? WalletNonce);

/// <summary>Authorization response by <c>direct_post</c> (OpenID4VP 1.0 §8.2): the presentation, or the wallet's error.</summary>
/// <param name="VpToken">The vp_token: a JSON object keyed by the DCQL credential query ids (W3C VP with a Data Integrity proof, or SD-JWT VC
/// with key binding).</param>
/// <param name="State">The state of the request object: binds the answer to its session.</param>
/// <param name="Error">Instead of vp_token, when the learner declined (<c>access_denied</c>) or the wallet has no matching badge.</param>
/// <param name="ErrorDescription">Optional, with <c>error</c>.</param>
public sealed record VpDirectPostForm(
    [property: JsonPropertyName("vp_token")] string? VpToken,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);
