using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Presentations.OpenId4Vp;

/// <summary>
/// The signed request object of one session (OpenID4VP 1.0 §5, RFC 9101; VP-8.1): ES256 with the verifier certificate as
/// <c>x5c</c>, <c>typ: oauth-authz-req+jwt</c>, response by <c>direct_post</c> to the session's response URI.
/// </summary>
public static class RequestObject
{
    public const string MediaType = "application/oauth-authz-req+jwt";
    /// <summary>The static audience of request objects for wallets discovered without metadata (OpenID4VP 1.0 §5.8).</summary>
    public const string Audience = "https://self-issued.me/v2";

    public static async Task<string> CreateAsync(PresentationRequest request, PresentationSession session, string? walletNonce, VerifierKey key,
        LaurelDb db, PublicOrigin origin, CancellationToken ct)
    {
        var clientId = PresentationRoutes.ClientId(origin);
        var iat = new DateTimeOffset(DateTime.SpecifyKind(session.CreatedAt, DateTimeKind.Utc)).ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = clientId,
            ["aud"] = Audience,
            ["client_id"] = clientId,
            ["response_type"] = "vp_token",
            ["response_mode"] = "direct_post",
            ["response_uri"] = origin.Url(PresentationRoutes.Oid4VpResponseUri(session.Id)),
            ["nonce"] = session.Nonce,
            ["state"] = session.State,
            ["iat"] = iat,
            ["exp"] = new DateTimeOffset(DateTime.SpecifyKind(session.ExpiresAt, DateTimeKind.Utc)).ToUnixTimeSeconds(),
            ["dcql_query"] = await DcqlQuery.BuildAsync(request, db, origin, ct),
            ["client_metadata"] = ClientMetadata(request),
        };
        // RFC 9101 / OpenID4VP 1.0 §5.10: a wallet_nonce sent with request_uri_method=post must come back in the request object.
        if (walletNonce is not null) claims["wallet_nonce"] = walletNonce;
        var header = new JsonObject
        {
            ["typ"] = "oauth-authz-req+jwt",
            ["x5c"] = new JsonArray([.. key.X5c.Select(c => (JsonNode)c)]),
        };
        return CompactJws.Sign(header, JsonSerializer.SerializeToUtf8Bytes(claims), key.SigningKey);
    }

    /// <summary>What Laurel accepts (VP-8.3): SD-JWT VCs with ES256/EdDSA issuer and key-binding signatures, eddsa-rdfc-2022 VPs.</summary>
    public static JsonObject ClientMetadata(PresentationRequest request)
    {
        var metadata = new JsonObject
        {
            ["vp_formats_supported"] = new JsonObject
            {
                [PresentationFormats.SdJwtVc] = new JsonObject
                {
                    ["sd-jwt_alg_values"] = new JsonArray("ES256", "EdDSA"),
                    ["kb-jwt_alg_values"] = new JsonArray("ES256", "EdDSA"),
                },
                [PresentationFormats.LdpVc] = new JsonObject
                {
                    ["proof_type_values"] = new JsonArray("DataIntegrityProof"),
                    ["cryptosuite_values"] = new JsonArray("eddsa-rdfc-2022"),
                },
            },
        };
        if (!string.IsNullOrWhiteSpace(request.VerifierName)) metadata["client_name"] = request.VerifierName;
        return metadata;
    }
}
