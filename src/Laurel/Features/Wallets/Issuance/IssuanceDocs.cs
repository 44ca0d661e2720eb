using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Laurel.Features.Wallets.Issuance;

// Shapes of the OpenID4VCI messages as the OpenAPI document describes them (the endpoints read and write JSON nodes).

/// <summary>Credential request (VCI-6.1, OpenID4VCI 1.0 Final): one configuration and one or more <c>jwt</c> key proofs.</summary>
/// <param name="CredentialConfigurationId">One of <c>credential_configuration_ids</c> of the offer (the access token must cover it).</param>
/// <param name="Proofs">Exactly one proof type, <c>jwt</c>: up to <c>batch_credential_issuance.batch_size</c> key proofs (VCI-6.2), each
/// with a <c>c_nonce</c> from the nonce endpoint; one credential per proof.</param>
public sealed record WalletCredentialRequest(
    [property: JsonPropertyName("credential_configuration_id")] string CredentialConfigurationId,
    [property: JsonPropertyName("proofs")] WalletProofs Proofs);

/// <summary>The key proofs of a credential request.</summary>
/// <param name="Jwt">Key proof JWTs (<c>typ: openid4vci-proof+jwt</c>, <c>aud</c> the issuer identifier, <c>nonce</c>, <c>iat</c>).</param>
public sealed record WalletProofs([property: JsonPropertyName("jwt")] IReadOnlyList<string> Jwt);

/// <summary>Credential response (VCI-6.5): one credential per proof, and the id to notify about them.</summary>
/// <param name="Credentials">Each <c>{credential}</c>: a JSON object (ldp_vc: an OB 3.0 credential with an eddsa-rdfc-2022 proof) or a
/// string (jwt_vc_json, dc+sd-jwt).</param>
/// <param name="NotificationId">For the notification endpoint (VCI-6.8).</param>
public sealed record WalletCredentialResponse(
    [property: JsonPropertyName("credentials")] IReadOnlyList<WalletIssuedCredential> Credentials,
    [property: JsonPropertyName("notification_id")] string NotificationId);

/// <summary>One issued credential.</summary>
public sealed record WalletIssuedCredential([property: JsonPropertyName("credential")] JsonNode Credential);

/// <summary>Nonce response (VCI-5.1).</summary>
public sealed record WalletNonceResponse(
    [property: JsonPropertyName("c_nonce")] string CNonce,
    [property: JsonPropertyName("c_nonce_expires_in")] int CNonceExpiresIn);

/// <summary>Notification request (VCI-6.8).</summary>
/// <param name="NotificationId">The <c>notification_id</c> of a credential response.</param>
/// <param name="Event"><c>credential_accepted</c>, <c>credential_failure</c> or <c>credential_deleted</c>.</param>
/// <param name="EventDescription">Optional, human-readable.</param>
public sealed record WalletNotificationRequest(
    [property: JsonPropertyName("notification_id")] string NotificationId,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("event_description")] string? EventDescription);

/// <summary>Credential offer (VCI-3.1), fetched by reference from <c>credential_offer_uri</c>.</summary>
/// <param name="CredentialIssuer">The issuer identifier, <c>{origin}/oid4vci/{slug}</c>.</param>
/// <param name="CredentialConfigurationIds">The offered configurations (one badge, in each format).</param>
/// <param name="Grants"><c>urn:ietf:params:oauth:grant-type:pre-authorized_code</c> (<c>pre-authorized_code</c>, <c>tx_code</c> when the
/// learner set a code) and <c>authorization_code</c> (<c>issuer_state</c>).</param>
public sealed record WalletCredentialOffer(
    [property: JsonPropertyName("credential_issuer")] string CredentialIssuer,
    [property: JsonPropertyName("credential_configuration_ids")] IReadOnlyList<string> CredentialConfigurationIds,
    [property: JsonPropertyName("grants")] JsonObject Grants);
