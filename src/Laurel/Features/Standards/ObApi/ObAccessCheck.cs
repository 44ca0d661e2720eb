namespace Laurel.Features.Standards.ObApi;

/// <summary>Bearer-token checks of the resource endpoints: 401 with WWW-Authenticate (RFC 6750) or 403 for a missing scope.</summary>
public static class ObAccessCheck
{
    public static async Task<(ObAccess? Access, IResult? Problem)> RequireAsync(HttpContext context, ObTokens tokens, string scope, CancellationToken ct)
    {
        ObResponses.NoStore(context);
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"Laurel\", scope=\"{scope}\"";
            return (null, ObResponses.Imsx(401, "unauthorizedrequest", "A bearer access token is required (Authorization: Bearer …).", ["Authorization"]));
        }
        var access = await tokens.ValidateAsync(header[7..].Trim(), ct);
        if (access is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"Laurel\", error=\"invalid_token\", error_description=\"The access token is unknown, expired or revoked.\"";
            return (null, ObResponses.Imsx(401, "unauthorizedrequest", "The access token is unknown, expired or revoked.", ["Authorization"]));
        }
        if (!access.Scopes.Contains(scope, StringComparer.Ordinal))
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"Laurel\", error=\"insufficient_scope\", scope=\"{scope}\"";
            return (null, ObResponses.Imsx(403, "forbidden", $"The access token lacks the scope {scope}.", ["scope"]));
        }
        return (access, null);
    }
}
