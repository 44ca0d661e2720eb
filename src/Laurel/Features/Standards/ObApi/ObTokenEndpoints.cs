namespace Laurel.Features.Standards.ObApi;

/// <summary>
/// The token endpoint (OB3-7.9, OB3-7.10) and revocation (RFC 7009), both with HTTP Basic client authentication
/// (client_secret_basic, the only method OB 3.0 allows). Answers are never cached.
/// </summary>
public static class ObTokenEndpoints
{
    private const int MaxFormBytes = 8 * 1024;

    public static async Task<IResult> TokenAsync(HttpContext context, ObTokens tokens, CancellationToken ct)
    {
        ObResponses.NoStore(context);
        if (await FormAsync(context, ct) is not { } form) return ObResponses.OAuthError(context, "invalid_request", "the body must be an application/x-www-form-urlencoded form of at most 8 KB");
        var client = await tokens.AuthenticateAsync(context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, ct);
        if (client is null) return ObResponses.OAuthError(context, "invalid_client", "HTTP Basic authentication with the registered client_id and client_secret is required", 401);
        string? Field(string name) => form.TryGetValue(name, out var v) && v.Count == 1 && v[0] is { Length: > 0 and <= 2048 } s ? s : null;
        var grantType = Field("grant_type");
        (ObTokenResponse? Tokens, string? Error, string? Description) result;
        if (grantType == "authorization_code")
        {
            var missing = new[] { "code", "redirect_uri", "code_verifier" }.Where(n => Field(n) is null).ToList();
            if (missing.Count > 0) return ObResponses.OAuthError(context, "invalid_request", "missing or repeated: " + string.Join(", ", missing));
            result = await tokens.RedeemCodeAsync(client, Field("code")!, Field("redirect_uri")!, Field("code_verifier")!, Field("scope"), ct);
        }
        else if (grantType == "refresh_token")
        {
            if (Field("refresh_token") is not { } refresh) return ObResponses.OAuthError(context, "invalid_request", "missing or repeated: refresh_token");
            result = await tokens.RefreshAsync(client, refresh, Field("scope"), ct);
        }
        else return ObResponses.OAuthError(context, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
        return result.Tokens is { } issued ? Results.Json(issued) : ObResponses.OAuthError(context, result.Error!, result.Description!);
    }

    public static async Task<IResult> RevokeAsync(HttpContext context, ObTokens tokens, CancellationToken ct)
    {
        ObResponses.NoStore(context);
        if (await FormAsync(context, ct) is not { } form) return ObResponses.OAuthError(context, "invalid_request", "the body must be an application/x-www-form-urlencoded form of at most 8 KB");
        var client = await tokens.AuthenticateAsync(context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, ct);
        if (client is null) return ObResponses.OAuthError(context, "invalid_client", "HTTP Basic authentication with the registered client_id and client_secret is required", 401);
        if (!form.TryGetValue("token", out var token) || token.Count != 1 || string.IsNullOrEmpty(token[0]))
            return ObResponses.OAuthError(context, "invalid_request", "token is required");
        // Both hints are understood and neither is needed: the token itself says what it is. Unknown tokens answer 200 too.
        await tokens.RevokeAsync(client, token[0]!, ct);
        return Results.Ok();
    }

    private static async Task<IFormCollection?> FormAsync(HttpContext context, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType || context.Request.ContentLength is null or > MaxFormBytes) return null;
        try
        {
            return await context.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueCountLimit = 20, KeyLengthLimit = 100, ValueLengthLimit = 4096 }, ct);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
