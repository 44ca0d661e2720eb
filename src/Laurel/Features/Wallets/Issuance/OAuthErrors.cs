using System.Text.Json.Nodes;

namespace Laurel.Features.Wallets.Issuance;

/// <summary>
/// OpenID4VCI error responses (VCI-6.6): <c>{"error", "error_description"}</c> as application/json, never a ProblemDetails,
/// because wallets read the <c>error</c> code. Token problems carry an RFC 6750 <c>WWW-Authenticate</c> challenge.
/// </summary>
public static class OAuthErrors
{
    public const string InvalidProof = "invalid_proof", InvalidNonce = "invalid_nonce",
        UnknownCredentialConfiguration = "unknown_credential_configuration", InvalidCredentialRequest = "invalid_credential_request",
        CredentialRequestDenied = "credential_request_denied", InvalidToken = "invalid_token", InsufficientScope = "insufficient_scope",
        InvalidNotificationId = "invalid_notification_id", InvalidNotificationRequest = "invalid_notification_request";

    public static IResult Error(HttpContext http, int status, string error, string description, Action<JsonObject>? extra = null)
    {
        NoStore(http);
        var body = new JsonObject { ["error"] = error, ["error_description"] = description };
        extra?.Invoke(body);
        return Results.Text(body.ToJsonString(), "application/json", statusCode: status);
    }

    /// <summary>A refused access token: 401/403 with the challenge in the scheme the client used (Bearer or DPoP).</summary>
    public static IResult TokenError(HttpContext http, string error, string description, int status)
    {
        var scheme = http.Request.Headers.Authorization.ToString().StartsWith("DPoP ", StringComparison.OrdinalIgnoreCase) ? "DPoP" : "Bearer";
        // Quotes and backslashes cannot appear inside an RFC 6750 quoted string; the description is ours, but be safe.
        var safe = description.Replace("\\", "", StringComparison.Ordinal).Replace("\"", "'", StringComparison.Ordinal);
        http.Response.Headers.WWWAuthenticate = $"{scheme} error=\"{error}\", error_description=\"{safe}\"";
        return Error(http, status, error, description);
    }

    public static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
    }
}
